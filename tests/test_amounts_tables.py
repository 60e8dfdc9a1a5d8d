"""Money in tables (units in the title or header), Hong Kong coin units and other currencies.

The check set ``tests/data/amounts_check.tsv`` was written before the code; its dev part is
pinned here, its locked part is scored once with ``benchmarks/amounts_check.py locked``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from toolkit.document import Article, Box, Fact, Paragraph
from toolkit.facts import find_article_facts, find_facts
from toolkit.ranking import PER_BOXES, rank_facts

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("amounts_check", REPO / "benchmarks" / "amounts_check.py")
assert _spec and _spec.loader
amounts_check = importlib.util.module_from_spec(_spec)
sys.modules["amounts_check"] = amounts_check
_spec.loader.exec_module(amounts_check)


def _box_amounts(title: str, items: list[str], context: str = "港股昨日造好。") -> list[Fact]:
    article = Article(title=Paragraph(""), paragraphs=[Paragraph(context)], boxes=[Box(title, items)])
    return [f for f in find_article_facts(article) if f.kind == "amount" and f.where == "box"]


def _amounts(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.english) for f in find_facts(text) if f.kind == "amount"]


def test_check_set_dev_floor() -> None:
    cases = [c for c in amounts_check.load_cases() if c.split == "dev"]
    totals = amounts_check.score(cases)
    assert totals["found"] == totals["expected"], amounts_check.misses(cases)
    assert totals["unit_right"] == totals["expected"]
    assert totals["false_positives"] == 0


def test_title_unit_scales_bare_figures() -> None:
    facts = _box_amounts("主要銀行業績（億元）", ["匯豐　142.3", "中銀香港　201.5"])
    assert [(f.text, f.english, f.subject) for f in facts] == [
        ("142.3", "HK$14.23 billion", "匯豐"), ("201.5", "HK$20.15 billion", "中銀香港")]
    assert facts[0].start == 3 and facts[0].end == 8


def test_header_columns_money_price_and_percent() -> None:
    facts = _box_amounts("港股成交", ["股份　成交額（億元）　收市價（元）　升跌（%）", "匯豐控股　142.3　98.6　+1.2"])
    assert [f.english for f in facts] == ["HK$14.23 billion", "HK$98.6 per share"]


def test_header_row_given_as_box_title_and_unit_in_subhead() -> None:
    article = Article(title=Paragraph("銀行股業績"), subheads=["主要銀行純利（億元）", "*以美元計"],
                      paragraphs=[Paragraph("港股銀行股造好。")],
                      boxes=[Box("銀行　純利　按年變動（%）", ["匯豐控股*　220　+10", "恒生銀行　178.2　-3"])])
    facts = [f for f in find_article_facts(article) if f.where == "box"]
    assert [(f.english, f.currency) for f in facts] == [("US$22 billion", "USD"), ("HK$17.82 billion", "HKD")]


def test_price_column_is_in_yuan_whatever_the_table_scale() -> None:
    facts = _box_amounts("十大成交（億元）", ["股份 收市價 成交額 每股盈利(元)", "騰訊(700) 512.0 118.5 24.1"])
    assert [(f.english, f.subject) for f in facts] == [
        ("HK$512 per share", "騰訊"), ("HK$11.85 billion", "騰訊"), ("HK$24.1 per share", "騰訊")]


def test_footnote_marks_switch_currency_not_scale() -> None:
    facts = _box_amounts("上市公司純利（億元）", ["騰訊　1,940", "比亞迪#　402", "#人民幣"])
    assert [(f.value, f.currency) for f in facts] == [(194e9, "HKD"), (40.2e9, "CNY")]


def test_bare_yuan_in_a_table_follows_the_article() -> None:
    facts = _box_amounts("A股成交額（億元）", ["滬市　5,820"],
                         context="滬深兩市成交回升，上證指數升0.5%，人民銀行續作逆回購。")
    assert [(f.english, f.currency) for f in facts] == [("RMB 582 billion", "CNY")]


@pytest.mark.parametrize("title, items", [
    ("心水股", ["中國移動　(00941)", "騰訊控股　(00700)"]),  # no unit: not money
    ("恒指表現", ["指數　收市（點）　升跌（點）", "恒指　26,350　+200"]),
    ("外匯", ["貨幣　收市", "美元兌日圓　155.2", "美元兌人民幣　7.12"]),
    ("成交額（億元）", ["股份　升跌（%）　市盈率", "匯豐　+1.2　9.5"]),
])
def test_tables_without_money(title: str, items: list[str]) -> None:
    assert _box_amounts(title, items) == []


def test_commodity_rows_get_their_unit() -> None:
    facts = _box_amounts("商品價格", ["布蘭特期油（每桶）　62.35美元", "倫敦期銅（每噸）　9,850美元"], context="")
    assert [f.english for f in facts] == ["US$62.35 per barrel", "US$9,850 per tonne"]


@pytest.mark.parametrize("text, expected", [
    ("該股派息32仙", [("32仙", "HK$0.32")]),
    ("股價收報3毫", [("3毫", "HK$0.30")]),
    ("另一隻股收5毫子", [("5毫子", "HK$0.50")]),
    ("收報1元5毫", [("1元5毫", "HK$1.50")]),
    ("派息三毫", [("三毫", "HK$0.30")]),
    ("派息3.5仙", [("3.5仙", "HK$0.035")]),
    ("每股派末期息28港仙，另派特別息12美仙", [("每股派末期息28港仙", "HK$0.28 per share"),
                                            ("12美仙", "US$0.12 per share")]),
    ("厚度僅7.5毫米，容量250毫升", []),
    ("一毫子都冇，前景絲毫不樂觀，毫無起色", []),
    ("八仙過海，仙股炒作風氣盛，5仙股", []),
])
def test_coin_units(text: str, expected: list[tuple[str, str]]) -> None:
    assert _amounts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("斥資12億新加坡元收購", [("12億新加坡元", "S$1.2 billion")]),
    ("以3億加元購入", [("3億加元", "C$300 million")]),
    ("虧損20億瑞郎", [("20億瑞郎", "CHF 2 billion")]),
    ("營業利潤6.6萬億韓圜", [("6.6萬億韓圜", "KRW 6.6 trillion")]),
    ("純利新台幣500億元", [("新台幣500億元", "NT$50 billion")]),
    ("公司兌現3億元承諾", [("3億元", "HK$300 million")]),
    ("金價報4,416美元一盎司，銅價9,850美元每噸", [("4,416美元一盎司", "US$4,416 per ounce"),
                                              ("9,850美元每噸", "US$9,850 per tonne")]),
    ("他賺了50元一桶金", [("50元", "HK$50")]),
    ("美元兌日圓報155.2，1美元兌155日圓，美元兌人民幣 7.12", []),
])
def test_currencies_and_exchange_rates(text: str, expected: list[tuple[str, str]]) -> None:
    assert _amounts(text) == expected


def test_a_table_does_not_flood_key_figures() -> None:
    rows = [f"銀行{chr(0x7532 + i)}　{100 + i}.5" for i in range(10)]
    article = Article(title=Paragraph("港股銀行股造好"),
                      paragraphs=[Paragraph("匯豐控股(00005)全年純利增加10%至220億美元，大市成交額2,450億元。")],
                      boxes=[Box("主要銀行純利（億元）", rows)])
    article.facts = find_article_facts(article)
    ranked = [f for f in rank_facts(article) if f.kind in ("amount", "percentage", "change", "index_points")]
    prose = [f for f in ranked if f.where == "paragraph"]
    assert len(prose) == 3
    ahead = ranked[:len(prose) + PER_BOXES]
    assert all(f in ahead for f in prose)
    assert sum(f.where == "box" for f in ahead) == PER_BOXES
