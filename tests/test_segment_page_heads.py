"""Page heads in more printed shapes: day-first dates, one-character weekdays, bare page numbers."""

from __future__ import annotations

import pytest

from toolkit.segment import segment_text
from toolkit.segment.rules import load_rules
from toolkit.segment.shapes import _furniture


@pytest.mark.parametrize("line", ["30.11.2026（一）　財經　22", "30/11/2026 (日) 港聞 A3", "1.12.2026 星期二 地產 8"])
def test_day_first_page_heads_are_furniture(line: str) -> None:
    assert _furniture(line, load_rules())


@pytest.mark.parametrize("line", ["恒指收報 25800", "財經 22", "升 3", "第 3 季 30 億"])
def test_a_bare_number_without_a_date_is_no_page_head(line: str) -> None:
    assert not _furniture(line, load_rules())


def test_the_page_head_is_unassigned_and_the_brief_below_is_an_article() -> None:
    page = "30.11.2026（一）　財經　22\n\n港股午後回穩\n\n恒指昨日先跌後回穩，收市微升。\n"
    articles, unassigned = segment_text(page)
    assert unassigned == ["30.11.2026（一）　財經　22"]
    assert [a.title.original for a in articles] == ["港股午後回穩"]


def test_an_author_that_contains_the_column_name_loses_no_text() -> None:
    """Found by the nothing-lost property: column 作 beside author 作作, no byline printed."""
    from collections import Counter

    from toolkit.segment import placed_texts

    text = "0\n作\n作作\n"
    articles, unassigned = segment_text(text)
    placed = Counter(c for c in "".join(placed_texts(articles, unassigned)) if not c.isspace())
    assert placed == Counter(c for c in text if not c.isspace())


@pytest.mark.parametrize("line", ["澳門日報　經濟　B2　二〇二六年十一月三十日　星期一", "經濟一週　第2231期　理財　P.38",
                                  "理財周刊 第512期 P.12"])
def test_page_heads_with_chinese_numeral_dates_and_issue_numbers(line: str) -> None:
    assert _furniture(line, load_rules())


@pytest.mark.parametrize("line", ["十一月三十日公布業績", "第3期工程 P.38"])
def test_headlines_with_such_words_are_not_page_heads(line: str) -> None:
    assert not _furniture(line, load_rules())
