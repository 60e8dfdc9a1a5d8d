"""An installed Argos Translate package: ``model/`` (CTranslate2) and one ``sentencepiece.model``.

Tokenized as argostranslate does: SentencePiece pieces, no end token, and the package's
``target_prefix`` from ``metadata.json`` when it has one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from toolkit.translation.backends.base import (
    CTranslate2Backend,
    fingerprint,
    load_sentencepiece,
    sentencepiece_offsets,
)


class ArgosTranslator(CTranslate2Backend):
    """A ``Translator`` over an installed Argos package's CTranslate2 model."""

    kind = "argos"

    def __init__(self, package_dir: Path, *, name: str, version: str, beam_size: int = 2, threads: int = 0) -> None:
        self.package_dir = Path(package_dir)
        self.version = version
        self.package_name = name
        super().__init__(self.package_dir / "model", beam_size=beam_size, threads=threads)
        self.name = f"argos {name} {version} (ctranslate2, beam {beam_size})"
        self.model_id = f"{name}@{version}:{fingerprint([self.package_dir / 'model' / 'model.bin'])}"
        self._tokenizer: Any = load_sentencepiece(self.package_dir / "sentencepiece.model")
        self._prefix = _target_prefix(self.package_dir / "metadata.json")

    def source_pieces(self, text: str) -> list[str]:
        return list(self._tokenizer.encode(text, out_type=str))

    def encode(self, sentence: str) -> list[str]:
        return self.source_pieces(sentence)

    def source_offsets(self, sentence: str) -> list[tuple[int, int]] | None:
        return sentencepiece_offsets(self._tokenizer, sentence)

    def target_prefix(self) -> list[str]:
        return self._prefix

    def detokenize(self, tokens: list[str]) -> str:
        return str(self._tokenizer.decode(tokens))

    def keeps_whole(self, symbol: str) -> bool:
        """Whether the SentencePiece model encodes ``symbol`` as one known piece."""
        pieces = [p for p in self.source_pieces(symbol) if p != "▁"]
        return len(pieces) == 1 and self._tokenizer.piece_to_id(pieces[0]) != self._tokenizer.unk_id()


def _target_prefix(metadata: Path) -> list[str]:
    try:
        prefix = json.loads(metadata.read_text(encoding="utf-8")).get("target_prefix") or ""
    except (OSError, ValueError, AttributeError):
        return []
    return [str(prefix)] if prefix else []
