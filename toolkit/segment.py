"""Text → articles: titles, bylines, subheads, captions, disclosures, boxes, rejoined paragraphs.

An e-paper page arrives as lines: titles, column names and author lines, body text broken
at column breaks (even inside words), photo captions dropped into sentences, disclosure
lines and boxed stock lists. The segmenter works in two passes, both linear in the page:

1. Each line gets a *kind* from its shape alone (``caption`` by its ◀ marker or a source
   credit, ``furniture`` for a page head (masthead, page date, page number), ``disclosure``
   when bracketed and cued by 作者為/微博…, ``item`` for "name (code)" with optional figures,
   ``name`` for a person's name (after 文：/記者/本報記者…, several after a prefix),
   ``byline`` for "column author", ``short`` for a short line without sentence
   punctuation, else ``body``).
2. A walk over the kinds decides the roles by position: a run of header lines (shorts,
   names, bylines) opens an article, its best-scoring short line (long, first, two-part)
   is the title and the others are section, column and author; a lone ``short`` between
   paragraphs is a subhead, unless the article before it was closed by a disclosure or
   was a box, or it is the next headline of a brief list (財經簡訊); a ``short`` followed
   by items is a box; a body line without final punctuation (or ending in ；) continues in
   the next text line, whatever captions, boxes and blank lines lie between. Furniture
   goes to ``unassigned``.

Cue words and thresholds live in ``toolkit/data/segment_rules.json``; known column and
section names only boost what position and shape decide, so tomorrow's columns work too.
Every non-blank character of the page ends up in exactly one place (see ``placed_texts``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from toolkit.document import Article, Box, Page, Paragraph

RULES_PATH = Path(__file__).resolve().parent / "data" / "segment_rules.json"

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# Stray spaces that layout tools leave between two CJK characters (Latin spacing is kept).
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+(?=[{_CJK}])")
_NAME_SEPARATORS = re.compile(r"\s*[、，,]\s*|\s+")
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# "中國移動 (00941)", "迅策(O3317)" (OCR letter O kept), "貴州茅台 (600519.SH)".
# A table-like box row may carry figures after the code: "騰訊控股（00700） 淨買入 12.5億".
_BOX_ITEM = re.compile(
    r"^\S[^，。；,;：:（）()]{0,24}?\s*[（(]\s*[0-9OoＯ]{3,6}(?:\.[A-Za-z]{1,3})?\s*[）)]"
    r"(?:\s+[^，。；,;！？!?（）()\s][^，。；,;！？!?（）()]{0,15})?$"
)
# A data-table row: a label and one to four figures ("恒生指數 25,812 -312", "美團 -2.4億").
_TABLE_ROW = re.compile(
    r"^[^\s，。；,;：:！？!?]{1,14}(?:\s+[+\-−]?\d[\d,]*(?:\.\d+)?(?:%|[萬万億亿千百]+)?[元點点倍厘%]?){1,4}$"
)
# A subtitle under a title: "——外資連續五日沽貨".
_SUBTITLE_MARK = ("——", "—", "--", "－－")
# A page-header date: "2026年11月25日 星期三 A002版", "2026-11-25".
_PAGE_DATE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})"
)
_PAGE_NUMBER = re.compile(r"^(?:第?[A-Za-z]{0,2}\d{1,3}版|[A-Za-z]{1,2}\d{1,3}|第\d{1,3}頁|第\d{1,3}页)$")


@dataclass(frozen=True, slots=True)
class SegmentRules:
    """The cue words and thresholds the segmenter uses (read from ``segment_rules.json``)."""

    caption_markers: frozenset[str]
    sentence_end: frozenset[str]
    closers: str
    prose_punctuation: frozenset[str]
    max_heading_chars: int
    max_column_chars: int
    max_header_run: int
    title_first_bonus: int
    title_two_parts_bonus: int
    title_end_marks: frozenset[str]
    max_box_item_chars: int
    min_box_items: int
    max_disclosure_chars: int
    name_chars: tuple[int, int]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    byline_prefixes: tuple[str, ...]
    known_columns: frozenset[str]
    known_sections: frozenset[str]
    box_titles: frozenset[str]
    disclosure_cues: tuple[str, ...]
    disclosure_max_cue_offset: int
    paragraph_end: frozenset[str]
    byline_markers: str
    max_byline_names: int
    brief_list_cues: tuple[str, ...]
    mastheads: frozenset[str]
    credit_cues: tuple[str, ...]
    credit_suffixes: tuple[str, ...]
    byline_prefix_ends: tuple[str, ...]
    weekday_words: tuple[str, ...]
    max_furniture_chars: int


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> SegmentRules:
    """Read the segmentation rules (the packaged ``segment_rules.json`` unless ``path`` is given)."""
    data = json.loads(Path(path or RULES_PATH).read_text(encoding="utf-8"))
    low, high = data["name_chars"]
    return SegmentRules(
        caption_markers=frozenset(data["caption_markers"]),
        sentence_end=frozenset(data["sentence_end"]),
        closers=data["closers"],
        prose_punctuation=frozenset(data["prose_punctuation"]),
        max_heading_chars=int(data["max_heading_chars"]),
        max_column_chars=int(data["max_column_chars"]),
        max_header_run=int(data["max_header_run"]),
        title_first_bonus=int(data["title_scores"]["first_in_run"]),
        title_two_parts_bonus=int(data["title_scores"]["two_parts"]),
        title_end_marks=frozenset(data["title_end_marks"]),
        max_box_item_chars=int(data["max_box_item_chars"]),
        min_box_items=int(data["min_box_items"]),
        max_disclosure_chars=int(data["max_disclosure_chars"]),
        name_chars=(int(low), int(high)),
        surnames=frozenset(data["surnames"]),
        compound_surnames=frozenset(data["compound_surnames"]),
        # Longest first, so "撰文：" is removed before "文：".
        byline_prefixes=tuple(sorted(data["byline_prefixes"], key=len, reverse=True)),
        known_columns=frozenset(data["known_columns"]),
        known_sections=frozenset(data["known_sections"]),
        box_titles=frozenset(data["box_titles"]),
        disclosure_cues=tuple(data["disclosure_cues"]),
        disclosure_max_cue_offset=int(data["disclosure_max_cue_offset"]),
        paragraph_end=frozenset(data["paragraph_end"]),
        byline_markers=data["byline_markers"],
        max_byline_names=int(data["max_byline_names"]),
        brief_list_cues=tuple(data["brief_list_cues"]),
        mastheads=frozenset(data["mastheads"]),
        credit_cues=tuple(data["credit_cues"]),
        credit_suffixes=tuple(data["credit_suffixes"]),
        byline_prefix_ends=tuple(data["byline_prefix_ends"]),
        weekday_words=tuple(data["page_furniture"]["weekday_words"]),
        max_furniture_chars=int(data["page_furniture"]["max_chars"]),
    )


@dataclass(slots=True)
class _Unit:
    kind: str  # body, short, name, byline, caption, disclosure, item
    text: str
    column: str | None = None
    author: str | None = None
    open: bool = False  # a body line that does not end a sentence


@dataclass(slots=True)
class _Draft:
    article: Article
    closed: bool = False  # a disclosure ended it
    open_paragraph: Paragraph | None = None
    open_parts: list[str] = field(default_factory=list)  # joined once, when the paragraph ends
    subhead: str | None = None
    brief_list: bool = False  # an item of a 財經簡訊 list: the next short headline opens the next item

    def close_paragraph(self) -> None:
        if self.open_paragraph is not None:
            self.open_paragraph.original = "".join(self.open_parts)
            self.open_paragraph = None
            self.open_parts = []


# --- pass 1: the kind of each line, from its shape ---------------------------------------


def _compact(text: str) -> str:
    return "".join(text.split())


def _terminal(text: str, rules: SegmentRules) -> bool:
    """Whether ``text`` ends a sentence (closing quotes and brackets looked through)."""
    stripped = text.rstrip().rstrip(rules.closers)
    return bool(stripped) and stripped[-1] in rules.sentence_end


def _ends_paragraph(text: str, rules: SegmentRules) -> bool:
    """Whether a body line ends its paragraph: like ``_terminal``, but a line ending in ；
    is only a clause break (the paragraph goes on in the next column)."""
    stripped = text.rstrip().rstrip(rules.closers)
    return bool(stripped) and stripped[-1] in rules.paragraph_end


def _furniture(line: str, rules: SegmentRules) -> bool:
    """A page-header line (masthead, page date, weekday, page number): no article's text."""
    if len(line) > rules.max_furniture_chars:
        return False
    anchor, rest = False, []
    for token in line.split():
        date = _PAGE_DATE.match(token)
        if token in rules.mastheads or _PAGE_NUMBER.match(token):
            anchor = True
        elif date:
            anchor = True
            if token[date.end():]:
                rest.append(token[date.end():])
        else:
            rest.append(token)
    # "財經 B4": a section name beside a page number is the page's running head.
    return anchor and all(t.strip("()（）") in rules.weekday_words or t in rules.known_sections
                          or _PAGE_NUMBER.match(t) for t in rest)


def _is_disclosure(inner: str, rules: SegmentRules) -> bool:
    head = inner.lstrip()[: rules.disclosure_max_cue_offset]
    return any(cue in head for cue in rules.disclosure_cues)


def _person_name(text: str, rules: SegmentRules) -> str | None:
    """The name(s) in an author line ("李靈修", "文：沈金", "■文︰李小明", "本报记者 李四 王五"),
    or None when it is not shaped like one. Several names need a prefix (记者…) before them."""
    body = text.strip().lstrip(rules.byline_markers).strip().replace("︰", "：")
    if not body or len(body) > (rules.name_chars[1] + 2) * rules.max_byline_names + 6:
        return None
    compact = _compact(body)
    rest = body
    for prefix in rules.byline_prefixes:
        if compact.startswith(prefix):
            rest = _after_prefix(body, len(prefix))
            break
    else:
        # "香港文匯報記者 周曉菁", "新华社记者 张明": any outlet before 記者.
        ends = [compact.find(end) + len(end) for end in rules.byline_prefix_ends if 0 <= compact.find(end) <= 10]
        if ends:
            rest = _after_prefix(body, max(ends))
    tokens = _NAME_SEPARATORS.split(rest.strip())
    if len(tokens) > 1:
        if rest == body or len(tokens) > rules.max_byline_names or not all(tokens):
            return None
        return rest if all(_single_name(t, rules) for t in tokens) else None
    return _single_name(_compact(rest), rules)


def _after_prefix(text: str, length: int) -> str:
    """``text`` after its first ``length`` non-blank characters (a byline prefix)."""
    seen = 0
    for index, ch in enumerate(text):
        if seen == length:
            return text[index:]
        seen += not ch.isspace()
    return ""


def _single_name(compact: str, rules: SegmentRules) -> str | None:
    if not compact or _IDEOGRAPH.fullmatch(compact) is None:
        return None
    low, high = rules.name_chars
    if compact[:2] in rules.compound_surnames and low + 1 <= len(compact) <= high + 1:
        return compact
    if compact[0] in rules.surnames and low <= len(compact) <= high:
        return compact
    return None


def _column_like(text: str, rules: SegmentRules) -> bool:
    if text in rules.known_columns:
        return True
    return (
        2 <= len(text) <= rules.max_column_chars
        and not _terminal(text, rules)
        and not any(ch in rules.prose_punctuation for ch in text)
    )


def _byline(text: str, rules: SegmentRules) -> tuple[str, str] | None:
    """``(column, author)`` for a "頭牌手記 沈金" line (either order), else None."""
    tokens = text.split()
    if len(tokens) != 2:
        return None
    first, second = tokens
    if _column_like(first, rules) and _person_name(second, rules) and not _person_name(first, rules):
        return first, second
    if _column_like(second, rules) and _person_name(first, rules) and not _person_name(second, rules):
        return second, first
    return None


def _heading_shaped(text: str, rules: SegmentRules) -> bool:
    compact = _compact(text)
    return (
        len(compact) <= rules.max_heading_chars
        and not _terminal(compact, rules)
        and not any(ch in rules.prose_punctuation for ch in compact)
    )


def _classify(line: str, rules: SegmentRules) -> list[_Unit]:
    """The unit(s) of one stripped, non-blank line: usually one; more when contact lines end it."""
    if line[0] in rules.caption_markers:
        return [_Unit("caption", line)]
    if len(line) <= rules.max_heading_chars and (
            line.startswith(rules.credit_cues)
            or (line.endswith(rules.credit_suffixes) and not any(ch in rules.prose_punctuation for ch in line))):
        return [_Unit("caption", line)]  # "資料來源：彭博", "新華社記者 張明 攝" credit a chart or photo
    if _furniture(line, rules):
        return [_Unit("furniture", line)]
    bracketed = line[0] in "(（" and line[-1] in ")）" and len(line) <= rules.max_disclosure_chars
    if bracketed and _is_disclosure(line[1:-1], rules):
        return [_Unit("disclosure", line)]
    if bracketed and _person_name(line[1:-1], rules):
        # "（記者 陳大文）" under the text: the author's credit, which ends the article.
        return [_Unit("disclosure", line, author=line)]
    # "…再定行結。(微博：有容載道)": the contact line is split off the paragraph it ends.
    tails: list[_Unit] = []
    end = len(line)
    while line[end - 1] in ")）":
        start = max(line.rfind("(", 0, end), line.rfind("（", 0, end))
        if start <= 0 or end - start > rules.max_disclosure_chars:
            break
        if not _is_disclosure(line[start + 1:end - 1], rules):
            break
        head_end = start
        while head_end > 0 and line[head_end - 1].isspace():
            head_end -= 1
        if head_end == 0:
            break
        tails.append(_Unit("disclosure", line[start:end]))
        end = head_end
    tails.reverse()
    return [_classify_shape(line[:end] if tails else line, rules), *tails]


def _classify_shape(line: str, rules: SegmentRules) -> _Unit:
    compact = _compact(line)
    if len(compact) <= rules.max_box_item_chars and (_BOX_ITEM.match(line) or _TABLE_ROW.match(line)):
        return _Unit("item", line)
    if _person_name(line, rules) is not None:
        return _Unit("name", line, author=line)
    if (byline := _byline(line, rules)) is not None:
        return _Unit("byline", line, column=byline[0], author=byline[1])
    if _heading_shaped(line, rules):
        return _Unit("short", line)
    return _Unit("body", line, open=not _ends_paragraph(line, rules))


def _units(text: str, rules: SegmentRules) -> list[_Unit]:
    units: list[_Unit] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            units.extend(_classify(line, rules))
    for i, unit in enumerate(units):
        # "港股何去何從？" reads as a sentence, but over a byline it is a title.
        if unit.kind == "body" and _question_title(unit.text, rules):
            j = _next_index(units, i)
            k = _next_index(units, j)
            over_byline = j < len(units) and units[j].kind in ("name", "byline")
            over_header = (j < len(units) and units[j].kind == "short"
                           and k < len(units) and units[k].kind in ("name", "byline"))
            if over_byline or over_header:
                unit.kind, unit.open = "short", False
    return units


def _question_title(text: str, rules: SegmentRules) -> bool:
    compact = _compact(text).rstrip(rules.closers)
    return (
        len(compact) <= rules.max_heading_chars
        and compact[-1:] in rules.title_end_marks
        and not any(ch in rules.prose_punctuation for ch in compact[:-1].rstrip("".join(rules.title_end_marks)))
    )


# --- pass 2: roles from position ---------------------------------------------------------


def clean_body_text(text: str) -> str:
    """Remove stray spaces between two CJK characters, keep those in Latin text ("Sora Pro 1080P")."""
    return _CJK_SPACE.sub("", text)


def _separator(left: str, right: str) -> str:
    """What goes between two pieces of a sentence broken across a column break.

    Nothing inside CJK text or words; a space between two Latin letters or digits, since a
    Latin word broken at a column edge cannot be told from two words ("Sora Pro" / "1080P")
    and a space loses no character.
    """
    if left and right and left[-1].isascii() and right[0].isascii() and left[-1].isalnum() and right[0].isalnum():
        # A lowercase letter after a letter goes on a word broken at the edge ("Black" / "well");
        # Latin in Chinese press is names, tickers and acronyms, rarely lowercase running text.
        return "" if left[-1].isalpha() and right[0].islower() else " "
    return ""


def _next_index(units: list[_Unit], i: int) -> int:
    """Index of the next unit after ``i`` that is not a caption (``len(units)`` at the end)."""
    j = i + 1
    while j < len(units) and units[j].kind in ("caption", "furniture"):
        j += 1
    return j


def _header_run(units: list[_Unit], i: int, rules: SegmentRules) -> list[int]:
    """Indexes of the header lines starting at ``i``: shorts, names and bylines in a row."""
    run = [i]
    j = _next_index(units, i)
    while j < len(units) and len(run) < rules.max_header_run and units[j].kind in ("short", "name", "byline"):
        if units[j].kind == "short" and _box_items(units, j, rules):
            break  # that short line titles the box below it
        run.append(j)
        j = _next_index(units, j)
    return run


def _box_items(units: list[_Unit], i: int, rules: SegmentRules) -> list[int]:
    """Indexes of the "name (code)" lines under the short line ``i`` when it titles a box."""
    items: list[int] = []
    j = i + 1
    while j < len(units) and units[j].kind == "item":
        items.append(j)
        j += 1
    if len(items) >= rules.min_box_items or (items and units[i].text in rules.box_titles):
        return items
    return []


def _continues(units: list[_Unit], i: int, draft: _Draft, rules: SegmentRules) -> bool:
    """Whether unit ``i`` carries on the open (unfinished) paragraph of ``draft``.

    Body text always does. A short line does unless it opens a header run or a box (then
    the paragraph ended at a page edge); a name-shaped line does once the article has an
    author ("和做" at a column edge is no byline).
    """
    kind = units[i].kind
    if kind == "body":
        return True
    if kind == "short":
        return len(_header_run(units, i, rules)) == 1 and not _box_items(units, i, rules)
    if kind == "name":
        return draft.article.author is not None
    return False


def _title_index(units: list[_Unit], run: list[int], rules: SegmentRules) -> int:
    """Position in ``run`` of its title: the best-scoring short line that is no known column/section.

    Length wins (titles are long, column and section names short), with a bonus for coming
    first and for the two-part "市場波動趨平緩 趁低吸納好時機" shape; so a section printed
    above the title is not taken for it.
    """
    best, best_score = 0, -1
    for position, j in enumerate(run):
        unit = units[j]
        if (unit.kind != "short" or unit.text in rules.known_columns or unit.text in rules.known_sections
                or _brief_list(unit.text, rules)):
            continue
        score = len(_compact(unit.text))
        score += rules.title_first_bonus if position == 0 else 0
        score += rules.title_two_parts_bonus if len(unit.text.split()) >= 2 else 0
        if score > best_score:
            best, best_score = position, score
    return best


def _apply_header(draft: _Draft, before: list[_Unit], after: list[_Unit], rules: SegmentRules) -> None:
    """Fill section, column and author of a new article from the header lines around its title."""
    article = draft.article
    unknown: list[str] = []
    by_position = False
    for position, unit in enumerate([*before, *after]):
        if unit.kind == "short" and unit.text.startswith(_SUBTITLE_MARK):
            article.subheads.append(unit.text)  # a subtitle, kept first among the subheads
        elif unit.kind == "byline" and article.column is None and article.author is None:
            article.column, article.author = unit.column, unit.author
        elif unit.kind == "name" and article.author is None:
            article.author = unit.author
        elif unit.text in rules.known_sections and article.section is None:
            article.section = unit.text
        elif unit.text in rules.known_columns and article.column is None:
            article.column = unit.text
        elif position < len(before) and article.section is None:
            article.section, by_position = unit.text, True
        else:
            unknown.append(unit.text)
    # A pen name not led by a known surname: the shortest unknown line of name length.
    low, high = rules.name_chars
    names = [t for t in unknown if low <= len(t) <= high and _IDEOGRAPH.fullmatch(t)]
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
    if by_position and article.column is None and not _brief_list(article.section, rules):
        article.column, article.section = article.section, None
    for text in unknown:
        article.subheads.append(text)
        draft.subhead = text


def _brief_list(section: str | None, rules: SegmentRules) -> bool:
    return section is not None and any(cue in section for cue in rules.brief_list_cues)


class _Walker:
    """The second pass: walks the units once and gives each a role in an article or box."""

    def __init__(self, units: list[_Unit], rules: SegmentRules) -> None:
        self.units = units
        self.rules = rules
        self.drafts: list[_Draft] = []
        self.unassigned: list[str] = []
        self.pending_captions: list[str] = []
        self.active: _Draft | None = None  # what the last line went to
        self.prose: _Draft | None = None  # the last article (not box): a box may interrupt it

    def new(self, title: str, kind: str = "article") -> _Draft:
        draft = _Draft(Article(title=Paragraph(title), kind="box" if kind == "box" else "article"))
        self.drafts.append(draft)
        self.active = draft
        if kind != "box":
            if self.prose is not None:
                self.prose.close_paragraph()
            self.prose = draft
            draft.article.captions.extend(self.pending_captions)
            self.pending_captions.clear()
        return draft

    def target(self) -> _Draft | None:
        """The article prose goes to: the active one, or the one the active box interrupted."""
        if self.active is not None and self.active.article.kind == "article":
            return self.active
        return self.prose

    def run(self) -> tuple[list[Article], list[str]]:
        units = self.units
        i = 0
        while i < len(units):
            kind = units[i].kind
            if kind == "caption":
                self.caption(units[i])
            elif kind == "furniture":
                self.unassigned.append(units[i].text)
            elif self.continue_paragraph(i):
                pass
            elif kind == "short" or (kind == "item" and self.lone_item(i)):
                i = self.short(i)
                continue
            elif kind in ("name", "byline"):
                self.byline(units[i])
            elif kind == "body":
                self.body(units[i])
            elif kind == "disclosure":
                self.disclosure(units[i])
            else:
                self.item(units[i])
            i += 1
        if self.prose is not None:
            self.prose.close_paragraph()
        self.unassigned.extend(self.pending_captions)
        return [d.article for d in self.drafts], self.unassigned

    def lone_item(self, i: int) -> bool:
        """A "name (code)" line outside any list, e.g. the subhead "萬洲國際(00288)": read as a short line."""
        in_box = self.active is not None and self.active.article.kind == "box"
        following = i + 1 < len(self.units) and self.units[i + 1].kind == "item"
        return not in_box and not following

    def caption(self, unit: _Unit) -> None:
        caption = clean_body_text(unit.text)
        if self.prose is None:
            self.pending_captions.append(caption)
        else:
            self.prose.article.captions.append(caption)

    def continue_paragraph(self, i: int) -> bool:
        """Add unit ``i`` to the open paragraph it continues; close that paragraph when it does not."""
        draft = self.prose
        if draft is None or draft.open_paragraph is None:
            return False
        unit = self.units[i]
        if _continues(self.units, i, draft, self.rules):
            text = clean_body_text(unit.text)
            draft.open_parts.append(_separator(draft.open_parts[-1], text) + text)
            if _ends_paragraph(unit.text, self.rules):
                draft.close_paragraph()
            self.active = draft
            return True
        # A box set into the text does not end the paragraph it interrupts.
        if unit.kind != "item" and not (unit.kind == "short" and _box_items(self.units, i, self.rules)):
            draft.close_paragraph()
        return False

    def short(self, i: int) -> int:
        """A short line: box title, article title (with its header lines) or subhead. Returns the next index."""
        units, rules = self.units, self.rules
        unit = units[i]
        box_items = _box_items(units, i, rules)
        if box_items:
            box = self.new(unit.text, "box")
            box.article.boxes.append(Box(unit.text, [units[j].text for j in box_items]))
            return box_items[-1] + 1
        run = _header_run(units, i, rules)
        if len(run) >= 2:
            title = _title_index(units, run, rules)
            draft = self.new(units[run[title]].text)
            _apply_header(draft, [units[j] for j in run[:title]], [units[j] for j in run[title + 1:]], rules)
            for j in range(i + 1, run[-1] + 1):  # captions inside the header run
                if units[j].kind == "caption":
                    draft.article.captions.append(clean_body_text(units[j].text))
                elif units[j].kind == "furniture":
                    self.unassigned.append(units[j].text)
            return run[-1] + 1
        active = self.active
        if active is None or active.closed or active.article.kind == "box":
            self.new(unit.text)
        elif active.article.paragraphs and (active.brief_list or _brief_list(active.article.section, rules)):
            # In a 財經簡訊 list each short headline opens the next item (the list's heading is
            # printed once, over the first item, and placed there only).
            self.new(unit.text).brief_list = True
        else:
            active.article.subheads.append(unit.text)
            active.subhead = unit.text
        return i + 1

    def byline(self, unit: _Unit) -> None:
        draft = self.target()
        if draft is None or draft.closed:
            draft = self.new("")
        self.active = draft
        article = draft.article
        if unit.kind == "byline" and article.column is None and article.author is None:
            article.column, article.author = unit.column, unit.author
        elif unit.kind == "name" and article.author is None:
            article.author = unit.author
        else:
            article.subheads.append(unit.text)
            draft.subhead = unit.text

    def body(self, unit: _Unit) -> None:
        draft = self.target()
        if draft is None or draft.closed:
            draft = self.new("")
        self.active = draft
        paragraph = Paragraph(clean_body_text(unit.text), subhead=draft.subhead)
        draft.article.paragraphs.append(paragraph)
        draft.close_paragraph()
        if unit.open:
            draft.open_paragraph, draft.open_parts = paragraph, [paragraph.original]

    def disclosure(self, unit: _Unit) -> None:
        draft = self.target()
        if draft is None:
            self.unassigned.append(unit.text)
            return
        self.active = draft
        if unit.author is not None and draft.article.author is None:
            draft.article.author = unit.author
        else:
            draft.article.disclosures.append(unit.text)
        # An author's note printed under the byline does not end an article that has not begun.
        draft.closed = draft.closed or bool(draft.article.paragraphs)

    def item(self, unit: _Unit) -> None:
        if self.active is not None and self.active.article.kind == "box":
            self.active.article.boxes[-1].items.append(unit.text)
        else:
            self.new("", "box").article.boxes.append(Box("", [unit.text]))


def _separate_bylines(articles: list[Article], rules: SegmentRules) -> None:
    """Keep the printed author line in ``byline`` and the name(s) alone in ``author``."""
    for article in articles:
        printed = article.author
        if not printed:
            continue
        inner = printed.strip()
        if inner[:1] in "(（" and inner[-1:] in ")）":
            inner = inner[1:-1]
        name = _person_name(inner, rules)
        if name and name.strip() != printed:
            article.byline = printed
            article.author = name.strip()


def segment_text(text: str, rules: SegmentRules | None = None) -> tuple[list[Article], list[str]]:
    """Segment the text of a page; see ``segment_page``."""
    rules = rules or load_rules()
    articles, unassigned = _Walker(_units(text, rules), rules).run()
    _separate_bylines(articles, rules)
    return articles, unassigned


def segment_page(page: Page) -> tuple[list[Article], list[str]]:
    """Split a page into articles and boxes; return them with the text that could not be placed.

    Only the ``original`` text fields are filled (the pipeline converts to Simplified later).
    A page with no title line gives one article whose title is the empty string.
    """
    return segment_text(page.text)


def placed_texts(articles: Iterable[Article], unassigned: Iterable[str] = ()) -> list[str]:
    """Every text the segmenter placed, each once: what "nothing lost" is checked against.

    A box item's title repeats the article title, and ``Paragraph.subhead`` repeats a subhead,
    so neither is counted twice.
    """
    out: list[str] = []
    for article in articles:
        out.append(article.title.original)
        out.extend(x for x in (article.column, article.byline or article.author, article.section) if x)
        out.extend(article.subheads)
        out.extend(p.original for p in article.paragraphs)
        out.extend(article.captions)
        out.extend(article.disclosures)
        for box in article.boxes:
            if not (article.kind == "box" and box.title == article.title.original):
                out.append(box.title)
            out.extend(box.items)
    out.extend(unassigned)
    return out


def article_characters(article: Article) -> int:
    """Characters of body text (paragraphs, whitespace not counted): the size a reader sees."""
    return sum(len(_compact(p.original)) for p in article.paragraphs)


def segments_to_dict(articles: list[Article], unassigned: list[str]) -> dict[str, object]:
    """What the segmenter found, as JSON-ready data (for ``brief segment --format json``)."""
    return {
        "articles": [
            {
                "kind": a.kind,
                "title": a.title.original,
                "column": a.column,
                "author": a.author,
                "section": a.section,
                "subheads": list(a.subheads),
                "paragraphs": [{"original": p.original, "subhead": p.subhead} for p in a.paragraphs],
                "characters": article_characters(a),
                "captions": list(a.captions),
                "disclosures": list(a.disclosures),
                "boxes": [{"title": b.title, "items": list(b.items)} for b in a.boxes],
            }
            for a in articles
        ],
        "unassigned": list(unassigned),
    }
