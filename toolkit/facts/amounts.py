"""Money: amounts with a currency, ranges, figures listed with one shared unit, and what a bare 元 means."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from toolkit.document import Fact
from toolkit.errors import InputError
from toolkit.numbers import (
    ENGLISH_SCALES,
    MULTIPLIERS,
    render_amount,
    render_amount_range,
)

if TYPE_CHECKING:
    pass

from toolkit.facts.common import (
    _BARE,
    _NUM,
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

# What a bare 元 means is decided per article, from evidence of where the money is:
# - the script: Simplified text is mainland press, where 元 is the renminbi;
# - mainland codes and words (A-share codes, 人民銀行/央行 operations, 財政部/國債, 公募基金,
#   滬深, A股, 內地 …): a Traditional article about mainland policy or markets prices in RMB;
# - Hong Kong codes and words (港股, 恒指, 港元, 港交所 …), which keep HKD.
_A_SHARE_CODE = re.compile(
    r"[(\[（【]\s*[03468]\d{5}(?:\.(?:SH|SZ|SS|BJ)| CH)?\s*[)\]）】]|(?<![0-9A-Za-z.])\d{6}\.(?:SH|SZ|SS|BJ)(?![A-Za-z])"
)
_HK_CODE = re.compile(
    r"[(\[（【]\s*(?:HK\s*:?\s*)?(?:[0-9Oo]{4,5}|\d{1,5}(?:\.HK| HK))\s*[)\]）】]|(?<![0-9A-Za-z.])\d{1,5}\.HK(?![A-Za-z])"
)
# Written in Traditional; the Simplified form of each is added below. Each cue (synonyms joined
# by |) counts once; each distinct code counts _CODE_WEIGHT, for up to _MAX_CODES codes.
_MAINLAND_CUES = (
    "滬深|兩市成交|滬市|深市", "北向資金", "上證指數|上證綜指|滬指", "深證成指|深成指", "創業板指", "科創板",
    "歸屬於上市公司股東|歸母淨利潤", "每10股", "A股", "人民銀行|人行|中央銀行|央行", "MLF|中期借貸便利", "逆回購",
    "LPR|貸款市場報價利率", "降準|存款準備金率", "財政部", "國債|專項債|地方債", "公募基金|私募基金", "中證監|證監會",
    "國務院", "發改委", "國家統計局", "社融|社會融資規模", "內地", "上交所|深交所|北交所",
)  # not 人民幣: an article that spells out 人民幣 tells the two currencies apart
_HK_CUES = ("港股", "恒指|恆指|恒生指數|恆生指數|國指|科指", "港元|港幣|HK$", "港交所|聯交所", "金管局", "港府|特區政府",
            "財政司", "本港", "牛熊證|窩輪|輪證", "內銀|內房|內險")
_MAINLAND_MIN_CUES = 2
_CODE_WEIGHT = 2  # a printed code says more than a word
_MAX_CODES = 3
# Characters that differ between the scripts (frequent in financial text), to tell them apart.
_TRADITIONAL_ONLY = frozenset("這個們來時為說國經發會對動進產後業樣開關現實見長兩東車問間還應變給務資銀幣億萬場費價報"
                              "則與際區鐘華當總統幾點線電買賣漲淨營齊廣創證滬監測聯貨權稅調機學數據條僅運網層範團讓認"
                              "識記購輕額體廠項計設質")
_SIMPLIFIED_ONLY = frozenset("这个们来时为说国经发会对动进产后业样开关现实见长两东车问间还应变给务资银币亿万场费价报"
                             "则与际区钟华当总统几点线电买卖涨净营齐广创证沪监测联货权税调机学数据条仅运网层范团让认"
                             "识记购轻额体厂项计设质")


@cache
def _cue_forms() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """Each cue with its Simplified form (one OpenCC call, on first use)."""
    from toolkit.conversion import convert

    def forms(cues: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        simplified = convert("\n".join(cues), "hk2s").split("\n")
        return tuple(tuple(dict.fromkeys(c.split("|") + s.split("|"))) for c, s in zip(cues, simplified, strict=True))

    return forms(_MAINLAND_CUES), forms(_HK_CUES)


def is_simplified(text: str) -> bool:
    """True when ``text`` has more Simplified-only than Traditional-only characters."""
    simplified = sum(ch in _SIMPLIFIED_ONLY for ch in text)
    return simplified > sum(ch in _TRADITIONAL_ONLY for ch in text)


def bare_yuan_currency(texts: list[str]) -> str:
    """The currency of a bare 元 in these texts (one article): CNY for mainland money, else HKD.

    Evidence is weighed, not looked up: mainland words and A-share codes against Hong Kong
    words and HK codes, plus the script (Simplified text starts on the mainland side). A
    Traditional article needs two distinct mainland cues (or an A-share code) that outweigh
    the Hong Kong ones; a Simplified article is CNY unless the Hong Kong evidence outweighs
    the mainland evidence (a mainland paper on 港股 and 恒指 still quotes HK prices).
    """
    mainland, hk = _evidence("\n".join(texts))
    if is_simplified("\n".join(texts)):
        return "CNY" if mainland >= hk else "HKD"
    return "CNY" if mainland >= _MAINLAND_MIN_CUES and mainland > hk else "HKD"


def _evidence(text: str) -> tuple[int, int]:
    """(mainland, Hong Kong) evidence in ``text``: distinct cues, plus _CODE_WEIGHT per code."""
    folded = _fold(text)
    mainland_forms, hk_forms = _cue_forms()
    mainland = sum(any(f in folded for f in forms) for forms in mainland_forms)
    hk = sum(any(f in folded for f in forms) for forms in hk_forms)
    mainland += _CODE_WEIGHT * min(_MAX_CODES, len({m.group() for m in _A_SHARE_CODE.finditer(folded)}))
    hk += _CODE_WEIGHT * min(_MAX_CODES, len({m.group() for m in _HK_CODE.finditer(folded)}))
    return mainland, hk


def paragraph_yuan_currency(text: str, article_currency: str) -> str:
    """The article's currency for a bare 元, unless this paragraph's own evidence is one-sided and
    strong: a Hong Kong market wrap's paragraph on 人民銀行 MLF operations is RMB, a mainland
    article's paragraph on 騰訊控股(00700) and 港股 is HKD."""
    mainland, hk = _evidence(text)
    if mainland >= _MAINLAND_MIN_CUES and hk == 0:
        return "CNY"
    if hk >= _MAINLAND_MIN_CUES and mainland == 0:
        return "HKD"
    return article_currency


# A currency declared once for what follows: 30億元（澳門元，下同）, （人民幣，下同）, （單位：澳門元）,
# 单位：亿元 币种：人民币. Every later bare 元 of the article is in that currency.
@cache
def _declaration() -> re.Pattern[str]:
    words = "|".join(sorted((re.escape(k) for k in CURRENCY_WORDS if k not in ("MOP", "MOP$")), key=len, reverse=True))
    label = r"(?:(?:貨幣|货币)?(?:單位|单位)|幣種|币种|幣別|币别)\s?:\s?(?:千|百萬|百万|萬|万|億|亿)?"
    return re.compile(
        rf"\(\s?(?:{label}(?P<a>{words})|(?:以下|下文)?(?:均以|以)?(?P<b>{words})(?:計|计)?\s?[,，、;；]\s?(?:下同|以下同|下文同))\s?\)"
        rf"|(?:^|(?<=[\s。；]))(?:單位|单位)\s?:\s?(?:千|百萬|百万|萬|万|億|亿)?元?\s?(?:幣種|币种)\s?:\s?(?P<c>{words})")


def declared_currencies(text: str) -> list[tuple[int, str]]:
    """Where ``text`` declares the currency of what follows, and which: [(start, "MOP"), …]."""
    out = []
    for match in _declaration().finditer(_fold(text)):
        word = match.group("a") or match.group("b") or match.group("c")
        currency = CURRENCY_WORDS.get(word)
        if currency:
            out.append((match.start(), currency))
    return out


def _bare_at(folded: str, start: int, end: int, bare_yuan: str | None,
             declared: list[tuple[int, str]]) -> str | None:
    """The currency of a bare 元 at ``start:end``: the last declaration before it, or the one right
    after it (30億元（澳門元，下同）declares the amount it follows), else ``bare_yuan``."""
    currency = bare_yuan
    for position, declared_currency in declared:
        if position <= start or (position >= end and not folded[end:position].strip()):
            currency = declared_currency
    return currency


def _currency(word: str | None, bare_yuan: str | None) -> str | None:
    if not word:
        return None
    if word in _BARE:
        return bare_yuan
    return CURRENCY_WORDS.get(word.strip())


def _amount_facts(text: str, folded: str, bare_yuan: str | None,
                  declared: list[tuple[int, str]] | None = None) -> list[_Candidate]:
    out: list[_Candidate] = []
    article_yuan = bare_yuan
    for match in _patterns().amount.finditer(folded):
        g = match.group
        if declared:
            bare_yuan = _bare_at(folded, match.start(), match.end(), article_yuan, declared)
        currency_word = g("pre") or g("c1") or g("c2")
        if not currency_word:
            continue
        currency = _currency(g("pre"), bare_yuan) or _currency(g("c1"), bare_yuan) or _currency(g("c2"), bare_yuan)
        if currency is None or _is_exchange_rate(folded, match):
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
        if high is not None and _is_change(folded, match):
            out.extend(_change_and_level(text, match, low, high, bare_yuan))
            continue
        if high is not None and (high <= low or g("more")):
            continue
        per = PER_UNITS.get(g("per_unit") or "") or PER_UNITS.get(g("slash") or "")
        after = None if per or g("u1") or g("u2") else _PER_AFTER.match(folded, match.end())
        if after:  # 4,416美元一盎司: a commodity price with its unit after it
            per = PER_UNITS[after.group(1)]
        unit = f"per {per}" if per else None
        if per and g("per_n") and g("per_n") != "1":  # 每10股派發現金紅利2.46元: per 10 shares
            unit = f"per {g('per_n')} {per}s"
        english = render_amount(low, currency, unit) if high is None else render_amount_range(low, high, currency, unit)
        if g("more"):
            english = f"over {english}"
        start, end = match.start(), after.end() if after else match.end()
        out.append(_Candidate(1, Fact(
            kind="amount", text=text[start:end], english=english, start=start, end=end, value=_float(low),
            value_high=_float(high), currency=currency, unit=unit)))
        if high is None and not g("pre") and not g("per_unit"):
            out.extend(_from_amount(text, folded, start, g("u1") or "", currency))
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


_PER_AFTER = re.compile(r"\s?(?:一|每)(桶(?!金)|盎司|安士|噸|吨)")

# 美元兌日圓155.2, 1美元兌155日圓, 美元兌人民幣 7.12: a rate between two currencies, not money.
_RATE_BEFORE = re.compile(
    r"(?:兌|兑)\s?(?:" + "|".join(sorted(map(re.escape, CURRENCY_WORDS), key=len, reverse=True)) + r")?\s?"
    r"(?:報|报|收報|收报|升至|跌至|回落至|為|为|於|于|約|约|在)?\s?$")
_RATE_AFTER = re.compile(r"\s?(?:兌|兑)")


def _is_exchange_rate(folded: str, match: re.Match[str]) -> bool:
    return (_RATE_BEFORE.search(folded, max(0, match.start() - 10), match.start()) is not None
            or _RATE_AFTER.match(folded, match.end()) is not None)


# "增加3,200億元至14.9萬億元" is a change and the level it reached, not a range: a change verb
# (optionally with the thing changed: 上調目標價, 按年升) right before the first figure, and 至/到
# between the figures. A verb already joined to 至 (升至150億至170億元) still reads a range.
_CHANGE_BEFORE = re.compile(
    r"(?:增加|增長|增长|上升|上漲|上涨|提高|提升|上調|上调|調高|调高|調升|调升|擴大|扩大|攀升|飆升|飙升|急升|回升|"
    r"減少|减少|下降|下跌|下滑|降低|下調|下调|調低|调低|調降|调降|削減|削减|收窄|縮減|缩减|回落|"
    r"升|漲|涨|增|跌|降|減|减|縮|缩|多賺|多赚|少賺|少赚)"
    r"(?:(?:其|該股|该股)?(?:目標價|目标价|預測|预测|估值|派息|股息|售價|售价|指引))?"
    r"(?:約|约|了|逾|近|達|达|超過|超过)?\s?$"
)


def _is_change(folded: str, match: re.Match[str]) -> bool:
    if match.group("sep") not in ("至", "到") or match.group("per"):
        return False
    return _CHANGE_BEFORE.search(folded, max(0, match.start() - 8), match.start()) is not None


_FROM_BEFORE = re.compile(
    rf"(?:由|從|从)(?P<n>{_NUM})(?P<u>{'|'.join(MULTIPLIERS)})?"
    r"(?:增加|增長|增长|上升|上調|上调|提高|減少|减少|下降|下調|下调|降低|回落|升|增|跌|降|減|减)(?:至|到)\s?$"
)


def _from_amount(text: str, folded: str, start: int, multiplier: str, currency: str) -> list[_Candidate]:
    """The starting level of ``由120億增至150億元``, printed without the currency of the level after it."""
    found = _FROM_BEFORE.search(folded, max(0, start - 24), start)
    if not found:
        return []
    try:
        value = _number(found.group("n") + (found.group("u") or multiplier))
    except InputError:
        return []
    begin, end = found.start("n"), found.end("u") if found.group("u") else found.end("n")
    return [_Candidate(1, Fact(kind="amount", text=text[begin:end], english=render_amount(value, currency, None),
                               start=begin, end=end, value=_float(value), currency=currency))]


def _change_and_level(text: str, match: re.Match[str], change: Decimal, level: Decimal,
                      bare_yuan: str | None) -> list[_Candidate]:
    """The change and the level of ``增加X至Y``: two amounts, each with the currency of either."""
    g = match.group
    currency = _currency(g("pre"), bare_yuan) or _currency(g("c1"), bare_yuan) or _currency(g("c2"), bare_yuan)
    if currency is None:
        return []
    first_end = max(e for e in (match.end("n1"), match.end("u1"), match.end("c1")) if e != -1)
    spans = ((match.start(), first_end, change), (match.start("n2"), match.end(), level))
    return [_Candidate(1, Fact(
        kind="amount", text=text[start:end], english=render_amount(value, currency, None), start=start, end=end,
        value=_float(value), currency=currency)) for start, end, value in spans]


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
