"""The plain dataclasses carried from stage to stage.

A page is read into a ``Page``; segmentation turns it into ``Article`` objects; each later
stage fills in its own fields (``simplified``, ``facts``, ``summary``, ``english``) and hands
the same objects on. Nothing here does work: the stages do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FactKind = Literal["stock", "amount", "percentage", "change", "index_points", "date", "term"]
ArticleKind = Literal["article", "box"]


@dataclass(slots=True)
class Page:
    """A page of text as read from a file, stdin or a request, decoded and normalised."""

    source: str
    text: str
    encoding: str = "utf-8"


@dataclass(slots=True)
class Paragraph:
    """One paragraph of an article, in its three forms.

    ``original`` is the text as printed (cleaned of layout artifacts: rejoined across
    column breaks, captions taken out); ``subhead`` is the subhead the paragraph sits under.
    """

    original: str
    simplified: str = ""
    english: str | None = None
    subhead: str | None = None
    confidence: float | None = None


@dataclass(slots=True)
class Box:
    """A boxed list that is not prose, such as a 心水股 list of stocks."""

    title: str
    items: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Fact:
    """A financial fact found in a text, rendered in English by rule (never by the model).

    ``start``/``end`` are offsets into the text it was found in. Within an article, ``where``
    names that text ("title", "paragraph", "box", "caption") and ``paragraph`` is its index in
    that list (``None`` for the title, or for a bare text).
    """

    kind: FactKind
    text: str
    english: str
    start: int
    end: int
    paragraph: int | None = None
    where: str = "paragraph"
    value: float | None = None
    value_high: float | None = None
    currency: str | None = None
    unit: str | None = None
    code: str | None = None
    market: str | None = None
    name: str | None = None
    name_english: str | None = None
    subject: str | None = None
    # 1 = the article's most important fact (toolkit.ranking); None until ranked.
    rank: int | None = None
    subject_english: str | None = None


@dataclass(slots=True)
class Summary:
    """An extractive summary: chosen sentences in page order, in Chinese and English."""

    simplified: list[str] = field(default_factory=list)
    original: list[str] = field(default_factory=list)
    english: list[str] | None = None
    algorithm: str | None = None
    confidence: list[float | None] | None = None


@dataclass(slots=True)
class Article:
    """One article (or boxed item) of a page, as the segmenter found it.

    ``author`` is the name(s) alone ("陳大文"); ``byline`` is the author line as printed when it
    holds more than the name ("■文：陳大文", "（記者 陳大文）"), so nothing printed is lost.
    ``title_printed`` is the title as printed when the page prints it inline, in brackets at the
    start of the body ("【小米季績勝預期】"); ``title`` then holds the words inside.
    ``column_printed`` is the column as printed when brackets wrap it ("【讀者來信】"; ``column``:
    "讀者來信").
    ``lead_credit`` is a reporter's credit printed at the start of the first paragraph ("本報訊（記者
    陳嘉慧）"), which keeps it: the text is never cut, ``author`` holds the name(s).
    """

    title: Paragraph
    kind: ArticleKind = "article"
    column: str | None = None
    author: str | None = None
    byline: str | None = None
    section: str | None = None
    subheads: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    disclosures: list[str] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    title_printed: str | None = None
    column_printed: str | None = None
    lead_credit: str | None = None
    facts: list[Fact] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)

    @property
    def stocks(self) -> list[Fact]:
        """Stock facts, one per distinct code, in order of first mention."""
        seen: set[str] = set()
        out: list[Fact] = []
        for fact in self.facts:
            if fact.kind == "stock" and fact.code and fact.code not in seen:
                seen.add(fact.code)
                out.append(fact)
        return out


@dataclass(slots=True)
class Brief:
    """The whole result for one page: its articles and what brief could not place."""

    source: str
    articles: list[Article] = field(default_factory=list)
    unassigned: list[str] = field(default_factory=list)
    translator: str | None = None
    date: str | None = None
    notices: list[str] = field(default_factory=list)
    translation: dict[str, int] | None = None
