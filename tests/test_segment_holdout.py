"""Classes of failure met on an independent held-out set (tests/corpus/holdout_a), one rule per test.

That set was written by someone else, in habits the corpus of tests/corpus/pages did not
have. Each test below pins one general rule on a minimal text of its own (not a held-out
page); the last test pins the held-out group's score, shared with ``benchmarks/eval_segment.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.document import Article
from toolkit.segment import segment_text

REPO = Path(__file__).resolve().parent.parent

from segment_scoring import eval_segment  # noqa: E402

# Scored at the end of the work on issue 13 (seg2): 4 studied pages, 18 items, all right.
# Before: titles 66.7%, authors 61.1%, columns 55.6%. Raise, never lower.
HOLDOUT_A_FLOORS = {"titles": 1.0, "authors": 1.0, "columns": 1.0, "nothing_lost": 1.0, "precision": 1.0}
# holdout_b (4 more pages of the same set, kept back) and holdout_c (a fresh set by a third writer),
# pinned at their scores at the end of wave two. Their failure classes were named to the rule
# writers, their pages were not. Raise, never lower.
HOLDOUT_FLOORS = {
    "holdout_b": {"titles": 1.0, "authors": 1.0, "columns": 1.0, "nothing_lost": 1.0, "precision": 1.0},
    "holdout_c": {"titles": 0.88, "authors": 0.88, "columns": 0.88, "nothing_lost": 1.0, "precision": 0.88},
    # Wave three: holdout_d (5 pages, scored clean at 67/48/59%, then its failure classes named to
    # two rule writers) and holdout_e (6 pages, scored clean at 86/76/76%, then classes named too).
    "holdout_d": {"titles": 0.92, "authors": 0.88, "columns": 0.88, "nothing_lost": 1.0, "precision": 0.96},
    "holdout_e": {"titles": 0.96, "authors": 0.96, "columns": 0.96, "nothing_lost": 1.0, "precision": 0.96},
    # holdout_f (6 pages, clean 68/44/56%; its credit and box classes then named) and holdout_g
    # (6 pages, clean 76/67/71%; only its page-head shapes and facts classes named).
    "holdout_f": {"titles": 0.84, "authors": 0.84, "columns": 0.84, "nothing_lost": 1.0, "precision": 0.91},
    "holdout_g": {"titles": 0.90, "authors": 0.85, "columns": 0.80, "nothing_lost": 1.0, "precision": 0.82},
    # holdout_h (6 pages): written last, scored clean only (never tuned on): the honest figure.
    "holdout_h": {"titles": 0.88, "authors": 0.85, "columns": 0.88, "nothing_lost": 0.83, "precision": 0.77},
    # holdout_i (5 pages): the last set of the wave, scored clean only, never tuned on.
    "holdout_i": {"titles": 1.0, "authors": 0.93, "columns": 0.75, "nothing_lost": 0.4, "precision": 0.88},
}


def _articles(text: str) -> list[Article]:
    return segment_text(text)[0]


def _summary(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(a.kind, a.title.original, a.column, a.author) for a in _articles(text)]


def test_column_and_pen_name_across_an_ideographic_space() -> None:
    text = "港股見底未？\n\n股海浮沉\u3000老馮\n\n恒指本周反覆向下，成交縮減。\n\n我認為現階段宜守不宜攻。\n"
    assert _summary(text) == [("article", "港股見底未？", "股海浮沉", "老馮")]


def test_a_headline_in_two_halves_is_no_column_and_name() -> None:
    # Both halves longer than a name: still one headline.
    text = "金價回落\u3000金舖掀搶購潮\n\n國際金價本周從高位回落，金舖門外出現人龍。\n"
    assert _summary(text) == [("article", "金價回落\u3000金舖掀搶購潮", None, None)]


def test_latin_name_after_a_byline_prefix() -> None:
    text = "港股反彈 科技股領漲\n\n撰文：Ivan Lo\n\n恒指昨日升300點，科技股領漲。\n\n分析師認為，後市仍有支持。\n"
    (article,) = _articles(text)
    assert (article.column, article.author, article.byline) == (None, "Ivan Lo", "撰文：Ivan Lo")


def test_column_and_latin_name_across_an_ideographic_space() -> None:
    text = "美債息回落 金股受捧\n\n投資攻略\u3000Mary Chan\n\n美國十年期國債息回落，金礦股造好。\n"
    assert _summary(text) == [("article", "美債息回落 金股受捧", "投資攻略", "Mary Chan")]


def test_reporter_and_editor_on_one_line_the_reporter_is_the_author() -> None:
    text = "光伏板块集体走强 龙头涨停\n\n◎记者 王晓东 ○编辑 李慧\n\n昨日光伏板块集体走强，多只个股涨停。\n"
    (article,) = _articles(text)
    assert (article.column, article.author, article.byline) == (None, "王晓东", "◎记者 王晓东 ○编辑 李慧")


def test_author_signing_off_after_a_dash() -> None:
    for name in ("陳栢熙", "阿麥"):  # a surname, and a pen name
        text = (f"樓市回穩未可言春\n\n近月樓價止跌，但成交仍然疏落。\n\n筆者認為，息口回落之前，樓市難言轉勢。\n\n——{name}\n\n"
                "金價創新高 金舖客似雲來\n\n國際金價昨日再創新高，本港金舖人頭湧湧。\n")
        assert _summary(text) == [("article", "樓市回穩未可言春", None, name),
                                  ("article", "金價創新高 金舖客似雲來", None, None)]


def test_a_dash_subtitle_under_the_title_stays_a_subtitle() -> None:
    (article,) = _articles("樓市回穩未可言春\n\n——穩中求進\n\n近月樓價止跌，但成交仍然疏落。\n")
    assert (article.author, article.subheads) == (None, ["——穩中求進"])


def test_table_rows_with_units_and_short_codes_make_a_box() -> None:
    rows = {
        "大行最新評級": ["滙豐控股(5) 摩根士丹利 增持 目標價128元", "友邦保險(1299) 高盛 買入 目標價96元"],
        "本周成交焦點": ["啟德海瀾 3房 1,268萬元", "觀塘悅海灣 1房 498萬元"],
        "業績摘要": ["總收入 1,932億元人民幣 +15%", "經營盈利 726億元人民幣 +18%"],
        "主要债券收益率（%）": ["1年期国债 1.42 -0.01", "10年期国债 1.85 -0.02"],
    }
    for title, items in rows.items():
        lead = "債市走強 孳息下行\n\n本報記者 張明\n\n昨日債市延續強勢，孳息下行。\n\n"
        articles = _articles(lead + f"{title}\n\n" + "\n\n".join(items) + "\n")
        assert [(a.kind, a.title.original, a.column) for a in articles] == [
            ("article", "債市走強 孳息下行", None), ("box", title, None)], title
        assert [b.items for b in articles[1].boxes] == [items]


def test_a_second_news_story_without_byline_after_a_signed_one() -> None:
    text = ("债市走强 十年期国债收益率下行\n\n本报记者 张明\n\n昨日债市延续强势，十年期国债收益率下行2个基点。\n\n"
            "交易员表示，资金面宽松支撑债市。\n\n央行开展逆回购操作\n\n央行昨日开展1000亿元7天期逆回购操作，利率维持不变。\n")
    assert _summary(text) == [("article", "债市走强 十年期国债收益率下行", None, "张明"),
                              ("article", "央行开展逆回购操作", None, None)]


def test_in_a_column_a_dated_paragraph_under_a_subhead_stays_in_it() -> None:
    text = ("陳志明\n美債息回落 科網股喘定\n\n美國國債孳息回落，資金重投增長股。\n\n筆者相信，恒指短線未宜過份進取。\n\n"
            "內房股反彈屬技術性\n\n內房股昨日普遍反彈，但樓市銷售數據未見起色。\n")
    assert _summary(text) == [("article", "美債息回落 科網股喘定", None, "陳志明")]


def test_a_desk_signing_at_the_end_with_a_disclaimer_under_it() -> None:
    text = ("輪證熱點\n\n騰訊績後資金吼認購證\n\n騰訊公布業績後股價向好，有資金流入認購證。\n\n"
            "如看好騰訊，可留意中期價外認購證。\n\n中銀國際研究部\n\n"
            "本資料由證監會持牌人刊發，結構性產品並無抵押品，投資者或會損失全部投資。\n\n"
            "金價回落 金舖掀搶購潮\n\n國際金價本周從高位回落逾5%，金舖出現人龍。\n")
    articles = _articles(text)
    assert _summary(text) == [("article", "騰訊績後資金吼認購證", "輪證熱點", "中銀國際研究部"),
                              ("article", "金價回落 金舖掀搶購潮", None, None)]
    assert articles[0].disclosures[0].startswith("本資料由") and len(articles[0].paragraphs) == 2


def test_a_bracketed_note_by_the_writer_is_a_disclosure() -> None:
    text = "港股策略\n\n減息周期下 收租股重估在即\n\n■文：黃嘉怡\n\n收租股息率吸引。\n\n(筆者並無持有上述股份)\n"
    (article,) = _articles(text)
    assert article.disclosures == ["(筆者並無持有上述股份)"]


def test_holdout_a_meets_its_floors() -> None:
    totals = eval_segment.totals(eval_segment.score_part("holdout_a"))
    below = {k: v for k, v in totals.items() if v < HOLDOUT_A_FLOORS[k]}
    assert not below, f"holdout_a below its floors: {below}"


def test_pen_name_after_a_colon_prefix() -> None:
    (article,) = _articles("港股見底未？\n\n■文：阿麥\n\n恒指本周反覆向下，成交縮減。\n")
    assert (article.author, article.byline) == ("阿麥", "■文：阿麥")
    # Without the colon a prefix word starts ordinary words: "記者招待會" is no byline.
    assert [a.author for a in _articles("港股見底未？\n\n記者招待會\n\n恒指本周反覆向下。\n")] == [None]


def test_table_with_a_head_row_and_rows_without_codes() -> None:
    text = ("債市走強\n\n本報記者 張明\n\n昨日債市延續強勢。\n\n主要債券孳息（%）\n\n品種 最新 變動(bp)\n\n"
            "1年期國債 1.42 -1\n\n10年期國債 1.85 -2\n\n大行最新評級\n\n滙豐控股 摩根士丹利 增持 128元\n\n友邦保險 高盛 買入 96元\n")
    boxes = [a for a in _articles(text) if a.kind == "box"]
    assert [(b.title.original, len(b.boxes[0].items)) for b in boxes] == [("主要債券孳息（%）", 3), ("大行最新評級", 2)]


def test_the_place_a_story_was_filed_from_is_no_author() -> None:
    (article,) = _articles("光伏板块集体走强\n\n本报记者 王晓东 北京报道\n\n昨日光伏板块集体走强，多只个股涨停。\n")
    assert (article.author, article.byline) == ("王晓东", "本报记者 王晓东 北京报道")


def test_a_headline_with_a_short_second_half_is_no_byline() -> None:
    text = "銀行股造好\n\n滙豐公布業績後股價上升。\n\n港股回穩\u3000待突破\n\n恒指昨日升200點，成交增加。\n"
    assert [a.title.original for a in _articles(text)][-1] == "港股回穩\u3000待突破"
    assert all(a.column is None and a.author is None for a in _articles(text))


def test_data_box_rows_with_words_and_bracketed_changes() -> None:
    text = ("騰訊業績勝預期\n\n本報記者 何卓琳\n\n騰訊昨日公布業績，收入按年增長。\n\n業績摘要\n\n"
            "每股盈利 5.2元 按年 (+12%)\n\n毛利率 52% (+3個百分點)\n\n遊戲收入 612億元 持平\n")
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [("article", "騰訊業績勝預期"), ("box", "業績摘要")]
    assert len(articles[1].boxes[0].items) == 3


def test_a_subhead_over_a_paragraph_that_goes_on_with_the_story() -> None:
    for lead in ("該公司昨日亦表示，將增加派息。", "項目下周一開售，首批一百伙。"):
        text = ("新盤首推180伙\n\n記者 鄧子健\n\n新地旗下新盤昨日上載價單，首批180伙。\n\n發展商表示定價貼市。\n\n"
                f"料下周開售\n\n{lead}\n")
        (article,) = _articles(text)
        assert article.subheads == ["料下周開售"], lead


@pytest.mark.parametrize("part", sorted(HOLDOUT_FLOORS))
def test_later_holdouts_meet_their_floors(part: str) -> None:
    totals = eval_segment.totals(eval_segment.score_part(part))
    below = {k: v for k, v in totals.items() if v < HOLDOUT_FLOORS[part][k] - 1e-9}
    assert not below, f"{part} below its floors: {below}"
