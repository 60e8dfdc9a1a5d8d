"""One backend per model layout, behind the same ``Translator`` calls.

``argos``: an installed ``.argosmodel`` package. ``ctranslate2_dir``: a CTranslate2 model
folder with its SentencePiece model(s) (shared, Marian/OPUS-MT, NLLB, M2M-100). Both share
``base``: batching, decoding and the confidence of each sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.config import BriefOptions
    from toolkit.translation.backends.base import CTranslate2Backend
    from toolkit.translation.models import ModelInfo


def open_model(model: ModelInfo, *, beam_size: int = 2, threads: int = 0) -> CTranslate2Backend:
    """The translator for an installed model, by its kind."""
    if model.kind == "argos":
        from toolkit.translation.backends.argos import ArgosTranslator

        return ArgosTranslator(model.path, name=model.name, version=model.version, beam_size=beam_size, threads=threads)
    from toolkit.translation.backends.ctranslate2_dir import CTranslate2DirTranslator

    return CTranslate2DirTranslator(model.path, name=model.name, beam_size=beam_size, threads=threads)


def open_installed(options: BriefOptions, *, required: bool = False) -> CTranslate2Backend | None:
    """The translator of the zh→en model ``options`` pick (``options.model``, else the default one).

    ``None`` when none is installed, or ``ModelNotInstalled`` when ``required`` (or when the
    model named in ``options.model`` is not installed).
    """
    from toolkit.translation.models import find_model, require_model

    model: ModelInfo | None
    if required or options.model:
        model = require_model(models_dir=options.models_dir, name=options.model)
    else:
        model = find_model(models_dir=options.models_dir)
    if model is None:
        return None
    return open_model(model, beam_size=options.beam_size, threads=options.threads)
