"""Checks for the ways a neural translation goes wrong, so none passes on silently.

Argos/CTranslate2 models can loop ("the the the…"), return nothing, or leave Chinese in the
English. ``problems`` names what is wrong with one output; the caller retries with other
search settings and then repairs what is left with ``trim_repetition`` / ``mark_chinese``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

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


def trim_repetition(english: str, keep: list[str] | tuple[str, ...] = ()) -> str:
    """Keep one copy of every n-gram repeated three or more times in a row, and one letter
    of a letter repeated four or more times.

    The renderings in ``keep`` (facts put back after the model) are never cut into: each
    occurrence stands as one word of its own while the loop is trimmed, so ``operating,
    operating operating profit`` keeps its ``operating profit``.
    """
    masked: list[str] = []

    def mask(match: re.Match[str]) -> str:
        masked.append(match.group(0))
        return f"\x00{len(masked) - 1}\x00"

    renderings = sorted({r for r in keep if r.strip()}, key=len, reverse=True)
    if renderings:
        english = re.sub("|".join(re.escape(r) for r in renderings), mask, english)
    words = _WORD.findall(_LETTER_RUN.sub(r"\1", english))
    while True:
        run = _repeat_run([_normal(w) for w in words])
        if run is None:
            break
        start, n, repeats = run
        words = words[: start + n] + words[start + n * repeats :]
    return re.sub("\x00(\\d+)\x00", lambda m: masked[int(m.group(1))], " ".join(words))


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
    return [re.sub(r"[,，]", "", m.group(0)).replace("．", ".") for m in _NUMBER.finditer(unicodedata.normalize("NFKC", text))]


# A run of Chinese or Arabic numerals, and what follows it (成 tenths, 倍 times, 分之 a fraction).
_SOURCE_NUMBER = re.compile(r"([0-9.,，．零〇一二两兩三四五六七八九十百千万萬亿億点點]+)(成|倍|分之[零〇一二两兩三四五六七八九十0-9]+)?")
# Words a model turns into digits: 上半年 → "H1", 首季 → "Q1", 半 → "50%" or ":30" (九時半).
_IMPLIED = {"上半年": (1,), "下半年": (2,), "首季": (1,), "半年": (6,), "半": (50, 30),
            "双": (2,), "雙": (2,), "首": (1,)}
_SCALES = (1, 10**3, 10**6, 10**9, 10**12)


def source_values(source: str) -> list[Decimal]:
    """Every value the English of ``source`` may print as digits.

    A number is allowed as written and in thousands, millions, billions (``2万人`` → ``20,000``
    or ``20 thousand``); ``三成`` also as 30, ``1.6倍`` also as 160 and 2.6, ``三分之一`` as 33.3.
    A real model writes Chinese numerals as digits (``十年`` → ``10 years``): those are not invented.
    """
    from toolkit.numbers import parse_chinese_number

    values: set[Decimal] = set()
    text = unicodedata.normalize("NFKC", source)
    for match in _SOURCE_NUMBER.finditer(text):
        run = match.group(1).strip(".,，．点點")
        if not run:
            continue
        try:
            value = parse_chinese_number(run.replace("，", ","))
        except Exception:  # a run that is no number (a lone 十 in a name): its digits alone
            values.update(Decimal(d) for d in re.findall(r"\d+(?:\.\d+)?", run))
            continue
        extra = match.group(2) or ""
        found = [value]
        if extra == "成":
            found.append(value * 10)
        elif extra == "倍":
            found += [value * 100, value + 1]
        elif extra.startswith("分之"):
            try:
                below = parse_chinese_number(extra[2:])
                found += [below, below / value * 100 if value else below] if below else []
            except Exception:
                pass
        for number in found:
            values.update(number / scale for scale in _SCALES if scale == 1 or number >= scale)
    for word, implied in _IMPLIED.items():
        if word in text:
            values.update(Decimal(v) for v in implied)
    return sorted(values)


def invented_numbers(english: str, source: str, renderings: list[str]) -> list[str]:
    """Numbers in the English that are in neither the source nor a fact's rendering.

    A model that writes a figure of its own is the worst failure in a financial brief. A number
    the source writes in Chinese numerals (``十年`` → ``10``) or in another scale is not invented,
    nor one rounded from a source value (``33`` from 三分之一).
    """
    allowed = set(source_values(source))
    for rendering in renderings:
        allowed.update(Decimal(n) for n in _numbers(rendering))
    return [n for n in _numbers(english) if not _rounds_from(Decimal(n), allowed)]


def _rounds_from(number: Decimal, allowed: set[Decimal]) -> bool:
    if number in allowed:
        return True
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    step = Decimal(1).scaleb(-max(0, places))
    return any(abs(value - number) <= step / 2 for value in allowed)


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
