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
    from toolkit.translation.backends.base import Alignment

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
    # Where each rendering stands in ``text`` (English in the source only): for alignment repair.
    offsets: list[tuple[int, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.renderings)


@dataclass(slots=True, frozen=True)
class Span:
    """A part of a sentence to keep exact, and its English rendering."""

    start: int
    end: int
    english: str
    term: bool = False  # a glossary term (not a figure or code)


def spans_from_facts(facts: list[Fact], sentence: str | None = None) -> list[Span]:
    """Spans of the facts that have an English rendering, longest first where they overlap.

    With ``sentence``, a fact whose offsets do not point at its text there is re-anchored at
    its start, or left out: a wrong offset must not cut the sentence in the wrong place.
    """
    chosen: list[Span] = []
    for fact in sorted(facts, key=lambda f: (f.start, -(f.end - f.start))):
        start, end = fact.start, fact.end
        if sentence is not None and (end > len(sentence) or sentence[start:end] != fact.text):
            if not fact.text or sentence[start : start + len(fact.text)] != fact.text:
                continue
            end = start + len(fact.text)
        if not fact.english or end <= start:
            continue
        if chosen and start < chosen[-1].end:
            continue
        chosen.append(Span(start, end, fact.english, fact.kind == "term"))
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


# --- English in the source: the default, which needs nothing from the model ---------------
#
# Every fact's rule-rendered English is written into the Chinese sentence
# (``恒指收报24,951 points``): a general model carries Latin letters and digits through as it
# learned from web text. The output is then checked fact by fact, by value, and what the model
# changed is put back (``verify_facts``); only a fact that cannot be found is a failure.

_LATIN_EDGE = re.compile(r"[0-9A-Za-z$%)(.]")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_TOKEN = re.compile(r"\S+")
# Words a model may add, drop or reshape around a figure without changing its value.
# ("per" belongs only before "cent", and "Hong Kong" only before "dollars": see _absorbed_after.)
_FIGURE_WORDS = {
    "up", "down", "points", "point", "pts", "cent", "percent", "%", "billion", "million", "trillion",
    "thousand", "bn", "mn", "tn", "m", "k", "hk$", "us$", "rmb", "yuan", "renminbi", "dollar", "dollars",
    "hk", "us", "s$", "€", "hkd", "usd", "cny",
}


def english_in_source(sentence: str, spans: list[Span], *, terms: bool = True) -> Protected:
    """``sentence`` with each span replaced by its English rendering, for the model to carry through.

    A space separates a rendering from Latin letters or digits next to it, so words never merge.
    ``terms=False`` leaves glossary terms in Chinese for the model to translate (they are still
    checked, and put back by attention when the model words them its own way).
    """
    parts: list[str] = []
    pieces: list[str] = []
    renderings: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = length = 0
    for span in spans[:MAX_PLACEHOLDERS]:
        before = sentence[position : span.start]
        pieces.append(before)
        parts.append(before)
        length += len(before)
        if length and _LATIN_EDGE.match("".join(parts)[-1]) and not (span.term and not terms):
            parts.append(" ")
            length += 1
        written = sentence[span.start : span.end] if span.term and not terms else span.english
        parts.append(written)
        offsets.append((length, length + len(written)))
        length += len(written)
        after = sentence[span.end : span.end + 1]
        if after and _LATIN_EDGE.match(after) and _LATIN_EDGE.match(written[-1:] or " "):
            parts.append(" ")
            length += 1
        renderings.append(span.english)
        position = span.end
    pieces.append(sentence[position:])
    parts.append(sentence[position:])
    joined = "".join(parts)
    lead = len(joined) - len(joined.lstrip())
    offsets = [(a - lead, b - lead) for a, b in offsets]
    return Protected(original=sentence, text=joined.strip(), renderings=renderings, pieces=pieces, offsets=offsets)


def _numbers(text: str) -> list[float]:
    return [float(m.group(0).replace(",", "")) for m in _NUMBER.finditer(text)]


@dataclass(slots=True)
class Verified:
    """An output checked fact by fact: the (repaired) English and what could not be found."""

    english: str
    missing: list[str] = field(default_factory=list)
    repaired: int = 0


def verify_facts(
    english: str,
    renderings: list[str],
    *,
    repair: bool = True,
    alignment: Alignment | None = None,
    sources: list[tuple[int, int]] | None = None,
) -> Verified:
    """Find every rendering in ``english``; put back, by value, the ones the model reshaped.

    A rendering is found as written (a capital first letter allowed). Otherwise, when it holds
    numbers, the stretch of the output with the same numbers in the same order (and the
    currency, unit and direction words around them) is replaced by the rendering. With the
    model's ``alignment`` and each rendering's span in the source (``sources``), what is still
    missing is put where the model translated it: over the words that drew on that span, or
    beside the word that drew on it most when the model dropped it. What is still not found is
    returned in ``missing``; the caller retries or translates in pieces.
    """
    taken: list[tuple[int, int]] = []
    missing: list[str] = []
    repaired = 0
    words: list[tuple[int, int] | None] = list(alignment.words) if alignment is not None else []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def find_exact(text: str, rendering: str) -> int:
        # Whole words only: "24,951 points" is not found in "124,951 points", nor "deflation" in "deflationary".
        # Plain string search, not a regex per rendering: compiling those was most of brief's own time.
        head, tail = rendering[:1].isalnum(), rendering[-1:].isalnum()
        lowered = text.lower()
        searches = [(text, rendering)]
        if len(lowered) == len(text):
            searches.append((lowered, rendering.lower()))
        for haystack, needle in searches:
            at = haystack.find(needle)
            while at >= 0:
                end = at + len(needle)
                if (not (head and at and _ascii_alnum(haystack[at - 1]))
                        and not (tail and end < len(haystack) and _ascii_alnum(haystack[end])) and free(at, end)):
                    return at
                at = haystack.find(needle, at + 1)
        return -1

    pending: list[str] = []
    for rendering in sorted(renderings, key=len, reverse=True):
        at = find_exact(english, rendering)
        if at < 0:
            pending.append(rendering)
            continue
        found = english[at : at + len(rendering)]
        if found != rendering and not (at == 0 and found == rendering[0].upper() + rendering[1:]):
            fixed = rendering[0].upper() + rendering[1:] if at == 0 else rendering
            english = english[:at] + fixed + english[at + len(rendering) :]
            repaired += 1
        taken.append((at, at + len(rendering)))
    def put(rendering: str, start: int, end: int) -> None:
        nonlocal english, taken, repaired, words
        start, end = _absorb_edges(english, start, end, rendering, free)
        fixed = rendering[0].upper() + rendering[1:] if start == 0 and english[:1].isupper() else rendering
        if start == end:  # an insertion: keep it a word of its own
            fixed = (" " if start and not english[start - 1].isspace() else "") + fixed + " "
        else:  # a replacement never glues the rendering to a word beside it
            if start and english[start - 1].isalnum():
                fixed = " " + fixed
            if end < len(english) and english[end].isalnum():
                fixed += " "
        delta = len(fixed) - (end - start)
        english = english[:start] + fixed + english[end:]
        taken = [(a + delta, b + delta) if a >= end else (a, b) for a, b in taken]
        taken.append((start, start + len(fixed)))
        # Words after the edit move with it; words it replaced or cut are gone.
        words = [None if w is None or (w[0] < end and w[1] > start) or (start == end and w[0] < start < w[1])
                 else (w[0] + delta, w[1] + delta) if w[0] >= end else w for w in words]
        repaired += 1

    for rendering in pending:
        window = _value_window(english, rendering, free) if repair else None
        if window is None:
            missing.append(rendering)
        else:
            put(rendering, *window)
    if repair and missing:
        # The model garbled figures (``924,91`` for ``24,951``): when the figures left in the
        # output are as many as the renderings missing, they stand for them, in source order.
        numeric = [r for r in renderings if r in missing and _numbers(r)]
        stretches = _number_stretches(english, free)
        if numeric and len(stretches) == len(numeric):
            for rendering, (start, end) in reversed(list(zip(numeric, stretches, strict=True))):
                lead = rendering.split()[0] + " "
                if english[:start].lower().endswith(lead.lower()) and not re.search(r"\d", lead):
                    start -= len(lead)
                put(rendering, start, end)
                missing.remove(rendering)
    if repair and missing and alignment is not None and sources is not None:
        where = _occurrences(renderings, sources)
        for place in (_aligned_window, _in_source_order):
            for rendering in list(missing):
                for source in where.get(rendering, []):
                    window = place(english, words, alignment, source, rendering, free)
                    # A window may span a fact put in between its words: never over it.
                    if window is not None and (free(*window) if window[1] > window[0] else
                                               all(not a < window[0] < b for a, b in taken)):
                        put(rendering, *window)
                        missing.remove(rendering)
                        where[rendering].remove(source)
                        break
    return Verified(tidy_spacing(english), missing, repaired)


# How a missing rendering is placed by the model's attention (measured in
# benchmarks/bench_translate.py): a word giving at least ALIGN_REPLACE of its attention to the
# fact's source stands for the fact and is replaced; failing that, the fact goes beside the word
# that gives it at least ALIGN_INSERT; failing that (the model dropped it, so nothing attends to
# it), beside the word that translates its neighbour in the source (NEIGHBOUR characters).
ALIGN_REPLACE = 0.5
ALIGN_INSERT = 0.2
NEIGHBOUR = 2
_OPENING = "\"'“‘([（"
_CLOSING = re.compile(r"[,.;:!?\"'”’)\]）]+$")


def _absorb_edges(english: str, start: int, end: int, rendering: str, free) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Widen an edit over words beside it that repeat the rendering's own first or last words,
    so a repair does not double them: ``Tencent Holdings (0070.HK)`` becomes ``Tencent Holdings
    (00700.HK)``, not ``Tencent Holdings Tencent Holdings (00700.HK)``; ``up up 95 points`` and
    ``RMB RMB 0.2029`` lose their spare word, ``(01772.HK))`` its spare bracket."""
    parts = rendering.split()
    before = english[:start].rstrip()
    for k in range(len(parts) - 1, 0, -1):
        head = " ".join(parts[:k])
        at = len(before) - len(head)
        if (at >= 0 and before[at:].lower() == head.lower() and (at == 0 or not english[at - 1].isalnum())
                and free(at, start)):
            start = at
            break
    after = english[end:]
    lead = len(after) - len(after.lstrip())
    for k in range(len(parts) - 1, 0, -1):
        tail = " ".join(parts[-k:])
        stop = end + lead + len(tail)
        if (english[end + lead : stop].lower() == tail.lower() and (stop == len(english) or not english[stop].isalnum())
                and free(end, stop)):
            end = stop
            break
    else:
        if rendering.endswith(")") and english[end : end + 1] == ")" and english[start:end].count("(") > english[start:end].count(")"):
            end += 1
    return start, end


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _occurrences(renderings: list[str], sources: list[tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    where: dict[str, list[tuple[int, int]]] = {}
    for rendering, source in zip(renderings, sources, strict=False):
        where.setdefault(rendering, []).append(source)
    return where


def _aligned_window(english: str, words: list[tuple[int, int] | None], alignment: Alignment,
                    source: tuple[int, int], rendering: str, free) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """Where a missing rendering goes by the model's attention: the span to replace, or an insertion point."""
    live = [i for i, w in enumerate(words) if w is not None and free(*w)]
    if not live:
        return None
    shares = alignment.shares(*source)
    best = max(live, key=lambda i: shares[i])
    if shares[best] >= ALIGN_REPLACE:
        first = last = best
        near = set(live)
        while first - 1 in near and shares[first - 1] >= ALIGN_REPLACE:
            first -= 1
        while last + 1 in near and shares[last + 1] >= ALIGN_REPLACE:
            last += 1
        if _numbers(rendering):  # a reshaped figure: take its unit and currency words too
            rendering_words = {w.lower().strip(",.;:").strip("()") for w in rendering.split()}

            def figure(i: int) -> bool:
                text = english[words[i][0] : words[i][1]]  # type: ignore[index]
                return bool(re.search(r"\d", text)) or _figure_word(text, rendering_words)

            while first - 1 in near and figure(first - 1) and not _ends_clause(_word(english, words, first - 1)):
                first -= 1
            while last + 1 in near and figure(last + 1) and not _ends_clause(_word(english, words, last)):
                last += 1
        start, end = words[first][0], words[last][1]  # type: ignore[index]
        text = english[start:end]
        start += len(text) - len(text.lstrip(_OPENING))
        closing = _CLOSING.search(english[start:end])
        if closing:
            end -= len(closing.group(0))
        return (start, end) if end > start else None
    # Attention spread evenly says nothing: an insertion needs a word that singles the span out.
    floor = max(ALIGN_INSERT, 2 * alignment.expected_share(*source))
    if shares[best] >= floor:
        main = alignment.main_source(best)
        # The word translates something after the fact in the source: the fact goes before it.
        return _beside(english, words, best, before=main is not None and main[0] >= source[1])
    # Dropped: beside the word that translates the fact's neighbour in the source.
    options: list[tuple[float, int, bool]] = []
    for window, before in (((max(0, source[0] - NEIGHBOUR), source[0]), False),
                           ((source[1], source[1] + NEIGHBOUR), True)):
        if window[1] <= window[0] or alignment.expected_share(*window) == 0:
            continue
        neighbour = alignment.shares(*window)
        word = max(live, key=lambda i: neighbour[i])
        lift = neighbour[word] / alignment.expected_share(*window)
        if neighbour[word] >= ALIGN_INSERT and lift >= 2:
            options.append((neighbour[word], word, before))
    if not options:
        return None
    _share, word, before = max(options)
    return _beside(english, words, word, before=before)


# An output whose words drew on nothing within CUT_SHORT source characters of a fact stopped
# before it (a model that cut the sentence short): that sentence is translated in pieces.
CUT_SHORT = 6


def _in_source_order(english: str, words: list[tuple[int, int] | None], alignment: Alignment,
                     source: tuple[int, int], rendering: str, free) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """Where a missing rendering goes when no word singles its span out: between the words
    that translate what comes before it in the source and those that translate what comes after.

    Each word stands where its attention is centred in the source; the fact goes at the cut
    that leaves fewest words out of order. None when the output never reached that part of
    the source (cut short), so the caller translates the sentence in pieces.
    """
    live = [i for i, w in enumerate(words) if w is not None and free(*w)]
    centres, reaches = alignment.centres(), alignment.reaches()
    # Only words whose attention picks something out of the source say where they stand.
    placed = [(i, centre) for i in live if i < len(centres) and reaches[i] and (centre := centres[i]) is not None]
    if not placed:
        return None
    reach = max(reaches[i] for i, _ in placed)
    if source[0] - reach > CUT_SHORT:
        return None
    middle = (source[0] + source[1]) / 2
    later = [centre > middle for _, centre in placed]
    # Out of order at cut k: words before it centred after the fact, words after it centred before.
    best, best_cost = 0, None
    before_late, after_early = 0, sum(1 for late in later if not late)
    for k in range(len(placed) + 1):
        cost = before_late + after_early
        if best_cost is None or cost < best_cost:
            best, best_cost = k, cost
        if k < len(placed):
            before_late += later[k]
            after_early -= not later[k]
    if best < len(placed):
        return _beside(english, words, placed[best][0], before=True)
    return _beside(english, words, placed[-1][0], before=False)


def _word(english: str, words: list[tuple[int, int] | None], index: int) -> str:
    span = words[index]
    return english[span[0] : span[1]] if span is not None else ""


def _beside(english: str, words: list[tuple[int, int] | None], index: int, *, before: bool) -> tuple[int, int]:
    """An insertion point just before or just after word ``index`` (outside its punctuation)."""
    span = words[index]
    assert span is not None
    text = english[span[0] : span[1]]
    if before:
        at = span[0] + len(text) - len(text.lstrip(_OPENING))
    else:
        closing = _CLOSING.search(text)
        at = span[1] - (len(closing.group(0)) if closing else 0)
    return at, at


def _number_stretches(english: str, free) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Runs of tokens holding digits (with currency and unit words around them) outside ``free``."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(english)]
    out: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        start, end, token = tokens[index]
        if not re.search(r"\d", token) or not free(start, end):
            index += 1
            continue
        first = last = index
        while (first > 0 and _figure_word(tokens[first - 1][2], set()) and not _ends_clause(tokens[first - 1][2])
               and free(tokens[first - 1][0], tokens[first - 1][1])):
            first -= 1
        while last + 1 < len(tokens) and not _ends_clause(tokens[last][2]):
            taken = 1 if re.search(r"\d", tokens[last + 1][2]) else _absorbed_after(tokens, last + 1, set())
            if not taken or not free(tokens[last + 1][0], tokens[last + taken][1]):
                break
            last += taken
        begin, finish = tokens[first][0], tokens[last][1]
        trail = re.search(r"[,.;:!?]+$", english[begin:finish])
        if trail:
            finish -= len(trail.group(0))
        out.append((begin, finish))
        index = last + 1
    return out


def _value_window(english: str, rendering: str, free) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """Where in ``english`` the model wrote ``rendering``'s numbers, with the words around them."""
    wanted = _numbers(rendering)
    if not wanted:
        return None
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(english)]
    values = [_numbers(t) for _, _, t in tokens]
    rendering_words = {w.lower().strip(",.;:").strip("()") for w in rendering.split()}
    for first in range(len(tokens)):
        # The numbers of the rendering, in order, in consecutive tokens from ``first``.
        found: list[float] = []
        last = first
        while last < len(tokens) and len(found) < len(wanted):
            if not values[last] and last > first and not _figure_word(tokens[last][2], rendering_words):
                break
            found.extend(values[last])
            last += 1
        if found[: len(wanted)] != wanted or len(found) != len(wanted) or not values[first]:
            continue
        start, end = first, last - 1
        while (start > 0 and not values[start - 1] and _figure_word(tokens[start - 1][2], rendering_words)
               and not _ends_clause(tokens[start - 1][2])):
            start -= 1
        while end + 1 < len(tokens) and not values[end + 1] and not _ends_clause(tokens[end][2]):
            taken = _absorbed_after(tokens, end + 1, rendering_words)
            if not taken:
                break
            end += taken
        begin, finish = tokens[start][0], tokens[end][1]
        text = english[begin:finish]
        # Keep punctuation that ends the clause, and brackets the rendering does not hold.
        trail = re.search(r"[,.;:!?]+$", text)
        if trail and not rendering.endswith(trail.group(0)):
            finish -= len(trail.group(0))
        if free(begin, finish):
            return begin, finish
    return None


def _ends_clause(token: str) -> bool:
    return token[-1:] in ",.;:!?"


def _absorbed_after(tokens: list[tuple[int, int, str]], index: int, rendering_words: set[str]) -> int:
    """How many tokens from ``index`` on, after a figure, still belong to it (0: none).

    ``per cent`` and ``Hong Kong dollars`` are taken as wholes; ``per`` alone only when the
    rendering has it (``0.41 HK dollars per share`` keeps its ``per share``).
    """
    def word(at: int) -> str:
        return tokens[at][2].lower().strip(",.;:").strip("()") if at < len(tokens) else ""

    first = word(index)
    if first == "per":
        if word(index + 1) == "cent":
            return 2
        return 1 if "per" in rendering_words else 0
    if (first, word(index + 1)) == ("hong", "kong") and word(index + 2) in ("dollar", "dollars"):
        return 3
    return 1 if _figure_word(tokens[index][2], rendering_words, after=True) else 0


def _figure_word(token: str, rendering_words: set[str], *, after: bool = False) -> bool:
    """A word that belongs to a figure: in its rendering, or a currency, unit or direction."""
    word = token.lower().strip(",.;:").strip("()")
    if word in ("up", "down"):
        return not after and word in rendering_words
    return word in rendering_words or word in _FIGURE_WORDS
