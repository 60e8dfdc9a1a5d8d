"""Checks for the ways a neural translation goes wrong, so none passes on silently.

Argos/CTranslate2 models can loop ("the the the…"), return nothing, or leave Chinese in the
English. ``problems`` names what is wrong with one output; the caller retries with other
search settings and then repairs what is left with ``trim_repetition`` / ``mark_chinese``.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"\S+")
MAX_NGRAM = 4
MIN_REPEATS = 3
# A letter four or more times in a row ("shigggggraph") is a decoding loop inside a word:
# no English word has one.
_LETTER_RUN = re.compile(r"([^\W\d_])\1{3,}")


def is_empty(english: str) -> bool:
    return not re.search(r"\w", english)


def has_chinese(english: str) -> bool:
    return bool(_HAN.search(english))


def _repeat_run(words: list[str]) -> tuple[int, int, int] | None:
    """The first n-gram repeated ``MIN_REPEATS``+ times in a row: (start, n, repeats)."""
    for start in range(len(words)):
        for n in range(1, MAX_NGRAM + 1):
            gram = words[start : start + n]
            if len(gram) < n:
                break
            repeats = 1
            while words[start + repeats * n : start + (repeats + 1) * n] == gram:
                repeats += 1
            if repeats >= MIN_REPEATS:
                return start, n, repeats
    return None


def _normal(word: str) -> str:
    return word.lower().strip(",.;:")


def has_repetition(english: str) -> bool:
    if _LETTER_RUN.search(english):
        return True
    return _repeat_run([_normal(w) for w in _WORD.findall(english)]) is not None


def trim_repetition(english: str) -> str:
    """Keep one copy of every n-gram repeated three or more times in a row, and one letter
    of a letter repeated four or more times."""
    words = _WORD.findall(_LETTER_RUN.sub(r"\1", english))
    while True:
        run = _repeat_run([_normal(w) for w in words])
        if run is None:
            return " ".join(words)
        start, n, repeats = run
        words = words[: start + n] + words[start + n * repeats :]


def too_long(english: str, source: str) -> bool:
    """Far longer than a translation of ``source`` can be (a runaway generation)."""
    return len(english) > 12 * len(source) + 40


def problems(english: str, source: str) -> list[str]:
    """What is wrong with ``english`` as a translation of ``source`` (empty list: nothing)."""
    found = []
    if is_empty(english) and not is_empty(source):
        found.append("empty")
    if has_repetition(english) or too_long(english, source):
        found.append("repetition")
    if has_chinese(english):
        found.append("chinese")
    return found


def mark_chinese(english: str) -> str:
    """Mark Chinese the model left untranslated, so a reader sees it was not translated."""
    return _HAN.sub(lambda m: f"[zh: {m.group(0)}]", english)


_NUMBER = re.compile(r"\d+(?:[,，]\d{3})*(?:[.．]\d+)?")


def _numbers(text: str) -> list[str]:
    import unicodedata

    return [re.sub(r"[,，]", "", m.group(0)).replace("．", ".") for m in _NUMBER.finditer(unicodedata.normalize("NFKC", text))]


def invented_numbers(english: str, source: str, renderings: list[str]) -> list[str]:
    """Numbers in the English that are in neither the source nor a fact's rendering.

    A model that writes a figure of its own is the worst failure in a financial brief.
    """
    allowed = set(_numbers(source))
    for rendering in renderings:
        allowed.update(_numbers(rendering))
    return [n for n in _numbers(english) if n not in allowed]


def mark_invented_numbers(english: str, source: str, renderings: list[str]) -> str:
    """Replace numbers the model invented with ``[?]`` (facts' renderings are never touched)."""
    invented = set(invented_numbers(english, source, renderings))
    if not invented:
        return english
    protected = sorted(set(renderings), key=len, reverse=True)
    pattern = "|".join(re.escape(r) for r in protected if r)
    pieces = re.split(f"({pattern})", english) if pattern else [english]
    out = []
    for index, piece in enumerate(pieces):
        if pattern and index % 2 == 1:
            out.append(piece)
            continue
        out.append(
            _NUMBER.sub(lambda m: "[?]" if re.sub(r"[,，]", "", m.group(0)) in invented else m.group(0), piece)
        )
    return "".join(out)


def worth_translating(piece: str) -> bool:
    """Whether a piece of a sentence holds any words (not only punctuation or spaces)."""
    return bool(re.search(r"\w", piece))


def is_marked(english: str) -> bool:
    """Whether a finished translation carries a mark left by a repair."""
    return "[?]" in english or "[zh: " in english or english.startswith("[not translated: ")
