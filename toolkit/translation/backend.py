"""The Argos package's CTranslate2 model, driven directly for speed.

argostranslate translates paragraph by paragraph with its own sentence splitter (which
downloads a model on first use) at beam 4. brief already has the sentences, so it encodes
them with the package's SentencePiece model, sorts them by length and translates them in
batches with ``ctranslate2.Translator.translate_batch``, capping each batch's output length
against its input (an untrained or confused model otherwise decodes until 1024 tokens).
Each model is loaded once per process.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import ModelError

BATCH_SIZE = 32
# Decoding memory grows with sentences × beam × output length, so a batch is also capped by
# its padded source tokens: long sentences go in smaller batches (bounded memory per worker).
MAX_BATCH_TOKENS = 600
LENGTH_RATIO = 1.5
LENGTH_EXTRA = 10
LENGTH_PENALTY = 0.2  # argostranslate's value, so outputs match its own at the same beam

_loaded: dict[tuple[str, int], Any] = {}
_lock = threading.Lock()


@dataclass(slots=True, frozen=True)
class Decoded:
    """One sentence's translation with the model's confidence in it.

    ``confidence`` is exp(length-normalised log-probability) of the chosen hypothesis, in (0, 1]:
    the geometric mean of the token probabilities (CTranslate2 ``return_scores=True``).
    ``None`` when the backend gives no score.
    """

    text: str
    confidence: float | None = None


@dataclass(slots=True, frozen=True)
class DecodeSettings:
    """Search settings for one call; guards retry with other values."""

    beam_size: int = 2
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0


def default_threads() -> int:
    """CTranslate2 intra-op threads: every core, at most 4 (more does not help small batches)."""
    return max(1, min(4, os.cpu_count() or 1))


def _load(model_dir: Path, threads: int) -> tuple[Any, Any]:
    key = (str(model_dir), threads)
    with _lock:
        cached = _loaded.get(key)
        if cached is None:
            import ctranslate2
            import sentencepiece

            try:
                translator = ctranslate2.Translator(
                    str(model_dir / "model"),
                    device="cpu",
                    compute_type="auto",
                    inter_threads=1,
                    intra_threads=threads,
                )
                tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / "sentencepiece.model"))
            except Exception as exc:  # a broken install: say which folder, not a C++ traceback
                raise ModelError(f"cannot load the model in {model_dir}: {exc}".splitlines()[0]) from None
            cached = (translator, tokenizer)
            _loaded[key] = cached
        return cached


def forget_loaded_models() -> None:
    """Drop loaded models (after an install or removal replaced the files)."""
    with _lock:
        _loaded.clear()


class ArgosTranslator:
    """A ``Translator`` over an installed Argos package's CTranslate2 model."""

    def __init__(self, package_dir: Path, *, name: str, version: str, beam_size: int = 2, threads: int = 0) -> None:
        self.package_dir = Path(package_dir)
        self.version = version
        self.package_name = name
        self.beam_size = beam_size
        self.threads = threads or default_threads()
        self.name = f"argos {name} {version} (ctranslate2, beam {beam_size})"
        self.model_id = f"{name}@{version}:{_fingerprint(self.package_dir)}"
        self._translator, self._tokenizer = _load(self.package_dir, self.threads)

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        """Translate sentences as they are (no protection, no guards), in length-sorted batches."""
        return self.translate_with(sentences, DecodeSettings(beam_size=self.beam_size))

    def keeps_whole(self, symbol: str) -> bool:
        """Whether the SentencePiece model encodes ``symbol`` as one known piece."""
        pieces = [p for p in self._tokenizer.encode(symbol, out_type=str) if p != "▁"]
        return len(pieces) == 1 and self._tokenizer.piece_to_id(pieces[0]) != self._tokenizer.unk_id()

    def translate_with(self, sentences: list[str], settings: DecodeSettings) -> list[str]:
        return [decoded.text for decoded in self.decode(sentences, settings)]

    def decode(self, sentences: list[str], settings: DecodeSettings) -> list[Decoded]:
        """Translate sentences with their confidence, in length-sorted, token-capped batches."""
        if not sentences:
            return []
        encoded = [self._tokenizer.encode(s, out_type=str) for s in sentences]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        results: list[Decoded] = [Decoded("")] * len(sentences)
        for chunk in _batches(order, [len(t) for t in encoded]):
            tokens = [encoded[i] or ["▁"] for i in chunk]
            longest = max(len(t) for t in tokens)
            try:
                output = self._translator.translate_batch(
                    tokens,
                    beam_size=settings.beam_size,
                    num_hypotheses=1,
                    length_penalty=LENGTH_PENALTY,
                    repetition_penalty=settings.repetition_penalty,
                    no_repeat_ngram_size=settings.no_repeat_ngram_size,
                    replace_unknowns=True,
                    max_decoding_length=int(LENGTH_RATIO * longest + LENGTH_EXTRA),
                    max_batch_size=BATCH_SIZE,
                    return_scores=True,
                )
            except RuntimeError as exc:
                raise ModelError(f"the translation model failed: {exc}".splitlines()[0]) from None
            for index, result in zip(chunk, output, strict=True):
                text = self._tokenizer.decode(result.hypotheses[0]).strip()
                score = result.scores[0] if result.scores else None
                results[index] = Decoded(text, None if score is None else math.exp(min(0.0, score)))
        return results


def _batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Split length-sorted indices into batches of at most BATCH_SIZE sentences and
    MAX_BATCH_TOKENS padded tokens (one over-long sentence still gets a batch of its own)."""
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        longest = max(lengths[index], 1)
        if current and (len(current) >= BATCH_SIZE or (len(current) + 1) * longest > MAX_BATCH_TOKENS):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


def _fingerprint(package_dir: Path) -> str:
    """Size and mtime of the model weights: a reinstalled model gets fresh cache entries."""
    try:
        stat = (package_dir / "model" / "model.bin").stat()
    except OSError:
        return "?"
    return f"{stat.st_size:x}-{int(stat.st_mtime):x}"
