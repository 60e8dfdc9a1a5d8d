"""Header runs: the lines that open an article (title, section, column, author) and boxes."""

from __future__ import annotations

import re

from toolkit.document import Article
from toolkit.segment.credits import listed_label
from toolkit.segment.rules import SegmentRules
from toolkit.segment.shapes import _IDEOGRAPH, _SUBTITLE_MARK, Line, _compact, _next_index, _printed_beyond


def _header_run(units: list[Line], i: int, rules: SegmentRules) -> list[int]:
    """Indexes of the header lines starting at ``i``: shorts, names and bylines in a row."""
    run = [i]
    j = _next_index(units, i)
    while j < len(units) and len(run) < rules.max_header_run and units[j].kind in ("short", "name", "byline"):
        if units[j].tag:
            break  # an author tag ends the article above
        if units[j].kind == "short" and _box_items(units, j, rules):
            break  # that short line titles the box below it
        run.append(j)
        j = _next_index(units, j)
    return run


def _box_items(units: list[Line], i: int, rules: SegmentRules) -> list[int]:
    """Indexes of the "name (code)" lines under the short line ``i`` when it titles a box."""
    items: list[int] = []
    j = i + 1
    if j < len(units) and _column_heads(units[j].text) and j + 1 < len(units) and units[j + 1].kind == "item":
        items.append(j)  # a row of column heads ("品種 收益率 變動") over the rows of figures
        j += 1
    while j < len(units) and units[j].kind == "item":
        items.append(j)
        j += 1
    rows = len(items) - (bool(items) and _column_heads(units[items[0]].text))
    if rows >= rules.min_box_items or (rows and units[i].text in rules.box_titles):
        return items
    return []


# A column head with its unit in brackets: "成交額(億元)", "收市價（美元）".
_UNIT_HEAD = re.compile(r"^\w{1,5}[(（][^()（）]{1,4}[)）]$")


def _column_heads(text: str) -> bool:
    """A table's head row: two to six short words (a unit in brackets allowed) without figures or
    sentence punctuation."""
    words = text.split()
    return (2 <= len(words) <= 6 and all(len(w.rstrip(")）")) <= 6 or _UNIT_HEAD.search(w) for w in words)
            and not any(ch.isdigit() or ch in "，。；,;：:！？!?" for ch in text))



def _title_index(units: list[Line], run: list[int], rules: SegmentRules) -> int:
    """Position in ``run`` of its title: the best-scoring short line that is no known column/section.

    Length wins (titles are long, column and section names short), with a bonus for coming
    first and for the two-part "市場波動趨平緩 趁低吸納好時機" shape; so a section printed
    above the title is not taken for it. A "——subtitle" is never the title, nor a tag line the
    page prints over several items ("讀者問　專家答" over each question): titles do not recur.
    """
    briefs = [position for position, j in enumerate(run) if units[j].brief]
    if briefs:
        return briefs[0]  # a list's heading over its first one-line brief: the brief is the title
    long_lines = [position for position, j in enumerate(run) if _deck_length(units[j], rules)]
    if len(long_lines) == 3 and long_lines[2] - long_lines[0] == 2:
        return long_lines[1]  # kicker (引题), main title, deck (副题): the mainland's three-line head
    if (len(long_lines) == 2 and long_lines[1] - long_lines[0] == 2
            and _plain_heading(units[run[long_lines[0] + 1]], rules)):
        return long_lines[0] + 1  # the same, with a main title short enough for a column name
    if (len(long_lines) == 2 and long_lines == [1, 2] and units[run[0]].kind == "short"
            and not units[run[0]].text.startswith(_SUBTITLE_MARK)):
        return 1  # a label (or a short kicker) over a title and its deck: the title comes first
    if (long_lines in ([1], [0, 1]) and len(run) > 1 and _plain_heading(units[run[0]], rules)
            and len(units[run[0]].text.split()) == 1 and len(units[run[0]].text) >= rules.title_over_deck_chars
            and len(units[run[1]].text.split()) == 2):
        return 0  # a one-part title over its two-part deck ("县城咖啡店一年翻倍" / "连锁品牌下沉抢客　单店盈利仍待观察")
    best, best_score = 0, -1
    for position, j in enumerate(run):
        unit = units[j]
        if (unit.kind != "short" or unit.text in rules.known_columns or unit.text in rules.known_sections
                or _brief_list(unit.text, rules) or unit.text.startswith(_SUBTITLE_MARK)
                or _recurring(units, j)):
            continue
        score = len(_compact(unit.text))
        score += rules.title_first_bonus if position == 0 else 0
        score += rules.title_two_parts_bonus if len(unit.text.split()) >= 2 else 0
        if score >= best_score:
            best, best_score = position, score
    return best


def _recurring(units: list[Line], i: int) -> bool:
    """Whether the short line ``i`` is printed again, alone on its line, elsewhere on the page."""
    text = _compact(units[i].text)
    return any(k != i and unit.kind == "short" and _compact(unit.text) == text for k, unit in enumerate(units))


def _plain_heading(unit: Line, rules: SegmentRules) -> bool:
    """A short line that is no known column or section and no "——subtitle"."""
    return (unit.kind == "short" and unit.text not in rules.known_columns and unit.text not in rules.known_sections
            and not unit.text.startswith(_SUBTITLE_MARK))


def _deck_length(unit: Line, rules: SegmentRules) -> bool:
    """A heading line too long for a column or section name: a title, its kicker or its deck."""
    return (unit.kind == "short" and len(_compact(unit.text)) > rules.max_column_chars
            and unit.text not in rules.known_columns and unit.text not in rules.known_sections
            and not unit.text.startswith(_SUBTITLE_MARK))


def _apply_header(article: Article, before: list[Line], after: list[Line],
                  rules: SegmentRules) -> tuple[bool, str | None]:
    """Fill section, column and author of a new article from the header lines around its title.

    Returns the last subhead among them, and whether the column is an unknown line found above the title by position alone
    (the walker makes it the section when the article turns out to have no author).
    """
    subhead: str | None = None
    unknown: list[str] = []
    decks: list[str] = []
    by_position = False
    for position, unit in enumerate([*before, *after]):
        if unit.kind == "short" and unit.text.startswith(_SUBTITLE_MARK):
            article.subheads.append(unit.text)  # a subtitle, kept first among the subheads
        elif unit.kind == "byline" and article.column is None and article.author is None:
            article.column, article.author = unit.column, unit.author
            if _printed_beyond(unit):
                article.byline = unit.text
        elif unit.kind == "name" and article.author is None:
            article.author = unit.author
        elif unit.text in rules.known_sections and article.section is None:
            article.section = unit.text
        elif unit.text in rules.known_columns and article.column is None:
            article.column = unit.text
        elif _deck_length(unit, rules):
            decks.append(unit.text)  # a kicker over the title or a deck under it: no column, no section
        elif position < len(before) and article.section is None:
            article.section, by_position = unit.text, True
        else:
            unknown.append(unit.text)
    # A pen name not led by a known surname: the shortest unknown line of name length under the
    # title (a label over the title, "獨家", "專題", is no name).
    low, high = rules.name_chars
    above = {unit.text for unit in before}
    names = [t for t in unknown if low <= len(t) <= high and _IDEOGRAPH.fullmatch(t) and t not in above
             and not listed_label(t, rules)]
    if names and article.author is None:
        article.author = min(names, key=len)
        unknown.remove(article.author)
    # By position: the unknown line nearest the body is the column, one above it the section.
    if unknown and article.column is None:
        article.column = unknown.pop()
    if unknown and article.section is None:
        article.section = unknown.pop(0)
    # An unknown line alone above the title, with no column elsewhere, is the column ("大行報告");
    # a brief list's heading ("財經簡訊") stays a section, for the items under it.
    moved = by_position and article.column is None and not _brief_list(article.section, rules)
    if moved:
        article.column, article.section = article.section, None
    for text in [*decks, *unknown]:
        article.subheads.append(text)
        subhead = text
    return moved, subhead


def _brief_list(section: str | None, rules: SegmentRules) -> bool:
    return section is not None and any(cue in section for cue in rules.brief_list_cues)
