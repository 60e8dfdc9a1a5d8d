"""Dates, fiscal periods and the page's own date."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from toolkit.document import Fact
from toolkit.errors import InputError

if TYPE_CHECKING:
    pass

from toolkit.facts.common import _FISCAL, _MONTH_CN, _RELATIVE, MONTHS, _Candidate, _fold, _number, _patterns


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _MONTH_CN[text]


def render_date(year: int | None, month: int, day: int | None = None, relative: str | None = None) -> str:
    """``30 September 2025``, ``February 2024``, ``1 December last year``, ``January this year``."""
    parts = [str(day)] if day else []
    parts.append(MONTHS[month - 1])
    if year:
        parts.append(str(year))
    elif relative:
        parts.append(_RELATIVE[relative])
    return " ".join(parts)


def _date_facts(text: str, folded: str) -> list[_Candidate]:
    p = _patterns()
    out: list[_Candidate] = []
    for match in p.date.finditer(folded):
        g = match.group
        try:
            month = _month(g("m"))
            year = int(_number(g("y"))) if g("y") else None
            day = int(_number(g("d"))) if g("d") else None
        except (InputError, KeyError):
            continue
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        english = render_date(year, month, day, None if year else g("rel"))
        out.append(_Candidate(4, Fact(kind="date", text=text[match.start():match.end()], english=english,
                                      start=match.start(), end=match.end())))
    for match in p.fiscal.finditer(folded):
        term, suffix = match.group("term"), match.group("suffix")
        if term is None and suffix == "年":
            continue
        template = _FISCAL[term] if term else "FY{y}"
        out.append(_Candidate(4, Fact(kind="date", text=text[match.start():match.end()],
                                      english=template.format(y=match.group("y")),
                                      start=match.start(), end=match.end())))
    return out



_HEADER_DATE = (
    r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2}))"
)


def find_page_date(text: str) -> str | None:
    """The page's own publication date as ISO ``YYYY-MM-DD``, or None.

    Only a short header-like line (under 40 characters, no sentence punctuation) near the
    top counts, e.g. ``2026年3月28日 星期六``; a date inside an article's prose does not.
    """
    import datetime

    for line in _fold(text[:3000]).splitlines()[:40]:
        line = line.strip()
        if not line or len(line) > 40 or any(c in line for c in "。，,；！？"):
            continue
        match = re.search(_HEADER_DATE, line)
        if not match:
            continue
        month, day = match.group("m") or match.group("m2"), match.group("d") or match.group("d2")
        try:
            return datetime.date(int(match.group("y")), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None
