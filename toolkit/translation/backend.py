"""The translation backends' public names, kept where other code imports them from.

The code is in ``toolkit.translation.backends``: ``base`` (batching, decoding, confidence),
``argos`` (installed ``.argosmodel`` packages) and ``ctranslate2_dir`` (CTranslate2 model
folders: shared SentencePiece, Marian/OPUS-MT, NLLB, M2M-100). Tuning constants live in
``backends.base``; change them there.
"""

from __future__ import annotations

from toolkit.translation.backends.argos import ArgosTranslator
from toolkit.translation.backends.base import (
    BATCH_SIZE,
    LENGTH_EXTRA,
    LENGTH_PENALTY,
    LENGTH_RATIO,
    MAX_BATCH_TOKENS,
    Alignment,
    CTranslate2Backend,
    Decoded,
    DecodeSettings,
    confidence_of,
    default_threads,
    forget_loaded_models,
)
from toolkit.translation.backends.ctranslate2_dir import CTranslate2DirTranslator

__all__ = [
    "Alignment",
    "BATCH_SIZE",
    "LENGTH_EXTRA",
    "LENGTH_PENALTY",
    "LENGTH_RATIO",
    "MAX_BATCH_TOKENS",
    "ArgosTranslator",
    "CTranslate2Backend",
    "CTranslate2DirTranslator",
    "DecodeSettings",
    "Decoded",
    "confidence_of",
    "default_threads",
    "forget_loaded_models",
]
