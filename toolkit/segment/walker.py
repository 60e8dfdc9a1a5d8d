"""Pass 2: the walk that gives every line a role in an article or box, taking each decision once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from toolkit.document import Article, Box, Page, Paragraph
from toolkit.segment.credits import (
    above_title_tag,
    agency_credit,
    column_credit,
    credit_leads,
    mark_credits,
    read_credit,
)
from toolkit.segment.evidence import (
    _CODE,
    Clue,
    Cohesion,
    Decision,
    continues_above,
    dated_lead,
    dateline_lead,
    heading_clues,
    terms,
)
from toolkit.segment.headers import _apply_header, _box_items, _brief_list, _header_run, _title_index
from toolkit.segment.rules import SegmentRules, load_rules
from toolkit.segment.shapes import (
    _IDEOGRAPH,
    _LISTED_LEAD,
    Line,
    _compact,
    _ends_paragraph,
    _is_disclosure,
    _next_index,
    _person_name,
    _printed_beyond,
    _separator,
    _units,
    clean_body_text,
    dash_name,
    headline_over_body,
    pen_name,
    signoff_name,
)

# Brackets printed around a whole label line ("【讀者來信】"): typography, not part of its name.
_LABEL_BRACKETS = {"【": "】", "〖": "〗", "［": "］", "[": "]"}


def _unbracketed(text: str | None) -> str | None:
    """A column name as printed, without brackets around the whole of it ("【讀者來信】" → "讀者來信")."""
    if (text and len(text) > 2 and _LABEL_BRACKETS.get(text[0]) == text[-1]
            and not any(ch in text[1:-1] for ch in "【】〖〗［］[]")):
        return text[1:-1].strip()
    return text


@dataclass(slots=True)
class _Draft:
    article: Article
    closed: bool = False  # a disclosure ended it
    open_paragraph: Paragraph | None = None
    open_parts: list[str] = field(default_factory=list)  # joined once, when the paragraph ends
    subhead: str | None = None
    brief_list: bool = False  # an item of a 財經簡訊 list: the next short headline opens the next item
    ended: bool = False  # its author was printed after its text: the next short line opens a new article
    ended_by: str = "its author"  # what ended it (for --explain)
    lone_title: bool = False  # opened by a lone short line (no header run): an item of a list, a sidebar
    label_by_position: bool = False  # its column is an unknown line above the title (a section if no author)
    body_lines: list[int] = field(default_factory=list)  # indexes of its body lines (for cohesion)

    def close_paragraph(self) -> None:
        if self.open_paragraph is not None:
            self.open_paragraph.original = "".join(self.open_parts)
            self.open_paragraph = None
            self.open_parts = []



def _continues(units: list[Line], i: int, draft: _Draft, rules: SegmentRules) -> bool:
    """Whether unit ``i`` carries on the open (unfinished) paragraph of ``draft``.

    Body text always does. A short line does unless it opens a header run or a box (then
    the paragraph ended at a page edge); a name-shaped line does once the article has an
    author ("和做" at a column edge is no byline).
    """
    kind = units[i].kind
    if kind == "body":
        return True
    if kind == "short":
        return (len(_header_run(units, i, rules)) == 1 and not _box_items(units, i, rules)
                and not headline_over_body(units, i, rules))
    if kind == "name":
        return draft.article.author is not None
    return False


class _Walker:
    """The second pass: walks the units once and gives each a role in an article or box."""

    def __init__(self, units: list[Line], rules: SegmentRules, explain: bool = False) -> None:
        self.units = units
        self.explain = explain
        self.rules = rules
        self.drafts: list[_Draft] = []
        self.unassigned: list[str] = []
        self.pending_captions: list[str] = []
        self.active: _Draft | None = None  # what the last line went to
        self.prose: _Draft | None = None  # the last article (not box): a box may interrupt it
        self.decisions: list[Decision] = []
        self._cohesion: Cohesion | None = None
        self.noted: set[int] = set()  # credit lines already explained
        self.headline_rows: set[int] = set()  # shaped like a table's rows, but over a story's lead

    @property
    def cohesion(self) -> Cohesion:
        """Built on first need: most lines are decided by shape and position alone."""
        if self._cohesion is None:
            self._cohesion = Cohesion(self.units)
        return self._cohesion

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
                if units[i].quote:
                    self.decisions.append(Decision(units[i].text, "pull quote (a quotation alone between paragraphs)"))
            elif kind == "furniture":
                self.unassigned.append(units[i].text)
                self.decisions.append(Decision(units[i].text, "page note (a bracketed source note at the page foot)"
                                               if units[i].note else "page head (by its shape)"))
            elif kind in ("short", "body") and (heads := self.related_reading(i)):
                i = self.related_list(i, heads)
                continue
            elif self.continue_paragraph(i):
                pass
            elif kind == "short" or (kind == "item" and (self.lone_item(i) or i in self.headline_rows)):
                i = self.short(i)
                continue
            elif kind in ("name", "byline"):
                i = self.author_line(i)
                continue
            elif kind == "inline" and self.inline_list(i):
                self.inline(i)
            elif kind in ("body", "inline"):
                self.body(i)
            elif kind == "disclosure":
                self.disclosure(units[i])
            else:
                self.item(units[i])
            i += 1
        if self.prose is not None:
            self.prose.close_paragraph()
        self.unassigned.extend(self.pending_captions)
        for draft, following in zip(self.drafts, [*self.drafts[1:], None], strict=False):
            article = draft.article
            if (draft.label_by_position and article.author is None and article.section is None
                    and following is not None and following.lone_title):
                # A label over unsigned items that follow one another heads a section ("企業消息"), not a column.
                article.section, article.column = article.column, None
        for draft in self.drafts:
            if (label := _unbracketed(draft.article.column)) != draft.article.column:
                draft.article.column_printed, draft.article.column = draft.article.column, label
        return [d.article for d in self.drafts], self.unassigned

    def lone_item(self, i: int) -> bool:
        """A "name (code)" line outside any list, e.g. the subhead "萬洲國際(00288)": read as a short line."""
        in_box = self.active is not None and self.active.article.kind == "box"
        following = i + 1 < len(self.units) and self.units[i + 1].kind == "item"
        return not in_box and not following

    def caption(self, unit: Line) -> None:
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
            above = self.units[i - 1]
            if above.runs_on and _ends_paragraph(above.text, self.rules):
                self.decisions.append(Decision(unit.text[:20] + "…", "goes on the paragraph above (no indent: "
                                               "on this page an indent, not a full stop, opens a paragraph)"))
            text = clean_body_text(unit.text)
            draft.open_parts.append(_separator(draft.open_parts[-1], text) + text)
            if unit.kind == "body":
                draft.body_lines.append(i)
            if _ends_paragraph(unit.text, self.rules) and not unit.runs_on:
                draft.close_paragraph()
            self.active = draft
            return True
        following = self.units[i + 1] if i + 1 < len(self.units) else None
        if (unit.kind == "name" and draft.article.author is None and following is not None
                and following.kind == "body" and self.prefixed_credit(unit)):
            # "記者 葉卓軒" dropped into a sentence broken at a column edge: the author; the sentence goes on.
            draft.article.author = unit.author
            self.decisions.append(Decision(unit.text, "credit line inside a paragraph: its author"))
            return True
        # A box set into the text does not end the paragraph it interrupts.
        if unit.kind != "item" and not (unit.kind == "short" and _box_items(self.units, i, self.rules)):
            draft.close_paragraph()
        return False

    def prefixed_credit(self, unit: Line) -> bool:
        """A credit with a label or prefix ("記者 葉卓軒", "文：沈金"), not a bare name-shaped word."""
        credit = read_credit(unit.text, self.rules)
        if credit is not None:
            return credit.author is not None
        name = _person_name(unit.text, self.rules)
        return name is not None and _compact(name) != _compact(unit.text)

    def open_article(self, run: list[int]) -> int:
        """A new article from a header run (title, section, column, author lines). Returns the next index."""
        units, rules = self.units, self.rules
        title = _title_index(units, run, rules)
        draft = self.new(units[run[title]].text)
        draft.label_by_position, subhead = _apply_header(
            draft.article, [units[j] for j in run[:title]], [units[j] for j in run[title + 1:]], rules)
        draft.subhead = subhead or draft.subhead
        for j in range(run[0] + 1, run[-1] + 1):  # captions inside the header run
            if units[j].kind == "caption":
                draft.article.captions.append(clean_body_text(units[j].text))
            elif units[j].kind == "furniture":
                self.unassigned.append(units[j].text)
        others = [units[j].text for k, j in enumerate(run) if k != title]
        self.decisions.append(Decision(units[run[title]].text, "title of a header run", [
            Clue("header_lines", len(run), 0)]))
        if others:
            self.decisions[-1].decision += " (with " + " / ".join(others) + ")"
        for j in run:
            self.note_credit(units[j])
        return run[-1] + 1

    def note_credit(self, unit: Line) -> None:
        """Record why a credit line gave its article's author (or none, for an agency)."""
        if id(unit) in self.noted:
            return
        self.noted.add(id(unit))
        if unit.kind in ("name", "disclosure") and (credit := read_credit(unit.text, self.rules)) is not None:
            who = f"author {credit.author}" if credit.author else "no author"
            self.decisions.append(Decision(unit.text, f"credit line ({credit.shape}): {who}, never a title"))
        elif unit.kind == "byline" and (pair := column_credit(unit.text, self.rules)) is not None:
            self.decisions.append(Decision(unit.text, f"column and credit on one line: column {pair[0]}, author {pair[1]}"))
        elif unit.kind == "disclosure" and unit.author:
            name = _person_name(unit.text.strip("（()）"), self.rules)
            self.decisions.append(Decision(unit.text, f"credit at the end of the text: author {(name or '').strip()}"))

    def short(self, i: int) -> int:
        """A short line: box title, article title (with its header lines) or subhead. Returns the next index."""
        units, rules = self.units, self.rules
        unit = units[i]
        box_items = _box_items(units, i, rules)
        if self.headline_row(box_items):
            self.headline_rows.add(box_items[-1])  # the last "row" heads the story under it
            box_items = box_items[:-1]
        listed = bool(box_items) and self.list_box(i, box_items)
        if box_items and not listed and (why := self.box_inside(box_items[-1] + 1)):
            draft = self.prose
            assert draft is not None
            draft.article.boxes.append(Box(unit.text, [units[j].text for j in box_items]))
            self.active = draft
            self.decisions.append(Decision(unit.text, f"box inside {draft.article.title.original!r} "
                                                      f"({len(box_items)} items; {why})"))
            return box_items[-1] + 1
        if box_items:
            box = self.new(unit.text, "box")
            box.article.boxes.append(Box(unit.text, [units[j].text for j in box_items]))
            kind = "; a list, stands alone" if listed else ""
            self.decisions.append(Decision(unit.text, f"box title ({len(box_items)} items below{kind})"))
            return box_items[-1] + 1
        active = self.active
        if (active is not None and active.article.kind == "article" and not active.closed
                and active.article.paragraphs and active.article.author is None
                and (name := signoff_name(unit.text, rules))):
            # "——阿麥" after the text: the author signing off (a subtitle after a dash sits under the title).
            active.article.author, active.article.byline, active.ended = name, unit.text, True
            self.decisions.append(Decision(unit.text, "author signing off after a dash"))
            return i + 1
        if (active is not None and active.article.kind == "article" and not active.closed
                and active.article.paragraphs and active.article.author is None
                and (name := self.signed_over_note(i))):
            # "老顧" alone after the text, then "（作者為…）": a pen name signing off over the author's note.
            active.article.author, active.ended = name, True
            self.decisions.append(Decision(unit.text, "pen name over the author's note"))
            return i + 1
        run = _header_run(units, i, rules)
        if len(run) >= 2:
            return self.open_article(run)
        j = _next_index(units, i)
        if j < len(units) and units[j].kind == "inline" and self.inline_list(j):
            self.new(unit.text)  # the first item takes the title; the heading becomes its section
            self.decisions.append(Decision(unit.text, "heading of a list of briefs titled inline"))
            return i + 1
        if active is None or active.closed or active.article.kind == "box":
            why = "first line" if active is None else \
                "shaped like the table's rows, but over a story's lead" if i in self.headline_rows else \
                "after a box" if active.article.kind == "box" else "after the article's closing line"
            self.new(unit.text)
            self.decisions.append(Decision(unit.text, f"title ({why})"))
        elif active.article.paragraphs and (active.brief_list or _brief_list(active.article.section, rules)):
            # In a 財經簡訊 list each short headline opens the next item (the list's heading is
            # printed once, over the first item, and placed there only).
            self.new(unit.text).brief_list = True
            self.decisions.append(Decision(unit.text, "title (next item of a briefs list)"))
        elif unit.brief and active.article.paragraphs:
            # One of several one-line briefs in a row (a short line, one line of text, again…).
            self.new(unit.text).lone_title = True
            self.decisions.append(Decision(unit.text, "title (next of a run of one-line briefs)"))
        elif active.ended:
            self.new(unit.text).lone_title = True
            self.decisions.append(Decision(unit.text, f"title (the article before ended with {active.ended_by})"))
        elif not active.article.paragraphs:
            active.article.subheads.append(unit.text)
            active.subhead = unit.text
            self.decisions.append(Decision(unit.text, "subhead (the article has no text yet)"))
        else:
            clues = self.heading_evidence(i, active)
            decision = Decision(unit.text, "", clues)
            if decision.score > 0:
                self.new(unit.text).lone_title = True
                decision.decision = "title of a new article"
            else:
                active.article.subheads.append(unit.text)
                active.subhead = unit.text
                decision.decision = "subhead"
            self.decisions.append(decision)
        return i + 1

    def related_list(self, i: int, heads: list[int]) -> int:
        """Place a related-reading label and its headlines in unassigned. Returns the next index."""
        units = self.units
        self.unassigned.extend(units[j].text for j in [i, *heads])
        for draft in (self.active, self.prose):
            if draft is not None:
                draft.close_paragraph()
                draft.ended = True  # the list closes its article: a headline after it opens the next
                draft.ended_by = "a related-reading list"
        self.decisions.append(Decision(units[i].text, f"related-reading label over {len(heads)} other "
                                                      "stories' headlines (unassigned)"))
        return heads[-1] + 1

    def related_reading(self, i: int) -> list[int]:
        """The headlines listed under a 延伸閱讀 / 相关新闻 label at unit ``i`` (none when it is no such label).

        They name other stories, printed elsewhere: no article of their own, no part of the one
        above. The list ends at a line that is not short, or at a short line with body text right
        under it (the next article's headline).
        """
        units, rules = self.units, self.rules
        label = _compact(units[i].text).strip("【】[]［］〔〕()（）■□●◆▲▼►▌|｜:：")
        if label not in rules.related_reading_labels:
            return []
        heads: list[int] = []
        j = _next_index(units, i)
        while j < len(units) and self.headline_like(j) and len(heads) < rules.max_related_heads:
            following = _next_index(units, j)
            if following < len(units) and units[following].kind == "body" and not self.headline_like(following):
                break  # a headline over its own text: the next article
            heads.append(j)
            j = following
        return heads

    def headline_like(self, j: int) -> bool:
        """A line that may be a listed headline: a short line, or one read as text only for a colon or
        question mark in it ("存款保障上限調高 金管局：明年起實施", "定存點揀好？三招比較息率")."""
        unit = self.units[j]
        if unit.kind in ("short", "item"):
            return True
        text = unit.text.strip()
        return (unit.kind == "body" and len(_compact(text)) <= self.rules.max_heading_chars
                and not any(ch in text for ch in "，。；,;"))

    def list_box(self, i: int, items: list[int]) -> bool:
        """Whether the box titled by unit ``i`` is a page-level list, never a table set in an
        article: its rows are announcements led by a company and its code ("贵州茅台（600519）公告，…"),
        which no feature prints mid-text (a title alone tells nothing: "10月金融数据一览表")."""
        units = self.units
        leads = [j for j in items if _LISTED_LEAD.match(units[j].text) and any(ch in "，。：" for ch in units[j].text)]
        # Every row an announcement, but for the rest of one broken at the column edge.
        return bool(leads) and leads[0] == items[0] and len(leads) >= max(self.rules.min_box_items, len(items) // 2 + 1)

    def headline_row(self, items: list[int]) -> bool:
        """Whether the last row of a table is the headline of the story printed under it.

        "零售　按年跌3.8%" under rows "CPI　按年+0.2%" has their very shape: what follows tells.
        A long paragraph opening like a story's lead (a subject then when, a dateline, a company
        with its code) starts an article; a table's text goes on with its own story instead.
        """
        units, rules = self.units, self.rules
        if len(items) <= rules.min_box_items:
            return False
        j = _next_index(units, items[-1])
        if j >= len(units) or units[j].kind != "body":
            return False
        paragraph = units[j].text
        while units[j].open and j + 1 < len(units) and units[j + 1].kind == "body":
            j += 1
            paragraph += units[j].text
        if len(_compact(paragraph)) < rules.headline_row_paragraph_chars or continues_above(paragraph, rules):
            return False
        return dated_lead(paragraph, rules) or dateline_lead(paragraph) or bool(_CODE.search(paragraph[:40]))

    def box_inside(self, j: int) -> str | None:
        """Why a box whose items end before unit ``j`` belongs to the article it interrupts, or None.

        It does when that article is open (has text, not ended by its author or a closing line),
        the box comes between two of its paragraphs and the article goes on after it: body text,
        or a subhead (by the same evidence as any lone short line). Otherwise the box stands
        alone, as boxes between articles do; so does a box dropped into a broken sentence (the
        layout set it beside the text, not in it)."""
        draft = self.prose
        if (draft is None or self.active is not draft or draft.closed or draft.ended
                or not draft.article.paragraphs or draft.open_paragraph is not None):
            return None
        units = self.units
        j = _next_index(units, j - 1)
        if j >= len(units):
            return None
        if units[j].kind == "body":
            return "the text goes on after it"
        if units[j].kind == "short" and len(_header_run(units, j, self.rules)) == 1 and not _box_items(units, j, self.rules):
            score = Decision(units[j].text, "", self.heading_evidence(j, draft)).score
            if score <= 0:
                return f"a subhead follows it (score {score:+.1f})"
        return None

    def inline_list(self, i: int) -> bool:
        """Whether the "【title】text" line ``i`` is an item of a list of briefs: another such line
        is next to it, with at most one more paragraph between (a brief is short; a feature that
        leads its sections with "【資金面】…" has several paragraphs under each), or the article
        it would join is a briefs list."""
        units = self.units
        for step in (-1, 1):
            j, paragraphs = i + step, 0
            while 0 <= j < len(units) and units[j].kind in ("body", "caption") and paragraphs <= 1:
                paragraphs += units[j].kind == "body" and not (j > 0 and units[j - 1].open)
                j += step
            if 0 <= j < len(units) and units[j].kind == "inline" and paragraphs <= 1:
                return True
        draft = self.target()
        return draft is not None and (draft.brief_list or _brief_list(draft.article.section, self.rules)
                                      or (not draft.article.paragraphs and _brief_list(draft.article.title.original, self.rules)))

    def inline(self, i: int) -> None:
        """A brief whose title is printed in brackets before its text: a new article, titled by the
        words in the brackets. Under a heading with no text yet ("財經簡訊"), the heading becomes
        the section of the first item."""
        unit = self.units[i]
        title = unit.title or ""
        closing = unit.text.index(title) + len(title)
        printed, text = unit.text[:closing + 1], unit.text[closing + 1:].strip()
        draft = self.target()
        if (draft is not None and draft is self.active and not draft.closed and not draft.article.paragraphs
                and not draft.open_parts and draft.article.title.original and not draft.article.title_printed):
            heading = draft.article.title.original
            if draft.article.section is None:
                draft.article.section = heading
            elif draft.article.column is None:
                draft.article.column = heading
            else:
                draft.article.subheads.append(heading)
            draft.article.title = Paragraph(title)
            why = f"under the heading {heading!r}"
        else:
            draft = self.new(title)
            why = "next item of a list"
        draft.article.title_printed = printed
        draft.brief_list = draft.lone_title = True
        self.active = draft
        draft.body_lines.append(i)
        paragraph = Paragraph(clean_body_text(text), subhead=draft.subhead)
        draft.article.paragraphs.append(paragraph)
        if unit.open or unit.runs_on:
            draft.open_paragraph, draft.open_parts = paragraph, [paragraph.original]
        self.decisions.append(Decision(printed, f"title printed inline in brackets ({why})"))

    def signed_over_note(self, i: int) -> str | None:
        """The pen name in the short line ``i`` when a note on the writer or a disclosure comes
        right under it ("老顧" / "（作者為資深證券分析員…）"): no headline or subhead sits there."""
        text = _compact(self.units[i].text)
        low, _ = self.rules.name_chars
        j = _next_index(self.units, i)
        if not (low <= len(text) <= self.rules.pen_name_chars - 2 and _IDEOGRAPH.fullmatch(text)) or j >= len(self.units):
            return None
        note = self.units[j]
        if note.kind == "disclosure" and note.author is None:
            return text
        if (note.kind == "body" and len(note.text) <= self.rules.max_disclosure_chars
                and any(cue in note.text for cue in self.rules.author_note_cues)):
            return text  # the note printed without brackets: "作者為資深證券分析員，並無持有…"
        return None

    def heading_evidence(self, i: int, draft: _Draft) -> list[Clue]:
        """The clues for the lone short line ``i`` inside ``draft``: title of a new article, or subhead?"""
        units, rules = self.units, self.rules
        window = rules.cohesion_window
        before: list[int] = []
        size = 0
        for j in reversed(draft.body_lines):
            before.append(j)
            size += len(units[j].text)
            if size >= window:
                break
        after: list[int] = []
        size = 0
        j = i + 1
        while j < len(units) and units[j].kind in ("body", "caption"):
            if units[j].kind == "body" and size < window:
                after.append(j)
                size += len(units[j].text)
            j += 1
        # The text after the line is signed at its end while this article has its author: a new article.
        # (Unless the name is this article's own author again, or heads the next article's header.)
        author = draft.article.author
        signed_after = (j < len(units) and author is not None
                        and (units[j].kind in ("name", "byline") or units[j].author is not None)
                        and author not in (units[j].author or "") and self.ends_text(j))
        article = draft.article
        same_column_after = (j < len(units) and units[j].column is not None and units[j].column == article.column)
        cohesion = self.cohesion
        voiced_before = any(cue in text for cue in rules.column_voice_cues for text in self.texts(draft))
        if not article.title.original:
            opened_by = "untitled"
        elif article.author is not None or (article.column is not None and not draft.label_by_position):
            opened_by = "byline"
        else:
            opened_by = "labelled" if draft.label_by_position else "no_byline"
        return heading_clues(
            units[i].text,
            opened_by=opened_by, paragraphs_before=len(article.paragraphs),
            signed_after=signed_after, same_column_after=same_column_after,
            after_text=units[after[0]].text if after else "",
            article_text="".join(p.original for p in article.paragraphs) + "".join(draft.open_parts),
            has_subheads=any(not s.startswith(("——", "—")) for s in article.subheads),
            before=cohesion.vector(before), after=cohesion.vector(after),
            title_terms=Counter(terms(article.title.original)), cohesion=cohesion, rules=rules,
            complete=self.explain, in_column=article.column is not None or voiced_before,
            voice_change=voiced_before and not any(cue in units[j].text for cue in rules.column_voice_cues for j in after),
            after_box=self.after_box(i), last_paragraph=(self.texts(draft) or [""])[-1])

    def after_box(self, i: int) -> bool:
        """Whether the short line ``i`` comes right after the last row of a table (captions looked through)."""
        h = i - 1
        while h >= 0 and self.units[h].kind in ("caption", "furniture"):
            h -= 1
        return h >= 0 and self.units[h].kind == "item"

    def texts(self, draft: _Draft) -> list[str]:
        """The article's text so far (its paragraphs, and the one still open)."""
        return [p.original for p in draft.article.paragraphs] + draft.open_parts

    def ends_text(self, j: int) -> bool:
        """Whether the author line ``j`` would end an unsigned text above it (rather than head the next)."""
        run = _header_run(self.units, j, self.rules)
        if not any(self.units[k].kind == "short" for k in run[1:]):
            return True
        return _author_ends_text(self.units, run, above_signed=False, above_has_text=True, rules=self.rules)[0]

    def author_line(self, i: int) -> int:
        """A name or "column author" line: its article's author, or the first line of the next article's header."""
        units = self.units
        unit = units[i]
        self.note_credit(unit)
        draft = self.target()
        run = _header_run(units, i, self.rules)
        titled = [j for j in run[1:] if units[j].kind == "short"]
        if not titled:
            signed = draft is not None and not draft.closed and draft.article.author is None
            self.byline(unit)
            if signed and draft is not None and draft.article.paragraphs and draft.article.author is not None:
                # Printed after its text: the article ends here (a disclaimer may follow, then the next title).
                draft.ended = True
                self.decisions.append(Decision(unit.text, f"author printed at the end of {draft.article.title.original!r}"))
            return i + 1
        if draft is None or draft.closed:
            self.decisions.append(Decision(unit.text, "author line of the next article (no open article above)"))
            return self.open_article(run)
        article = draft.article
        ends, why = _author_ends_text(units, run, above_signed=article.author is not None,
                                      above_has_text=bool(article.paragraphs), rules=self.rules)
        if not ends:
            self.decisions.append(Decision(unit.text, f"author line of the next article ({why})"))
            return self.open_article(run)
        self.byline(unit)
        draft.ended = bool(article.paragraphs)
        self.decisions.append(Decision(unit.text, f"author printed at the end of {article.title.original!r} ({why})"))
        return i + 1

    def byline(self, unit: Line) -> None:
        draft = self.target()
        if draft is None or draft.closed:
            draft = self.new("")
        self.active = draft
        article = draft.article
        if unit.kind == "byline" and article.column is None and article.author is None:
            article.column, article.author = unit.column, unit.author
            if unit.tag or _printed_beyond(unit):
                article.byline = unit.text
        elif unit.tag and unit.kind == "byline" and article.author is None and article.column == unit.column:
            # "[陳志明 股市直擊]" under a column already printed over the title: kept as its closing line.
            article.author = unit.author
            article.disclosures.append(unit.text)
        elif unit.kind == "name" and article.author is None:
            article.author = unit.author
        elif unit.kind == "byline" and unit.author and article.author is None and _printed_beyond(unit):
            # "[鄭志明專欄]" closing an article printed under another column name: its author, as printed.
            article.author, article.byline = unit.author, unit.text
        elif read_credit(unit.text, self.rules) is not None:
            article.disclosures.append(unit.text)  # a second credit ("（據新華社電）" under a signed story)
        else:
            article.subheads.append(unit.text)
            draft.subhead = unit.text

    def body(self, i: int) -> None:
        unit = self.units[i]
        draft = self.target()
        if (draft is not None and draft.ended and not draft.closed
                and len(unit.text) <= self.rules.max_disclosure_chars and _is_disclosure(unit.text, self.rules)):
            # Under an author printed at the end: a disclaimer ("本資料由…證監會持牌人…刊發"), which closes it.
            self.disclosure(unit)
            self.decisions.append(Decision(unit.text[:20] + "…", "disclaimer after the closing author"))
            return
        if draft is None or draft.closed:
            draft = self.new("")
        self.active = draft
        draft.ended = False
        draft.body_lines.append(i)
        paragraph = Paragraph(clean_body_text(unit.text), subhead=draft.subhead)
        draft.article.paragraphs.append(paragraph)
        draft.close_paragraph()
        if unit.open or unit.runs_on:  # runs_on: the indent below, not a full stop, ends it
            draft.open_paragraph, draft.open_parts = paragraph, [paragraph.original]

    def disclosure(self, unit: Line) -> None:
        self.note_credit(unit)
        draft = self.target()
        if draft is None:
            self.unassigned.append(unit.text)
            return
        self.active = draft
        if unit.author is not None and draft.article.author is None:
            draft.article.author = unit.author
            if draft.article.paragraphs and not draft.closed:
                # "（記者 葉卓軒）" after the text: the article ends here, as after a name line; text
                # that follows with no title of its own goes on with it (the credit sat after the lead).
                draft.ended = True
                return
        else:
            draft.article.disclosures.append(unit.text)
        # An author's note printed under the byline does not end an article that has not begun.
        draft.closed = draft.closed or bool(draft.article.paragraphs)

    def item(self, unit: Line) -> None:
        if self.active is not None and self.active.article.kind == "box":
            self.active.article.boxes[-1].items.append(unit.text)
        else:
            self.new("", "box").article.boxes.append(Box("", [unit.text]))


def _author_ends_text(units: list[Line], run: list[int], *, above_signed: bool,
                      above_has_text: bool, rules: SegmentRules | None = None) -> tuple[bool, str]:
    """Whether the author line ``run[0]``, with a header run under it, ends the text above it; and why.

    Otherwise it is the first line of the next article's header.
    """
    unit, below = units[run[0]], units[run[1]]
    if unit.tag:
        return True, "a bracketed tag closes an article"
    if rules is not None and above_title_tag(unit.text) and agency_credit(unit.text, rules):
        return False, "an agency tag in square brackets heads the story below it"
    if rules is not None and above_has_text and unit.text[:1] in "（(" and agency_credit(unit.text, rules):
        return True, "an agency credit in round brackets closes the story above"  # "（據新華社電）"
    if (unit.kind == "byline" and unit.text[:1] in "[［〔【" and above_has_text and not above_signed
            and unit.gap_before < below.gap_before):
        return True, "a bracketed column tag printed closer to the text above"  # "[鄭志明專欄]" signing off
    if unit.kind == "byline":
        return False, "a column with its author heads an article"
    if above_signed:
        return False, "the article above has its author"
    if not above_has_text:
        return False, "the article above has no text"
    if any(units[j].kind in ("name", "byline") for j in run[1:]):
        return True, "the header below has its own author"
    if unit.gap_before < below.gap_before:
        return True, "printed closer to the text above"
    if unit.gap_before > below.gap_before:
        return False, "printed closer to the header below"
    return True, "the article above has no author"


def _separate_bylines(articles: list[Article], rules: SegmentRules) -> None:
    """Keep the printed author line in ``byline`` and the name(s) alone in ``author``."""
    for article in articles:
        printed = article.author
        if not printed:
            continue
        if article.byline:  # a "[name column]" tag: the author is already the name alone
            continue
        credit = read_credit(printed, rules)
        if credit is not None:  # "報道：明報記者 甲　攝影：明報記者 乙" → 甲; "（路透）" → no author
            article.byline, article.author = printed, credit.author
            continue
        inner = printed.strip()
        if inner[:1] in "(（[［〔" and inner[-1:] in ")）]］〕":
            inner = inner[1:-1]
        name = _person_name(inner, rules) or pen_name(inner, rules) or dash_name(inner, rules)
        if name and name.strip() != printed:
            article.byline = printed
            article.author = name.strip()


def _walk(text: str, rules: SegmentRules, explain: bool = False) -> _Walker:
    walker = _Walker(mark_credits(_units(text, rules), rules), rules, explain)
    articles, _ = walker.run()
    _separate_bylines(articles, rules)
    walker.decisions.extend(credit_leads(articles, walker.units, rules))  # credits printed inside the text
    return walker


def segment_text(text: str, rules: SegmentRules | None = None) -> tuple[list[Article], list[str]]:
    """Segment the text of a page; see ``segment_page``."""
    walker = _walk(text, rules or load_rules())
    return [d.article for d in walker.drafts], walker.unassigned


def explain_text(text: str, rules: SegmentRules | None = None) -> list[Decision]:
    """For each heading-like line of the page (titles, subheads, author lines, page heads): the decision and its evidence."""
    return _walk(text, rules or load_rules(), explain=True).decisions


def segment_page(page: Page) -> tuple[list[Article], list[str]]:
    """Split a page into articles and boxes; return them with the text that could not be placed.

    Only the ``original`` text fields are filled (the pipeline converts to Simplified later).
    A page with no title line gives one article whose title is the empty string.
    """
    return segment_text(page.text)
