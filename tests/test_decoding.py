"""How a CTranslate2 backend feeds the engine: batches split by tokens across workers, sent
together, read back in the caller's order, and engine faults as our own error."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from toolkit.errors import ModelError
from toolkit.translation.backends import base
from toolkit.translation.backends.base import (
    BATCH_SIZE,
    LENGTH_EXTRA,
    LENGTH_RATIO,
    MAX_BATCH_TOKENS,
    CTranslate2Backend,
    DecodeSettings,
    batches,
)


def _padded(batch: list[int], lengths: list[int]) -> int:
    return len(batch) * max(lengths[i] for i in batch)


def test_batches_cover_every_sentence_once_in_length_order_within_the_caps() -> None:
    lengths = [(i * 37) % 90 + 1 for i in range(300)]
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    split = batches(order, lengths, workers=2)
    assert [i for batch in split for i in batch] == order
    for batch in split:
        assert len(batch) <= BATCH_SIZE
        assert len(batch) == 1 or _padded(batch, lengths) <= MAX_BATCH_TOKENS


def test_a_small_call_is_split_so_that_every_worker_has_work() -> None:
    # 23 sentences of a page's first paragraphs (SentencePiece tokens of a real-size model).
    lengths = [4, 5, 6, 8, 9, 11, 13, 15, 17, 18, 19, 20, 20, 21, 21, 25, 31, 34, 38, 46, 54, 58, 79]
    split = batches(list(range(len(lengths))), lengths, workers=2)
    assert len(split) >= 2
    costs = [_padded(b, lengths) for b in split]
    # Split by tokens, not by count: no batch holds more than half of the call's tokens, unless
    # it is one sentence; by count (12 and 11) the long half would be 11 × 79 = 869 tokens.
    half = sum(lengths) / 2
    assert all(cost <= half or len(b) == 1 for cost, b in zip(costs, split, strict=True))
    assert batches(list(range(8)), [10] * 8, workers=2) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert batches([0], [5], workers=2) == [[0]]
    assert batches([0], [5000], workers=1) == [[0]]  # over-long: a batch of its own


@dataclass
class _Result:
    hypotheses: list[list[str]]
    scores: list[float]


class _Future:
    def __init__(self, value: _Result | Exception) -> None:
        self.value = value

    def result(self) -> _Result:
        if isinstance(self.value, Exception):
            raise self.value
        return self.value


class _Engine:
    """Stands in for ``ctranslate2.Translator``: answers each sentence with its tokens reversed,
    asynchronously, and records every call."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail = fail

    def translate_batch(self, tokens: list[list[str]], **options: Any) -> list[_Future]:
        self.calls.append({"tokens": tokens, **options})
        if self.fail:
            return [_Future(RuntimeError("std::bad_alloc\nat frame 3"))]
        return [_Future(_Result([list(reversed(t))], [-0.1 * len(t)])) for t in tokens]


class _Letters(CTranslate2Backend):
    """A backend whose tokens are the sentence's characters."""

    def encode(self, sentence: str) -> list[str]:
        return list(sentence)

    def detokenize(self, tokens: list[str]) -> str:
        return "".join(tokens)


def _backend(monkeypatch: pytest.MonkeyPatch, engine: _Engine, threads: int = 2) -> _Letters:
    monkeypatch.setattr(base, "load_ctranslate2", lambda folder, threads: engine)
    return _Letters(Path("unused"), threads=threads)


def test_decode_sends_every_batch_at_once_longest_first_and_keeps_the_callers_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _Engine()
    backend = _backend(monkeypatch, engine)
    sentences = [("港股" * (i % 17 + 1)) + str(i) for i in range(60)]
    out = backend.decode(sentences, DecodeSettings(beam_size=2))
    assert [d.text for d in out] == [s[::-1] for s in sentences]
    assert len(engine.calls) >= 2 and all(call["asynchronous"] for call in engine.calls)
    longest = [max(len(t) for t in call["tokens"]) for call in engine.calls]
    assert longest == sorted(longest, reverse=True)  # the longest batch starts first
    for call, most in zip(engine.calls, longest, strict=True):
        # Each batch has its own output cap, from its own longest sentence.
        assert call["max_decoding_length"] == int(LENGTH_RATIO * most + LENGTH_EXTRA)


def test_an_engine_fault_in_any_batch_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = _backend(monkeypatch, _Engine(fail=True))
    with pytest.raises(ModelError, match="the translation model failed: std::bad_alloc$"):
        backend.decode(["港股回升。"], DecodeSettings())


def test_the_engine_runs_one_worker_of_one_thread_per_thread_asked(models_dir: Path) -> None:
    from toolkit.translation.models import find_model

    model = find_model(models_dir=models_dir)
    assert model is not None
    engine = base.load_ctranslate2(Path(model.path) / "model", 2)
    assert engine.num_translators == 2
    assert base.load_ctranslate2(Path(model.path) / "model", 2) is engine  # loaded once
