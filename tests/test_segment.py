"""Unit tests of toolkit.segment: each layout artifact of an e-paper page, and "nothing lost"."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from cli_runner import run_cli as _run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.conversion import convert
from toolkit.document import Article, Box, Page
from toolkit.segment import clean_body_text, load_rules, placed_texts, segment_page, segment_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "page.txt"
CAPTION = "◀Sora從成立到關停，只有短短約2年的時間。"


def chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def assert_nothing_lost(text: str, articles: list[Article], unassigned: list[str]) -> None:
    assert chars("".join(placed_texts(articles, unassigned))) == chars(text)


@pytest.fixture(scope="module")
def example() -> tuple[list[Article], list[str]]:
    return segment_page(Page(source="page.txt", text=EXAMPLE.read_text(encoding="utf-8")))


def by_title(articles: list[Article], start: str) -> Article:
    matches = [a for a in articles if a.title.original.startswith(start)]
    assert len(matches) == 1, [a.title.original for a in articles]
    return matches[0]


def body(article: Article) -> str:
    return "\n".join(p.original for p in article.paragraphs)


# --- the example page -------------------------------------------------------------------


def test_example_has_six_articles_and_one_box(example: tuple[list[Article], list[str]]) -> None:
    articles, unassigned = example
    assert [a.kind for a in articles] == ["article", "box", *["article"] * 5]
    assert [(a.column, a.author) for a in articles] == [
        ("一點靈犀", "李靈修"), (None, None), ("頭牌手記", "沈金"), ("金日點評", "彭博"),
        ("政經才情", "容道"), ("經紀愛股", "鄧聲興"), ("毛語倫比", "毛君豪"),
    ]
    assert unassigned == []


def test_author_after_the_first_paragraph_and_section_between_title_and_column(
    example: tuple[list[Article], list[str]],
) -> None:
    sora = by_title(example[0], "Sora")
    assert sora.title.original == "Sora 成 AI 商業化失敗樣本"
    assert (sora.section, sora.column, sora.author) == ("投資全方位", "一點靈犀", "李靈修")
    assert sora.paragraphs[0].original.startswith("2024年2月")
    assert sora.paragraphs[1].original.startswith("事實上")


def test_subheads_are_set_apart_and_tag_their_paragraphs(example: tuple[list[Article], list[str]]) -> None:
    sora = by_title(example[0], "Sora")
    assert sora.subheads == ["營運成本遠超收入", "版權糾紛困擾發展"]
    assert [p.subhead for p in sora.paragraphs[:3]] == [None, None, "營運成本遠超收入"]
    assert sora.paragraphs[-1].subhead == "版權糾紛困擾發展"
    assert by_title(example[0], "市場波動").subheads == ["買中移動收息 H股較划算"]


@pytest.mark.parametrize("word", ["此類視頻", "二巨頭", "末期息", "隨穀物", "否認談判", "趨利避害", "明確寬鬆"])
def test_words_broken_across_column_breaks_are_rejoined(example: tuple[list[Article], list[str]], word: str) -> None:
    assert any(word in p.original for a in example[0] for p in a.paragraphs)


def test_caption_is_set_apart_and_the_sentence_around_it_rejoined(
    example: tuple[list[Article], list[str]],
) -> None:
    sora = by_title(example[0], "Sora")
    assert sora.captions == [CAPTION]
    assert "但市場需求並未相應增長，這就容易形成內容通縮" in body(sora)
    assert "◀" not in body(sora)


def test_paragraph_ending_in_a_comma_continues_after_blank_lines(example: tuple[list[Article], list[str]]) -> None:
    minimax = by_title(example[0], "MINIMAX")
    assert "已突破2.36億，北美市場表現尤其強勁" in body(minimax)
    assert len(minimax.paragraphs) == 5


def test_disclosures_and_contact_line_are_set_apart(example: tuple[list[Article], list[str]]) -> None:
    articles = example[0]
    assert by_title(articles, "擠水分").disclosures == ["(作者為彭博環球創富學院創辦人 @ppgpahk)"]
    rong = by_title(articles, "美股翻身")
    assert rong.disclosures == ["(微博：有容載道)"]
    assert rong.paragraphs[-1].original.endswith("先度過一個沒壓力的周末再定行結。")
    assert by_title(articles, "萬洲").disclosures[0].startswith("(作者為香港股票分析師協會主席")
    assert by_title(articles, "MINIMAX").disclosures[0].startswith("(作者為富途證券")
    assert sum(len(a.disclosures) for a in articles) == 4
    assert not any("作者為" in p.original for a in articles for p in a.paragraphs)


def test_stock_list_is_a_box(example: tuple[list[Article], list[str]]) -> None:
    box = example[0][1]
    assert box.kind == "box"
    assert box.title.original == "心水股"
    assert box.boxes == [Box("心水股", ["中國移動 (00941)", "MINIMAX (00100)", "萬洲國際 (00288)"])]
    assert box.paragraphs == []


def test_ocr_letter_o_in_a_code_is_kept_and_does_not_break(example: tuple[list[Article], list[str]]) -> None:
    shen = by_title(example[0], "市場波動")
    assert "內地大數據服務商迅策(O3317)，續前炒高24%" in body(shen)


def test_latin_spacing_is_kept(example: tuple[list[Article], list[str]]) -> None:
    sora = body(by_title(example[0], "Sora"))
    assert "Sora Pro 1080P" in sora and "ChatGPT Plus用戶" in sora and "Seedance 2.0" in sora


def test_nothing_lost_on_the_example(example: tuple[list[Article], list[str]]) -> None:
    assert_nothing_lost(EXAMPLE.read_text(encoding="utf-8"), *example)


def test_simplified_page_segments_the_same(example: tuple[list[Article], list[str]]) -> None:
    text = convert(EXAMPLE.read_text(encoding="utf-8"), "hk2s")
    articles, unassigned = segment_text(text)
    assert_nothing_lost(text, articles, unassigned)
    expected = [
        (a.kind, convert(a.title.original, "hk2s"), a.column and convert(a.column, "hk2s"),
         a.author and convert(a.author, "hk2s"), len(a.paragraphs), len(a.subheads), len(a.captions),
         len(a.disclosures), [len(b.items) for b in a.boxes])
        for a in example[0]
    ]
    got = [
        (a.kind, a.title.original, a.column, a.author, len(a.paragraphs), len(a.subheads), len(a.captions),
         len(a.disclosures), [len(b.items) for b in a.boxes])
        for a in articles
    ]
    assert got == expected
    assert "经纪爱股" in [a.column for a in articles]


# --- layouts ------------------------------------------------------------------------------


def test_single_article_without_title() -> None:
    text = "港股昨日反覆回升，曾一度升越25000點關。\n\n恒指低位為24713點，跌143點，\n\n收市報24951點。\n"
    articles, unassigned = segment_text(text)
    assert len(articles) == 1
    article = articles[0]
    assert (article.kind, article.title.original) == ("article", "")
    assert [p.original for p in article.paragraphs] == [
        "港股昨日反覆回升，曾一度升越25000點關。", "恒指低位為24713點，跌143點，收市報24951點。"
    ]
    assert unassigned == []


def test_body_text_before_the_first_title() -> None:
    text = "上文未完的最後一段，接續上頁。\n\n新標題 第二部分\n\n專欄名\n\n王小明\n\n正文第一段。\n"
    articles, _ = segment_text(text)
    assert [a.title.original for a in articles] == ["", "新標題 第二部分"]
    assert (articles[1].column, articles[1].author) == ("專欄名", "王小明")
    assert articles[0].paragraphs[0].original == "上文未完的最後一段，接續上頁。"


def test_unknown_column_is_found_by_position() -> None:
    text = "港股再創新高 後市仍可看好\n\n股海浮沉\n\n陳大文\n\n恒指昨日升200點。\n\n資金流入\n\n北水持續流入。\n"
    article = segment_text(text)[0][0]
    assert (article.column, article.author, article.section) == ("股海浮沉", "陳大文", None)
    assert article.subheads == ["資金流入"]


@pytest.mark.parametrize("byline", ["股海浮沉 陳大文", "陳大文 股海浮沉", "文：陳大文"])
def test_byline_forms(byline: str) -> None:
    text = f"港股再創新高 後市仍可看好\n{byline}\n恒指昨日升200點。\n"
    article = segment_text(text)[0][0]
    assert article.title.original == "港股再創新高 後市仍可看好"
    assert article.author in ("陳大文", "文：陳大文")
    assert article.column == (None if byline.startswith("文") else "股海浮沉")


def test_title_after_a_paragraph_cut_at_the_page_edge_opens_a_new_article() -> None:
    text = "第一篇的最後一段，在版邊被切斷了而且\n\n第二篇 標題\n\n林小華\n\n第二篇正文。\n"
    articles, _ = segment_text(text)
    assert [a.title.original for a in articles] == ["", "第二篇 標題"]
    assert articles[0].paragraphs[0].original.endswith("而且")


def test_box_inside_a_broken_sentence_does_not_break_it() -> None:
    text = "標題 一\n\n陳大文\n\n他們轉身最快，會以趨利避\n\n心水股\n\n騰訊 (00700)\n\n匯豐 (00005)\n\n害為第一要則。\n\n小標題\n\n再一段。\n"
    articles, _ = segment_text(text)
    assert [a.kind for a in articles] == ["article", "box"]
    assert [p.original for p in articles[0].paragraphs] == ["他們轉身最快，會以趨利避害為第一要則。", "再一段。"]
    assert articles[0].subheads == ["小標題"]


def test_contact_line_at_the_end_of_a_paragraph_is_split_off() -> None:
    text = "標題 一\n\n陳大文\n\n先度過周末再定行結。（電郵：abc@example.com）\n"
    article = segment_text(text)[0][0]
    assert article.disclosures == ["（電郵：abc@example.com）"]
    assert article.paragraphs[0].original == "先度過周末再定行結。"


def test_blank_lines_of_spaces_and_nbsp_and_stray_cjk_spaces() -> None:
    text = "標題 一\n\n陳大文\n \u00a0 \n港股 昨日 反覆回升，\n\u00a0\n\u3000\n成交 2630億元。ChatGPT Plus 用戶增加。\n"
    article = segment_text(text)[0][0]
    assert [p.original for p in article.paragraphs] == ["港股昨日反覆回升，成交 2630億元。ChatGPT Plus 用戶增加。"]
    assert clean_body_text("中 文 Sora Pro 1080P 的") == "中文 Sora Pro 1080P 的"


def test_section_printed_above_the_title() -> None:
    text = "投資全方位\n\nSora 成 AI 商業化失敗樣本\n\n一點靈犀\n\n正文第一段。\n\n李靈修\n\n正文第二段。\n"
    article = segment_text(text)[0][0]
    assert article.title.original == "Sora 成 AI 商業化失敗樣本"
    assert (article.section, article.column, article.author) == ("投資全方位", "一點靈犀", "李靈修")


def test_unknown_section_above_a_long_title_is_not_the_title() -> None:
    text = "理財天地\n\n港股再創新高 後市仍可看好\n\n股海浮沉\n\n陳大文\n\n恒指昨日升200點。\n"
    article = segment_text(text)[0][0]
    assert article.title.original == "港股再創新高 後市仍可看好"
    assert (article.section, article.column, article.author) == ("理財天地", "股海浮沉", "陳大文")


def test_question_title_over_a_byline() -> None:
    text = "上一篇的最後一段。\n\n(作者為證監會持牌人士)\n\n港股何去何從？\n\n股海浮沉 陳大文\n\n恒指昨日升200點。\n"
    articles, _ = segment_text(text)
    assert [a.title.original for a in articles] == ["", "港股何去何從？"]
    assert articles[1].author == "陳大文"


def test_pen_name_without_a_known_surname() -> None:
    text = "港股再創新高 後市仍可看好\n\n股海浮沉\n\n一葉\n\n恒指昨日升200點。\n"
    article = segment_text(text)[0][0]
    assert (article.column, article.author) == ("股海浮沉", "一葉")


def test_title_without_byline_after_a_disclosure() -> None:
    text = "標題 一\n\n陳大文\n\n第一篇正文。\n\n(作者為證監會持牌人士)\n\n第二篇的標題\n\n第二篇正文。\n\n小標題\n\n再一段。\n"
    articles, _ = segment_text(text)
    assert [a.title.original for a in articles] == ["標題 一", "第二篇的標題"]
    assert articles[1].subheads == ["小標題"] and articles[1].author is None


def test_lone_stock_line_between_paragraphs_is_a_subhead() -> None:
    text = "標題 一\n\n陳大文\n\n第一段。\n\n萬洲國際(00288)\n\n第二段。\n"
    articles, _ = segment_text(text)
    assert [a.kind for a in articles] == ["article"]
    assert articles[0].subheads == ["萬洲國際(00288)"]
    assert articles[0].paragraphs[1].subhead == "萬洲國際(00288)"


def test_stock_list_without_a_title_is_an_untitled_box() -> None:
    text = "標題 一\n\n陳大文\n\n第一段。\n\n騰訊 (00700)\n\n匯豐 (00005)\n"
    articles, _ = segment_text(text)
    assert [a.kind for a in articles] == ["article", "box"]
    assert articles[1].boxes == [Box("", ["騰訊 (00700)", "匯豐 (00005)"])]


def test_disclosure_under_the_byline_does_not_end_the_article() -> None:
    text = "標題 一\n\n陳大文\n\n(作者為證監會持牌人士)\n\n第一段。\n\n小標題\n\n第二段。\n"
    articles, _ = segment_text(text)
    assert len(articles) == 1
    assert articles[0].disclosures == ["(作者為證監會持牌人士)"]
    assert [p.original for p in articles[0].paragraphs] == ["第一段。", "第二段。"]
    assert articles[0].subheads == ["小標題"]


def test_empty_page_gives_nothing() -> None:
    assert segment_text("\n \n\u00a0\n") == ([], [])


def test_orphan_disclosure_is_unassigned() -> None:
    assert segment_text("(作者為證監會持牌人士，並無持有上述股份)\n") == (
        [], ["(作者為證監會持牌人士，並無持有上述股份)"]
    )


def test_rules_are_data() -> None:
    rules = load_rules()
    assert "◀" in rules.caption_markers
    assert {"一點靈犀", "一点灵犀"} <= rules.known_columns
    assert "作者為" in rules.disclosure_cues


# --- properties: pages composed from the example's articles -------------------------------

_LINES = EXAMPLE.read_text(encoding="utf-8").split("\n")
# The example's items as line ranges (1-based, inclusive): Sora, box, 沈金, 彭博, 容道, 鄧聲興, 毛君豪.
_CHUNKS = [_LINES[a - 1:b] for a, b in ((1, 49), (50, 56), (58, 77), (79, 96), (98, 115), (117, 134), (136, 156))]
_TITLES = [chunk[[i for i, line in enumerate(chunk) if line.strip()][0]].strip() for chunk in _CHUNKS]
_COLUMNS = {"一點靈犀", "頭牌手記", "金日點評", "政經才情", "經紀愛股", "毛語倫比"}


def _drop_columns(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        words = line.split()
        if line.strip() in _COLUMNS:
            continue
        out.append(words[1] if len(words) == 2 and words[0] in _COLUMNS else line)
    return out


def _move_caption(lines: list[str], where: int) -> list[str]:
    """Take the caption out and drop it into the middle of a long body line of the same article."""
    lines = [line for line in lines if line.strip() != CAPTION]
    long_lines = [i for i, line in enumerate(lines) if len(line) > 80]
    index = long_lines[where % len(long_lines)]
    line = lines[index]
    cut = 40 + where % (len(line) - 80)
    return [*lines[:index], line[:cut], "", CAPTION, "", line[cut:], *lines[index + 1:]]


@st.composite
def composed_pages(draw: st.DrawFn) -> tuple[str, list[int]]:
    order = draw(st.permutations(range(len(_CHUNKS))))
    drop_columns = draw(st.booleans())
    section_above = draw(st.booleans())
    where = draw(st.integers(0, 50))
    separators = st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\n \u00a0\n", "\n\u3000\n\n"])
    parts = []
    for index in order:
        lines = _CHUNKS[index]
        if drop_columns:
            lines = _drop_columns(lines)
        if index == 0:
            lines = _move_caption(lines, where)
            if section_above:
                lines = ["投資全方位", *[line for line in lines if line.strip() != "投資全方位"]]
        kept = [line for line in lines if line.strip()]
        parts.append("".join(line + draw(separators) for line in kept))
    return "".join(parts), list(order)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(composed_pages())
def test_composed_pages_lose_nothing_and_keep_every_item(page: tuple[str, list[int]]) -> None:
    text, order = page
    articles, unassigned = segment_text(text)
    assert_nothing_lost(text, articles, unassigned)
    assert unassigned == []
    assert sorted(a.title.original for a in articles) == sorted(_TITLES)
    assert all(a.author for a in articles if a.kind == "article")
    sora = by_title(articles, "Sora")
    assert sora.section == "投資全方位"
    assert sora.captions == [CAPTION]
    assert "但市場需求並未相應增長" in body(sora)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("港股升跌，。：（）()◀ 作者為微博心水股陳李王0O1\n\u00a0標題")), max_size=300))
def test_nothing_lost_on_any_text(text: str) -> None:
    articles, unassigned = segment_text(text)
    assert_nothing_lost(text, articles, unassigned)


# --- the command --------------------------------------------------------------------------




def test_cli_segment_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["segment", str(EXAMPLE)], capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"{EXAMPLE}: 6 articles, 1 box, 0 unassigned\n\n1. article: Sora 成 AI 商業化失敗樣本\n")
    assert "   section: 投資全方位 · column: 一點靈犀 · author: 李靈修\n   paragraphs: 12 · characters: " in out
    assert "2. box: 心水股\n   box 心水股: 中國移動 (00941); MINIMAX (00100); 萬洲國際 (00288)\n" in out
    assert "   disclosure: (微博：有容載道)\n" in out


def test_cli_segment_json_from_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import json
    import sys

    data = EXAMPLE.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, err = _run(["segment", "-", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["source"] == "<stdin>" and result["unassigned"] == []
    assert [a["author"] for a in result["articles"]] == ["李靈修", None, "沈金", "彭博", "容道", "鄧聲興", "毛君豪"]
    assert result["articles"][1]["boxes"][0]["items"][2] == "萬洲國際 (00288)"
    assert result["articles"][0]["characters"] > 1000


def test_cli_segment_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert _run(["segment", str(missing)], capsys) == (2, "", f"brief: error: {missing}: no such file\n")
