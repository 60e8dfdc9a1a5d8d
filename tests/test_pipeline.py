"""The whole chain on the example page, without a model: every stage does real work."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import toolkit
from toolkit.document import Brief

GOLD = Path(__file__).parent / "gold"


@pytest.fixture(scope="module")
def brief(example_page_path: Path) -> Brief:
    return toolkit.make_brief(example_page_path.read_bytes(), source="page.txt",
                              options=toolkit.BriefOptions(translate=False))


def test_items_and_bylines(brief: Brief) -> None:
    gold = json.loads((GOLD / "segment_example.json").read_text(encoding="utf-8"))
    titles = [a.title.original for a in brief.articles]
    assert titles == [item["title"] for item in gold["items"]]
    assert [a.kind for a in brief.articles].count("box") == 1
    assert {a.author for a in brief.articles if a.kind == "article"} >= {"李靈修", "沈金", "彭博"}


def test_simplified_fields_are_opencc_hk2s(brief: Brief) -> None:
    first = brief.articles[0]
    assert first.paragraphs[0].simplified == toolkit.convert(first.paragraphs[0].original, "hk2s")
    assert "這股人工智能" not in first.paragraphs[0].simplified
    assert "这股人工智能" in first.paragraphs[0].simplified


def test_ocr_slip_in_stock_code_fixed_in_original(brief: Brief) -> None:
    text = "".join(p.original for a in brief.articles for p in a.paragraphs)
    assert "迅策(03317)" in text and "(O3317)" not in text


def test_every_gold_stock_and_amount_found(brief: Brief) -> None:
    gold = json.loads((GOLD / "facts_example.json").read_text(encoding="utf-8"))
    by_title = {a.title.original: a for a in brief.articles}
    for item in gold["articles"]:
        article = by_title[item["title"]]
        assert {s["code"] for s in item["stocks"]} == {f.code for f in article.stocks}, item["title"]
        amounts = {(f.text, Decimal(str(f.value)), f.currency) for f in article.facts if f.kind == "amount"}
        for amount in item["amounts"]:
            assert (amount["text"], Decimal(amount["value"]), amount["currency"]) in amounts


def test_summaries_are_page_order_sentences_of_the_article(brief: Brief) -> None:
    for article in brief.articles:
        if article.kind == "box":
            assert article.summary.simplified == []
            continue
        body = "".join(p.simplified for p in article.paragraphs)
        assert 1 <= len(article.summary.simplified) <= 3
        positions = [body.index(sentence) for sentence in article.summary.simplified]
        assert positions == sorted(positions)
        assert article.summary.english is None


def test_no_model_means_null_english_and_no_notice_without_translation(brief: Brief) -> None:
    assert brief.translator is None
    assert all(a.title.english is None for a in brief.articles)


def test_json_contract_keys(brief: Brief) -> None:
    from toolkit.render import render_json

    data = json.loads(render_json(brief))
    assert set(data) >= {"source", "articles", "translator"}
    article = data["articles"][0]
    assert set(article) >= {"title", "column", "author", "subheads", "paragraphs", "captions",
                            "disclosures", "entities", "summary"}
    assert set(article["title"]) >= {"original", "simplified", "english"}
    assert set(article["entities"]) >= {"stocks", "amounts", "percentages"}
    assert set(article["summary"]) >= {"simplified", "english"}
    stock = next(a for a in data["articles"] if a["entities"]["stocks"])["entities"]["stocks"][0]
    assert set(stock) >= {"code", "market", "name", "name_english"} and len(stock["code"]) == 5
    amount = data["articles"][0]["entities"]["amounts"][0]
    assert set(amount) >= {"text", "value", "currency", "english"}


def test_simplified_page_gives_the_same_items(example_text: str) -> None:
    simplified = toolkit.convert(example_text, "hk2s")
    brief = toolkit.make_brief(simplified, options=toolkit.BriefOptions(translate=False))
    assert len(brief.articles) == 7
    assert sum(len(a.stocks) for a in brief.articles) >= 15
