"""What the segmenter gives back, for checks and tools: placed texts, sizes, JSON-ready data."""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.document import Article
from toolkit.segment.shapes import _compact


def placed_texts(articles: Iterable[Article], unassigned: Iterable[str] = ()) -> list[str]:
    """Every text the segmenter placed, each once: what "nothing lost" is checked against.

    A box item's title repeats the article title, and ``Paragraph.subhead`` repeats a subhead,
    so neither is counted twice.
    """
    out: list[str] = []
    for article in articles:
        out.append(article.title_printed or article.title.original)
        printed = article.byline or article.author
        if printed and not article.byline and any(printed in d and d[:1] in "[［〔" for d in article.disclosures):
            printed = None  # "[陳志明 股市直擊]" kept as a closing line: the name is placed there
        if article.lead_credit and not article.byline:
            printed = None  # "本報訊（記者 X）…": the credit stays in the first paragraph, placed there
        # A "[何志成 股海尋寶]" tag prints the column inside the byline: counted once.
        # Only a printed byline can hold the column: an author name that merely contains the column's
        # characters ("作作" beside the column "作") still leaves the column a text of its own.
        column = None if article.byline and article.column and article.column in article.byline else article.column
        column = (article.column_printed or column) if column else None  # "【讀者來信】" as printed
        out.extend(x for x in (column, printed, article.section) if x)
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
                "title_printed": a.title_printed,
                "column": a.column,
                "column_printed": a.column_printed,
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
