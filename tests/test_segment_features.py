"""Long features and their furniture, one class per test: a long signed feature cut at its short
subheads (小標題) that keep to its subject; a Simplified feature whose paragraphs are marked by a
two-full-width-space indent with no blank line at all (title, deck, 记者 line, a 记者手记 sidebar);
a bracketed source note alone at the page foot (unassigned, as the gold of tests/corpus/features
records it). Each test is a minimal text of our own; the pages of ``tests/corpus/features``
(``benchmarks/eval_segment.py --part features``) carry the same classes.
"""

from __future__ import annotations

import pytest
from segment_scoring import eval_segment  # noqa: E402  (tests/ is on the path when pytest runs)

from toolkit.segment import explain_text, placed_texts, segment_text

# Scored when the rules were final (tests/corpus/features/LOCKED_SCORE.txt). Raise, never lower.
FEATURES_FLOORS = {"titles": 1.0, "authors": 1.0, "columns": 1.0, "nothing_lost": 1.0, "precision": 1.0}
FEATURES_LOCKED_FLOORS = {"titles": 0.8, "authors": 0.8, "columns": 0.6, "nothing_lost": 1.0, "precision": 1.0}


def _nothing_lost(text: str) -> bool:
    articles, unassigned = segment_text(text)
    placed = "".join("".join(t.split()) for t in placed_texts(articles, unassigned))
    return sorted(placed) == sorted("".join(text.split()))


def _decision(text: str, line: str) -> str:
    return next(d.decision for d in explain_text(text) if d.line == line)


# --- 1. a long signed feature with short subheads over text on the same subject -----------------

FEATURE = (
    "本地藥廠搶灘東南亞\n\n"
    "本地一批中小型藥廠近年把目光投向東南亞，希望在當地醫療開支上升之中分一杯羹。業界估計，已有十多家藥廠在區內設立辦事處。\n\n"
    "記者 何詠珊\n\n"
    "這批藥廠大多以仿製藥起家，在本地市場面對大型對手的價格競爭，利潤率連年收窄。管理層認為東南亞的藥品需求仍在擴大。\n\n"
    "先搶註冊\n"
    "藥廠進軍東南亞的第一關是藥品註冊。各國審批標準不一，一款藥品在越南和印尼的註冊時間可以相差一年以上。\n\n"
    "有藥廠選擇先在新加坡取得批文，再以此申請其他國家的註冊。註冊文件的翻譯往往佔去大半準備時間。\n\n"
    "夥伴分銷\n"
    "取得註冊後，藥廠要面對分銷問題。東南亞的藥房網絡分散，藥廠多數與當地分銷商合作，而非自建銷售團隊。\n\n"
    "成本壓力未減\n"
    "藥廠在東南亞的開支並不輕。各國對藥品標籤和包裝的要求都不同，藥廠要為每個市場另設生產批次。\n\n"
    "人才難求\n"
    "藥廠最頭痛的還是人才。熟悉當地法規的註冊專員供不應求，藥廠往往要以高薪挖角。\n")


def test_a_long_feature_keeps_its_subheads_and_its_title() -> None:
    articles = segment_text(FEATURE)[0]
    assert [(a.title.original, a.author) for a in articles] == [("本地藥廠搶灘東南亞", "何詠珊")]
    assert articles[0].subheads == ["先搶註冊", "夥伴分銷", "成本壓力未減", "人才難求"]
    assert "subhead" in _decision(FEATURE, "夥伴分銷")
    assert _nothing_lost(FEATURE)


# --- 2. paragraphs marked by indentation, no blank lines ----------------------------------------

INDENTED = (
    "县城咖啡店一年翻倍\n"
    "连锁品牌下沉抢客　单店盈利仍待观察\n"
    "本报记者　吴思远\n"
    "　　今年以来，连锁咖啡品牌在县城的门店数量增长明显，主要街道上的咖啡店比一年前多出一倍左右。\n"
    "　　一位加盟商告诉记者，他在县城开一家咖啡店的投入约三十万元，比在省会城市低四成。\n"
    "价格战压薄利润\n"
    "　　不过，也有加盟商表示，县城消费者对价格十分敏感，品牌之间的价格战令单杯利润越来越薄。\n"
    "记者手记\n"
    "小城里的一杯咖啡\n"
    "　　在县城的咖啡店里，记者遇到不少刚从大城市回乡的年轻人，他们说现在在家门口就能买到咖啡。\n"
    "（吴思远）\n")


def test_an_indented_feature_keeps_title_deck_byline_and_its_notebook() -> None:
    articles = segment_text(INDENTED)[0]
    assert [(a.title.original, a.author) for a in articles] == [
        ("县城咖啡店一年翻倍", "吴思远"), ("小城里的一杯咖啡", "吴思远")]
    assert articles[0].subheads[-1] == "价格战压薄利润"
    assert articles[1].column == "记者手记"
    assert len(articles[0].paragraphs) == 3
    assert _nothing_lost(INDENTED)


# --- 3. a bracketed source note at the page foot ------------------------------------------------

STORY = ("醫療設備股午後回升\n記者 梁子軒\n\n"
         "醫療設備股昨日早段受壓，午後在買盤支持下回升，板塊指數收市微升百分之零點六。\n\n")


@pytest.mark.parametrize("note", ["（本版資料由各公司公告整理，數據未經審核）", "（資料來源：彭博）", "（本版数据由记者根据公开资料整理）"])
def test_a_source_note_at_the_foot_is_unassigned(note: str) -> None:
    text = STORY + note + "\n"
    articles, unassigned = segment_text(text)
    assert unassigned == [note]
    assert [p.original for p in articles[0].paragraphs][-1].endswith("零點六。")
    assert "page note" in _decision(text, note)


def test_a_bracketed_note_inside_the_text_stays_there() -> None:
    text = STORY + "（資料來源：彭博）\n\n分析員指出，資金在年結前輪流吸納估值偏低的防守板塊。\n"
    assert segment_text(text)[1] == []


# --- the corpus pages ---------------------------------------------------------------------------

@pytest.mark.parametrize("part, floors", [("features", FEATURES_FLOORS), ("features_locked", FEATURES_LOCKED_FLOORS)])
def test_features_pages_hold_their_floors(part: str, floors: dict[str, float]) -> None:
    totals = eval_segment.totals(eval_segment.score_part(part))
    for key, floor in floors.items():
        assert totals[key] >= floor, (part, key, totals[key])


def test_an_indent_opens_a_paragraph_and_a_wrapped_line_goes_on_with_it() -> None:
    text = ("县城咖啡店一年翻倍\n本报记者　吴思远\n"
            "　　今年以来，连锁咖啡品牌在县城的门店数量增长明显。记者走访\n"
            "中部三个县城发现，主要街道上的咖啡店比一年前多出一倍左右。\n"
            "　　一位加盟商告诉记者，他在县城开一家咖啡店的投入约三十万元。\n"
            "开业半年，店里每天卖出约二百杯咖啡。\n"
            "价格战压薄利润\n"
            "　　不过，也有加盟商表示，县城消费者对价格十分敏感，品牌之间\n"
            "的价格战令单杯利润越来越薄。\n")
    articles = segment_text(text)[0]
    assert [a.title.original for a in articles] == ["县城咖啡店一年翻倍"]
    assert [p.original[:4] for p in articles[0].paragraphs] == ["今年以来", "一位加盟", "不过，也"]
    assert articles[0].paragraphs[1].original.endswith("二百杯咖啡。")
    assert articles[0].subheads == ["价格战压薄利润"]
    assert any("an indent, not a full stop" in d.decision for d in explain_text(text) if d.line.startswith("开业半年"))
    assert _nothing_lost(text)


def test_feature_subheads_over_a_company_lead_stay_subheads() -> None:
    # The hardest shape met: 7-8 character subheads whose paragraphs open on a company and its code
    # (new_company, news_lead), with the byline after the opening paragraph and no blank lines.
    text = ("晶片股寒冬未過\n"
            "全球晶片需求疲弱，本港上市的晶片設計公司今年普遍盈利倒退，股價亦大幅落後大市。\n"
            "記者 周家樂\n"
            "晶片設計公司的收入主要來自手機和電腦客戶。今年客戶削減晶片訂單，令設計公司的存貨高企。\n"
            "汽車晶片訂單回升\n"
            "中芯國際（00981）昨日表示，汽車晶片的訂單較上季增加一成，是少數錄得增長的產品。\n"
            "不過，汽車晶片的認證期長，設計公司要投入大量資源，短期難以帶來可觀盈利。\n"
            "代工掀起價格戰\n"
            "華虹半導體（01347）上周宣布下調部分成熟製程晶片的代工價格，幅度約一成。\n"
            "估值跌至低位\n"
            "晶片股的估值已跌至歷史低位，有基金經理表示長線投資者可以分段吸納。\n")
    articles = segment_text(text)[0]
    assert [(a.title.original, a.author) for a in articles] == [("晶片股寒冬未過", "周家樂")]
    assert articles[0].subheads == ["汽車晶片訂單回升", "代工掀起價格戰", "估值跌至低位"]
