"""Hong Kong coin units: 毫 (ten cents) and 仙 (one cent), as in 派息32仙, 收報3毫, 1元5毫, 5毫子.

A 毫 or 仙 is money only after a number, and not in a word of its own: 毫米/毫升/毫克 are
metric units, 仙股 is a penny stock, 絲毫/毫無 are idioms. A number in Chinese characters
(三毫, 八仙) needs a money word just before it (派, 報, 升, 每股 …) and no 都/也 after it,
since 八仙過海 and 一毫子都冇 are not amounts. 美仙 is a US cent, 港仙 a Hong Kong one; a plain 仙 or 毫 is
Hong Kong money whatever the article's 元 is (mainland text says 角 and 分).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from toolkit.document import Fact
from toolkit.errors import InputError
from toolkit.facts.common import _Candidate, _number
from toolkit.numbers import CURRENCY_PREFIX, render_number

_CN_DIGITS = "一二兩两三四五六七八九十"
_MONEY_BEFORE = re.compile(r"(?:派息|派|息|報|报|收|升|跌|漲|涨|價|价|值|賣|卖|買|买|至|到|每股|蝕|蚀|賺|赚|約|约|僅|仅|只)\s?$")


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(
        r"(?P<per>每股(?:[^\d\s，。；;、]{0,6}?))?"
        r"(?<![0-9A-Za-z.,])(?:(?P<whole>\d+)(?:元|蚊|個|个))?"
        rf"(?P<n>\d+(?:\.\d+)?|[{_CN_DIGITS}]{{1,3}})"
        r"(?P<cur>港|美)?(?P<coin>仙|毫子|毫)"
        r"(?![米升克秒安瓦巴針针髮发無无不釐厘股女人境鶴鹤])"
    )


def _coin_facts(text: str, folded: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    per_share_end = -1  # 每股派末期息28港仙，另派特別息12美仙: the second dividend is per share too
    for match in _pattern().finditer(folded):
        g = match.group
        number = g("n")
        if not number[0].isdigit() and (re.match(r"\s?(?:都|也)", folded[match.end():]) or (
                not g("cur") and not g("per")
                and not _MONEY_BEFORE.search(folded, max(0, match.start("n") - 3), match.start("n")))):
            continue
        if folded[max(0, match.start() - 1):match.start()] in ("絲", "丝", "分"):
            continue
        try:
            value = _number(number) * (Decimal("0.01") if g("coin") == "仙" else Decimal("0.1"))
        except InputError:
            continue
        if g("whole"):
            value += Decimal(g("whole"))
        currency = "USD" if g("cur") == "美" else "HKD"
        carried = per_share_end >= 0 and not re.search(r"[。；;!?！？\n]", folded[per_share_end:match.start()]) \
            and re.search(r"派[^\d，,。]{0,5}$", folded[max(0, match.start() - 8):match.start()]) is not None
        unit = "per share" if g("per") or carried else None
        per_share_end = match.end() if unit else per_share_end
        shown = f"{value:,.2f}" if value == value.quantize(Decimal("0.01")) else render_number(value)
        english = f"{CURRENCY_PREFIX[currency]}{shown}" + (f" {unit}" if unit else "")
        start, end = match.start(), match.end()
        out.append(_Candidate(1, Fact(kind="amount", text=text[start:end], english=english, start=start, end=end,
                                      value=float(value), currency=currency, unit=unit)))
    return out
