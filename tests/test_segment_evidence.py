"""The evidence behind the segmenter's decisions, and ``brief segment --explain`` that prints it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli

from toolkit.segment import explain_text, load_rules, segment_text
from toolkit.segment.evidence import stock_headline, terms, wire_tag

COLUMN = ("美債息回落 科網股喘定\n\n陳志明\n\n美國十年期國債孳息回落，資金重投增長股。\n\n"
          "大市成交偏低，反映資金觀望。\n\n")


def test_weights_live_in_the_rules_file() -> None:
    weights = load_rules().heading_weights
    assert {"byline_article", "no_byline_article", "cohesion", "signed_after", "wire_tag"} <= set(weights)


def test_terms_are_character_pairs_and_latin_words() -> None:
    assert terms("港股 AI 升") == ["港股", "AI"]
    assert terms("滙豐控股") == ["滙豐", "豐控", "控股"]


@pytest.mark.parametrize("line", ["今日之選：舜宇光學 (2382, $78.5) 上望90元", "騰訊 (700, $512) 遊戲收入料回暖"])
def test_stock_headlines_are_titles_not_paragraphs(line: str) -> None:
    assert stock_headline(line)
    articles, _ = segment_text(f"{line}\n\n舜宇公布出貨量增長。\n\n[何志成 股海尋寶]\n")
    assert (articles[0].title.original, articles[0].author, articles[0].column) == (line, "何志成", "股海尋寶")
    assert articles[0].byline == "[何志成 股海尋寶]"


def test_a_wire_tag_opens_a_story_inside_a_signed_page() -> None:
    assert wire_tag("【大公報訊】國家外匯儲備連升三月")
    articles, _ = segment_text(COLUMN + "【大公報訊】國家外匯儲備連升三月\n\n外管局公布外匯儲備。\n")
    assert [a.title.original for a in articles] == ["美債息回落 科網股喘定", "【大公報訊】國家外匯儲備連升三月"]


def test_a_short_line_in_a_signed_column_stays_a_subhead() -> None:
    articles, _ = segment_text(COLUMN + "內房股反彈屬技術性\n\n內房股普遍反彈，但樓市銷售未見起色。\n")
    assert len(articles) == 1 and articles[0].subheads == ["內房股反彈屬技術性"]


def test_text_signed_by_someone_else_after_the_line_is_a_new_article() -> None:
    articles, _ = segment_text(COLUMN + "港元拆息全線回落\n\n銀行同業拆息全線回落。\n黃美玲\n")
    assert [(a.title.original, a.author) for a in articles] == [
        ("美債息回落 科網股喘定", "陳志明"), ("港元拆息全線回落", "黃美玲")]


def test_an_author_alone_at_the_end_closes_the_article() -> None:
    text = "保險股估值吸引\n\n平安市盈率跌至六倍。\n鄧嘉欣\n\n滙豐擴充團隊\n\n滙豐增聘客戶經理。\n"
    articles, _ = segment_text(text)
    assert [(a.title.original, a.author) for a in articles] == [("保險股估值吸引", "鄧嘉欣"), ("滙豐擴充團隊", None)]


@pytest.mark.parametrize("head", ["信報　市場脈搏　P14　2026年11月24日　星期二", "A005　2026年11月26日　星期四　机构",
                                  "上海证券报　A3　上市公司　2026年11月25日　星期三", "am730　財經　P22"])
def test_page_heads_by_shape_whatever_the_section(head: str) -> None:
    _, unassigned = segment_text(f"{head}\n\n港股再創新高 後市仍可看好\n\n陳大文\n\n恒指昨日升200點。\n")
    assert unassigned == [head]


def test_explain_gives_each_heading_line_its_decision_and_clues() -> None:
    decisions = explain_text(COLUMN + "內房股反彈屬技術性\n\n內房股普遍反彈。\n")
    assert [d.line for d in decisions] == ["美債息回落 科網股喘定", "內房股反彈屬技術性"]
    subhead = decisions[1]
    assert subhead.decision == "subhead" and subhead.score < 0
    assert {c.name for c in subhead.clues} >= {"byline_article", "cohesion", "new_subject"}


def test_brief_segment_explain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text("信報　市場脈搏　P14　2026年11月24日　星期二\n\n" + COLUMN + "內房股反彈屬技術性\n\n內房股反彈。\n",
                    encoding="utf-8")
    code, out, err = run_cli(["segment", str(page), "--explain"], capsys)
    assert code == 0 and err == ""
    assert "→ page head (by its shape)" in out
    assert "內房股反彈屬技術性\n    → subhead score" in out and "byline_article=1 (-3.0)" in out
