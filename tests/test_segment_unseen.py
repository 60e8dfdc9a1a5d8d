"""Layouts first met on the unseen pages (tests/pages/unseen_*.txt), one rule per test.

The pages were written from other papers' habits, not from examples/page.txt; each test
pins one general rule the segmenter needed for them, on a minimal text of its own.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from toolkit.segment import placed_texts, segment_text

PAGES = Path(__file__).resolve().parent / "pages"


def _chars(texts: list[str] | str) -> Counter[str]:
    return Counter(ch for ch in ("".join(texts) if isinstance(texts, list) else texts) if not ch.isspace())


def test_there_are_unseen_pages_with_gold() -> None:
    pages = sorted(PAGES.glob("unseen_*.txt"))
    assert len(pages) >= 4
    assert all(page.with_suffix("").with_suffix(".gold.json").exists() for page in pages)


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.txt")), ids=lambda p: p.stem)
def test_nothing_lost_on_every_page(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    articles, unassigned = segment_text(text)
    assert _chars(placed_texts(articles, unassigned)) == _chars(text)


@pytest.mark.parametrize("header", ["2026年11月25日 星期三", "证券时报", "2026年11月25日 星期三 A002版",
                                    "信報 2026-11-25", "2026年11月25日（星期三）"])
def test_page_header_lines_are_unassigned(header: str) -> None:
    articles, unassigned = segment_text(f"{header}\n\n港股再創新高 後市仍可看好\n\n陳大文\n\n恒指昨日升200點。\n")
    assert unassigned == [header]
    assert [(a.title.original, a.section, a.column, a.author) for a in articles] == [
        ("港股再創新高 後市仍可看好", None, None, "陳大文")]


def test_a_date_in_a_title_is_no_page_header() -> None:
    articles, unassigned = segment_text("2026年11月25日 港股再創新高\n\n陳大文\n\n恒指昨日升200點。\n")
    assert unassigned == [] and articles[0].title.original == "2026年11月25日 港股再創新高"


@pytest.mark.parametrize(("byline", "name"), [
    ("■文：李小明", "李小明"), ("文︰李小明", "李小明"), ("●撰文：李小明", "李小明"), ("記者 李小明", "李小明"),
    ("本報記者 李小明", "李小明"), ("本报记者 李四 王五", "李四、王五"), ("特約記者 歐陽小明", "歐陽小明")])
def test_byline_prefixes_markers_and_several_names(byline: str, name: str) -> None:
    article = segment_text(f"港股再創新高 後市仍可看好\n\n{byline}\n\n恒指昨日升200點。\n")[0][0]
    assert article.title.original == "港股再創新高 後市仍可看好"
    assert (article.author, article.byline) == (name, byline)
    assert article.column is None and article.section is None


def test_several_names_need_a_prefix() -> None:
    article = segment_text("港股再創新高 後市仍可看好\n\n李四 王五 趙六 錢七\n\n恒指昨日升200點。\n")[0][0]
    assert article.author is None


def test_box_rows_with_figures_after_the_code() -> None:
    text = ("上一篇正文。\n\n港股通十大成交活躍股\n\n騰訊控股（00700） 淨買入 12.5億\n\n美團（03690） 淨賣出 3.2億\n\n"
            "下一篇 標題\n\n陳大文\n\n正文。\n")
    articles, _ = segment_text(text)
    box = articles[1]
    assert (box.kind, box.title.original) == ("box", "港股通十大成交活躍股")
    assert box.boxes[0].items == ["騰訊控股（00700） 淨買入 12.5億", "美團（03690） 淨賣出 3.2億"]
    assert articles[2].title.original == "下一篇 標題"


def test_a_name_and_code_with_words_glued_after_it_is_no_box_row() -> None:
    articles, _ = segment_text("標題 一\n\n陳大文\n\n正文。\n\n騰訊（00700）業績勝預期\n\n再一段。\n")
    assert [a.kind for a in articles] == ["article"]
    assert articles[0].subheads == ["騰訊（00700）業績勝預期"]


def test_brief_list_items_are_articles() -> None:
    text = ("財經簡訊\n\n滙豐擬回購股份\n\n滙豐昨宣布回購股份，\n\n涉資30億美元。\n\n港交所新股集資居首\n\n"
            "港交所表示集資額居首。\n\n比亞迪銷量增兩成\n\n比亞迪公布銷量。\n")
    articles, _ = segment_text(text)
    assert [(a.title.original, a.section, len(a.paragraphs)) for a in articles] == [
        ("滙豐擬回購股份", "財經簡訊", 1), ("港交所新股集資居首", None, 1), ("比亞迪銷量增兩成", None, 1)]


def test_a_short_line_in_an_ordinary_article_stays_a_subhead() -> None:
    text = "投資全方位\n\n港股再創新高 後市仍可看好\n\n陳大文\n\n正文。\n\n資金流入\n\n北水持續流入。\n"
    articles, _ = segment_text(text)
    assert len(articles) == 1 and articles[0].subheads == ["資金流入"]


def test_a_line_ending_in_a_semicolon_goes_on_in_the_next_column() -> None:
    article = segment_text("標題 一\n\n陳大文\n\n宁德时代涨3.12%，成交额超过85亿元；\n\n中芯国际涨4.5%。\n")[0][0]
    assert [p.original for p in article.paragraphs] == ["宁德时代涨3.12%，成交额超过85亿元；中芯国际涨4.5%。"]


def test_lone_unknown_line_above_the_title_is_the_column() -> None:
    article = segment_text("大行報告\n\n花旗：騰訊目標價升至700元\n\n文︰張美玲\n\n花旗發表報告。\n")[0][0]
    assert (article.section, article.column, article.author, article.byline) == (
        None, "大行報告", "張美玲", "文︰張美玲")


@pytest.mark.parametrize(("left", "right", "joined"), [
    ("黃仁勳表示，新一代Black", "well Ultra晶片。", "黃仁勳表示，新一代Blackwell Ultra晶片。"),
    ("亦有分析員擔心，Palantir", "Technologies（PLTR.US）波動。", "亦有分析員擔心，Palantir Technologies（PLTR.US）波動。"),
    ("目前，定價為Sora Pro", "1080P每秒0.5美元。", "目前，定價為Sora Pro 1080P每秒0.5美元。"),
])
def test_latin_word_broken_by_a_caption(left: str, right: str, joined: str) -> None:
    article = segment_text(f"標題 一\n\n陳大文\n\n{left}\n▲圖片說明。\n{right}\n")[0][0]
    assert [p.original for p in article.paragraphs] == [joined]
    assert article.captions == ["▲圖片說明。"]


@pytest.mark.parametrize(("byline", "name"), [
    ("■香港文匯報記者 周曉菁", "周曉菁"), ("新华社记者 张明", "张明"), ("本報記者 李四、王五", "李四、王五")])
def test_outlet_reporter_bylines(byline: str, name: str) -> None:
    article = segment_text(f"港股再創新高 後市仍可看好\n\n{byline}\n\n恒指昨日升200點。\n")[0][0]
    assert (article.author, article.byline, article.column) == (name, byline, None)


def test_reporter_credit_under_the_text_is_the_author_and_ends_the_article() -> None:
    text = "港股再創新高\n\n恒指昨日升200點。\n\n（記者 陳大文）\n\n內房銷售疲弱\n\n百強房企銷售額下跌。\n"
    articles, _ = segment_text(text)
    assert [(a.title.original, a.author, a.disclosures) for a in articles] == [
        ("港股再創新高", "陳大文", []), ("內房銷售疲弱", None, [])]
    assert articles[0].byline == "（記者 陳大文）"


def test_reporter_credit_after_a_byline_is_a_disclosure() -> None:
    text = "港股再創新高 後市仍可看好\n\n陳大文\n\n恒指昨日升200點。\n\n（記者 李小明）\n"
    article = segment_text(text)[0][0]
    assert (article.author, article.disclosures) == ("陳大文", ["（記者 李小明）"])


@pytest.mark.parametrize("credit", ["新華社記者 張明 攝", "資料來源：彭博", "圖：路透社"])
def test_photo_and_source_credits_are_captions(credit: str) -> None:
    text = f"標題 一\n\n陳大文\n\n第一段。\n\n{credit}\n\n小標題\n\n第二段。\n"
    article = segment_text(text)[0][0]
    assert article.subheads == ["小標題"] and len(article.captions) == 1 and len(article.paragraphs) == 2


def test_running_head_with_section_and_page_number() -> None:
    articles, unassigned = segment_text("財經 B4\n\n港股再創新高 後市仍可看好\n\n陳大文\n\n恒指昨日升200點。\n")
    assert unassigned == ["財經 B4"] and articles[0].section is None


def test_question_title_over_a_column_and_byline() -> None:
    text = "恒指周線三連跌 後市看什麼？\n\n市場縱橫\n\n◆撰文：司徒文傑\n\n港股本周累跌。\n"
    article = segment_text(text)[0][0]
    assert (article.title.original, article.column, article.author) == (
        "恒指周線三連跌 後市看什麼？", "市場縱橫", "司徒文傑")
    assert article.byline == "◆撰文：司徒文傑"


def test_box_title_is_not_swallowed_by_a_header_run() -> None:
    text = "上一篇正文。\n\n（本欄逢周五刊出）\n\n本周精選\n\n港交所 (388) 目標價 420元\n\n友邦 (1299) 目標價 95元\n"
    articles, _ = segment_text(text)
    assert articles[-1].kind == "box" and articles[-1].title.original == "本周精選"
    assert len(articles[-1].boxes[0].items) == 2


def test_data_table_rows_without_codes_make_a_box() -> None:
    text = "主要指數表現\n\n恒生指數 25,812 -312\n\n國企指數 9,105 -95\n\n恒生科技指數 5,620 -1.8%\n\n科技股領跌 恒指失守\n\n陳大文\n\n正文。\n"
    articles, _ = segment_text(text)
    assert [(a.kind, a.title.original) for a in articles] == [("box", "主要指數表現"), ("article", "科技股領跌 恒指失守")]
    assert len(articles[0].boxes[0].items) == 3 and articles[1].author == "陳大文"


def test_a_lone_line_with_a_figure_stays_a_subhead() -> None:
    articles, _ = segment_text("標題 一\n\n陳大文\n\n正文。\n\nSeedance 2.0\n\n再一段。\n")
    assert [a.kind for a in articles] == ["article"] and articles[0].subheads == ["Seedance 2.0"]


def test_subtitle_under_the_title_is_a_subhead_not_a_column() -> None:
    text = "科技股領跌 恒指失守兩萬六\n\n——外資連續五日沽貨\n\n記者 陳大文\n\n恒指昨日低開低走。\n"
    article = segment_text(text)[0][0]
    assert (article.column, article.section, article.subheads) == (None, None, ["——外資連續五日沽貨"])
