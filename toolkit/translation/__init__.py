"""Offline Chinese→English translation with an installed Argos Translate package.

Every figure, code and glossary term is rendered in English by rule (``toolkit.facts``) and
kept exact through the model; see ``toolkit.translation.pipeline`` for how. This package only
re-exports the public calls.

    from toolkit.translation import translate
    translate("港股昨日反覆回升")                   # needs an installed zh→en model
"""

from __future__ import annotations

from toolkit.errors import ModelNotInstalled
from toolkit.translation.pipeline import (
    Translated,
    TranslationReport,
    Translator,
    load_translator,
    no_model_notice,
    translate,
    translate_brief,
    translate_scored,
    translate_texts,
)

__all__ = [
    "ModelNotInstalled",
    "Translated",
    "Translator",
    "TranslationReport",
    "load_translator",
    "no_model_notice",
    "translate",
    "translate_brief",
    "translate_scored",
    "translate_texts",
]
