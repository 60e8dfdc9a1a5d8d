"""Failure classes met on a second independent set (issue 13, seg3), one general rule per test.

Each test is a minimal text written for it, not a page of that set.
"""

from __future__ import annotations

from collections import Counter

from toolkit.document import Article
from toolkit.segment import placed_texts, segment_text


def _articles(text: str) -> list[Article]:
    return segment_text(text)[0]


def _summary(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(a.kind, a.title.original, a.column, a.author) for a in _articles(text)]


BODY = "恒指本周在兩萬六千點附近徘徊，成交持續萎縮。\n\n筆者認為，年底前大市難有突破。\n"


def test_a_bracketed_column_tag_above_the_title() -> None:
    for tag, column, author in (("[盧一鳴專欄]", "盧一鳴專欄", "盧一鳴"), ("【陳美華之見】", "陳美華之見", "陳美華"),
                                ("〔老顧隨筆〕", "老顧隨筆", "老顧")):
        text = f"{tag}\n\n港股年底觀望氣氛濃\n\n{BODY}"
        assert _summary(text) == [("article", "港股年底觀望氣氛濃", column, author)], tag
        articles, unassigned = segment_text(text)
        assert articles[0].byline == tag  # the tag as printed: nothing lost, brackets included
        placed = "".join(placed_texts(articles, unassigned))
        assert Counter(placed.replace(" ", "").replace("\n", "")) == Counter(text.replace(" ", "").replace("\n", ""))


def test_a_bracketed_headline_without_a_column_word_is_no_column_tag() -> None:
    text = "[港股年底觀望氣氛濃]\n\n" + BODY
    (article,) = _articles(text)
    assert article.column is None and article.author is None


def test_a_pen_name_over_the_authors_note_signs_the_column() -> None:
    text = ("內銀股息率吸引\n\n內銀股股息率普遍回升至七厘以上。\n\n筆者相信，明年內銀股仍有穩定派息能力。\n\n"
            "老顧\n\n（作者為資深證券分析員，並無持有文中提及股份）\n\n"
            "港交所擬推新上市制度\n\n香港交易所昨日發表諮詢文件，建議放寬上市門檻。\n")
    articles = _articles(text)
    assert _summary(text) == [("article", "內銀股息率吸引", None, "老顧"),
                              ("article", "港交所擬推新上市制度", None, None)]
    assert articles[0].disclosures == ["（作者為資深證券分析員，並無持有文中提及股份）"]


def test_a_short_line_between_paragraphs_is_no_pen_name_without_a_note_under_it() -> None:
    text = "內銀股息率吸引\n\n內銀股股息率回升。\n\n展望\n\n筆者相信，明年仍有穩定派息能力。\n"
    (article,) = _articles(text)
    assert article.author is None and article.subheads == ["展望"]


def test_a_box_of_rate_formulas_is_a_box() -> None:
    text = ("樓市回暖 銀行搶客\n\n多間銀行本月下調按揭息率。\n\n記者 黃志明\n\n主要銀行H按計劃\n\n"
            "渣打 H+1.3厘 封頂P-1.75厘\n\n中銀 H+1.3厘 封頂P-1.75厘\n\n滙豐 HIBOR+1.25% 封頂P-1.75厘\n\n"
            "新盤加推 發展商減價\n\n多個新盤本周加推單位。\n")
    assert _summary(text) == [("article", "樓市回暖 銀行搶客", None, "黃志明"),
                              ("box", "主要銀行H按計劃", None, None),
                              ("article", "新盤加推 發展商減價", None, None)]
    assert _articles(text)[1].boxes[0].items[0] == "渣打 H+1.3厘 封頂P-1.75厘"


def test_a_box_of_broker_ratings_after_a_signed_story() -> None:
    text = ("車企銷量再創新高\n\n比亞迪上月銷量按年增長三成。\n\n記者 黃志明\n\n大行評級\n\n"
            "比亞迪(1211) 買入 目標價410元\n\n吉利汽車(175) 增持 目標價22元\n\n"
            "內銀股息吸引\n\n內銀股股息率回升至七厘。\n")
    assert [(a.kind, a.title.original) for a in _articles(text)] == [
        ("article", "車企銷量再創新高"), ("box", "大行評級"), ("article", "內銀股息吸引")]


def test_an_amount_in_a_headline_is_no_clause_comma() -> None:
    text = ("年尾部署 收息股穩陣\n\n臨近年尾，不少散戶考慮部署明年投資。\n\n"
            "新股首掛升兩成 一手賺2,400元\n\n今日首日掛牌的科技股開市報12.5元，較招股價高兩成。\n")
    assert [a.title.original for a in _articles(text)] == ["年尾部署 收息股穩陣", "新股首掛升兩成 一手賺2,400元"]


def test_a_question_headline_in_two_halves_after_a_signed_column() -> None:
    text = ("美息見頂 港股受惠\n\n美國通脹持續回落，市場預期明年減息。\n\n我認為港股明年表現將優於今年。\n\n■陳大文\n\n"
            "年尾揸邊隻？ 收息股穩陣過炒孖展\n\n臨近年尾，有分析師建議揀選高息股。\n")
    assert _summary(text) == [("article", "美息見頂 港股受惠", None, "陳大文"),
                              ("article", "年尾揸邊隻？ 收息股穩陣過炒孖展", None, None)]


def test_two_reporters_of_different_ranks() -> None:
    text = "券商三季度业绩分化\n\n本报记者 李雪 见习记者 王菲\n\n前三季度，上市券商业绩出现明显分化。\n"
    (article,) = _articles(text)
    assert (article.column, article.author) == (None, "李雪、王菲")
    assert article.byline == "本报记者 李雪 见习记者 王菲"
    # Two names under one rank: the same convention (joined by 、); the printed form stays in byline.
    (article,) = _articles("券商三季度业绩分化\n\n本报记者 李雪 王菲\n\n前三季度，上市券商业绩出现明显分化。\n")
    assert (article.author, article.byline) == ("李雪、王菲", "本报记者 李雪 王菲")


def test_a_news_item_after_a_column_signed_at_its_head() -> None:
    # The column speaks in its writer's voice; the item after it does not, and its lead is IPO news.
    text = ("財經縱橫　陳大文\n\n美息見頂 港股受惠\n\n美國通脹持續回落，市場預期明年減息。\n\n"
            "我認為港股明年表現將優於今年，投資者可逐步吸納。\n\n新股首掛升兩成 一手賺2,400元\n\n"
            "今日首日掛牌的科技股開市報12.5元，較招股價高兩成。\n\n該股公開發售部分錄得逾300倍超額認購。\n")
    assert _summary(text) == [("article", "美息見頂 港股受惠", "財經縱橫", "陳大文"),
                              ("article", "新股首掛升兩成 一手賺2,400元", None, None)]


def test_in_a_column_a_short_subhead_without_the_writers_voice_stays_a_subhead() -> None:
    text = ("財經縱橫　陳大文\n\n美息見頂 港股受惠\n\n美國通脹持續回落，資金重投增長股。\n\n"
            "筆者相信，恒指短線未宜過份進取。\n\n內房股屬技術反彈\n\n內房股昨日普遍反彈，但樓市銷售未見起色。\n")
    (article,) = _articles(text)
    assert article.subheads == ["內房股屬技術反彈"]


def test_a_column_tag_over_a_title_and_its_dashed_subtitle() -> None:
    text = "[盧一鳴專欄]\n\n港股年底觀望\n\n——資金等候議息結果\n\n" + BODY
    (article,) = _articles(text)
    assert (article.title.original, article.column, article.author) == ("港股年底觀望", "盧一鳴專欄", "盧一鳴")
    assert article.subheads == ["——資金等候議息結果"]


def test_a_pen_name_over_an_unbracketed_note() -> None:
    text = ("內銀股息吸引\n\n" + BODY + "\n老顧\n\n作者為資深證券分析員，並無持有文中提及股份\n\n"
            "港交所擬推新制度\n\n香港交易所昨日發表諮詢文件。\n")
    assert _summary(text) == [("article", "內銀股息吸引", None, "老顧"), ("article", "港交所擬推新制度", None, None)]


def test_broker_rating_rows_without_codes_make_a_box() -> None:
    text = ("車企銷量創新高\n\n比亞迪上月銷量按年增長三成。\n\n大行評級\n\n比亞迪 買入 目標價410元\n\n"
            "吉利汽車 增持 目標價22元\n\n內銀股息吸引\n\n內銀股股息率回升至七厘。\n")
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [
        ("article", "車企銷量創新高"), ("box", "大行評級"), ("article", "內銀股息吸引")]
    assert articles[1].boxes[0].items == ["比亞迪 買入 目標價410元", "吉利汽車 增持 目標價22元"]


def test_headlines_with_amounts_are_no_rating_rows() -> None:
    text = ("港股急跌 恒指瀉500點 科指挫3%\n\n港股昨日急跌。\n\n新股首掛升兩成 一手賺2,400元\n\n"
            "今日首日掛牌的科技股開市報12.5元。\n")
    assert [(a.kind, a.title.original) for a in _articles(text)] == [
        ("article", "港股急跌 恒指瀉500點 科指挫3%"), ("article", "新股首掛升兩成 一手賺2,400元")]


def test_a_bracketed_column_word_without_a_name_is_the_column_alone() -> None:
    text = "【投資專欄】\n\n港股年底觀望\n\n文：陳國強\n\n" + BODY
    assert _summary(text) == [("article", "港股年底觀望", "投資專欄", "陳國強")]


def test_plan_rows_with_glued_figures_and_bracketed_notes() -> None:
    text = ("按揭息率回落\n\n多間銀行本月下調按揭息率。\n\n記者 黃志明\n\n主要銀行H按計劃\n\n"
            "工銀亞洲 H+1.3厘 封頂P-1.75厘 現金回贈1.8%\n\n中銀香港 H+1.3% (封頂P-1.75%)\n\n"
            "比亞迪 花旗 買入 目標價410元 (上調)\n")
    articles = _articles(text)
    assert [(a.kind, a.title.original) for a in articles] == [("article", "按揭息率回落"), ("box", "主要銀行H按計劃")]
    assert len(articles[1].boxes[0].items) == 3


def test_a_headline_with_a_long_unit_after_its_figure_is_no_row() -> None:
    from toolkit.segment.rules import load_rules
    from toolkit.segment.shapes import _classify_shape

    rules = load_rules()
    assert _classify_shape("樓市 銀行下調按息 新造按揭30年最低定息", rules).kind == "short"
    assert _classify_shape("比亞迪 買入 目標價410元", rules).kind == "item"


def test_a_mark_before_a_bracketed_note_is_no_question_headline() -> None:
    from toolkit.segment.rules import load_rules
    from toolkit.segment.shapes import _question_title

    rules = load_rules()
    assert not _question_title("! (本報記者並無持有上述股份)", rules)
    assert _question_title("年尾揸邊隻？ 收息股穩陣過炒孖展", rules)


def test_a_pen_name_led_by_lao_or_a_ends_the_column_without_a_note() -> None:
    text = ("內銀股息率吸引\n\n" + BODY + "\n老顧\n\n港交所擬推新上市制度\n\n香港交易所昨日發表諮詢文件，建議放寬上市門檻。\n")
    assert _summary(text) == [("article", "內銀股息率吸引", None, "老顧"),
                              ("article", "港交所擬推新上市制度", None, None)]


def test_a_pen_name_of_four_characters_over_the_authors_note() -> None:
    text = ("內銀股息率吸引\n\n" + BODY + "\n股壇老手\n\n（作者為資深證券分析員）\n\n"
            "港交所擬推新上市制度\n\n香港交易所昨日發表諮詢文件。\n")
    assert _summary(text) == [("article", "內銀股息率吸引", None, "股壇老手"),
                              ("article", "港交所擬推新上市制度", None, None)]


def test_a_column_label_over_its_headline_signed_at_the_end() -> None:
    text = ("股海淘金\n\n內銀股息率吸引\n\n" + BODY + "\n老顧\n\n（作者為資深證券分析員，並無持有文中提及股份）\n")
    assert _summary(text) == [("article", "內銀股息率吸引", "股海淘金", "老顧")]
