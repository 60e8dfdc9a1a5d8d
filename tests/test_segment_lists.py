"""Lists and tables at page level, one class per test: a stand-alone table under its title line,
a reader Q&A column (a tag line over each question, every answer closed by the expert's credit),
one-line briefs in a layout with no blank lines, a mainland announcement list with no
headlines. Each test is a minimal text of our own; the pages of ``tests/corpus/lists``
(``benchmarks/eval_segment.py --part lists``) carry the same classes in page form.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.document import Article
from toolkit.segment import explain_text, placed_texts, segment_text

REPO = Path(__file__).resolve().parent.parent

from segment_scoring import eval_segment  # noqa: E402

# The locked pages, scored once when the rules were final (tests/corpus/lists/LOCKED_SCORE.txt).
# Before the rules for these classes: titles 81.8%, authors 63.6%, columns 63.6%, precision 75%;
# after, 100% each. Raise, never lower.
LISTS_LOCKED_FLOORS = {"titles": 1.0, "authors": 1.0, "columns": 1.0, "nothing_lost": 1.0, "precision": 1.0}

STORY = ("港股窄幅上落 成交跌穿千億\n記者 羅家明\n"
         "恒指上周五全日微升四十二點，收報二萬五千八百點，成交額縮減至九百六十億元，為近一個月低位。\n\n"
         "分析員指出，大市在二萬六千點附近阻力明顯，短期或繼續橫行整固。\n\n")


def _articles(text: str) -> list[Article]:
    return segment_text(text)[0]


def _nothing_lost(text: str) -> bool:
    articles, unassigned = segment_text(text)
    placed = "".join("".join(t.split()) for t in placed_texts(articles, unassigned))
    return sorted(placed) == sorted("".join(text.split()))


# --- 1. a stand-alone table -------------------------------------------------------------------

@pytest.mark.parametrize("head", ["股份　代號　收市價(元)　變幅(%)　成交額(億元)", "商品 單位 收市價 變幅(%)"])
def test_a_table_with_a_head_row_is_a_box_titled_by_the_line_above(head: str) -> None:
    rows = "騰訊控股　00700　512.0　+1.2　58.3\n阿里巴巴　09988　118.4　-0.8　41.7\n美團　03690　132.6　+2.5　30.2\n"
    text = STORY + "上周五成交額最大五隻股份\n" + head + "\n" + rows
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [
        ("article", "港股窄幅上落 成交跌穿千億"), ("box", "上周五成交額最大五隻股份")]
    assert articles[1].boxes[0].items[0] == head  # the head row is the table's first row, not its title
    assert _nothing_lost(text)


def test_a_dated_table_title_with_a_space_is_the_title_not_a_row() -> None:
    rows = "騰訊控股　00700　512.0　+1.2　58.3\n阿里巴巴　09988　118.4　-0.8　41.7\n美團　03690　132.6　+2.5　30.2\n"
    text = STORY + "成交額最大股份 (11月28日)\n" + rows
    box = _articles(text)[1]
    assert (box.kind, box.title.original, len(box.boxes[0].items)) == ("box", "成交額最大股份 (11月28日)", 3)


def test_a_headline_right_under_a_table_opens_an_article_in_a_tight_layout() -> None:
    text = ("港股窄幅上落 成交跌穿千億\n記者 羅家明\n恒指上周五全日微升四十二點，成交額縮減至九百六十億元。\n"
            "分析員指出，大市在二萬六千點附近阻力明顯。\n主要商品價格\n"
            "紐約期油　每桶　68.42美元　+0.9%\n紐約期金　每安士　2,650.3美元　-0.4%\n倫敦期銅　每噸　9,120美元　+1.1%\n"
            "內銀股息吸引 防守首選\n年底將至，不少投資者開始部署明年的收息組合。\n")
    assert [(a.kind, a.title.original) for a in _articles(text)] == [
        ("article", "港股窄幅上落 成交跌穿千億"), ("box", "主要商品價格"), ("article", "內銀股息吸引 防守首選")]
    assert any(d.decision == "title (after a box)" for d in explain_text(text))


# --- 2. a reader Q&A column -------------------------------------------------------------------

QUESTION_1 = ("退休前應否提早還清按揭？\n"
              "問：本人今年五十五歲，尚欠按揭約一百二十萬元，應否一次過還清？\n"
              "答：提早還款可省利息，但要預留足夠流動資金，建議先留一年生活費。\n")
QUESTION_2 = ("強積金應全數轉投保守基金嗎？\n"
              "問：近月股市波動，我的強積金結餘下跌了約一成，應否全數轉到保守基金？\n"
              "答：距離退休尚遠，短期波動不必過慮，較穩妥是維持均衡組合。\n")


@pytest.mark.parametrize(("credit", "author"), [
    ("（解答：資深理財顧問 黃綺雯）", "黃綺雯"), ("（解答：黃綺雯）", "黃綺雯"), ("答問嘉賓：馮志豪", "馮志豪"), ("答问嘉宾：赵立群", "赵立群"),
    ("—— 李卓賢", "李卓賢")])
def test_each_question_is_an_article_signed_by_the_expert_under_the_tag_line(credit: str, author: str) -> None:
    tag = "讀者問　專家答"
    text = f"{tag}\n{QUESTION_1}{credit}\n{tag}\n{QUESTION_2}{credit}\n"
    articles = _articles(text)
    assert [(a.title.original, a.column, a.author) for a in articles] == [
        ("退休前應否提早還清按揭？", tag, author), ("強積金應全數轉投保守基金嗎？", tag, author)]
    assert _nothing_lost(text)


def test_a_bracketed_tag_line_is_the_column_without_its_brackets() -> None:
    text = f"【讀者來信】\n{QUESTION_1}——黃綺雯\n【讀者來信】\n{QUESTION_2}——黃綺雯\n"
    articles = _articles(text)
    assert [(a.column, a.column_printed, a.author) for a in articles] == [("讀者來信", "【讀者來信】", "黃綺雯")] * 2
    assert _nothing_lost(text)


# --- 3. one-line briefs with no blank lines ---------------------------------------------------

TIGHT_BRIEFS = ("中銀香港加息\n中銀香港宣布上調港元定期存款利率，三個月年利率升至四厘。\n"
                "滙豐定存優惠\n滙豐銀行推出新客戶定期存款優惠，三個月年利率三點八厘。\n"
                "恒生銀行推按揭回贈\n恒生銀行宣布為新造按揭客戶提供現金回贈，最高為貸款額百分之一。\n")


@pytest.mark.parametrize("heading", ["銀行消息", "財經快訊"])
def test_a_heading_over_one_line_briefs_is_the_lists_section(heading: str) -> None:
    text = ("樓價連跌三周\n差估署數據顯示，住宅售價指數連續三周回落。\n有代理指，銀行收緊估價。\n記者 陳家怡\n"
            f"{heading}\n{TIGHT_BRIEFS}")
    articles = _articles(text)
    assert [(a.title.original, a.section, a.column) for a in articles[1:]] == [
        ("中銀香港加息", heading, None), ("滙豐定存優惠", None, None), ("恒生銀行推按揭回贈", None, None)]
    assert any("briefs" in d.decision for d in explain_text(text))  # "one-line briefs" or "a briefs list"


def test_two_one_line_paragraphs_under_subheads_stay_one_article() -> None:
    text = ("銀行股息吸引\n記者 陳家怡\n內銀股預期股息率普遍在六厘以上，估值仍處於歷史低位。\n"
            "息差收窄\n不過，內銀淨息差持續收窄，明年盈利增長有限。\n"
            "收息為主\n投資者宜以收息為主要目標，不宜期望股價大幅上升。\n")
    (article,) = _articles(text)
    assert article.subheads == ["息差收窄", "收息為主"]
    three = text + "長線部署\n長線投資者可分段吸納，留意業績公布。\n"
    (article,) = _articles(three)
    assert article.subheads == ["息差收窄", "收息為主", "長線部署"]


# --- 4. a mainland announcement list ----------------------------------------------------------

ANNOUNCEMENTS = ("公告速递\n"
                 "贵州茅台（600519）公告，公司拟于12月中旬实施中期分红，每股派发现金红利23.88元。\n"
                 "中国平安（601318）公告，公司完成发行本年度第二期资本补充债券，规模为100亿元。\n"
                 "比亚迪（002594）公告，11月新能源汽车销量约50万辆，同比增长约两成。\n")
MAINLAND_STORY = ("多家银行下调大额存单利率\n证券时报记者 刘思远\n"
                  "近期多家股份制银行下调大额存单利率，三年期产品利率普遍降至2%以下。\n\n"
                  "业内人士表示，存款利率下行有助于缓解银行净息差压力。\n\n")
AFTER = "券商加码布局财富管理\n今年以来，多家券商通过增设投顾团队等方式加码财富管理业务。\n"


def test_an_announcement_list_is_one_box_and_a_headline_after_it_opens_an_article() -> None:
    text = MAINLAND_STORY + ANNOUNCEMENTS + "\n" + AFTER
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [
        ("article", "多家银行下调大额存单利率"), ("box", "公告速递"), ("article", "券商加码布局财富管理")]
    assert len(articles[1].boxes[0].items) == 3
    assert any("a list, stands alone" in d.decision for d in explain_text(text))
    assert _nothing_lost(text)


def test_a_list_label_that_reads_as_a_name_heads_an_announcement_box() -> None:
    text = ("简讯\n伊利股份(600887)：拟以自有资金回购不超过10亿元公司股份。\n万华化学(600309)：烟台工业园新装置已投产。\n"
            "恒瑞医药(600276)：一款创新药获批上市。\n" + AFTER)
    assert [(a.kind, a.title.original) for a in _articles(text)] == [("box", "简讯"), ("article", "券商加码布局财富管理")]


def test_announcements_with_markers_and_a_broken_item_after_a_story() -> None:
    text = (MAINLAND_STORY + "公告速递\n●*ST华闻（000793）公告，公司股票将于下周一起撤销退市风险警示。\n"
            "●伊利股份（600887）公告，拟以自有资金回购不超过10亿元公司股份，回购价格不超过\n40元/股。\n"
            "●恒瑞医药（600276）公告，一款创新药获批上市。\n" + AFTER)
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [
        ("article", "多家银行下调大额存单利率"), ("box", "公告速递"), ("article", "券商加码布局财富管理")]
    assert _nothing_lost(text)


def test_briefs_with_a_headline_over_each_item_stay_articles() -> None:
    text = ("公司速览\n贵州茅台拟派发中期股息\n贵州茅台（600519）公告，拟每股派发现金红利23.88元。\n\n"
            "宁德时代签署储能大单\n宁德时代（300750）公告，与海外客户签署储能电池供货协议。\n")
    assert [(a.kind, a.title.original) for a in _articles(text)] == [
        ("article", "贵州茅台拟派发中期股息"), ("article", "宁德时代签署储能大单")]


# --- the pages ----------------------------------------------------------------------------------

def test_the_lists_dev_pages_are_right() -> None:
    totals = eval_segment.totals(eval_segment.score_part("lists"))
    assert totals == {"titles": 1.0, "authors": 1.0, "columns": 1.0, "nothing_lost": 1.0, "precision": 1.0}


def test_the_lists_locked_pages_meet_their_floors() -> None:
    totals = eval_segment.totals(eval_segment.score_part("lists_locked"))
    below = {k: v for k, v in totals.items() if v < LISTS_LOCKED_FLOORS[k] - 1e-9}
    assert not below, f"lists_locked below its floors: {below}"
