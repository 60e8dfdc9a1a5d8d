"""Financial facts in Chinese text: stock codes, money, percentages, changes, index points, dates.

For an investor the figures are the brief, so they are found and rendered in English by rule,
never by the translation model: 3685億元人民幣 → ``RMB 368.5 billion``, 中國移動(00941) →
``China Mobile (00941.HK)``. Each fact keeps its offsets in the text it came from, so the
translation stage can protect it and the summariser can weigh sentences that carry figures.

Rules, briefly (see each finder for detail):

* A number is **money** only with a currency (美元, 港元, 人民幣, US$, HK$ … or a bare 元,
  which in Hong Kong press means HKD). 2.36億 users, 3分鐘, 20隻, 61天 are not money.
* A bracketed number is a **stock code** only with a name-like token before it (中國移動
  (00941)), an explicit market marker (0941.HK, HK:700, 股份代號), or the 5-digit HK form
  with a leading zero. 4-digit years (2025) and 1–3 digit numbers need the company to be in
  ``data/hk_companies.tsv`` under a name matching the one printed.
* N點 is an **index level** only in a sentence that talks about an index (恒指, 港股, 指數…).
* Where matches overlap, the higher kind wins: stock > amount > percentage/change >
  index points > date; within a kind, the longer match. Glossary terms are then looked for
  in the text left between the figures.
* ``Fact.subject`` (what a figure is about) comes from a clause heuristic, not a parser:
  see ``_subject``; its cue words (metrics, fillers, time words, labels) are data in
  ``data/subject_cues.json``. jieba was not needed for the cases seen (and loads a dictionary
  on first use, over the 50 ms a page's facts may take).

Text is scanned through a length-preserving fold (full-width digits and brackets → ASCII) so
offsets stay valid in the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from toolkit.document import Article, Fact, FactKind
from toolkit.errors import InputError
from toolkit.numbers import (
    ENGLISH_SCALES,
    MULTIPLIERS,
    format_number,
    parse_chinese_number,
    render_amount,
    render_amount_range,
    render_percentage,
)

if TYPE_CHECKING:
    from toolkit.glossary import Glossary

__all__ = [
    "Company",
    "bare_yuan_currency",
    "find_article_facts",
    "find_facts",
    "find_page_date",
    "load_companies",
    "normalise_stock_codes",
    "parse_chinese_number",
    "render_amount",
    "render_date",
]

_FOLD = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９（）［］％．：＄＋－～"}
_FOLD.update({ord(c): ord(c) - 0xFEE0 for c in "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"})
_FOLD.update({ord(c): ord(c) - 0xFEE0 for c in "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"})
_FOLD.update({ord("【"): ord("["), ord("】"): ord("]"), ord("\u3000"): ord(" ")})


def _fold(text: str) -> str:
    return text.translate(_FOLD)


# ---------------------------------------------------------------- companies table

@dataclass(frozen=True, slots=True)
class Company:
    """One row of ``data/hk_companies.tsv``: a code, its Chinese names, its English name."""

    code: str
    names: tuple[str, ...]
    english: str


def _parse_company_rows(text: str, source: str) -> list[Company]:
    rows: list[Company] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) != 3 or not parts[0].strip().isdigit() or not parts[1].strip() or not parts[2].strip():
            raise InputError(f"{source}:{number}: expected code<TAB>names<TAB>English name, got {line!r}")
        names = tuple(n.strip() for n in parts[1].split("|") if n.strip())
        rows.append(Company(parts[0].strip().zfill(5), names, parts[2].strip()))
    return rows


@cache
def load_companies() -> dict[str, Company]:
    """The built-in HK company table by 5-digit code; names also in Simplified script."""
    from importlib import resources

    from toolkit.conversion import convert

    text = resources.files("toolkit").joinpath("data/hk_companies.tsv").read_text(encoding="utf-8")
    rows = _parse_company_rows(text, "hk_companies.tsv")
    # One OpenCC call for every name (per-name calls cost most of the load time).
    simplified = iter(convert("\n".join(n for row in rows for n in row.names), "hk2s").split("\n"))
    table: dict[str, Company] = {}
    for row in rows:
        names = list(row.names)
        for _ in row.names:
            name = next(simplified)
            if name not in names:
                names.append(name)
        table[row.code] = Company(row.code, tuple(sorted(names, key=len, reverse=True)), row.english)
    return table


@cache
def _company_aliases() -> tuple[str, ...]:
    """Every company name in the table, longest first (to strip them from subjects)."""
    names = {n for c in load_companies().values() for n in c.names if len(n) >= 2}
    return tuple(sorted(names, key=len, reverse=True))


# ---------------------------------------------------------------- patterns

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_NUM = r"[〇一二兩两三四五六七八九十百千][零〇一二兩两三四五六七八九十百千萬万億亿]*(?:[點点][零〇一二三四五六七八九]+)?"
_MULT = "|".join(MULTIPLIERS)
_SEP = r"(?:至|到|-|–|—|~)"
_LIST_SEP = r"(?:、|，|,|以及|及|和|與|与|同)"
_NOT_AFTER_NUM = r"(?<![0-9A-Za-z.,])"

CURRENCY_WORDS = {
    "元人民幣": "CNY", "元人民币": "CNY", "人民幣": "CNY", "人民币": "CNY", "RMB": "CNY", "CNY": "CNY",
    "港元": "HKD", "港幣": "HKD", "港币": "HKD", "HK$": "HKD", "HKD": "HKD",
    "美元": "USD", "美金": "USD", "US$": "USD", "USD": "USD",
    "歐元": "EUR", "欧元": "EUR", "日圓": "JPY", "日圆": "JPY", "日元": "JPY", "英鎊": "GBP", "英镑": "GBP",
    "澳門元": "MOP", "澳门元": "MOP", "澳門幣": "MOP", "澳门币": "MOP", "葡幣": "MOP", "葡币": "MOP",
    "澳元": "AUD", "新台幣": "TWD", "新台币": "TWD",
}
_BARE = ("元", "蚊", "$")  # currency set by context: HKD in Hong Kong press
# Longest first, so 元人民幣 wins over 元; a bare 元 last (not 元化, 元素).
_SUFFIX = "|".join(sorted((k for k in CURRENCY_WORDS if not k.isascii()), key=len, reverse=True)) + "|元(?![化素復复宵旦首老帥帅])|蚊"
_PREFIX = r"US\$|HK\$|RMB|CNY|USD|HKD|人民幣|人民币|港幣|港币|\$"

PER_UNITS = {
    "股": "share", "單位": "unit", "单位": "unit", "手": "board lot", "秒": "second", "分鐘": "minute",
    "分钟": "minute", "小時": "hour", "小时": "hour", "日": "day", "天": "day", "周": "week", "週": "week",
    "星期": "week", "月": "month", "年": "year", "人": "person", "噸": "tonne", "吨": "tonne",
    "桶": "barrel", "盎司": "ounce", "安士": "ounce", "平方呎": "square foot", "方呎": "square foot",
    "呎": "square foot", "平方米": "square metre", "平米": "square metre", "公斤": "kg", "份": "unit",
}
_SCALE = "|".join(sorted(ENGLISH_SCALES, key=len, reverse=True))
_PER = "|".join(sorted(map(re.escape, PER_UNITS), key=len, reverse=True))
_PER_LINK = r"(?:派發現金紅利|派发现金红利|派現金紅利|派现金红利|派發現金股息|派发现金股息|派現|派现|派息|派發|派发|派|股息|盈利|收益|淨值|净值|賺|赚|收費|收费|售價|售价|價格|价格|定價|定价)?(?:分別|分别)?(?:約|约|為|为|僅|仅|只|高達|高达|達|达|不超過|不超过|不高於|不高于|不低於|不低于)?"

_UP = ("上升|上漲|上涨|增長|增长|增加|飆升|飙升|急升|攀升|回升|反彈|反弹|大漲|大涨|大升|炒高|推高|抽高|"
       "扯高|升幅|漲幅|涨幅|增幅|升|漲|涨|增|揚|扬")
_DOWN = ("下跌|下降|下滑|減少|减少|回落|暴跌|急跌|大跌|急挫|下挫|挫|跌幅|降幅|跌|降|減|减|瀉|泻|插|縮|缩")
_MODS = {"近乎": "nearly", "接近": "nearly", "近": "nearly", "大約": "about", "大约": "about", "約": "about",
         "约": "about", "逾": "over", "超過": "over", "超过": "over", "僅": "only", "仅": "only", "只": "only",
         "達": "", "达": "", "了": "", "再": "", "又": "", "多": ""}
_MOD = "|".join(sorted(_MODS, key=len, reverse=True))
_PCT = r"%|個百分點|个百分点"

_INDEX_WORDS = ("恒指|恆指|恒生指數|恆生指數|指數|指数|港股|大市|國指|国指|科指|道指|納指|纳指|標普|标普|上證|上证|"
                "滬指|沪指|深成指|創業板|创业板|日經|日经|股指|期指|點關|点关|大關|大关")
_INDEX_NAMES = ("標普500指數|标普500指数|恒生指數|恆生指數|恒生科技指數|恒生科技指数|恒指|恆指|國企指數|国企指数|國指|国指|"
                "科指|上證綜指|上证综指|上證指數|上证指数|上證|上证|滬指|沪指|深證成指|深证成指|深成指|創業板指|创业板指|"
                "道瓊斯指數|道琼斯指数|道指|納指|纳指|標普|标普|日經指數|日经指数|日經|日经")
_INDEX_LINK = "在|於|于|報|报|收報|收报|收|見|见|約|约|曾|一度|重上|重返|跌至|升至|回落至|失守|守住|企穩|企稳"
_MONTH_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_RELATIVE = {"去年": "last year", "上年": "last year", "今年": "this year", "明年": "next year",
             "前年": "the year before last", "同年": "the same year"}
_FISCAL = {
    # 業績 (results) is left outside the span, for the glossary: 2025年全年業績 → FY2025 results.
    "全年": "FY{y}", "上半年": "H1 {y}", "下半年": "H2 {y}", "中期": "{y} interim", "首季": "Q1 {y}", "第一季度": "Q1 {y}",
    "第一季": "Q1 {y}", "一季度": "Q1 {y}", "第二季度": "Q2 {y}", "第二季": "Q2 {y}", "二季度": "Q2 {y}",
    "第三季度": "Q3 {y}", "第三季": "Q3 {y}", "三季度": "Q3 {y}", "第四季度": "Q4 {y}", "第四季": "Q4 {y}",
    "四季度": "Q4 {y}", "首三季": "first three quarters of {y}", "前三季": "first three quarters of {y}",
}


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


@dataclass(frozen=True, slots=True)
class _Patterns:
    amount: re.Pattern[str]
    stock_bracket: re.Pattern[str]
    stock_plain: re.Pattern[str]
    stock_label: re.Pattern[str]
    us_ticker: re.Pattern[str]
    us_plain: re.Pattern[str]
    percent: re.Pattern[str]
    points: re.Pattern[str]
    index_level: re.Pattern[str]
    date: re.Pattern[str]
    fiscal: re.Pattern[str]
    sentence_end: re.Pattern[str]
    index_context: re.Pattern[str]
    listed: re.Pattern[str]
    list_item: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compiled once, on first use (nothing is compiled at import time)."""
    number = rf"{_NOT_AFTER_NUM}(?:{_NUM}|(?<![數数幾几多]){_CN_NUM})"
    amount = re.compile(
        rf"(?P<per>每(?P<per_n>[1-9]\d{{0,2}})?(?P<per_unit>{_PER}){_PER_LINK})?"
        rf"(?:(?P<pre>{_PREFIX})\s?)?"
        rf"(?P<n1>{number})(?P<more>多|餘|余)?(?: ?(?P<u1>{_MULT}))?"
        rf"(?:(?<=\d) ?(?P<scale>{_SCALE})(?![A-Za-z]))?(?P<c1>{_SUFFIX})?"
        rf"(?: ?{_SEP} ?(?:{_PREFIX})?\s?(?P<n2>{_NUM}|{_CN_NUM}) ?(?P<u2>{_MULT})?(?P<c2>{_SUFFIX})?)?"
        rf"(?:/(?P<slash>{_PER}))?"
    )
    stock_bracket = re.compile(
        r"[(\[]\s*(?:(?P<ctx>HK|SEHK|港股代號|港股代号|港股|股份代號|股份代号|股票代號|股票代号|股票代碼|股票代码|代號|代号|代碼|代码)\s*[:]?\s*)?"
        r"(?P<code>[0-9Oo]{1,6})(?:\.(?P<ex>HK|SH|SZ|SS|BJ)| (?P<bb>HK|CH|C1|C2))?\s*[)\]]"
    )
    # "（证券代码：600519，证券简称：贵州茅台）", "股份代號：00700": a labelled code, bracketed or not.
    stock_label = re.compile(
        r"(?:證券代碼|证券代码|股票代碼|股票代码|股份代號|股份代号|港股代號|港股代号|股票代號|股票代号)\s*:\s*"
        r"(?P<code>\d{1,6})(?:\.(?P<ex>HK|SH|SZ|SS|BJ))?(?![0-9A-Za-z.])"
    )
    stock_plain = re.compile(r"(?<![0-9A-Za-z.])(?P<code>\d{1,6})\.(?P<ex>HK|SH|SZ|SS|BJ)(?![A-Za-z])")
    us_ticker = re.compile(
        r"[(\[]\s*(?:(?P<ex>NASDAQ|Nasdaq|NYSE|AMEX|納斯達克|纳斯达克|紐交所|纽交所|美股|US)\s*:\s*"
        r"(?P<t1>[A-Z]{1,5}(?:\.[A-Z])?)|(?P<t2>[A-Z]{1,5})(?:\.(?:US|N|O|OQ)| US))\s*[)\]]"
    )
    us_plain = re.compile(r"(?<![0-9A-Za-z.$])(?P<ticker>[A-Z]{1,5})\.(?:US|N|O|OQ)(?![A-Za-z0-9])")
    percent = re.compile(
        rf"(?:(?P<up>{_UP})|(?P<down>{_DOWN}))?(?P<mod>{_MOD})?"
        rf"(?:(?P<n1>{_NOT_AFTER_NUM}{_NUM})(?P<p1>{_PCT})?(?:{_SEP}(?P<n2>{_NUM}))? ?(?P<p2>{_PCT})"
        rf"|百分之(?P<cn>{_CN_NUM}))"
    )
    points = re.compile(
        rf"(?:(?P<up>{_UP})|(?P<down>{_DOWN}))?(?P<mod>{_MOD})?"
        rf"(?P<n1>{_NOT_AFTER_NUM}{_NUM})(?:{_SEP}(?P<n2>{_NUM}))?[點点]"
        r"(?![鐘钟半子數数協协計计建方共要主])"
    )
    index_level = re.compile(
        rf"(?:{_INDEX_NAMES})(?:{_INDEX_LINK})?(?P<n1>{_NUM})(?:{_SEP}(?P<n2>{_NUM}))?(?![\d.,%點点])"
    )
    cn_day = "三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
    date = re.compile(
        r"(?P<rel>去年|今年|明年|前年|上年|同年)?"
        r"(?:(?P<y>(?:19|20)\d{2}|[〇零一二][〇零一二三四五六七八九]{3}) ?年 ?)?"
        r"(?<![0-9])(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]) ?月(?:份)?"
        rf"(?: ?(?P<d>3[01]|[12]\d|0?[1-9]|{cn_day}) ?[日號号])?"
    )
    fiscal = re.compile(
        r"(?<![0-9])(?P<y>(?:19|20)\d{2})(?P<suffix>財政年度|财政年度|財年|财年|年度|年)"
        rf"(?P<term>{'|'.join(sorted(_FISCAL, key=len, reverse=True))})?"
    )
    return _Patterns(
        amount=amount, stock_bracket=stock_bracket, stock_plain=stock_plain, stock_label=stock_label, us_ticker=us_ticker, us_plain=us_plain,
        percent=percent, points=points, index_level=index_level, date=date, fiscal=fiscal,
        sentence_end=re.compile(r"[。！？!?；;\n]"), index_context=re.compile(_INDEX_WORDS),
        listed=re.compile(rf"(?:{_NOT_AFTER_NUM}{_NUM}(?:{_MULT})? ?{_LIST_SEP} ?)+$"),
        list_item=re.compile(rf"(?P<n>{_NOT_AFTER_NUM}{_NUM})(?P<u>{_MULT})?(?= ?{_LIST_SEP})"),
    )


# ---------------------------------------------------------------- helpers

def _number(text: str) -> Decimal:
    return parse_chinese_number(text)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _sentence_bounds(folded: str, start: int, end: int) -> tuple[int, int]:
    pattern = _patterns().sentence_end
    left = max((m.end() for m in pattern.finditer(folded, max(0, start - 400), start)), default=max(0, start - 400))
    found = pattern.search(folded, end)
    return left, (found.start() if found else min(len(folded), end + 400))


_CJK = "\u3400-\u9fff\uf900-\ufaff〇"
_NAME_STOP = set("的是及和與与以而在為为了由把被對对向從从跟同或如像至較较將将令即乃係系")
_NAME_BAD_END = set("年月日號号元點点倍季期度率價价為为%")
_NAME_VERBS = (
    ".*(?:吸納|吸纳|買入|买入|沽出|賣出|卖出|增持|減持|减持|推介|看好|看淡|留意|關注|关注|揀選|拣选|選擇|选择|"
    "持有|包括|例如|建議|建议|首選|首选|心水|追捧)"
)
_LISTING_SUFFIX = r"\s*-\s*(?:SW|SR|W|S|B|R)\s*$"


def _name_before(text: str, pos: int, code: str | None) -> tuple[str, int] | None:
    """The company name printed just before ``pos`` and where it starts, if name-like."""
    window_start = max(0, pos - 24)
    window = text[window_start:pos]
    stripped = window.rstrip(" \u3000")
    suffix = re.search(_LISTING_SUFFIX, stripped)
    if suffix:
        stripped = stripped[: suffix.start()]
    if not stripped:
        return None
    company = load_companies().get(code) if code else None
    if company:
        lowered = stripped.lower()
        for alias in company.names:
            if lowered.endswith(alias.lower()):
                return stripped[len(stripped) - len(alias):], window_start + len(stripped) - len(alias)
    last = stripped[-1]
    if re.match(r"[A-Za-z]", last):
        found = re.search(r"[A-Za-z][A-Za-z0-9&.'\-]*(?: [A-Za-z][A-Za-z0-9&.'\-]*){0,3}$", stripped)
        if found:
            return found.group(), window_start + found.start()
        return None
    if not re.match(f"[{_CJK}]", last) or last in _NAME_BAD_END:
        return None
    run = re.search(f"[{_CJK}]+$", stripped)
    if not run:
        return None
    name = run.group()
    cut = max((i for i, ch in enumerate(name) if ch in _NAME_STOP), default=-1)
    name = re.sub(_NAME_VERBS, "", name[cut + 1:])
    if len(name) > 6:
        name = name[-4:]
    if len(name) < 2 or name.endswith(("指數", "指数")):
        return None
    return name, window_start + len(stripped) - len(name)


# ---------------------------------------------------------------- finders

@dataclass(slots=True)
class _Candidate:
    priority: int
    fact: Fact


def _stock_facts(text: str, folded: str) -> list[_Candidate]:
    p = _patterns()
    companies = load_companies()
    out: list[_Candidate] = []
    for match in p.stock_bracket.finditer(folded):
        raw = match.group("code")
        digits = raw.replace("O", "0").replace("o", "0")
        real_digits = sum(c.isdigit() for c in raw)
        if raw != digits and (len(raw) < 4 or real_digits < 3):
            continue
        # Bloomberg style "(700 HK)", "(600519 CH)": the market is explicit, the exchange maybe not.
        bb = match.group("bb")
        ex = match.group("ex") or ("HK" if bb == "HK" else None)
        explicit = bool(match.group("ctx") or ex or bb)
        if bb and bb != "HK" and len(digits) != 6:
            continue
        if len(digits) == 6 or ex in ("SH", "SZ", "SS", "BJ"):
            if len(digits) != 6:
                continue
            market = _a_share_market(digits, ex)
            named = _name_before(text, match.start(), None)
            if market is None or not (named or explicit):
                continue
            out.append(_stock_candidate(text, match.start(), match.end(), digits, market, named, None))
            continue
        code = digits.zfill(5)
        company = companies.get(code)
        named = _name_before(text, match.start(), code)
        name_matches = bool(named and company and named[0].lower() in (n.lower() for n in company.names))
        year_like = len(digits) == 4 and 1900 <= int(digits) <= 2100
        if explicit or (len(digits) == 5 and digits[0] == "0"):
            accept = True
        elif len(digits) <= 3 or year_like:
            accept = name_matches
        else:
            accept = named is not None
        if accept:
            out.append(_stock_candidate(text, match.start(), match.end(), code, "HK", named, company))
    for match in p.stock_plain.finditer(folded):
        digits, ex = match.group("code"), match.group("ex")
        named = _name_before(text, match.start(), digits.zfill(5) if ex == "HK" else None)
        if ex == "HK" and len(digits) <= 5:
            code = digits.zfill(5)
            out.append(_stock_candidate(text, match.start(), match.end(), code, "HK", named, companies.get(code)))
        elif ex != "HK" and len(digits) == 6:
            market = _a_share_market(digits, ex)
            if market:
                out.append(_stock_candidate(text, match.start(), match.end(), digits, market, named, None))
    for match in p.stock_label.finditer(folded):
        digits, ex = match.group("code"), match.group("ex")
        if len(digits) == 6 and ex != "HK":
            market = _a_share_market(digits, ex)
            if market:
                out.append(_stock_candidate(text, match.start("code"), match.end(), digits, market, None, None))
        elif len(digits) <= 5 and ex in (None, "HK"):
            code = digits.zfill(5)
            out.append(_stock_candidate(text, match.start("code"), match.end(), code, "HK", None, companies.get(code)))
    for match in p.us_ticker.finditer(folded):
        ticker = match.group("t1") or match.group("t2")
        named = _name_before(text, match.start(), None)
        english = f"({match.group('ex')}: {ticker})" if match.group("ex") and match.group("ex").isascii() \
            and match.group("ex") != "US" else f"({ticker}.US)"
        out.append(_Candidate(0, Fact(
            kind="stock", text=text[match.start():match.end()], english=english, start=match.start(),
            end=match.end(), code=ticker, market="US", name=named[0] if named else None)))
    for match in p.us_plain.finditer(folded):  # "NVDA.US業績公布後"
        ticker = match.group("ticker")
        out.append(_Candidate(0, Fact(
            kind="stock", text=text[match.start():match.end()], english=f"({ticker}.US)", start=match.start(),
            end=match.end(), code=ticker, market="US")))
    return out


def _a_share_market(code: str, ex: str | None) -> str | None:
    if ex in ("SH", "SS"):
        return "SH"
    if ex in ("SZ", "BJ"):
        return ex
    return {"6": "SH", "0": "SZ", "3": "SZ", "4": "BJ", "8": "BJ"}.get(code[0])


def _stock_candidate(text: str, start: int, end: int, code: str, market: str,
                     named: tuple[str, int] | None, company: Company | None) -> _Candidate:
    english_name = company.english if company else None
    suffix = f"{code}.{market}"
    if named and english_name:
        start = named[1]
        english = f"{english_name} ({suffix})"
    else:
        english = f"({suffix})"
    return _Candidate(0, Fact(
        kind="stock", text=text[start:end], english=english, start=start, end=end, code=code, market=market,
        name=named[0] if named else None, name_english=english_name))


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


# ---------------------------------------------------------------- subjects

_CLAUSE_BREAK = r"[，,。；;：:！!？?\n「」『』()（）、]"
_GLOSS = re.compile(r"[(（][^()（）\n]{1,30}[)）]")
# A subject is a run of Chinese, with share classes (A股較H股); else a Latin word (ARR已突破).
_SUBJECT_RUN = f"(?:[{_CJK}]|[A-Z](?=股))+$"
_LATIN_SUBJECT = r"[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Za-z][A-Za-z0-9&.\-]*){0,2}$"
_PER_METRIC = re.compile(r"每[^0-9０-９$＄〇一二兩两三四五六七八九十]+")
_CUTTING_KINDS = ("stock", "amount", "percentage", "change", "index_points")


@dataclass(frozen=True, slots=True)
class _NameMatch:
    """A name found by ``_NameScanner`` (the parts of ``re.Match`` the subject rules use)."""

    text: str
    start_at: int
    end_at: int

    def group(self) -> str:
        return self.text

    def start(self) -> int:
        return self.start_at

    def end(self) -> int:
        return self.end_at


class _NameScanner:
    """Longest-first, left-to-right search for a thousand-odd company names.

    A regex alternation of every name took ~0.5 s to compile; a table by first character
    finds the same names with no start-up cost.
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        by_first: dict[str, set[int]] = {}
        for name in names:
            by_first.setdefault(name[0], set()).add(len(name))
        self._names = frozenset(names)
        self._lengths = {c: tuple(sorted(n, reverse=True)) for c, n in by_first.items()}

    def prefix(self, text: str) -> str | None:
        """The longest name ``text`` starts with and goes on after, or None."""
        for length in self._lengths.get(text[:1], ()):
            if length < len(text) and text[:length] in self._names:
                return text[:length]
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[_NameMatch]:
        end = len(text) if end is None else end
        found: list[_NameMatch] = []
        at = start
        while at < end:
            for length in self._lengths.get(text[at], ()):
                if at + length <= end and text[at:at + length] in self._names:
                    found.append(_NameMatch(text[at:at + length], at, at + length))
                    at += length
                    break
            else:
                at += 1
        return found


@dataclass(frozen=True, slots=True)
class _SubjectCues:
    """``data/subject_cues.json`` with Simplified forms added, ready to match."""

    metrics: tuple[str, ...]
    inner_fillers: re.Pattern[str]
    trailing: tuple[str, ...]
    leading: tuple[str, ...]
    keep_at_start: tuple[str, ...]
    causes: re.Pattern[str]
    cut_after: re.Pattern[str]
    metric: re.Pattern[str]
    closing_price: frozenset[str]
    after_noun: re.Pattern[str]
    after_verb: re.Pattern[str]
    after_labels: dict[str, tuple[str, str]]
    lead_labels: dict[str, tuple[str, str]]
    topics: re.Pattern[str]
    not_a_subject_start: tuple[str, ...]
    units_after_number: str
    time_clause_ends: str
    after_object: re.Pattern[str]
    company: _NameScanner


def _both_scripts(words: list[str]) -> list[str]:
    from toolkit.conversion import convert

    out = dict.fromkeys(words)
    out.update(dict.fromkeys(convert("\n".join(words), "hk2s").split("\n")))
    return sorted(out, key=len, reverse=True)


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, _both_scripts(words)))


def _labels(words: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each cue word in both scripts → its label in (Traditional, Simplified)."""
    from toolkit.conversion import convert

    labels = {word: (label, convert(label, "hk2s")) for word, label in words.items()}
    labels.update({convert(word, "hk2s"): pair for word, pair in labels.items()})
    return labels


def _label(labels: dict[str, tuple[str, str]], word: str, text: str) -> str:
    """The label of ``word`` in the script ``text`` is written in (Traditional unless clearly Simplified)."""
    from toolkit.conversion import convert

    traditional, simplified = labels[word]
    clearly_simplified = convert(text, "hk2s") == text and convert(text, "s2hk") != text
    return simplified if clearly_simplified else traditional


@cache
def _subject_cues() -> _SubjectCues:
    """Read once, on first use: the cue lists are data, so tomorrow's page needs no code change."""
    import json
    from importlib import resources

    from toolkit.conversion import convert

    data = json.loads(resources.files("toolkit").joinpath("data/subject_cues.json").read_text(encoding="utf-8"))
    cut = data["cut_after"]
    after = data["after_figure"]
    metrics = _alternation(data["metrics"]["words"])
    not_time = re.escape(cut["not_time_after_marker"] + convert(cut["not_time_after_marker"], "hk2s"))
    time_marker = _alternation([cut["time_marker"]])
    fillers = _alternation(after["fillers"])
    labels = _labels(after["verbs"])
    aliases = _company_aliases()
    return _SubjectCues(
        metrics=tuple(_both_scripts(data["metrics"]["words"])),
        inner_fillers=re.compile(f"^(?P<period>.+?)(?:{_alternation(data['inner_fillers'])})(?P<metric>{metrics})$"),
        trailing=tuple(_both_scripts(data["trailing"]["words"] + data["time_words"]["words"])),
        leading=tuple(_both_scripts(data["leading"]["words"] + data["time_words"]["words"])),
        keep_at_start=tuple(_both_scripts(data["leading"]["keep"] + data["metrics"]["words"])),
        causes=re.compile(_alternation(data["causes"])),
        cut_after=re.compile(f"(?:{_alternation(cut['words'] + data['time_words']['words'])}"
                             f"|(?:{time_marker})(?![{not_time}]))"),
        metric=re.compile(metrics),
        closing_price=frozenset(_both_scripts(data["closing_price"]["words"])),
        after_noun=re.compile(
            f"(?:(?:{_alternation(after['links'])})(?:{fillers})*[{_CJK}]{{0,2}}?|(?:{fillers})+[{_CJK}]{{0,2}}?)?"
            f"(?P<noun>{_alternation(after['nouns'])})"),
        after_verb=re.compile(
            f"(?:{fillers})*(?:{_alternation(after['adverbs'])})*(?P<verb>{_alternation(list(after['verbs']))})"),
        after_labels=labels,
        lead_labels=_labels(data["lead_labels"]["words"]),
        topics=re.compile(_alternation(data["topics"]["words"])),
        not_a_subject_start=tuple(_both_scripts(data["not_a_subject_start"]["words"])),
        units_after_number=data["units_after_number"]["chars"] + convert(data["units_after_number"]["chars"], "hk2s"),
        time_clause_ends=data["time_clause_ends"]["chars"] + convert(data["time_clause_ends"]["chars"], "hk2s"),
        after_object=re.compile(f"(?:的)?(?P<object>[{_CJK}]{{0,4}}?(?:{_alternation(after['objects'])}))"),
        company=_NameScanner(aliases),
    )


def _strip_end(subject: str, cues: _SubjectCues) -> str:
    """Drop trailing verbs and fillers (僅為, 達, 收…), never cutting into a metric (營收)."""
    while subject and not subject.endswith(cues.metrics):
        word = next((w for w in cues.trailing if subject.endswith(w)), None)
        if word is None:
            break
        subject = subject[: -len(word)]
    return subject


def _strip_start(subject: str, cues: _SubjectCues) -> str:
    """Drop leading time words, pronouns and company names (昨日, 其, 萬洲…)."""
    while subject and not subject.startswith(cues.keep_at_start):
        word = next((w for w in cues.leading if subject.startswith(w)), None)
        if word is None:
            word = cues.company.prefix(subject)
        if word is None:
            break
        subject = subject[len(word):]
    return subject


def _clean_subject(lead: str) -> str | None:
    """The noun phrase at the end of ``lead`` (the clause up to a figure), or None."""
    cues = _subject_cues()
    run = re.search(_SUBJECT_RUN, lead)
    subject = _clean_chinese_subject(lead, run, cues) if run else None
    if subject is None:
        latin = re.search(_LATIN_SUBJECT, _strip_end(lead.rstrip(), cues).rstrip())
        if latin and 2 <= len(latin.group()) <= 20:
            return latin.group()
    return subject


def _clean_chinese_subject(lead: str, run: re.Match[str], cues: _SubjectCues) -> str | None:
    subject = _strip_end(run.group(), cues)
    if subject.endswith(("的", "之")):  # 市場預期的15億元: the subject is what comes before
        subject = _strip_end(subject[:-1], cues)
    if run.start() > 0 and lead[run.start() - 1].isdigit():
        subject = subject.lstrip(cues.units_after_number)
    cause = cues.causes.search(subject)
    if cause and cause.start() > 0:
        subject = subject[: cause.start()]
    subject = _strip_end(_cut_after(subject, cues), cues)
    subject = _strip_end(_strip_start(subject, cues), cues)
    filler = cues.inner_fillers.match(subject)
    if filler:
        subject = filler.group("period") + filler.group("metric")
    if subject.startswith(cues.not_a_subject_start) or subject.endswith(tuple(cues.time_clause_ends)):
        return None
    if not 2 <= len(subject) <= 10:
        return None
    return subject


def _cut_after(subject: str, cues: _SubjectCues) -> str:
    """What follows the last verb or marker that starts a subject (錄得, 的, 派…), never inside a metric (派息)."""
    inside = {i for m in cues.metric.finditer(subject) for i in range(m.start() + 1, m.end())}
    cuts = [m.end() for m in cues.cut_after.finditer(subject) if m.start() not in inside and m.end() not in inside]
    return subject[cuts[-1]:] if cuts else subject


def _clause_breaks(text: str, facts: list[Fact]) -> list[int]:
    """Ends of clause punctuation in ``text`` outside the facts (a code's brackets are not breaks)."""
    inside = bytearray(len(text))
    spans = [(f.start, f.end) for f in facts if f.kind in _CUTTING_KINDS]
    spans += [m.span() for m in _GLOSS.finditer(text)]  # ARR(年化經常性收入)已突破: a gloss is no break
    for start, end in spans:
        inside[start:end] = b"\1" * (end - start)
    return [m.end() for m in re.finditer(_CLAUSE_BREAK, text) if not inside[m.start()]]


def _lead_subject(text: str, start: int, end: int, facts: list[Fact]) -> str | None:
    """The subject in ``text[start:end]``: dates split it (2025年MINIMAX實現營收), glosses drop out."""
    pieces, cursor = [], start
    for fact in facts:
        if fact.kind == "date" and start <= fact.start and fact.end <= end:
            pieces.append(text[cursor:fact.start])
            cursor = fact.end
    pieces.append(text[cursor:end])
    for piece in reversed(pieces):
        subject = _clean_subject(_GLOSS.sub("", piece))
        if subject:
            return subject
    return None


def _lead_start(facts: list[Fact], index: int, all_breaks: list[int]) -> int:
    """Where the text before ``facts[index]`` in its clause starts (after any figure in it)."""
    fact = facts[index]
    breaks = all_breaks[: bisect.bisect_right(all_breaks, fact.start)]
    ends = [f.end for f in facts[:index] if f.kind in _CUTTING_KINDS]
    return max([breaks[-1] if breaks else 0, *ends])


def _company_in_focus(text: str, facts: list[Fact], index: int) -> str | None:
    """The company last named before ``facts[index]`` in its paragraph (此股…收78.05元 → 中移動)."""
    fact = facts[index]
    stock = next((f for f in reversed(facts[:index]) if f.kind == "stock" and f.name), None)
    named = None
    for match in _subject_cues().company.finditer(text, max(0, fact.start - 300), fact.start):
        named = match  # the last one
    if named and (stock is None or named.start() >= stock.end):
        return named.group()
    return stock.name if stock else None


def _subject(text: str, facts: list[Fact], index: int, all_breaks: list[int]) -> str | None:
    """What a figure is about (see module doc). A heuristic over clauses, not a parser, in this order:

    1. a noun right after the figure names it (有5%到10%的利潤, 4600美元附近阻力), a verb right
       after an amount gives a label (可於965元買入 → 買入價), an object names it (50億元綠色債券);
    2. a per-unit metric printed inside the amount: 每股派息0.3185元 → 每股派息;
    3. the noun phrase just before it in its clause, less trailing verbs (僅為, 達, 收…), leading
       time words and company names, anything before 的/錄得 or from a cause (因…) on
       (上望18元 → 目標價: a few such words are labels);
    4. a bare closing price (…，收78.05元) is about the company last named in the paragraph;
    5. otherwise the clause takes the subject of the figure before it, or the stock named before
       it, in the same sentence (…，有3685億元人民幣; 長飛光纖(06869)終見回調，跌4.5%);
    6. an amount takes the last price noun (金價, 股價…) said before it in its sentence, a
       change the last company named in it.

    Cue words are data: ``data/subject_cues.json``.
    """
    cues = _subject_cues()
    fact = facts[index]
    clause_end = re.search(_CLAUSE_BREAK, text[fact.end:fact.end + 16])
    after = text[fact.end:fact.end + (clause_end.start() if clause_end else 16)]
    noun = cues.after_noun.match(after)
    if noun:
        return noun.group("noun")
    verb = cues.after_verb.match(after) if fact.kind == "amount" else None
    if verb:
        return _label(cues.after_labels, verb.group("verb"), text)
    thing = cues.after_object.match(after) if fact.kind == "amount" else None
    if thing:
        return thing.group("object")
    per = _PER_METRIC.match(fact.text) if fact.kind == "amount" else None
    if per and _strip_end(per.group(), cues).endswith(cues.metrics):  # 每股派息0.3185元 → 每股派息
        return _strip_end(per.group(), cues)
    lead_start = _lead_start(facts, index, all_breaks)
    lead = text[lead_start:fact.start]
    subject = _lead_subject(text, lead_start, fact.start, facts)
    if subject:
        label = next((word for word in cues.lead_labels if subject.endswith(word)), None)
        if fact.kind == "amount" and label:
            return _label(cues.lead_labels, label, text)
        return subject
    before = [(i, f) for i, f in enumerate(facts[:index]) if f.kind in _CUTTING_KINDS]
    bare = _strip_start(_cut_after(_GLOSS.sub("", lead).strip(), cues), cues)
    company = _company_in_focus(text, facts, index) if fact.kind == "amount" and bare in cues.closing_price else None
    if company:
        return company
    sentence_start, _ = _sentence_bounds(text, fact.start, fact.end)
    for i, previous in reversed(before):
        if previous.start < sentence_start:
            break
        if previous.kind == "stock":
            return previous.name
        if previous.subject:
            return previous.subject
        if previous.kind == "index_points":  # 國指收報8888點，跌1.1% → 國指
            named = _lead_subject(text, _lead_start(facts, i, all_breaks), previous.start, facts)
            if named:
                return named
    if fact.kind == "amount":
        topics = [m.group() for m in cues.topics.finditer(text, sentence_start, fact.start)]
        if topics:
            return topics[-1]
    if fact.kind == "change":  # 中國人壽表現最佳，全周累升12%
        companies = [m.group() for m in cues.company.finditer(text, sentence_start, fact.start)]
        if companies:
            return companies[-1]
    return None


@cache
def _index_words() -> re.Pattern[str]:
    """Index names, full names first (上證指數 before 上證), then words that stand for the market."""
    return re.compile(f"{_INDEX_NAMES}|港股|大市|股指|期指|A股|a股|美股")


def _index_subject(text: str, fact: Fact) -> str | None:
    """Index points are about the index last named before them in the paragraph, or in
    their own phrase (港股…升越25000點關 → 港股; 恒指低位為24713點 → 恒指)."""
    names = [m.group() for m in _index_words().finditer(text, 0, fact.end)]
    return names[-1] if names else None


# ---------------------------------------------------------------- subjects in English

_SUBJECT_PARTICLES = frozenset("的之")
_SUBJECT_COUNTER = r"^[兩两二三四五六七八九十]+[隻只間间家個个行者]"
_subject_vocabularies: dict[str, dict[str, str]] = {}


@cache
def _subject_words() -> tuple[tuple[str, str], ...]:
    """``data/subject_english.tsv``: the words subjects are made of, with their English."""
    from importlib import resources

    from toolkit.glossary import parse_glossary

    text = resources.files("toolkit").joinpath("data/subject_english.tsv").read_text(encoding="utf-8")
    return tuple(parse_glossary(text, "subject_english.tsv").items())


def _subject_vocabulary(glossary: Glossary | None) -> dict[str, str]:
    """Chinese → English for subject pieces: glossary terms, subject words, company names (both scripts)."""
    from toolkit.glossary import Glossary, load_glossary

    glossary = glossary or load_glossary()
    vocabulary = _subject_vocabularies.get(glossary.version)
    if vocabulary is None:
        vocabulary = {}
        for company in load_companies().values():
            for name in company.names:
                vocabulary.setdefault(name, company.english)
        words = Glossary.from_entries(dict(_subject_words()))
        for key, english in [*glossary._lookup.items(), *words._lookup.items()]:
            vocabulary[key] = english
        _subject_vocabularies[glossary.version] = vocabulary
    return vocabulary


def english_subject(subject: str, glossary: Glossary | None = None) -> str | None:
    """What a figure refers to, in English, without a model: 全年純利 → ``full-year net profit``.

    The subject must be covered end to end by known words (``data/subject_english.tsv``, the
    glossary, company names; 的/之 may be skipped), in the fewest pieces; Chinese word order is
    kept, which reads right for these noun phrases (中移動股價 → China Mobile share price).
    Returns None when any part is unknown, so the Chinese is shown instead of a guess.
    """
    subject = subject.strip()
    if not subject:
        return None
    if subject.isascii():
        return subject
    vocabulary = _subject_vocabulary(glossary)
    subject = re.sub(_SUBJECT_COUNTER, "", subject) or subject  # 三隻股份 → 股份, 三行前三季純利 → 前三季純利
    longest = 14
    n = len(subject)
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for start in range(n):
        here = best[start]
        if here is None:
            continue
        steps: list[tuple[int, str | None]] = []
        if subject[start] in _SUBJECT_PARTICLES:
            steps.append((start + 1, None))
        for end in range(start + 1, min(n, start + longest) + 1):
            piece = subject[start:end]
            english = vocabulary.get(piece) or (piece if piece.isascii() and piece.strip() else None)
            if english == "-":  # a word that is dropped (或, 約, 合共)
                steps.append((end, None))
            elif english:
                steps.append((end, english))
        for end, english in steps:
            candidate = (here[0] + 1, here[1] + ([english] if english else []))
            if best[end] is None or candidate[0] < best[end][0]:  # type: ignore[index]
                best[end] = candidate
    found = best[n]
    if found is None or not found[1]:
        return None
    return " ".join(found[1])


# ---------------------------------------------------------------- public

def normalise_stock_codes(text: str) -> str:
    """Fix OCR slips inside stock-code brackets — letter O read for zero: 迅策(O3317) → 迅策(03317).

    Only bracketed 4–5 character codes with at least three real digits are touched; the text
    keeps its length, so offsets found before and after agree.
    """
    def fix(match: re.Match[str]) -> str:
        return match.group().replace("O", "0").replace("o", "0")

    return re.sub(r"(?<=[(（\[【])\s*(?=[0-9Oo]{4,5}\s*[)）\]】])(?=(?:[Oo]*\d){3})[0-9Oo]{4,5}", fix, text)


def _resolve(candidates: list[_Candidate]) -> list[Fact]:
    chosen: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for candidate in sorted(candidates, key=lambda c: (c.priority, -(c.fact.end - c.fact.start), c.fact.start)):
        f = candidate.fact
        if f.end <= f.start or any(f.start < e and s < f.end for s, e in taken):
            continue
        chosen.append(f)
        taken.append((f.start, f.end))
    return sorted(chosen, key=lambda f: f.start)


def find_facts(text: str, *, glossary: Glossary | None = None, bare_yuan: str | None = "HKD") -> list[Fact]:
    """Every financial fact in ``text`` (Traditional or Simplified), sorted by start, non-overlapping.

    ``bare_yuan`` is the currency of a bare 元 / $ (HKD in Hong Kong press; pass "CNY" for
    mainland text, "auto" to decide from the text (see ``bare_yuan_currency``), or None to
    skip such amounts). Glossary terms are found only when a ``glossary`` is given.
    """
    if not text:
        return []
    if bare_yuan == "auto":
        bare_yuan = bare_yuan_currency([text])
    folded = _fold(text)
    candidates = (_stock_facts(text, folded) + _amount_facts(text, folded, bare_yuan)
                  + _percent_facts(text, folded) + _index_facts(text, folded) + _date_facts(text, folded))
    facts = _resolve(candidates)
    if glossary is not None:
        # Terms are looked for only outside the figures, so 2025年全年業績 still yields 業績.
        masked = list(text)
        for fact in facts:
            masked[fact.start:fact.end] = "\0" * (fact.end - fact.start)
        facts = sorted(facts + glossary.find("".join(masked)), key=lambda f: f.start)
    breaks = _clause_breaks(text, facts)
    for index, fact in enumerate(facts):
        if fact.kind in ("amount", "percentage", "change"):
            fact.subject = _subject(text, facts, index, breaks)
        elif fact.kind == "index_points":
            fact.subject = _index_subject(text, fact)
        if fact.subject:
            fact.subject_english = english_subject(fact.subject, glossary)
    return facts


def find_article_facts(article: Article, *, glossary: Glossary | None = None,
                       bare_yuan: str | None = "auto") -> list[Fact]:
    """Facts of an article's title, paragraphs, subheads, captions and box items (original text).

    ``where`` names the text and ``paragraph`` its index in its list (box items are numbered
    across all boxes of the article); offsets are into that text. With ``bare_yuan="auto"``
    a bare 元 is RMB in an article about A-shares (``bare_yuan_currency``), else HKD.
    """
    out: list[Fact] = []
    items = [item for box in article.boxes for item in box.items]
    if bare_yuan == "auto":
        bare_yuan = bare_yuan_currency([article.title.original, *article.subheads,
                                        *(p.original for p in article.paragraphs), *article.captions, *items])

    def add(text: str, where: str, index: int | None) -> None:
        for fact in find_facts(text, glossary=glossary, bare_yuan=bare_yuan):
            fact.where, fact.paragraph = where, index
            out.append(fact)

    add(article.title.original, "title", None)
    for index, subhead in enumerate(article.subheads):
        add(subhead, "subhead", index)
    for index, paragraph in enumerate(article.paragraphs):
        add(paragraph.original, "paragraph", index)
    for index, caption in enumerate(article.captions):
        add(caption, "caption", index)
    for index, item in enumerate(items):
        add(item, "box", index)
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
