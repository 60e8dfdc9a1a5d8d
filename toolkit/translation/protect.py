"""Keep figures, codes and glossary terms exact through the model.

Before translation each fact found in a sentence is replaced by a numbered placeholder
(``⟦1⟧``, ``⟦2⟧``…) that the model's SentencePiece vocabulary keeps whole and that a model
is expected to copy; afterwards the placeholders are replaced by the facts' English
renderings. A model may drop, repeat or mangle a placeholder, so ``restore`` reports whether
every placeholder came back exactly once and the caller recovers when not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.document import Fact

MAX_PLACEHOLDERS = 40
PLACEHOLDER_OPEN = "⟦"
PLACEHOLDER_CLOSE = "⟧"
_PLACEHOLDER = re.compile(r"⟦\s*(\d+)\s*⟧")
# Anything that looks like a damaged placeholder: a lone bracket, or bracket and digits.
_DEBRIS = re.compile(r"[⟦⟧]")


def placeholder(number: int) -> str:
    """The placeholder for the ``number``-th protected span of a sentence (1-based)."""
    return f"{PLACEHOLDER_OPEN}{number}{PLACEHOLDER_CLOSE}"


def placeholder_symbols() -> list[str]:
    """Every placeholder a sentence can hold, for a SentencePiece model's user-defined symbols."""
    return [placeholder(n) for n in range(1, MAX_PLACEHOLDERS + 1)]


@dataclass(slots=True)
class Protected:
    """A sentence with its facts replaced by placeholders.

    ``pieces`` is the sentence cut at the facts (``len(pieces) == len(renderings) + 1``), so
    the sentence can also be translated piece by piece when the model mishandles placeholders.
    """

    original: str
    text: str
    renderings: list[str] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.renderings)


@dataclass(slots=True, frozen=True)
class Span:
    """A part of a sentence to keep exact, and its English rendering."""

    start: int
    end: int
    english: str


def spans_from_facts(facts: list[Fact]) -> list[Span]:
    """Spans of the facts that have an English rendering, longest first where they overlap."""
    chosen: list[Span] = []
    for fact in sorted(facts, key=lambda f: (f.start, -(f.end - f.start))):
        if not fact.english or fact.end <= fact.start:
            continue
        if chosen and fact.start < chosen[-1].end:
            continue
        chosen.append(Span(fact.start, fact.end, fact.english))
    return chosen


def protect(sentence: str, spans: list[Span]) -> Protected:
    """Replace ``spans`` of ``sentence`` (non-overlapping, in order) with placeholders."""
    spans = spans[:MAX_PLACEHOLDERS]
    parts: list[str] = []
    pieces: list[str] = []
    renderings: list[str] = []
    position = 0
    for number, span in enumerate(spans, start=1):
        before = sentence[position : span.start]
        pieces.append(before)
        parts.append(before)
        parts.append(f" {placeholder(number)} ")
        renderings.append(span.english)
        position = span.end
    pieces.append(sentence[position:])
    parts.append(sentence[position:])
    text = re.sub(r" {2,}", " ", "".join(parts)).strip()
    return Protected(original=sentence, text=text, renderings=renderings, pieces=pieces)


def restore(translation: str, protected: Protected) -> str | None:
    """Put the English renderings back; ``None`` when a placeholder is missing, repeated or mangled."""
    if protected.count == 0:
        return None if _DEBRIS.search(translation) else translation
    found = [int(m.group(1)) for m in _PLACEHOLDER.finditer(translation)]
    if sorted(found) != list(range(1, protected.count + 1)):
        return None
    restored = _PLACEHOLDER.sub(lambda m: f" {protected.renderings[int(m.group(1)) - 1]} ", translation)
    if _DEBRIS.search(_PLACEHOLDER.sub("", translation)):
        return None
    return tidy_spacing(restored)


def join_pieces(translated_pieces: list[str], protected: Protected) -> str:
    """Rebuild a sentence from separately translated pieces and the renderings between them."""
    out: list[str] = []
    for index, piece in enumerate(translated_pieces):
        if piece.strip():
            out.append(piece.strip())
        if index < protected.count:
            out.append(protected.renderings[index])
    return tidy_spacing(" ".join(out))


def tidy_spacing(text: str) -> str:
    """Collapse runs of spaces and drop spaces before closing punctuation."""
    text = re.sub(r"\s{2,}", " ", text).strip()
    return re.sub(r"\s+([,.;:!?%)\]])", r"\1", text)


def strip_placeholders(text: str) -> str:
    """Remove placeholders (and stray brackets) a model wrote where there were none."""
    return _DEBRIS.sub(" ", _PLACEHOLDER.sub(" ", text))
