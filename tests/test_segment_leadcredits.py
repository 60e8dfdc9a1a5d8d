"""Credits printed inside the text, and editors' credits.

One class per test, each a minimal text of its own (pages c10–c12 and k05–k06 of
``tests/corpus/credits`` carry the same classes in page form):

1. a reporter's credit at the start of the first paragraph ("本報訊（記者 X）…"): X is the
   author, the paragraph stays whole and ``lead_credit`` keeps the credit as printed;
2. a column's pen name alone in brackets closing its last paragraph ("…急住追。（股壇判官）"),
   only with a column and for a name-like word (not 見圖, 資料圖片, a place, a firm);
3. an editor's credit ("（编辑 张莉）", "責任編輯：X") is a disclosure, never the author.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from toolkit.document import Article
from toolkit.segment import explain_text, placed_texts, segment_text
from toolkit.segment.credits import bracket_pen_name, editor_credit, lead_credit
from toolkit.segment.rules import load_rules

_spec = importlib.util.spec_from_file_location(
    "eval_segment", Path(__file__).resolve().parent.parent / "benchmarks" / "eval_segment.py")
assert _spec is not None and _spec.loader is not None
eval_segment = sys.modules.get("eval_segment") or importlib.util.module_from_spec(_spec)
if "eval_segment" not in sys.modules:
    sys.modules["eval_segment"] = eval_segment
    _spec.loader.exec_module(eval_segment)

RULES = load_rules()
TITLE = "港元拆息回落 銀行股受壓"
SECOND = "分析員認為，拆息下跌將收窄銀行淨息差，銀行股短期或受壓。\n"


def _one(text: str) -> Article:
    articles, unassigned = segment_text(text)
    assert len(articles) == 1, [a.title.original for a in articles]
    assert eval_segment._chars(placed_texts(articles, unassigned)) == eval_segment._chars(text)
    return articles[0]


@pytest.mark.parametrize(("lead", "author"), [
    ("本報訊（記者 陳嘉慧）", "陳嘉慧"),
    ("【大公報訊】記者黃子健報道：", "黃子健"),
    ("新华社北京11月29日电（记者 王立新）", "王立新"),
    ("上证报中国证券网讯（记者 孙宇）", "孙宇"),
    ("【記者 蘇曉彤】", "蘇曉彤"),
    ("■記者 梁志明、何嘉欣報道：", "梁志明、何嘉欣"),
    ("本报讯（记者 刘洋 陈晨）", "刘洋、陈晨"),
    ("本报北京11月29日讯 记者 王立新 ", "王立新"),
    ("本报上海11月29日讯 记者 周明 李华 ", "周明、李华"),
])
def test_credit_leading_the_first_paragraph_gives_the_author_and_keeps_the_text(lead: str, author: str) -> None:
    first = lead + "本港一個月拆息昨日回落至百分之三點二，較上周低。"
    article = _one(f"{TITLE}\n{first}\n\n{SECOND}")
    assert article.author == author
    assert article.lead_credit is not None and "".join(article.lead_credit.split()) == "".join(lead.split())
    assert article.paragraphs[0].original.startswith(lead[:3])  # never cut
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize("first", [
    "本報訊 恒生指數今早高開，半日收市升三百點。",  # a dateline with no credit
    "【大公報訊】政府統計處昨日公布零售數據，按年下跌。",
    "分析師（陳大文）表示，拆息回落。",  # a bracket inside the sentence
    "記者昨日從銀行界獲悉：拆息將續跌。",
    "本報訊 記者昨日從銀行界獲悉 拆息將續跌。",
])
def test_no_credit_leading_the_paragraph(first: str) -> None:
    assert lead_credit(first, RULES) is None
    assert _one(f"{TITLE}\n{first}\n\n{SECOND}").author is None


def test_the_lead_credit_is_explained() -> None:
    decisions = explain_text(f"{TITLE}\n本報訊（記者 陳嘉慧）拆息昨日回落。\n\n{SECOND}")
    assert any("credit leading the first paragraph: author 陳嘉慧" in d.decision for d in decisions)


@pytest.mark.parametrize(("end", "author"), [("（股壇判官）", "股壇判官"), ("（阿燦）", "阿燦"), ("(老股民)", "老股民")])
def test_pen_name_in_brackets_closes_a_column(end: str, author: str) -> None:
    last = "不過，減息步伐放慢已成定局，唔使急住追。" + end
    article = _one(f"投資有道\n{TITLE}\n拆息昨日回落。\n\n{last}\n")
    assert article.column == "投資有道"
    assert article.author == author and article.byline == end
    assert article.paragraphs[-1].original.endswith("急住追。")


@pytest.mark.parametrize("end", ["（見圖）", "(資料圖片)", "（完）", "（騰訊控股）", "（彭博）", "（北京）", "（2025年）", "（分析師）", "（二之一）", "（綜合外電）", "（記者 馮樂）"])
def test_brackets_that_are_no_pen_name(end: str) -> None:
    assert bracket_pen_name("投資者宜趁高減持。" + end, RULES) is None


def test_pen_name_needs_a_column() -> None:
    article = _one(f"{TITLE}\n拆息昨日回落。\n\n有店主表示，租金壓力仍大。（阿燦）\n")
    assert article.author is None


@pytest.mark.parametrize("line", ["（编辑 张莉）", "責任編輯：鄭家明", "编辑：许明", "（责任编辑：周宁）", "責編︰何嘉欣"])
def test_editor_credit_is_a_disclosure_never_the_author(line: str) -> None:
    assert editor_credit(line, RULES)
    article = _one(f"{TITLE}\n本港一個月拆息昨日回落。\n\n{SECOND}{line}\n")
    assert article.author is None
    assert line in article.disclosures
    decisions = explain_text(f"{TITLE}\n本港一個月拆息昨日回落。\n\n{SECOND}{line}\n")
    assert any(d.line == line and "editor's credit" in d.decision for d in decisions)


@pytest.mark.parametrize("line", ["編輯部", "编辑：本报评论员认为市场将回暖，投资者应保持耐心。", "美編"])
def test_not_an_editor_credit(line: str) -> None:
    assert not editor_credit(line, RULES)


def test_editor_credit_is_not_the_next_articles_column() -> None:
    text = (f"{TITLE}\n本港一個月拆息昨日回落。\n编辑：许明\n\n港口集装箱吞吐量创新高\n"
            "十月份全国港口集装箱吞吐量同比增长百分之七。\n")
    articles, _ = segment_text(text)
    assert [a.column for a in articles] == [None, None]
    assert articles[0].disclosures == ["编辑：许明"]


def test_lead_credit_pages_floor() -> None:
    """The pages of these classes (dev part) keep their authors."""
    pages = [p for p in eval_segment.score_part("credits") if p.name.startswith(("c10", "c11", "c12"))]
    assert len(pages) == 3
    authors = sum(p.authors for p in pages) / sum(p.articles for p in pages)
    assert authors >= 0.92
    assert all(p.nothing_lost for p in pages)
