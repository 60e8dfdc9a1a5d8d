"""A CTranslate2 model folder with its SentencePiece model(s), as the converters write it.

Three layouts, told apart by their files:

- ``sentencepiece``: one shared ``sentencepiece.model`` (OpenNMT-style; pieces in, pieces out).
- ``marian``: ``source.spm`` and ``target.spm`` beside the ``ct2-transformers-converter`` output
  of an OPUS-MT model; the source ends with ``</s>`` as Hugging Face's MarianTokenizer ends it.
- ``nllb`` / ``m2m100``: ``sentencepiece.bpe.model`` and language tokens in the vocabulary; the
  source is ``[zho_Hans] pieces </s>`` and the target starts with the forced prefix ``eng_Latn``
  (M2M-100: ``__zh__`` and ``__en__``), as in CTranslate2's NLLB and M2M-100 guides.

Every layout needs ``model.bin``, ``config.json`` and the vocabulary file(s). ``inspect_dir``
names the first thing missing, so a bad folder gets a one-line error before it is installed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import ModelError
from toolkit.translation.backends.base import (
    CTranslate2Backend,
    fingerprint,
    load_sentencepiece,
    read_vocabulary,
    sentencepiece_offsets,
)

END = "</s>"
# (source token, target prefix) pairs, best first: the pipeline sends Simplified Chinese.
LANGUAGE_TOKENS = {
    "nllb": [("zho_Hans", "eng_Latn"), ("zho_Hant", "eng_Latn")],
    "m2m100": [("__zh__", "__en__")],
}
KINDS = ("sentencepiece", "marian", "nllb", "m2m100")
VOCABULARIES = (
    ("shared_vocabulary.json",),
    ("source_vocabulary.json", "target_vocabulary.json"),
    ("shared_vocabulary.txt",),
    ("source_vocabulary.txt", "target_vocabulary.txt"),
)


@dataclass(slots=True, frozen=True)
class DirLayout:
    """What ``inspect_dir`` found: the layout and the files it is made of."""

    kind: str
    folder: Path
    source_spm: Path
    target_spm: Path
    vocabularies: tuple[Path, ...]
    source_language: str | None = None
    target_language: str | None = None
    add_source_eos: bool = False

    @property
    def files(self) -> list[Path]:
        names = [self.folder / "model.bin", self.folder / "config.json", self.source_spm, self.target_spm]
        return list(dict.fromkeys(names + list(self.vocabularies)))


def looks_like_model_dir(folder: Path) -> bool:
    """Whether a folder is meant as a CTranslate2 model (so listing skips unrelated folders)."""
    return (folder / "model.bin").is_file()


def inspect_dir(folder: Path) -> DirLayout:
    """The layout of a CTranslate2 model folder, or ``ModelError`` naming what is missing."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelError(f"{folder} is not a folder")
    if (folder / "metadata.json").is_file() and (folder / "model" / "model.bin").is_file():
        raise ModelError(f"{folder} is an unpacked Argos package; zip it as .argosmodel and use --file")
    where = f"{folder} is not a usable CTranslate2 model"
    for name in ("model.bin", "config.json"):
        if not (folder / name).is_file():
            raise ModelError(f"{where}: {name} is missing")
    vocabularies = next(
        (tuple(folder / n for n in names) for names in VOCABULARIES if all((folder / n).is_file() for n in names)), None
    )
    if vocabularies is None:
        present = [n for names in VOCABULARIES for n in names if (folder / n).is_file()]
        if present and present[0].startswith("source"):
            raise ModelError(f"{where}: {present[0].replace('source', 'target')} is missing")
        if present and present[0].startswith("target"):
            raise ModelError(f"{where}: {present[0].replace('target', 'source')} is missing")
        raise ModelError(f"{where}: shared_vocabulary.json (or source_ and target_vocabulary.json) is missing")
    config = _config(folder / "config.json")
    add_eos = bool(config.get("add_source_eos", False))
    source, target = folder / "source.spm", folder / "target.spm"
    if source.is_file() or target.is_file():
        for path in (source, target):
            if not path.is_file():
                raise ModelError(f"{where}: {path.name} is missing (copy it from the Hugging Face model)")
        return DirLayout("marian", folder, source, target, vocabularies, add_source_eos=add_eos)
    bpe = folder / "sentencepiece.bpe.model"
    if bpe.is_file():
        tokens = _vocabulary_set(vocabularies)
        for kind, pairs in LANGUAGE_TOKENS.items():
            for source_language, target_language in pairs:
                if source_language in tokens and target_language in tokens:
                    return DirLayout(kind, folder, bpe, bpe, vocabularies, source_language, target_language, add_eos)
        raise ModelError(
            f"{where}: its vocabulary has no Chinese and English language tokens (zho_Hans or zho_Hant "
            "and eng_Latn for NLLB, __zh__ and __en__ for M2M-100)"
        )
    shared = folder / "sentencepiece.model"
    if shared.is_file():
        return DirLayout("sentencepiece", folder, shared, shared, vocabularies, add_source_eos=add_eos)
    raise ModelError(
        f"{where}: its SentencePiece model is missing (sentencepiece.model; source.spm and target.spm "
        "for OPUS-MT; sentencepiece.bpe.model for NLLB)"
    )


def _config(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ModelError(f"{path} is not readable JSON") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path} is not readable JSON")
    return data


def _vocabulary_set(paths: tuple[Path, ...]) -> set[str]:
    tokens: set[str] = set()
    for path in paths:
        try:
            tokens.update(read_vocabulary(path))
        except (OSError, ValueError, UnicodeDecodeError):
            raise ModelError(f"{path} is not a readable vocabulary") from None
    return tokens


class CTranslate2DirTranslator(CTranslate2Backend):
    """A ``Translator`` over a CTranslate2 model folder in one of the ``KINDS`` layouts."""

    def __init__(self, folder: Path, *, name: str, beam_size: int = 2, threads: int = 0,
                 layout: DirLayout | None = None) -> None:
        self.layout = layout or inspect_dir(folder)
        self.kind = self.layout.kind
        super().__init__(self.layout.folder, beam_size=beam_size, threads=threads)
        self.model_name = name
        self.name = f"{self.kind} {name} (ctranslate2, beam {beam_size})"
        self.model_id = f"{self.kind}:{name}:{fingerprint(self.layout.files)}"
        self._source: Any = load_sentencepiece(self.layout.source_spm)
        self._target: Any = (
            self._source if self.layout.target_spm == self.layout.source_spm else load_sentencepiece(self.layout.target_spm)
        )
        # Marian and NLLB were trained with an end token on every source; the converter may add it.
        self._end = [] if self.kind == "sentencepiece" or self.layout.add_source_eos else [END]
        self._start = [self.layout.source_language] if self.layout.source_language else []
        self._prefix = [self.layout.target_language] if self.layout.target_language else []

    def source_vocabulary_files(self) -> list[Path]:
        return list(self.layout.vocabularies[:1])

    def source_pieces(self, text: str) -> list[str]:
        return list(self._source.encode(text, out_type=str))

    def encode(self, sentence: str) -> list[str]:
        return self._start + self.source_pieces(sentence) + self._end

    def source_offsets(self, sentence: str) -> list[tuple[int, int]] | None:
        pieces = sentencepiece_offsets(self._source, sentence)
        if pieces is None:
            return None
        return [(0, 0)] * len(self._start) + pieces + [(0, 0)] * len(self._end)

    def target_prefix(self) -> list[str]:
        return self._prefix

    def detokenize(self, tokens: list[str]) -> str:
        language_tokens = {t for pairs in LANGUAGE_TOKENS.values() for pair in pairs for t in pair}
        return str(self._target.decode([t for t in tokens if t not in language_tokens and t != END]))
