"""Money: amounts with a currency, ranges, figures listed with one shared unit, and what a bare 元 means."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from toolkit.document import Fact
from toolkit.errors import InputError
from toolkit.numbers import (
    ENGLISH_SCALES,
    render_amount,
    render_amount_range,
)

if TYPE_CHECKING:
    pass

from toolkit.facts.common import (
    _BARE,
    _PER,
    _PER_LINK,
    CURRENCY_WORDS,
    PER_UNITS,
    _Candidate,
    _float,
    _fold,
    _number,
    _patterns,
)

# What a bare 元 means is decided per article: an article that names A-share codes (and no
# Hong Kong ones), or talks the mainland market's language, prices in RMB even in HK press.
_A_SHARE_CODE = re.compile(
    r"[(\[（【]\s*[03468]\d{5}(?:\.(?:SH|SZ|SS|BJ)| CH)?\s*[)\]）】]|(?<![0-9A-Za-z.])\d{6}\.(?:SH|SZ|SS|BJ)(?![A-Za-z])"
)
_HK_CODE = re.compile(
    r"[(\[（【]\s*(?:HK\s*:?\s*)?(?:[0-9Oo]{4,5}|\d{1,5}(?:\.HK| HK))\s*[)\]）】]|(?<![0-9A-Za-z.])\d{1,5}\.HK(?![A-Za-z])"
)
_MAINLAND_CUES = ("沪深两市", "滬深兩市", "两市成交", "兩市成交", "北向资金", "北向資金", "上证指数", "上證指數",
                  "深证成指", "深證成指", "创业板指", "創業板指", "科创板", "科創板", "归属于上市公司股东",
                  "歸屬於上市公司股東", "归母净利润", "歸母淨利潤", "每10股", "A股上市公司")
_MAINLAND_MIN_CUES = 2


def bare_yuan_currency(texts: list[str]) -> str:
    """The currency of a bare 元 in these texts (one article): CNY for the mainland market, else HKD."""
    hk = a_share = False
    cues: set[str] = set()
    for text in texts:
        folded = _fold(text)
        hk = hk or _HK_CODE.search(folded) is not None
        a_share = a_share or _A_SHARE_CODE.search(folded) is not None
        cues.update(cue for cue in _MAINLAND_CUES if cue in text)
    if hk:
        return "HKD"
    return "CNY" if a_share or len(cues) >= _MAINLAND_MIN_CUES else "HKD"


def _currency(word: str | None, bare_yuan: str | None) -> str | None:
    if not word:
        return None
    if word in _BARE:
        return bare_yuan
    return CURRENCY_WORDS.get(word.strip())


def _amount_facts(text: str, folded: str, bare_yuan: str | None) -> list[_Candidate]:
    out: list[_Candidate] = []
    for match in _patterns().amount.finditer(folded):
        g = match.group
        currency_word = g("pre") or g("c1") or g("c2")
        if not currency_word:
            continue
        currency = _currency(g("pre"), bare_yuan) or _currency(g("c1"), bare_yuan) or _currency(g("c2"), bare_yuan)
        if currency is None:
            continue
        try:
            u1 = g("u1") or ("" if g("c1") else g("u2") or "")
            low = _number(g("n1") + u1)
            high = _number(g("n2") + (g("u2") or "")) if g("n2") else None
        except InputError:
            continue
        if g("scale"):
            if not g("pre"):  # "3 bn" without a currency sign before it is not ours to read
                continue
            low *= ENGLISH_SCALES[g("scale")]
        if high is not None and (high <= low or g("more")):
            continue
        per = PER_UNITS.get(g("per_unit") or "") or PER_UNITS.get(g("slash") or "")
        unit = f"per {per}" if per else None
        if per and g("per_n") and g("per_n") != "1":  # 每10股派發現金紅利2.46元: per 10 shares
            unit = f"per {g('per_n')} {per}s"
        english = render_amount(low, currency, unit) if high is None else render_amount_range(low, high, currency, unit)
        if g("more"):
            english = f"over {english}"
        start, end = match.start(), match.end()
        out.append(_Candidate(1, Fact(
            kind="amount", text=text[start:end], english=english, start=start, end=end, value=_float(low),
            value_high=_float(high), currency=currency, unit=unit)))
        if not g("pre") and not g("scale") and not g("per_unit") and not g("more"):
            shared = (g("u2") or "") if high is not None else (g("u1") or "")
            listed = _listed_amounts(text, folded, start, shared, currency, g("slash"))
            if listed and listed[0].fact.unit and unit is None:  # 每股派0.5、0.6及0.7元: all per share
                fact = out[-1].fact
                fact.unit = listed[0].fact.unit
                fact.english = render_amount(low, currency, fact.unit) if high is None \
                    else render_amount_range(low, high, currency, fact.unit)
            out.extend(listed)
    return out


def _listed_amounts(text: str, folded: str, start: int, multiplier: str, currency: str,
                    slash: str | None) -> list[_Candidate]:
    """Figures listed before an amount that share its unit: ``9.4、8.5及2.6億元`` is three amounts
    in 億元, ``9.4億、8.5億及2.6億元`` three with their own 億 and the shared 元. A ``每股`` before
    the first figure applies to all (每股派0.5、0.6及0.7元)."""
    window_start = max(0, start - 120)
    listed = _patterns().listed.search(folded, window_start, start)
    if not listed:
        return []
    items = list(_patterns().list_item.finditer(folded, listed.start(), listed.end()))
    per = re.search(rf"每(?P<per_n>[1-9]\d{{0,2}})?(?P<per_unit>{_PER}){_PER_LINK}$", folded[window_start:items[0].start()])
    unit_word = PER_UNITS.get(per.group("per_unit")) if per else PER_UNITS.get(slash or "")
    unit = f"per {unit_word}" if unit_word else None
    if per and unit_word and per.group("per_n") and per.group("per_n") != "1":
        unit = f"per {per.group('per_n')} {unit_word}s"
    out: list[_Candidate] = []
    for item in items:
        try:
            value = _number(item.group("n") + (item.group("u") or multiplier))
        except InputError:
            return []
        begin = item.start()
        if per is not None and item is items[0]:
            begin = window_start + per.start()
        out.append(_Candidate(1, Fact(
            kind="amount", text=text[begin:item.end("u") if item.group("u") else item.end("n")],
            english=render_amount(value, currency, unit), start=begin,
            end=item.end("u") if item.group("u") else item.end("n"),
            value=_float(value), currency=currency, unit=unit)))
    return out
