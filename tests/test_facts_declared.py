"""A currency declared once for the rest of an article, Macau pataca forms, exchange-traded fund
codes, and a code after a name with its own bracket (``tests/data/declared_check.tsv``)."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import pytest

from toolkit.document import Article, Paragraph
from toolkit.facts import declared_currencies, find_article_facts, find_facts
from toolkit.facts.stocks import _parse_company_rows, load_companies

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from declared_check import score  # noqa: E402


def _article(*paragraphs: str) -> Article:
    return Article(title=Paragraph("標題"), paragraphs=[Paragraph(p) for p in paragraphs])


def _amounts(article: Article) -> list[tuple[str, str | None, int | None]]:
    return [(f.text, f.currency, f.paragraph) for f in find_article_facts(article) if f.kind == "amount"]


def _stocks(text: str) -> list[tuple[str, str | None]]:
    return [(f"{f.code}.{f.market}", f.name_english) for f in find_facts(text, subjects=False) if f.kind == "stock"]


@pytest.mark.parametrize("part", ["dev", "locked"])
def test_check_set(part: str) -> None:
    right, total, misses = score(part)
    assert right == total, "\n".join(misses)


def test_declaration_in_paragraph_two_applies_from_there_on() -> None:
    article = _article("港府預計賣地收入約200億元。",
                       "澳門政府上半年總收入約530億元（澳門元，下同），博彩稅420億元。",
                       "開支310億元，另借入5億美元，並有3,000萬港元捐款。")
    assert _amounts(article) == [("200億元", "HKD", 0), ("530億元", "MOP", 1), ("420億元", "MOP", 1),
                                 ("310億元", "MOP", 2), ("5億美元", "USD", 2), ("3,000萬港元", "HKD", 2)]


def test_declaration_applies_within_one_text_from_the_amount_it_follows() -> None:
    facts = [f for f in find_facts("去年賺12億元，今年收入88億元（人民幣，下同），派息0.3元。") if f.kind == "amount"]
    assert [(f.text, f.currency) for f in facts] == [("12億元", "HKD"), ("88億元", "CNY"), ("0.3元", "CNY")]


def test_declaration_overrides_the_articles_own_guess() -> None:
    """A mainland-looking article that declares Hong Kong dollars prices in HKD from then on."""
    article = _article("人民銀行與財政部公布數據，A股及內地債市造好。",
                       "該行H股集資80億元（港元，下同）。", "另派息每股0.5元。")
    assert [c for _, c, _ in _amounts(article)] == ["HKD", "HKD"]


@pytest.mark.parametrize(("text", "currency"), [
    ("收入約530億元（澳門元，下同）", "MOP"), ("（澳門幣，下同）", "MOP"), ("（港元，下同）", "HKD"),
    ("（人民幣，下同）", "CNY"), ("(美元, 下同)", "USD"), ("（單位：澳門元）", "MOP"), ("（單位：億港元）", "HKD"),
    ("（以下均以美元計，下同）", "USD"), ("单位：亿元 币种：人民币", "CNY"),
])
def test_declaration_forms(text: str, currency: str) -> None:
    assert [c for _, c in declared_currencies(text)] == [currency]


@pytest.mark.parametrize("text", ["（下同）", "（單位：元）", "（按年）", "以人民幣計價", "人民幣、港元及美元"])
def test_not_a_declaration(text: str) -> None:
    assert declared_currencies(text) == []


@pytest.mark.parametrize(("text", "english"), [
    ("獲發MOP$10,000現金分享", "MOP 10,000"), ("虧損約MOP 3億", "MOP 300 million"),
    ("另有2,500澳門元醫療券", "MOP 2,500"), ("欠債2,000萬澳門幣", "MOP 20 million"),
])
def test_macau_pataca(text: str, english: str) -> None:
    assert [f.english for f in find_facts(text) if f.kind == "amount"] == [english]


def test_hong_kong_etfs_carry_their_english_names() -> None:
    assert _stocks("盈富基金（2800）及南方A50（2822）") == [
        ("02800.HK", "Tracker Fund of Hong Kong"), ("02822.HK", "CSOP FTSE China A50 ETF")]
    assert _stocks("華夏滬深300（3188）")[0] == ("03188.HK", "ChinaAMC CSI 300 Index ETF")


@pytest.mark.parametrize(("text", "code"), [
    ("沪深300ETF（510300）", "510300.SH"), ("科创50ETF（588000）", "588000.SH"),
    ("创业板ETF（159915）", "159915.SZ"), ("A500ETF基金（563360）", "563360.SH"),
])
def test_mainland_etf_codes(text: str, code: str) -> None:
    assert [c for c, _ in _stocks(text)] == [code]


@pytest.mark.parametrize("text", [
    "易方达蓝筹精选混合（005827）", "中欧医疗健康混合A（003095）", "天弘余额宝货币（000198）",
    "華夏上證50ETF聯接A（001051）", "（內地代碼：968043）", "另一基金（代碼：006327）", "某某（510300）",
])
def test_fund_codes_off_the_exchange_are_not_stocks(text: str) -> None:
    assert _stocks(text) == []


def test_a_share_codes_still_count() -> None:
    assert [c for c, _ in _stocks("宁德时代（300750）及美的集团（000333）、中芯國際（688981）")] == [
        "300750.SZ", "000333.SZ", "688981.SH"]


def test_name_with_its_own_bracket() -> None:
    assert _stocks("中國銀行（香港）（2388）及友邦保險（香港）(1299)") == [
        ("02388.HK", "BOC Hong Kong"), ("01299.HK", "AIA Group")]
    fact = next(f for f in find_facts("中國銀行（香港）（2388）走高") if f.kind == "stock")
    assert fact.text == "中國銀行（香港）（2388）"


def test_annotation_bracket_is_not_a_name() -> None:
    assert _stocks("今年首季（2025）業績") == []
    assert _stocks("業績（按年）（2388）") == []


def test_etf_table_shares_no_code_or_name_with_companies() -> None:
    data = resources.files("toolkit").joinpath("data")
    companies = _parse_company_rows(data.joinpath("hk_companies.tsv").read_text(encoding="utf-8"), "c")
    etfs = _parse_company_rows(data.joinpath("hk_etfs.tsv").read_text(encoding="utf-8"), "e")
    assert not {c.code for c in companies} & {e.code for e in etfs}
    assert not {n for c in companies for n in c.names} & {n for e in etfs for n in e.names}
    assert len(load_companies()) == len({c.code for c in companies} | {e.code for e in etfs})
