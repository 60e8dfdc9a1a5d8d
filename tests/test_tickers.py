"""US tickers from the widened table, A-share code forms, and look-alikes that must stay text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from toolkit.facts import find_facts


def _stocks(text: str) -> list[tuple[str, str]]:
    return [(f.code or "", f.market or "") for f in find_facts(text) if f.kind == "stock"]


# ---------------------------------------------------------------- US tickers

@pytest.mark.parametrize(("text", "ticker", "english", "name_english"), [
    ("Coinbase（COIN）昨晚急跌", "COIN", "Coinbase (COIN.US)", "Coinbase"),
    ("Strategy（MSTR）再增持比特幣（BTC）", "MSTR", "Strategy (MSTR.US)", "Strategy"),
    ("英偉達（NVDA）收入勝預期", "NVDA", "Nvidia (NVDA.US)", "Nvidia"),
    ("特斯拉（TSLA.US）交付量下跌", "TSLA", "Tesla (TSLA.US)", "Tesla"),
    ("Robinhood（HOOD）交投活躍", "HOOD", "Robinhood Markets (HOOD.US)", "Robinhood Markets"),
    ("AppLovin（APP）獲納入指數", "APP", "AppLovin (APP.US)", "AppLovin"),
    ("家得寶（HD）同店銷售回升", "HD", "Home Depot (HD.US)", "Home Depot"),
    ("波克夏·哈薩威公司（BRK.B）持有現金", "BRK.B", "Berkshire Hathaway (BRK.B.US)", "Berkshire Hathaway"),
    ("星座能源（CEG）簽訂購電協議", "CEG", "(CEG.US)", "Constellation Energy"),
])
def test_widened_us_table(text: str, ticker: str, english: str, name_english: str) -> None:
    (fact,) = [f for f in find_facts(text) if f.kind == "stock"]
    assert (fact.code, fact.market, fact.english, fact.name_english) == (ticker, "US", english, name_english)
    assert text[fact.start:fact.end] == fact.text


@pytest.mark.parametrize("text", [
    "比特幣（BTC）升穿10萬美元", "紐約期油（WTI）回落", "OPEC+決定增產", "聯儲局公開市場委員會（FOMC）會議",
    "人工智能（AI）熱潮", "行政總裁（CEO）表示", "國內生產總值（GDP）增長", "首次公開招股（IPO）", "交易所買賣基金（ETF）",
    "美元（USD）轉弱", "以太幣（ETH）下跌", "美國證交會（SEC）表態", "消費物價指數（CPI）", "採購經理指數（PMI）",
    "世界銀行（WB）預測", "科技股（TECH）", "快速（FAST）審批", "科網巨頭（FANG）", "團隊（TEAM）", "網上商店（SHOP）",
    "晨早（AM）及午後（PM）", "開市（ON）", "全部（ALL）", "資訊科技（IT）", "現在（NOW）", "關鍵（KEY）",
    "Federal Open Market Committee（FOMC）", "West Texas Intermediate（WTI）", "Bitcoin（BTC）",
    "國際能源署（IEA）", "歐洲央行（ECB）", "(USB)接口", "道瓊斯（DOW）", "信貸評分（FICO）", "加密貨幣達世幣（DASH）",
])
def test_acronyms_and_words_are_not_us_stocks(text: str) -> None:
    assert _stocks(text) == []


def test_widened_table_keeps_rows_unique() -> None:
    from toolkit.facts.stocks import load_us_listed

    table = load_us_listed()
    assert len(table) >= 550
    assert {"COIN", "MSTR", "HOOD", "APP", "PLTR", "CRWD", "BRK.B", "GOOG"} <= set(table)
    assert table["NVDA"].english == "Nvidia" and table["BABA"].english == "Alibaba Group"  # old rows kept
    owners: dict[str, str] = {}
    for company in table.values():
        for name in company.names:
            assert owners.setdefault(name, company.code) == company.code, name


# ---------------------------------------------------------------- A-share code forms

@pytest.mark.parametrize(("text", "code", "market", "english"), [
    ("格力电器(SZ000651)公布分红", "000651", "SZ", "Gree Electric Appliances (000651.SZ)"),
    ("贵州茅台(SH600519)收报1500元", "600519", "SH", "Kweichow Moutai (600519.SH)"),
    ("贵州茅台（SH600519）收报1500元", "600519", "SH", "Kweichow Moutai (600519.SH)"),
    ("中国平安（证券代码：601318）公告", "601318", "SH", "(601318.SH)"),
    ("平安银行（股票代码：000001）发布年报", "000001", "SZ", "(000001.SZ)"),
    ("美的集团000333昨日涨2%", "000333", "SZ", "Midea (000333.SZ)"),
    ("美的集团 000333 昨日涨2%", "000333", "SZ", "Midea (000333.SZ)"),
    ("平安银行000001.SZ成交活跃", "000001", "SZ", "Ping An Bank (000001.SZ)"),
    ("寒武纪688256.SH股价大涨", "688256", "SH", "Cambricon Technologies (688256.SH)"),
    ("比亚迪A股（002594）同步上升", "002594", "SZ", "BYD (002594.SZ)"),
])
def test_a_share_code_forms(text: str, code: str, market: str, english: str) -> None:
    (fact,) = [f for f in find_facts(text) if f.kind == "stock"]
    assert (fact.code, fact.market) == (code, market)
    assert fact.english.endswith(english)
    assert text[fact.start:fact.end] == fact.text


@pytest.mark.parametrize("text", [
    "沪深300指数收报3900点", "中证500与中证1000走势分化", "公司营收达到123456万元", "客服热线400-820-8820，邮编200120",
    "截至20250630止，持仓市值为350000元", "订单编号为100086，电话13800138000", "上证指数(SH000001)收跌",
    "深证成指(SZ399001)走低", "上证指数000001.SH收跌", "深证成指(399001.SZ)", "美的集团预计增长150000台", "共有600519名股东",
])
def test_six_digit_numbers_that_are_not_codes(text: str) -> None:
    assert _stocks(text) == []


# ---------------------------------------------------------------- the check set

def test_check_set_floor() -> None:
    """tests/data/ticker_check.tsv, dev part: the figure reached when the tables were widened."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from ticker_check import score  # type: ignore[import-not-found]

    hit, want, false, _, _, _ = score("dev")
    assert hit >= 24 and false == 0, (hit, want, false)


def test_a_share_names_have_no_padding() -> None:
    """CSI pads three-character short names (五 粮 液); the table keeps them as printed (五粮液)."""
    from toolkit.facts.stocks import load_a_shares

    assert not [n for c in load_a_shares().values() for n in c.names if " " in n or "\u3000" in n]
    assert _stocks("五粮液000858收涨1%") == [("000858", "SZ")]
