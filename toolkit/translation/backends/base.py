"""What every CTranslate2 backend shares: loading once, batching, decoding, confidence.

A backend only says how its layout turns a sentence into source tokens (and an optional
target prefix) and tokens back into text; the batched ``translate_batch`` call, the output
length cap and the confidence of each hypothesis are the same for every kind of model.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import ModelError

BATCH_SIZE = 8
# Decoding memory grows with sentences × beam × output length, so a batch is also capped by
# its padded source tokens: long sentences go in smaller batches (bounded memory per worker).
# 512 is 8 sentences of 64 tokens, a page's typical sentence. The batches of a call run side by
# side on ``threads`` workers (see ``load_ctranslate2``). benchmarks/bench_batching.py, 2 cores,
# two workers: batches of 8 were as fast as 16 or faster on all three models measured (0.44 s
# against 0.50 s on the Tatoeba check model), and on a Transformer-base model the whole page
# peaked at 251 MiB against 385-400 MiB with 16 and 448 MiB with one worker and batches of 32.
MAX_BATCH_TOKENS = 512
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
    alignment: Alignment | None = None


@dataclass(slots=True, frozen=True)
class Alignment:
    """Which source characters each output word drew on, from the model's attention.

    ``sources`` are the character spans of the source tokens in the sentence (zero width for a
    language or end token); ``words`` the character spans of the output's words in the text;
    ``weights[w][j]`` the attention of word ``w`` on source token ``j``, summed over the word's
    tokens. It lets the pipeline put a glossary term or figure the model dropped or reshaped
    back where the model translated it, instead of translating the sentence again in pieces.
    """

    sources: tuple[tuple[int, int], ...]
    words: tuple[tuple[int, int], ...]
    weights: Any  # numpy array, one row a word, one column a source token

    def __post_init__(self) -> None:
        import numpy

        weights = numpy.asarray(self.weights, dtype=numpy.float32).reshape(len(self.words), -1)
        object.__setattr__(self, "weights", weights[:, : len(self.sources)])

    def shares(self, start: int, end: int) -> list[float]:
        """For each word, the part of its attention on the source characters ``[start, end)``."""
        inside = [j for j, (a, b) in enumerate(self.sources) if a < end and b > start and j < self.weights.shape[1]]
        totals = self.weights.sum(axis=1)
        part = self.weights[:, inside].sum(axis=1) if inside else totals * 0
        return [float(p / t) if t > 0 else 0.0 for p, t in zip(part, totals, strict=True)]

    def expected_share(self, start: int, end: int) -> float:
        """The share a word spreading its attention evenly would give ``[start, end)``."""
        real = [(a, b) for a, b in self.sources if b > a]
        inside = sum(1 for a, b in real if a < end and b > start)
        return inside / len(real) if real else 0.0

    def centres(self) -> list[float | None]:
        """For each word, the source character its attention is centred on (None: no attention
        on real source tokens)."""
        import numpy

        real = numpy.array([b > a for a, b in self.sources], dtype=bool)
        middles = numpy.array([(a + b) / 2 for a, b in self.sources], dtype=numpy.float32)
        weights = self.weights[:, real] if len(real) else self.weights[:, :0]
        totals = weights.sum(axis=1)
        sums = weights @ middles[real] if len(real) else totals * 0
        return [float(s / t) if t > 0 else None for s, t in zip(sums, totals, strict=True)]

    def reaches(self) -> list[int]:
        """For each word, the end of the furthest source token it gives a real share of its
        attention (at least twice an even share); 0 when it singles out none."""
        import numpy

        real = numpy.array([b > a for a, b in self.sources], dtype=bool)
        if not real.any():
            return [0] * len(self.words)
        ends = numpy.array([b for _, b in self.sources])[real]
        weights = self.weights[:, real]
        strong = weights >= 2 * weights.sum(axis=1, keepdims=True) / int(real.sum())
        strong &= weights > 0
        return [int(v) for v in numpy.where(strong, ends, 0).max(axis=1)]

    def main_source(self, word: int) -> tuple[int, int] | None:
        """The source span word ``word`` attends to most (None for a language or end token)."""
        row = self.weights[word]
        if not len(row):
            return None
        best = int(row.argmax())
        if self.sources[best][0] == self.sources[best][1]:
            return None
        return self.sources[best]


@dataclass(slots=True, frozen=True)
class DecodeSettings:
    """Search settings for one call; guards retry with other values.

    ``alignment`` asks for each output's ``Alignment`` (CTranslate2 ``return_attention``).
    """

    beam_size: int = 2
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    alignment: bool = False


def default_threads() -> int:
    """CTranslate2 workers: every core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def load_ctranslate2(model_dir: Path, threads: int) -> Any:
    """The ``ctranslate2.Translator`` of a model folder, loaded once per process and thread count.

    ``threads`` workers of one thread each, which share the weights (CTranslate2's
    docs/parallel.md), rather than one worker with ``threads`` OpenMP threads: the batches of a
    call then run side by side and no decoding step waits on a thread barrier. On 2 cores
    (benchmarks/bench_batching.py) the example page took 0.13 s against 1.10 s on the test model
    and 6.3 s against 11.9 s on a Transformer-base model. A single sentence runs on one thread;
    on these machines that was the faster way too (0.3 s against 1.0 s, base model).
    """
    key = (str(model_dir), threads)
    with _lock:
        cached = _loaded.get(key)
        if cached is None:
            import ctranslate2

            try:
                cached = ctranslate2.Translator(
                    str(model_dir), device="cpu", compute_type="auto", inter_threads=threads, intra_threads=1
                )
            except Exception as exc:  # a broken install: say which folder, not a C++ traceback
                raise ModelError(f"cannot load the model in {model_dir}: {exc}".splitlines()[0]) from None
            _loaded[key] = cached
        return cached


def load_sentencepiece(path: Path) -> Any:
    import sentencepiece

    try:
        return sentencepiece.SentencePieceProcessor(model_file=str(path))
    except Exception as exc:
        raise ModelError(f"cannot load the SentencePiece model {path}: {exc}".splitlines()[0]) from None


def sentencepiece_offsets(processor: Any, text: str) -> list[tuple[int, int]] | None:
    """The character span of each SentencePiece piece of ``text`` (as ``encode(out_type=str)``).

    SentencePiece gives byte offsets into the original text; pieces of a character split into
    bytes (byte fallback) all get that character's span. None when the processor cannot tell.
    """
    try:
        proto = processor.encode(text, out_type="proto")
        pieces = list(proto.pieces)
    except Exception:
        return None
    char_at: dict[int, int] = {}
    position = 0
    for index, character in enumerate(text):
        char_at[position] = index
        position += len(character.encode("utf-8"))
    char_at[position] = len(text)
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        begin, end = char_at.get(piece.begin), char_at.get(piece.end)
        spans.append((begin, end) if begin is not None and end is not None else (0, 0))
    # A byte-fallback character: its first bytes have no surface; give them the span of its last.
    for index in range(len(spans) - 2, -1, -1):
        if spans[index][0] == spans[index][1] and pieces[index].begin == pieces[index + 1].begin:
            spans[index] = spans[index + 1]
    return spans


def forget_loaded_models() -> None:
    """Drop loaded models (after an install or removal replaced the files)."""
    with _lock:
        _loaded.clear()


def mean_log_prob(score: float, tokens: int, *, prefix: int = 0, truncated: bool = False) -> float:
    """The mean log-probability per generated token, undoing CTranslate2's length penalty.

    CTranslate2 returns sum(log p) / length**LENGTH_PENALTY, where length counts the
    hypothesis tokens (target prefix included) plus the end token when one was produced, and
    the sum covers only the generated tokens (the forced prefix is not scored). Checked against
    ``Translator.score_batch`` in the tests.
    """
    length = tokens + (0 if truncated else 1)
    generated = max(1, length - prefix)
    return score * (length**LENGTH_PENALTY) / generated


def confidence_of(score: float | None, tokens: int, *, prefix: int = 0, truncated: bool = False) -> float | None:
    """exp(mean log-probability): the geometric mean of the token probabilities, in (0, 1]."""
    if score is None or math.isnan(score):
        return None
    return math.exp(min(0.0, mean_log_prob(score, tokens, prefix=prefix, truncated=truncated)))


def batches(order: list[int], lengths: list[int], workers: int = 1) -> list[list[int]]:
    """Split length-sorted indices into batches of at most BATCH_SIZE sentences and
    MAX_BATCH_TOKENS padded tokens; a call of fewer tokens than that many per worker is split
    by tokens into one batch a worker or more (one over-long sentence still gets a batch of its own).

    Tokens, not sentences, because a batch costs its sentences times its longest: split 12 and
    11 by count, the 11 longest sentences kept one worker busy long after the other was done.
    """
    out: list[list[int]] = []
    current: list[int] = []
    total = sum(max(lengths[i], 1) for i in order)
    budget = max(1, min(MAX_BATCH_TOKENS, math.ceil(total / max(1, workers))))
    for index in order:
        longest = max(lengths[index], 1)
        if current and (len(current) >= BATCH_SIZE or (len(current) + 1) * longest > budget):
            out.append(current)
            current = []
        current.append(index)
    if current:
        out.append(current)
    return out


def fingerprint(files: list[Path]) -> str:
    """Size and mtime of the files a model is made of: a reinstalled model gets fresh cache entries."""
    digest = hashlib.sha256()
    found = False
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        found = True
        digest.update(f"{path.name}:{stat.st_size}:{int(stat.st_mtime)};".encode())
    return digest.hexdigest()[:16] if found else "?"


def read_vocabulary(path: Path) -> list[str]:
    """A CTranslate2 vocabulary file: a JSON list (CTranslate2 ≥ 3) or one token a line (older)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        tokens = json.loads(text)
        if not isinstance(tokens, list):
            raise ValueError(f"{path.name} is not a list of tokens")
        return [str(t) for t in tokens]
    return text.splitlines()


class CTranslate2Backend:
    """A ``Translator`` over a CTranslate2 model; subclasses give the tokenization of a layout.

    Attributes the pipeline reads: ``name`` (shown in briefs), ``model_id`` (cache key: kind,
    name and fingerprint of the files), ``beam_size``.
    """

    kind = "ctranslate2"
    name: str
    model_id: str
    beam_size: int

    def __init__(self, model_dir: Path, *, beam_size: int = 2, threads: int = 0) -> None:
        self.model_dir = Path(model_dir)
        self.beam_size = beam_size
        self.threads = threads or default_threads()
        self._translator = load_ctranslate2(self.model_dir, self.threads)
        self._source_vocabulary: frozenset[str] | None = None

    # What a layout provides.
    def encode(self, sentence: str) -> list[str]:
        raise NotImplementedError

    def target_prefix(self) -> list[str]:
        return []

    def detokenize(self, tokens: list[str]) -> str:
        raise NotImplementedError

    def source_pieces(self, text: str) -> list[str]:
        """The SentencePiece pieces of ``text`` alone (no language or end tokens)."""
        raise NotImplementedError

    def source_offsets(self, sentence: str) -> list[tuple[int, int]] | None:
        """The character span of each token of ``encode(sentence)``; None when unknown (no alignment)."""
        return None

    def source_vocabulary_files(self) -> list[Path]:
        folder = self.model_dir
        for names in (["shared_vocabulary.json"], ["source_vocabulary.json"], ["shared_vocabulary.txt"],
                      ["source_vocabulary.txt"]):
            paths = [folder / n for n in names]
            if all(p.is_file() for p in paths):
                return paths
        return []

    # The shared part.
    def keeps_whole(self, symbol: str) -> bool:
        """Whether ``symbol`` goes to the model as one token it knows (placeholders must)."""
        pieces = [p for p in self.source_pieces(symbol) if p != "▁"]
        if len(pieces) != 1:
            return False
        if self._source_vocabulary is None:
            tokens: set[str] = set()
            for path in self.source_vocabulary_files():
                try:
                    tokens.update(read_vocabulary(path))
                except (OSError, ValueError):
                    continue
            self._source_vocabulary = frozenset(tokens)
        return not self._source_vocabulary or pieces[0] in self._source_vocabulary

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        """Translate sentences as they are (no protection, no guards), in length-sorted batches."""
        return self.translate_with(sentences, DecodeSettings(beam_size=self.beam_size))

    def translate_with(self, sentences: list[str], settings: DecodeSettings) -> list[str]:
        return [decoded.text for decoded in self.decode(sentences, settings)]

    def decode(self, sentences: list[str], settings: DecodeSettings) -> list[Decoded]:
        """Translate sentences with their confidence, in length-sorted, token-capped batches.

        Every batch is handed to the workers at once, the longest first, each with its own
        length cap (a loop in a short sentence stops at its batch's cap, not the page's).
        """
        if not sentences:
            return []
        encoded = [self.encode(s) for s in sentences]
        prefix = self.target_prefix()
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        results: list[Decoded] = [Decoded("")] * len(sentences)
        chunks = batches(order, [len(t) for t in encoded], self.threads)[::-1]
        try:
            pending = []
            for chunk in chunks:
                tokens = [encoded[i] or ["▁"] for i in chunk]
                limit = int(LENGTH_RATIO * max(len(t) for t in tokens) + LENGTH_EXTRA) + len(prefix)
                futures = self._translator.translate_batch(
                    tokens,
                    target_prefix=[list(prefix) for _ in tokens] if prefix else None,
                    beam_size=settings.beam_size,
                    num_hypotheses=1,
                    length_penalty=LENGTH_PENALTY,
                    repetition_penalty=settings.repetition_penalty,
                    no_repeat_ngram_size=settings.no_repeat_ngram_size,
                    replace_unknowns=True,
                    max_decoding_length=limit,
                    return_scores=True,
                    return_attention=settings.alignment,
                    asynchronous=True,
                )
                pending.append((chunk, limit, futures))
            # Batches are read back in turn while the workers go on with the rest.
            for chunk, limit, futures in pending:
                self._read_back(chunk, limit, [f.result() for f in futures], sentences, prefix, settings, results)
        except RuntimeError as exc:
            raise ModelError(f"the translation model failed: {exc}".splitlines()[0]) from None
        return results

    def _read_back(self, chunk: list[int], limit: int, output: list[Any], sentences: list[str], prefix: list[str],
                   settings: DecodeSettings, results: list[Decoded]) -> None:
        """Text, confidence and alignment of one batch's outputs, into ``results``."""
        for index, result in zip(chunk, output, strict=True):
            hypothesis = list(result.hypotheses[0])
            score = result.scores[0] if result.scores else None
            confidence = confidence_of(
                score, len(hypothesis), prefix=len(prefix), truncated=len(hypothesis) >= limit
            )
            if prefix and hypothesis[: len(prefix)] == prefix:
                hypothesis = hypothesis[len(prefix):]
            text = self.detokenize(hypothesis).strip()
            alignment = None
            if settings.alignment and getattr(result, "attention", None):
                try:
                    alignment = self._alignment(sentences[index], hypothesis, text, result.attention[0])
                except Exception:  # an engine or tokenizer unlike ours: no alignment, never a failed page
                    alignment = None
            results[index] = Decoded(text, confidence, alignment)

    def _alignment(self, sentence: str, hypothesis: list[str], text: str, attention: Any) -> Alignment | None:
        """Word-level attention of one output (None when the offsets cannot be worked out)."""
        sources = self.source_offsets(sentence)
        if sources is None or not hypothesis:
            return None
        import numpy

        if len(attention) < len(hypothesis):
            return None
        rows = numpy.asarray(attention[len(attention) - len(hypothesis):], dtype=numpy.float32)[:, : len(sources)]
        starts = [i for i, token in enumerate(hypothesis) if i == 0 or token.startswith("▁")]
        summed = numpy.add.reduceat(rows, starts, axis=0)  # one row a word: its tokens' attention added
        words: list[tuple[int, int]] = []
        kept: list[int] = []
        cursor = 0
        for number, (first, last) in enumerate(zip(starts, [*starts[1:], len(hypothesis)], strict=True)):
            pieces = hypothesis[first:last]
            fast = not any(p.startswith("<") for p in pieces)
            word = ("".join(pieces).replace("▁", " ") if fast else self.detokenize(pieces)).strip()
            if not word:
                continue
            found = text.find(word, cursor)
            if found < 0:
                continue  # a word the detokenizer reshaped: left out of the alignment
            cursor = found + len(word)
            words.append((found, cursor))
            kept.append(number)
        return Alignment(tuple(sources), tuple(words), summed[kept]) if words else None
