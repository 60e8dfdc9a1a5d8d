"""What an article's own layout says about each of its sentences.

Graph centrality (sumy) alone picks the sentences most like the others, which in financial
prose are often background. An editor has already said what matters: the **headline** (and
the subheads) name the news, the **lead** states it, the figures make it news, and outlook
sentences ("預期", "認為") give the consequence. These are Edmundson's title, location and cue
methods (1969) beside sumy's centrality, each a number per sentence in 0..1, combined by
weights tuned leave-one-page-out on ``tests/corpus/summaries`` (``benchmarks/eval_summaries.py``).

Everything here works on Simplified text (the summariser converts first), needs no model and
no word segmenter: headline overlap is counted on character bigrams and numbers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources

FEATURES = ("title", "title_figures", "subhead", "lead", "opening", "position", "closing",
            "centrality", "figures", "outlook", "news", "short")

_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SHORT_SENTENCE = 14


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each piece of evidence counts (see ``FEATURES``).

    Tuned by coordinate ascent on the 13 development pages of ``tests/corpus/summaries`` plus
    the example page (its long columns weigh as much as the corpus), ``eval_summaries.py``.
    ``title`` is held at 1.0 while the others are tuned: on our corpus it scores the same as the
    tuner's 0.25 (0.795/0.836 against 0.800/0.831 leave one page out), and on unseen articles
    the headline was the strongest single signal (issue 15: 0.6 pick recall alone).
    The headline counts through ``title`` and ``title_figures``, the lead through ``position``
    (which, unlike a bonus for the first sentence alone, also holds in long columns).
    """

    title: float = 1.0
    title_figures: float = 0.5
    subhead: float = 0.5
    lead: float = 0.0
    opening: float = 0.25
    position: float = 1.5
    closing: float = 1.0
    centrality: float = 0.25
    figures: float = 0.5
    outlook: float = 0.5
    news: float = 0.5
    short: float = -1.0

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


DEFAULT_WEIGHTS = Weights()


@lru_cache(maxsize=1)
def cue_words() -> dict[str, tuple[str, ...]]:
    """Edmundson's cue words for financial news (``data/summary_cues.json``), Simplified."""
    text = resources.files("toolkit").joinpath("data/summary_cues.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {key: tuple(value) for key, value in data.items() if not key.startswith("_")}


def bigrams(text: str) -> set[str]:
    """Character bigrams of the word-like characters (Chinese has no spaces to split on)."""
    chars = [c for c in text if _WORDLIKE.match(c)]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def numbers(text: str) -> set[str]:
    """The numbers printed in ``text`` ("8.1", "198.6"), commas dropped."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def overlap(sentence: str, reference: str) -> float:
    """Share of the reference's bigrams found in the sentence: how much of a headline it says."""
    ref = bigrams(reference)
    if not ref:
        return 0.0
    return len(ref & bigrams(sentence)) / len(ref)


def _has_cue(sentence: str, words: Sequence[str]) -> float:
    return 1.0 if any(word in sentence for word in words) else 0.0


def sentence_features(
    paragraphs: Sequence[Sequence[str]],
    *,
    heading: str = "",
    subheads: Sequence[str] = (),
    centrality: Sequence[float] | None = None,
    figures: Sequence[float] | None = None,
) -> list[dict[str, float]]:
    """Evidence per sentence (paragraphs flattened in order), each value in 0..1.

    ``centrality`` is the sumy rating rescaled to 0..1; ``figures`` the key-figure signal.
    """
    flat = [s for p in paragraphs for s in p]
    total = len(flat)
    openings = set()
    index = 0
    for paragraph in paragraphs:
        if paragraph:
            openings.add(index)
        index += len(paragraph)
    cues = cue_words()
    title_numbers = numbers(heading) if heading else set()
    out = []
    for i, sentence in enumerate(flat):
        found = numbers(sentence)
        out.append({
            "title": overlap(sentence, heading) if heading else 0.0,
            "title_figures": (len(title_numbers & found) / len(title_numbers)) if title_numbers else 0.0,
            "subhead": max((overlap(sentence, s) for s in subheads), default=0.0),
            "lead": 1.0 if i == 0 else 0.0,
            "opening": 1.0 if i in openings else 0.0,
            "position": 1.0 - i / total if total > 1 else 1.0,
            "closing": 1.0 if i == total - 1 and total > 2 else 0.0,
            "centrality": centrality[i] if centrality is not None else 0.0,
            "figures": figures[i] if figures is not None else 0.0,
            "outlook": _has_cue(sentence, cues.get("outlook", ())),
            "news": _has_cue(sentence, cues.get("news", ())),
            "short": 1.0 if len(sentence) < SHORT_SENTENCE else 0.0,
        })
    return out


def combine(features: Sequence[Mapping[str, float]], weights: Weights | Mapping[str, float] = DEFAULT_WEIGHTS) -> list[float]:
    """One score per sentence: the weighted sum of its evidence."""
    w = weights.as_dict() if isinstance(weights, Weights) else dict(weights)
    return [sum(w.get(name, 0.0) * value for name, value in f.items()) for f in features]
