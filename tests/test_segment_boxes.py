"""Titled boxes of facts at page level and the headlines printed right under them, one class per
test: a profile or IPO fact sheet ("label：value" rows under a title line), a numbered tips box,
a broker-ratings box, a headline right after a box in a layout with no blank lines, and a
two-part headline with a figure under a box's rows (a title, not one more row). Each test is a
minimal text of our own; the pages of ``tests/corpus/boxes`` (``benchmarks/eval_segment.py
--part boxes``) carry the same classes in page form.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.document import Article
from toolkit.segment import explain_text, placed_texts, segment_text

REPO = Path(__file__).resolve().parent.parent

from segment_scoring import eval_segment  # noqa: E402

# The locked pages, scored once when the rules were final (tests/corpus/boxes/LOCKED_SCORE.txt).
# Raise, never lower.
BOXES_LOCKED_FLOORS = {"titles": 1.0, "authors": 1.0, "columns": 1.0, "nothing_lost": 1.0, "precision": 1.0}

STORY = ("晶準醫療今起招股\n記者 馮浩然\n"
         "醫療器械商晶準醫療今日起招股，計劃發行約一億股新股，集資最多約六億元，所得款項主要用於擴建生產線。\n"
         "公司管理層表示，已引入三名基石投資者，合共認購約三成發售股份，預計下月九日在主板掛牌。\n")
NEXT = ("本地樓價連跌兩個月\n"
        "差餉物業估價署最新數據顯示，十月私人住宅售價指數按月下跌約百分之一，為連續第二個月回落，中小型單位跌幅較大。\n")


def _articles(text: str) -> list[Article]:
    return segment_text(text)[0]


def _nothing_lost(text: str) -> bool:
    articles, unassigned = segment_text(text)
    placed = "".join("".join(t.split()) for t in placed_texts(articles, unassigned))
    return sorted(placed) == sorted("".join(text.split()))


# --- 1. a titled box of facts -------------------------------------------------------------------

@pytest.mark.parametrize(("title", "rows"), [
    ("【晶準醫療招股資料】", ["招股價：5.80至6.20元", "每手：500股", "入場費：3,131.26元", "保薦人：中金公司"]),
    ("受訪者簡介", ["姓名：黃志勤", "職位：家族辦公室投資總監", "年齡：47歲"]),
    ("【华芯微电申购资料】", ["申购代码：787123", "发行价格：18.60元", "申购上限：1.2万股"]),
])
def test_label_value_rows_under_a_title_line_are_a_box_and_a_headline_after_it_opens_an_article(
        title: str, rows: list[str]) -> None:
    text = STORY + title + "\n" + "\n".join(rows) + "\n" + NEXT
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [
        ("article", "晶準醫療今起招股"), ("box", title), ("article", "本地樓價連跌兩個月")]
    assert articles[1].boxes[0].items == rows
    assert len(articles[0].paragraphs) == 2 and articles[0].author == "馮浩然"
    assert _nothing_lost(text)
    assert any(d.line == title and d.decision.startswith("box title") for d in explain_text(text))


def test_a_label_value_row_without_a_figure_closes_a_table_of_two_cells() -> None:
    rows = ["招股價　5.80至6.20元", "每手　500股", "入場費　3,131.26元", "保薦人　中金公司"]
    text = STORY + "晶準醫療招股資料\n" + "\n".join(rows) + "\n" + NEXT
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [
        ("article", "晶準醫療今起招股"), ("box", "晶準醫療招股資料"), ("article", "本地樓價連跌兩個月")]
    assert articles[1].boxes[0].items == rows


def test_a_two_part_headline_under_a_table_over_a_byline_stays_a_headline() -> None:
    rows = ["招股價　5.80至6.20元", "每手　500股", "入場費　3,131.26元"]
    text = STORY + "晶準醫療招股資料\n" + "\n".join(rows) + "\n港股急跌　恒指瀉五百點\n記者 何卓文\n" + NEXT.split("\n")[1] + "\n"
    assert [a.title.original for a in _articles(text)][-1] == "港股急跌　恒指瀉五百點"


def test_a_two_part_headline_under_code_rows_stays_a_headline() -> None:
    # Found by the composed-pages property test: a blank line, then the column and author.
    text = (STORY + "心水股\n中國移動 (00941)\nMINIMAX (00100)\n萬洲國際 (00288)\n美股翻身乏力 A股港股具韌性\n\n政經才情 容道\n"
            + NEXT.split("\n")[1] + "\n")
    articles = _articles(text)
    assert articles[-1].title.original == "美股翻身乏力 A股港股具韌性" and articles[-2].kind == "box"


def test_two_label_value_lines_under_a_title_stay_header_lines() -> None:
    # Two "label：value" lines are too few to call a box (a title over 主持：/嘉賓： may head a talk).
    text = "投資講座\n主持：陳大文\n嘉賓：李小明\n" + STORY
    assert all(a.kind == "article" for a in _articles(text))


def test_label_value_lines_with_sentence_punctuation_are_no_box() -> None:
    text = STORY + "市場觀點\n問：港股明年走勢如何？\n答：估值偏低，但仍受息口影響。\n市場：觀望氣氛濃厚，成交淡靜。\n"
    assert [a.kind for a in _articles(text)].count("box") == 0


# --- 2. numbered tips and broker ratings --------------------------------------------------------

@pytest.mark.parametrize(("title", "rows"), [
    ("本周貼士", ["1. 留意美國就業數據", "2. 高息股回調可吸納", "3. 避免借貸炒股"]),
    ("本周貼士", ["● 留意美國就業數據", "● 高息股回調可吸納", "● 避免借貸炒股"]),  # the last alone reads as a pen name
    ("本周贴士", ["一、关注央行公开市场操作", "二、留意年末资金面变化", "三、谨慎追高题材股"]),
    ("操作貼士", ["①控制單只個股倉位", "②留意解禁時間表", "③避免融資追漲"]),
    ("大行報告", ["花旗　騰訊　買入　目標價 680", "摩通　友邦　增持　目標價 92", "瑞銀　港交所　中性　目標價 350"]),
])
def test_tips_and_ratings_boxes_stand_alone_before_the_next_headline(title: str, rows: list[str]) -> None:
    text = STORY + title + "\n" + "\n".join(rows) + "\n" + NEXT
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [
        ("article", "晶準醫療今起招股"), ("box", title), ("article", "本地樓價連跌兩個月")]
    assert articles[1].boxes[0].items == rows


def test_numbered_subheads_with_text_between_them_stay_subheads() -> None:
    text = STORY.replace("公司管理層表示", "一、基石投資者捧場\n公司管理層表示") + "二、上市日期\n公司預計下月九日掛牌，暗盤交易將於前一日進行，市場反應值得留意。\n"
    articles = _articles(text)
    assert [a.kind for a in articles] == ["article"]
    assert articles[0].subheads == ["一、基石投資者捧場", "二、上市日期"]


# --- 3. a two-part headline with a figure under a box's rows ------------------------------------

@pytest.mark.parametrize("rows", [
    ["1. 留意美國就業數據", "2. 高息股回調可吸納", "3. 避免借貸炒股"],
    ["騰訊　業績　11月13日", "小米　業績　11月18日", "美團　業績　11月26日"],
])
def test_a_two_part_headline_with_a_figure_under_a_box_is_a_title_not_a_row(rows: list[str]) -> None:
    headline = "強積金回報　11月升2.3%"
    text = (STORY + "本周焦點\n" + "\n".join(rows) + "\n" + headline + "\n"
            "積金評級指數顯示，強積金十一月平均回報為正，股票基金表現最好，債券基金則輕微下跌，整體資產規模再創新高。\n")
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [
        ("article", "晶準醫療今起招股"), ("box", "本周焦點"), ("article", headline)]
    assert articles[1].boxes[0].items == rows
    assert _nothing_lost(text)


def test_a_row_of_the_same_shape_after_the_rows_stays_a_row() -> None:
    # The text after the box goes on about the article above: the last row is a row.
    rows = ["騰訊　業績　11月13日", "小米　業績　11月18日", "美團　業績　11月26日"]
    text = (STORY + "本周焦點\n" + "\n".join(rows) + "\n"
            "分析員指出，科技股業績期將至，市場關注廣告及遊戲收入能否維持增長，估值或再獲支持。\n")
    articles = _articles(text)
    assert [a.kind for a in articles].count("box") + sum(len(a.boxes) for a in articles if a.kind == "article") == 1
    assert all(a.title.original != "分析員指出" for a in articles)


# --- the corpus ---------------------------------------------------------------------------------

def test_the_boxes_dev_pages_meet_their_floors() -> None:
    # b06 (a headline right after another article's last paragraph, no byline) is still missed.
    totals = eval_segment.totals(eval_segment.score_part("boxes"))
    assert totals["titles"] >= 0.95 and totals["nothing_lost"] == 1.0 and totals["precision"] == 1.0


def test_the_boxes_locked_pages_meet_their_floors() -> None:
    totals = eval_segment.totals(eval_segment.score_part("boxes_locked"))
    below = {k: v for k, v in totals.items() if v < BOXES_LOCKED_FLOORS[k] - 1e-9}
    assert not below, f"boxes_locked below its floors: {below}"
