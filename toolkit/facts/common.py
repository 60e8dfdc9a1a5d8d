"""Shared by every kind of fact: the text fold, the number and currency grammar, compiled patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from toolkit.document import Fact
from toolkit.numbers import (
    ENGLISH_SCALES,
    MULTIPLIERS,
    parse_chinese_number,
)

if TYPE_CHECKING:
    pass



_FOLD = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９（）［］％．：＄＋－～"}
_FOLD.update({ord(c): ord(c) - 0xFEE0 for c in "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"})
_FOLD.update({ord(c): ord(c) - 0xFEE0 for c in "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"})
_FOLD.update({ord("【"): ord("["), ord("】"): ord("]"), ord("\u3000"): ord(" ")})


def _fold(text: str) -> str:
    return text.translate(_FOLD)



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
    "澳門元": "MOP", "澳门元": "MOP", "MOP$": "MOP", "MOP": "MOP", "澳門幣": "MOP", "澳门币": "MOP", "葡幣": "MOP", "葡币": "MOP",
    "澳元": "AUD", "新台幣": "TWD", "新台币": "TWD", "台幣": "TWD", "台币": "TWD",
    "新加坡元": "SGD", "新加坡幣": "SGD", "新加坡币": "SGD", "坡元": "SGD",
    "加元": "CAD", "加幣": "CAD", "加币": "CAD", "瑞郎": "CHF", "瑞士法郎": "CHF",
    "韓圜": "KRW", "韩圜": "KRW", "韓元": "KRW", "韩元": "KRW",
}
_BARE = ("元", "蚊", "$")  # currency set by context: HKD in Hong Kong press
# Longest first, so 元人民幣 wins over 元; a bare 元 last (not 元化, 元素).
_SUFFIX = "|".join(sorted((k for k in CURRENCY_WORDS if not k.isascii()), key=len, reverse=True)) + "|元(?![化素復复宵旦首老帥帅])|蚊"
_PREFIX = r"US\$|HK\$|(?<![A-Za-z])MOP\$?|RMB|CNY|USD|HKD|人民幣|人民币|港幣|港币|新台幣|新台币|\$"

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


@dataclass(frozen=True, slots=True)
class _Patterns:
    amount: re.Pattern[str]
    stock_bracket: re.Pattern[str]
    stock_plain: re.Pattern[str]
    stock_label: re.Pattern[str]
    us_ticker: re.Pattern[str]
    us_plain: re.Pattern[str]
    us_bare: re.Pattern[str]
    stock_prefixed: re.Pattern[str]
    stock_bare6: re.Pattern[str]
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
        rf"(?: ?(?P<sep>{_SEP}) ?(?:{_PREFIX})?\s?(?P<n2>{_NUM}|{_CN_NUM}) ?(?P<u2>{_MULT})?(?P<c2>{_SUFFIX})?)?"
        rf"(?:/(?P<slash>{_PER}))?"
    )
    stock_bracket = re.compile(
        r"[(\[]\s*(?:(?P<ctx>HK|SEHK|港股代號|港股代号|港股|股份代號|股份代号|股票代號|股票代号|股票代碼|股票代码|代號|代号|代碼|代码)\s*[:]?\s*)?"
        r"(?P<pex>SH|SZ|BJ)?(?P<code>[0-9Oo]{1,6})(?:\.(?P<ex>HK|SH|SZ|SS|BJ)| (?P<bb>HK|CH|C1|C2))?\s*[)\]]"
    )
    # "（证券代码：600519，证券简称：贵州茅台）", "股份代號：00700": a labelled code, bracketed or not.
    stock_label = re.compile(
        r"(?:證券代碼|证券代码|股票代碼|股票代码|股份代號|股份代号|港股代號|港股代号|股票代號|股票代号)\s*:\s*"
        r"(?P<code>\d{1,6})(?:\.(?P<ex>HK|SH|SZ|SS|BJ))?(?![0-9A-Za-z.])"
    )
    stock_plain = re.compile(r"(?<![0-9A-Za-z.])(?P<code>\d{1,6})\.(?P<ex>HK|SH|SZ|SS|BJ)(?![A-Za-z])")
    # "SZ000651" unbracketed (the bracketed form is in stock_bracket), "美的集团000333" after a table name.
    stock_prefixed = re.compile(r"(?<![0-9A-Za-z.])(?P<ex>SH|SZ|BJ)(?P<code>\d{6})(?![0-9A-Za-z.])")
    stock_bare6 = re.compile(r"(?<![0-9A-Za-z.,:])(?P<code>\d{6})(?![0-9A-Za-z%‰.,])")
    us_ticker = re.compile(
        r"[(\[]\s*(?:(?P<ex>NASDAQ|Nasdaq|NYSE|AMEX|納斯達克|纳斯达克|紐交所|纽交所|美股|US)\s*:\s*"
        r"(?P<t1>[A-Z]{1,5}(?:\.[A-Z])?)|(?P<t2>[A-Z]{1,5})(?:\.(?:US|N|O|OQ)| US))\s*[)\]]"
    )
    us_bare = re.compile(r"[(\[]\s*(?P<ticker>[A-Z]{1,5}(?:\.[A-Z])?)\s*[)\]]")  # 微軟(MSFT): table tickers only
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
        amount=amount, stock_bracket=stock_bracket, stock_plain=stock_plain, stock_label=stock_label, us_ticker=us_ticker, us_plain=us_plain, us_bare=us_bare,
        stock_prefixed=stock_prefixed, stock_bare6=stock_bare6,
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



@dataclass(slots=True)
class _Candidate:
    priority: int
    fact: Fact
