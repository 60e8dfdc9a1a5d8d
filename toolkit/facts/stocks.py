"""Stock codes and company names: the HK company table, bracketed/labelled codes, A-shares, US tickers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from toolkit.document import Fact
from toolkit.errors import InputError

if TYPE_CHECKING:
    pass

from toolkit.facts.common import _CJK, _Candidate, _patterns

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
    """The built-in HK table by 5-digit code (companies, then exchange-traded funds: ``hk_etfs.tsv``);
    names also in Simplified script."""
    from importlib import resources

    from toolkit.conversion import convert

    rows: list[Company] = []
    for name in ("hk_companies.tsv", "hk_etfs.tsv"):
        text = resources.files("toolkit").joinpath(f"data/{name}").read_text(encoding="utf-8")
        rows += _parse_company_rows(text, name)
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
def load_a_shares() -> dict[str, Company]:
    """The built-in A-share table (``data/a_shares.tsv``, CSI 300) by 6-digit code; names in both scripts."""
    from importlib import resources

    from toolkit.conversion import convert

    text = resources.files("toolkit").joinpath("data/a_shares.tsv").read_text(encoding="utf-8")
    rows: list[tuple[str, list[str], str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or len(parts[0]) != 6 or not parts[0].isdigit():
            raise InputError(f"a_shares.tsv:{number}: expected code<TAB>exchange<TAB>names<TAB>English name")
        rows.append((parts[0], [n for n in parts[2].split("|") if n], parts[3]))
    joined = "\n".join(n for _, names, _ in rows for n in names)
    forms = [iter(convert(joined, "s2hk").split("\n")), iter(convert(joined, "hk2s").split("\n"))]
    table: dict[str, Company] = {}
    for code, names, english in rows:
        every = list(names)
        for _ in names:
            for form in forms:
                name = next(form)
                if name not in every:
                    every.append(name)
        table[code] = Company(code, tuple(sorted(every, key=len, reverse=True)), english)
    return table


@cache
def load_us_listed() -> dict[str, Company]:
    """The built-in US table (``data/us_listed.tsv``) by ticker; names in both scripts.

    Besides the Chinese names, a row's English name and its first word (Coinbase, Robinhood,
    when no other row starts with it) count as printed names: the press writes Latin-named
    companies in Latin (``Coinbase（COIN）``).
    """
    return _us_rows()[0]


@cache
def _us_rows() -> tuple[dict[str, Company], frozenset[str]]:
    """The US table and the tickers marked ``# named`` (words and acronyms: a name must be printed)."""
    from importlib import resources

    from toolkit.conversion import convert

    text = resources.files("toolkit").joinpath("data/us_listed.tsv").read_text(encoding="utf-8")
    rows: list[tuple[str, list[str], str]] = []
    named_only: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        parts = [p for p in fields if not p.startswith("#")]  # trailing "# IR", "# named" … note the row
        if len(parts) != 4 or not re.fullmatch(r"[A-Z]{1,5}(?:\.[A-Z])?", parts[0]) or not parts[2] or not parts[3]:
            raise InputError(f"us_listed.tsv:{number}: expected ticker<TAB>exchange<TAB>names<TAB>English name")
        if "# named" in fields:
            named_only.add(parts[0])
        rows.append((parts[0], [n for n in parts[2].split("|") if n], parts[3]))
    simplified = iter(convert("\n".join(n for _, names, _ in rows for n in names), "hk2s").split("\n"))
    every_name = {n for _, names, _ in rows for n in names}
    first_words: dict[str, int] = {}
    for _, _, english in rows:
        word = english.split()[0]
        first_words[word] = first_words.get(word, 0) + 1
    # 艾索倫電力公司 is printed 艾索倫電力 too: a legal ending dropped, when no other row has that form.
    short_forms: dict[str, int] = {}
    for _, names, _ in rows:
        for name in names:
            short = re.sub(r"(?:公司|集團)$", "", name)
            if short != name and len(short) >= 3 and re.fullmatch(f"[{_CJK}]+", short):
                short_forms[short] = short_forms.get(short, 0) + 1
    table: dict[str, Company] = {}
    for ticker, names, english in rows:
        every = list(names)
        for _ in names:
            name = next(simplified)
            if name not in every:
                every.append(name)
        for name in names:
            short = re.sub(r"(?:公司|集團)$", "", name)
            if short_forms.get(short) == 1 and short not in every_name and short not in every:
                every.append(short)
                every.append(convert(short, "hk2s"))
        word = english.split()[0]
        latin = [english]
        if len(word) >= 4 and word.isalpha() and first_words[word] == 1:
            latin.append(word)
        every += [form for form in latin if form not in every and form not in every_name]
        table[ticker] = Company(ticker, tuple(sorted(dict.fromkeys(every), key=len, reverse=True)), english)
    return table, frozenset(named_only)


@cache
def _company_aliases() -> tuple[str, ...]:
    """Every company name in the table, longest first (to strip them from subjects)."""
    names = {n for c in load_companies().values() for n in c.names if len(n) >= 2}
    return tuple(sorted(names, key=len, reverse=True))


_NAME_STOP = set("的是及和與与以而在為为了由把被對对向從从跟同或如像至較较將将令即乃係系")
_NAME_BAD_END = set("年月日號号元點点倍季期度率價价為为%")
_NAME_VERBS = (
    ".*(?:吸納|吸纳|買入|买入|沽出|賣出|卖出|增持|減持|减持|推介|看好|看淡|留意|關注|关注|揀選|拣选|選擇|选择|"
    "持有|包括|例如|建議|建议|首選|首选|心水|追捧)"
)
_LISTING_SUFFIX = r"\s*-\s*(?:SW|SR|W|S|B|R)\s*$"


# A company name's own bracket (a place or a group word), not an annotation like （下同）, （按年）.
_OWN_BRACKET = re.compile(
    f"[(（][{_CJK}]{{0,4}}(?:香港|中國|中国|澳門|澳门|亞洲|亚洲|國際|国际|集團|集团|控股|美國|美国|英國|英国|"
    f"新加坡|台灣|台湾|亞太|亚太|內地|内地)[)）]$")


def _name_before(text: str, pos: int, code: str | None,
                 listed: Company | None = None) -> tuple[str, int] | None:
    """The company name printed just before ``pos`` and where it starts, if name-like.

    ``listed`` is the table row to prefer (a US ticker's); else the HK or A-share row of ``code``.
    """
    window_start = max(0, pos - 24)
    window = text[window_start:pos]
    stripped = window.rstrip(" \u3000")
    suffix = re.search(_LISTING_SUFFIX, stripped)
    if suffix:
        stripped = stripped[: suffix.start()]
    if not stripped:
        return None
    company = listed or ((load_a_shares() if code and len(code) == 6 else load_companies()).get(code) if code else None)
    if company:
        lowered = stripped.lower()
        # 比亚迪A股（002594）: the A-share line of a dual-listed name
        a_line = re.search(r"\s*[AaＡ]\s*股$", stripped) if code and len(code) == 6 else None
        for alias in company.names:
            if lowered.endswith(alias.lower()):
                return stripped[len(stripped) - len(alias):], window_start + len(stripped) - len(alias)
            if a_line and lowered[: a_line.start()].endswith(alias.lower()):
                begin = a_line.start() - len(alias)
                return stripped[begin:], window_start + begin
    own = _OWN_BRACKET.search(stripped)
    if own and own.start() > 0:  # 中國銀行（香港）（2388）: the listed name is the one before its own bracket
        return _name_before(text, window_start + own.start(), code, listed)
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
        pex = match.group("pex")  # 格力电器(SZ000651): the exchange written before the digits
        if pex and (match.group("ex") or bb or len(digits) != 6 or not _a_share_prefix_fits(digits, pex)):
            continue
        ex = match.group("ex") or pex or ("HK" if bb == "HK" else None)
        explicit = bool(match.group("ctx") or ex or bb)
        if bb and bb != "HK" and len(digits) != 6:
            continue
        if len(digits) == 6 or ex in ("SH", "SZ", "SS", "BJ"):
            if len(digits) != 6:
                continue
            market = _a_share_market(digits, ex)
            named = _name_before(text, match.start(), digits)
            if market is None and named and _ETF_NAME.search(folded, max(0, match.start() - 12), match.start()):
                market = _fund_market(digits, ex)  # 沪深300ETF（510300）: an exchange-traded fund
            elif _FUND_NAME.search(folded, max(0, match.start() - 12), match.start()):
                continue  # 易方达蓝筹精选混合（005827）: a fund sold off the exchange, not a share
            if market is None or not (named or explicit):
                continue
            out.append(_stock_candidate(text, match.start(), match.end(), digits, market, named,
                                        load_a_shares().get(digits)))
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
                out.append(_stock_candidate(text, match.start(), match.end(), digits, market, named,
                                            load_a_shares().get(digits)))
    for match in p.stock_prefixed.finditer(folded):  # 买入SZ000651
        digits, ex = match.group("code"), match.group("ex")
        if _a_share_prefix_fits(digits, ex):
            market = _a_share_market(digits, ex) or ex
            out.append(_stock_candidate(text, match.start(), match.end(), digits, market,
                                        _name_before(text, match.start(), digits), load_a_shares().get(digits)))
    for match in p.stock_bare6.finditer(folded):  # 美的集团000333: only right after that code's own name
        digits = match.group("code")
        share = load_a_shares().get(digits)
        named = _name_before(text, match.start(), digits) if share else None
        if share and named and not text[named[1] + len(named[0]):match.start()].strip() \
                and named[0] in share.names:
            market = _a_share_market(digits, None)
            if market:
                out.append(_stock_candidate(text, match.start(), match.end(), digits, market, named, share))
    for match in p.stock_label.finditer(folded):
        digits, ex = match.group("code"), match.group("ex")
        if len(digits) == 6 and ex != "HK":
            market = _a_share_market(digits, ex)
            if market:
                out.append(_stock_candidate(text, match.start("code"), match.end(), digits, market, None,
                                            load_a_shares().get(digits)))
        elif len(digits) <= 5 and ex in (None, "HK"):
            code = digits.zfill(5)
            out.append(_stock_candidate(text, match.start("code"), match.end(), code, "HK", None, companies.get(code)))
    us_table = load_us_listed()
    for match in p.us_ticker.finditer(folded):
        ticker = match.group("t1") or match.group("t2")
        ex = match.group("ex")
        label = f"{ex}: {ticker}" if ex and ex.isascii() and ex != "US" else f"{ticker}.US"
        out.append(_us_candidate(text, match.start(), match.end(), ticker, label, us_table.get(ticker)))
    for match in p.us_bare.finditer(folded):  # 微軟（MSFT）, 美國預託證券（BABA）: a ticker in the table
        ticker = match.group("ticker")
        company = us_table.get(ticker)
        if company is None:
            continue
        named = _name_before(text, match.start(), None, company)
        # Short tickers are also list labels and acronyms ((C), (MS), (CRM) customer relationship
        # management), and some longer ones are words (TECH, FAST): the company's name, or an ADR
        # label, must be printed before them. A three-letter ticker may also follow a Chinese
        # company name the table lacks (星座能源（CEG）), when that name ends like a company's.
        if (len(ticker) <= 3 or ticker in _us_rows()[1]) \
                and not (named and named[0].lower() in (n.lower() for n in company.names)) \
                and not _ADR_LABEL.search(folded, max(0, match.start() - 8), match.start()) \
                and not (len(ticker) == 3 and ticker not in _us_rows()[1] and named
                         and _COMPANY_END.search(named[0])):
            continue
        out.append(_us_candidate(text, match.start(), match.end(), ticker, f"{ticker}.US", company))
    for match in p.us_plain.finditer(folded):  # "NVDA.US業績公布後"
        ticker = match.group("ticker")
        company = us_table.get(ticker)
        out.append(_Candidate(0, Fact(
            kind="stock", text=text[match.start():match.end()], english=f"({ticker}.US)", start=match.start(),
            end=match.end(), code=ticker, market="US", name_english=company.english if company else None)))
    return out


# How a Chinese company name ends (not an agency's: 署, 局, 會, 組織 are left out).
_COMPANY_END = re.compile(
    r"(?:公司|集團|集团|控股|科技|能源|銀行|银行|製藥|制药|藥業|药业|醫療|医疗|航空|電力|电力|保險|保险|汽車|汽车|"
    r"半導體|半导体|電子|电子|通訊|通讯|電訊|电讯|地產|地产|資本|资本|金融|工業|工业|實業|实业|酒店|石油|化工|"
    r"生物|物流|娛樂|娱乐|百貨|百货|食品|飲料|饮料|網絡|网络|軟件|软件|系統|系统|半導|材料|零售|電氣|电气)$")
_ADR_LABEL = re.compile(r"(?:預託證券|预托证券|存託股份|存托股份|ADR|ADS|美股)\s*$")


def _us_candidate(text: str, start: int, end: int, ticker: str, label: str,
                  company: Company | None) -> _Candidate:
    """A US stock fact; with a table row, the printed name joins the span and the English name leads."""
    named = _name_before(text, start, None, company)
    english = f"({label})"
    if company and named and named[0].lower() in (n.lower() for n in company.names):
        start, english = named[1], f"{company.english} ({label})"
    return _Candidate(0, Fact(
        kind="stock", text=text[start:end], english=english, start=start, end=end, code=ticker, market="US",
        name=named[0] if named else None, name_english=company.english if company else None))


def _a_share_prefix_fits(code: str, ex: str) -> bool:
    """Whether an exchange prefix agrees with the code: SH000001 and SZ399001 are index codes, not shares."""
    if code.startswith("399"):
        return False
    return {"6": "SH", "9": "SH", "0": "SZ", "2": "SZ", "3": "SZ", "4": "BJ", "8": "BJ"}.get(code[0]) == ex \
        or (ex == "BJ" and code.startswith("92"))


def _a_share_market(code: str, ex: str | None) -> str | None:
    """The exchange of an A-share code; None when the written exchange does not fit (000001.SH is an index)
    or, with no exchange written, when no share code starts so (005827 is an off-exchange fund)."""
    if ex in ("SH", "SS", "SZ", "BJ"):
        market = "SH" if ex == "SS" else ex
        return market if _a_share_prefix_fits(code, market) else None
    if code[0] in "03" and code[:3] not in _SHARE_PREFIXES:
        return None
    return {"6": "SH", "0": "SZ", "3": "SZ", "4": "BJ", "8": "BJ"}.get(code[0])


# Shenzhen share codes (main board 000–003, ChiNext 300–302); other 0…/3… codes are funds or indexes.
_SHARE_PREFIXES = frozenset(("000", "001", "002", "003", "300", "301", "302"))
# Exchange-traded funds: Shanghai 51…, 56…, 58…; Shenzhen 15… (ETFs) and 16… (LOFs).
_ETF_NAME = re.compile(r"(?:ETF|LOF)\s*(?:基金)?\s*$", re.IGNORECASE)
_FUND_NAME = re.compile(r"(?:混合|債券|债券|貨幣|货币|聯接|联接|股票|指數|指数|基金|FOF|QDII)(?:[A-Z]類?|[A-Z]类)?\s*$")


def _fund_market(code: str, ex: str | None) -> str | None:
    """The exchange of a mainland exchange-traded fund's code, if it is one (510300 SH, 159915 SZ)."""
    market = "SH" if code[:2] in ("51", "56", "58") else "SZ" if code[:2] in ("15", "16") else None
    return market if ex in (None, market) or (ex == "SS" and market == "SH") else None


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




def normalise_stock_codes(text: str) -> str:
    """Fix OCR slips inside stock-code brackets — letter O read for zero: 迅策(O3317) → 迅策(03317).

    Only bracketed 4–5 character codes with at least three real digits are touched; the text
    keeps its length, so offsets found before and after agree.
    """
    def fix(match: re.Match[str]) -> str:
        return match.group().replace("O", "0").replace("o", "0")

    return re.sub(r"(?<=[(（\[【])\s*(?=[0-9Oo]{4,5}\s*[)）\]】])(?=(?:[Oo]*\d){3})[0-9Oo]{4,5}", fix, text)
