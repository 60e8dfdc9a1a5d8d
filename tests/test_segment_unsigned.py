"""Article boundaries without a byline, one class per test: an unsigned story printed right after
another story's last paragraph (no byline, column or blank-line difference), a related-reading list
(延伸閱讀 / 相关阅读 over other stories' headlines: no article at all), and a headline shaped like the
rows of the table above it. Each test is a minimal text of our own; the pages of
``tests/corpus/unsigned`` (``benchmarks/eval_segment.py --part unsigned``) carry the same classes.
"""

from __future__ import annotations

import pytest
from segment_scoring import eval_segment  # noqa: E402  (tests/ is on the path when pytest runs)

from toolkit.segment import explain_text, placed_texts, segment_text

# The locked pages, scored once when the rules were final (tests/corpus/unsigned/LOCKED_SCORE.txt).
# Raise, never lower.
UNSIGNED_FLOORS = {"titles": 1.0, "authors": 1.0, "columns": 1.0, "nothing_lost": 1.0, "precision": 1.0}
UNSIGNED_LOCKED_FLOORS = {"titles": 1.0, "authors": 1.0, "columns": 1.0, "nothing_lost": 1.0, "precision": 1.0}

SIGNED = ("銀行推高息定存搶客\n記者 劉家豪\n\n"
          "多家銀行本周再推出短期高息定存優惠，三個月存款年利率最高約百分之三點八，以吸引年底到期的資金。\n\n"
          "業界預期，年底前存款競爭仍會持續，但息率上升空間有限。\n\n")


def _titles(text: str) -> list[str]:
    return [a.title.original for a in segment_text(text)[0]]


def _nothing_lost(text: str) -> bool:
    articles, unassigned = segment_text(text)
    placed = "".join("".join(t.split()) for t in placed_texts(articles, unassigned))
    return sorted(placed) == sorted("".join(text.split()))


def _clues(text: str, line: str) -> set[str]:
    return {c.name for d in explain_text(text) if d.line == line for c in d.clues}


# --- 1. an unsigned story right after another story's last paragraph ----------------------------

@pytest.mark.parametrize("title, lead, clue", [
    ("恒基推新盤", "恒基地產（00012）昨日公布屯門新盤首批一百二十個單位價單，折實平均呎價約一萬二千元。", "closing_before"),
    ("金價創一個月高位", "國際金價周五上升百分之一點二，收報每盎司二千六百五十美元，創一個月高位。", "closing_before"),
    ("港鐵車費明年加價", "本報訊　港鐵公司昨日宣布，明年六月起車費平均上調百分之二點七。", "dateline_lead"),
    ("央行開展逆回購", "新華社北京11月29日電　人民銀行今日開展七天期逆回購操作，操作量二千五百億元。", "dateline_lead"),
])
def test_an_unsigned_story_after_a_signed_one_is_a_new_article(title: str, lead: str, clue: str) -> None:
    text = SIGNED + f"{title}\n\n{lead}\n\n市場人士表示，短期走勢仍要視乎資金流向。\n"
    assert _titles(text) == ["銀行推高息定存搶客", title]
    assert clue in _clues(text, title)  # --explain shows why


WITH_SUBHEAD = ("內房股反彈 成交回升\n記者 馮樂\n\n"
                "內房股昨日普遍反彈，碧桂園及龍湖集團升幅均超過百分之五，板塊成交額較前日增加約三成。\n\n"
                "政策憧憬升溫\n\n"
                "市場憧憬內地將推出更多穩樓市措施，部分基金趁低吸納，帶動板塊造好。\n\n"
                "有基金經理指出，板塊估值已處於歷史低位，但銷售數據仍未見明顯改善，反彈持續性成疑。\n\n")


@pytest.mark.parametrize("title, lead", [
    ("港交所季績勝預期", "香港交易所（00388）昨日公布，第三季純利按年增長兩成，收入創同期新高。"),
    ("港元拆息全線回落", "銀行同業拆息昨日全線下跌，一個月拆息跌至百分之三點一。"),
])
def test_an_unsigned_story_after_a_story_with_subheads_and_a_closing_view(title: str, lead: str) -> None:
    text = WITH_SUBHEAD + f"{title}\n\n{lead}\n\n市場人士指出，短期或續在低位徘徊。\n"
    articles = segment_text(text)[0]
    assert [(a.title.original, a.subheads) for a in articles] == [("內房股反彈 成交回升", ["政策憧憬升溫"]), (title, [])]
    assert "closing_before" in _clues(text, title)


def test_a_second_subhead_over_text_that_goes_on_stays_a_subhead() -> None:
    text = WITH_SUBHEAD + "資金流入科網股\n\n同時，南向資金昨日淨買入科網股約二十億元，騰訊獲買入最多。\n"
    articles = segment_text(text)[0]
    assert [(a.title.original, a.subheads) for a in articles] == [("內房股反彈 成交回升", ["政策憧憬升溫", "資金流入科網股"])]


def test_a_mainland_desk_dateline_is_read_past_for_the_lead() -> None:
    lead = "证券时报e公司讯，中国平安（601318）昨日晚间公告，拟每10股派发现金红利9.3元。"
    text = SIGNED + f"中国平安拟派息\n\n{lead}\n\n公司表示，将维持稳定的分红政策。\n"
    assert _titles(text) == ["銀行推高息定存搶客", "中国平安拟派息"]
    assert {"dateline_lead", "new_company"} <= _clues(text, "中国平安拟派息")


@pytest.mark.parametrize("lead", [
    "此外，部分銀行把新資金門檻由十萬元降至一萬元，希望吸納更多年輕客戶。",
    "他表示，部分銀行已把新資金門檻由十萬元降至一萬元。",
    "滙豐控股（00005）昨日亦宣布把三個月定存息率上調至百分之三點六。",
])
def test_a_subhead_whose_text_goes_on_from_the_story_stays_a_subhead(lead: str) -> None:
    text = SIGNED.replace("業界預期", f"新資金門檻降低\n\n{lead}\n\n業界預期")
    articles = segment_text(text)[0]
    assert [(a.title.original, a.subheads) for a in articles] == [("銀行推高息定存搶客", ["新資金門檻降低"])]
    assert "continuation" in _clues(text, "新資金門檻降低")


def test_a_subhead_in_an_unsigned_story_over_his_words_is_no_title() -> None:
    text = ("港鐵車費明年加價\n\n本報訊　港鐵公司（00066）昨日宣布，明年六月起車費平均上調百分之二點七。\n\n"
            "管理層稱已考慮負擔能力\n\n他表示，公司今年已推出多項優惠，整體乘客負擔與去年大致相若。\n")
    articles = segment_text(text)[0]
    assert [(a.title.original, a.subheads) for a in articles] == [("港鐵車費明年加價", ["管理層稱已考慮負擔能力"])]
    assert "news_lead" not in _clues(text, "管理層稱已考慮負擔能力")  # 表示 after 他 is no news lead


# --- 2. a related-reading list ------------------------------------------------------------------

@pytest.mark.parametrize("label", ["延伸閱讀", "相关阅读", "【相關新聞】", "延伸閱讀："])
def test_a_related_reading_list_is_unassigned_and_the_next_headline_opens_an_article(label: str) -> None:
    heads = ["人行下調存款準備金率", "國債收益率跌至新低", "銀行股全線造好"]
    after = "港元拆息全線回落\n\n銀行同業拆息昨日全線下跌，一個月拆息跌至百分之三點一，為兩個月低位。\n"
    text = SIGNED + label + "\n" + "\n".join(heads) + "\n\n" + after
    articles, unassigned = segment_text(text)
    assert [a.title.original for a in articles] == ["銀行推高息定存搶客", "港元拆息全線回落"]
    assert unassigned == [label, *heads]
    assert len(articles[0].paragraphs) == 2
    assert _nothing_lost(text)


def test_listed_headlines_with_a_colon_or_a_question_mark_are_listed_too() -> None:
    heads = ["存款保障上限調高 金管局：明年起實施", "定存點揀好？三招比較息率", "虛銀再有兩間獲批開業"]
    text = SIGNED + "延伸閱讀：\n" + "\n".join(heads) + "\n"
    articles, unassigned = segment_text(text)
    assert [(a.title.original, a.subheads, len(a.paragraphs)) for a in articles] == [("銀行推高息定存搶客", [], 2)]
    assert unassigned == ["延伸閱讀：", *heads]


def test_a_related_reading_list_at_the_end_of_the_page() -> None:
    text = SIGNED + "相關新聞\n一手成交按月回升\n樓價指數連升三周\n"
    articles, unassigned = segment_text(text)
    assert [a.title.original for a in articles] == ["銀行推高息定存搶客"]
    assert unassigned == ["相關新聞", "一手成交按月回升", "樓價指數連升三周"]


def test_a_related_reading_label_with_no_list_under_it_is_read_as_usual() -> None:
    text = SIGNED + "延伸閱讀\n\n" + "港元拆息全線回落\n\n銀行同業拆息昨日全線下跌。\n"
    assert "延伸閱讀" not in segment_text(text)[1] or _nothing_lost(text)
    assert _nothing_lost(text)


# --- 3. a headline shaped like the table's rows ---------------------------------------------------

ROWS = "本周經濟數據\nCPI　按年+0.2%\nPMI　回升至50.4\n出口　按年+4.1%\n"
LEAD = ("統計處昨日公布，十月零售業總銷貨價值按年下跌百分之三點八，是連續第三個月下跌，跌幅較九月擴大，"
        "其中珠寶首飾、鐘錶及名貴禮物類別的跌幅最大，業界估計與旅客消費模式轉變有關。\n")


@pytest.mark.parametrize("headline, gap", [("零售　按年跌3.8%", ""), ("零售　按年跌3.8%", "\n"), ("零售　連跌三月", "")])
def test_a_headline_shaped_like_the_rows_above_is_decided_by_the_story_under_it(headline: str, gap: str) -> None:
    text = SIGNED + ROWS + gap + headline + "\n" + LEAD
    articles = segment_text(text)[0]
    assert [(a.kind, a.title.original) for a in articles] == [
        ("article", "銀行推高息定存搶客"), ("box", "本周經濟數據"), ("article", headline)]
    assert len(articles[1].boxes[0].items) == 3
    assert _nothing_lost(text)


def test_a_last_row_over_text_that_goes_on_is_still_a_row() -> None:
    text = ("港股窄幅上落\n記者 羅家明\n\n恒指上周五全日微升四十二點，收報二萬五千八百點，成交額縮減至九百六十億元。\n"
            + ROWS + "零售　按年跌3.8%\n"
            + "分析員指出，數據反映本地消費疲弱，加上外圍利率仍高，大市在二萬六千點附近阻力明顯，短期或繼續橫行整固，"
              "投資者宜留意月底公布的多項經濟數據。\n")
    articles = segment_text(text)[0]
    assert [a.title.original for a in articles if a.kind == "article"] == ["港股窄幅上落"]
    assert [b.items[-1] for a in articles for b in a.boxes] == ["零售　按年跌3.8%"]


# --- the corpus pages ---------------------------------------------------------------------------

@pytest.mark.parametrize("part, floors", [("unsigned", UNSIGNED_FLOORS), ("unsigned_locked", UNSIGNED_LOCKED_FLOORS)])
def test_unsigned_pages_hold_their_floors(part: str, floors: dict[str, float]) -> None:
    totals = eval_segment.totals(eval_segment.score_part(part))
    for key, floor in floors.items():
        assert totals[key] >= floor, (part, key, totals[key])


# Held-out parts these rules raised (the floors of tests/test_segment_holdout.py stay as they were,
# so the branches merge; these are the higher marks): holdout_b titles 95→100% (a 证券时报e公司讯
# dateline read past for its lead), holdout_e titles/columns 93.1→96.6% (dateline_lead), holdout_g
# nothing_lost 83.3→100% (a 延伸閱讀 list unassigned). Raise, never lower.
RAISED_HOLDOUT_FLOORS = {
    "holdout_b": {"titles": 1.0, "authors": 1.0, "columns": 1.0, "nothing_lost": 1.0, "precision": 1.0},
    "holdout_e": {"titles": 0.965, "authors": 0.93, "columns": 0.965, "nothing_lost": 1.0, "precision": 0.965},
    "holdout_g": {"titles": 0.90, "authors": 0.80, "columns": 0.80, "nothing_lost": 1.0, "precision": 0.82},
}


@pytest.mark.parametrize("part", sorted(RAISED_HOLDOUT_FLOORS))
def test_held_out_parts_keep_what_these_rules_raised(part: str) -> None:
    totals = eval_segment.totals(eval_segment.score_part(part))
    below = {k: v for k, v in totals.items() if k in RAISED_HOLDOUT_FLOORS[part] and v < RAISED_HOLDOUT_FLOORS[part][k] - 1e-9}
    assert not below, (part, below)
