"""Percentages, changes (升5%) and index points (恒指收報26000點)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from toolkit.document import Fact, FactKind
from toolkit.errors import InputError
from toolkit.numbers import (
    format_number,
    render_percentage,
)

if TYPE_CHECKING:
    pass

from toolkit.facts.common import _MODS, _Candidate, _float, _number, _patterns, _sentence_bounds


def _direction(match: re.Match[str]) -> tuple[str | None, str]:
    direction = "up" if match.group("up") else "down" if match.group("down") else None
    mod = _MODS.get(match.group("mod") or "", "")
    return direction, mod


def _percent_facts(text: str, folded: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    for match in _patterns().percent.finditer(folded):
        direction, mod = _direction(match)
        try:
            if match.group("cn"):
                low, high, unit = _number(match.group("cn")), None, "%"
            else:
                low = _number(match.group("n1"))
                high = _number(match.group("n2")) if match.group("n2") else None
                unit = "%" if match.group("p2") == "%" else "percentage points"
        except InputError:
            continue
        if direction:
            start = match.start()
        else:
            start = match.start("n1") if match.group("n1") else match.start("cn") - len("百分之")
        rendered = render_percentage(low, high, unit)
        if direction:
            english = " ".join(part for part in (direction, mod, rendered) if part)
            kind: FactKind = "change"
        else:
            english, kind = rendered, "percentage"
        out.append(_Candidate(2, Fact(
            kind=kind, text=text[start:match.end()], english=english, start=start, end=match.end(),
            value=_float(low), value_high=_float(high), unit=unit)))
    return out


def _points_english(low: Decimal, high: Decimal | None, direction: str | None, mod: str) -> str:
    figure = f"{format_number(low)}" + (f"–{format_number(high)}" if high is not None else "")
    return " ".join(part for part in (direction, mod, f"{figure} points") if part)


def _index_facts(text: str, folded: str) -> list[_Candidate]:
    p = _patterns()
    out: list[_Candidate] = []
    for match in p.points.finditer(folded):
        left, right = _sentence_bounds(folded, match.start(), match.end())
        if not p.index_context.search(folded, left, right):
            continue
        direction, mod = _direction(match)
        start = match.start() if direction else match.start("n1")
        low = _number(match.group("n1"))
        high = _number(match.group("n2")) if match.group("n2") else None
        out.append(_Candidate(3, Fact(
            kind="index_points", text=text[start:match.end()], english=_points_english(low, high, direction, mod),
            start=start, end=match.end(), value=_float(low), value_high=_float(high), unit="points")))
    for match in p.index_level.finditer(folded):
        low = _number(match.group("n1"))
        high = _number(match.group("n2")) if match.group("n2") else None
        if low < 100:
            continue
        start = match.start("n1")
        out.append(_Candidate(3, Fact(
            kind="index_points", text=text[start:match.end()], english=_points_english(low, high, None, ""),
            start=start, end=match.end(), value=_float(low), value_high=_float(high), unit="points")))
    return out
