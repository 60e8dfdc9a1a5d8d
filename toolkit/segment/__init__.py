"""Text → articles: titles, bylines, subheads, captions, disclosures, boxes, rejoined paragraphs.

An e-paper page arrives as lines: page heads, titles, column names and author lines (above
the text or at its end, bracketed or bare), body text broken at column breaks (even inside
words), photo captions dropped into sentences, disclosure lines and boxed stock lists.
The segmenter works in stages, each in its own module:

- ``shapes``: the kind of each line from its shape alone (caption, page head, disclosure,
  box item, name, byline, short line, body).
- ``headers``: header runs (the lines that open an article) and which of them is the title.
- ``evidence``: for a lone short line between paragraphs, the evidence for "title of a new
  article" against "subhead of this one" (shape, what follows, new subject, lexical
  cohesion of the text around it), each weighed by ``data/segment_rules.json``.
- ``walker``: one linear walk that takes each decision from that evidence and records it, so
  ``explain_text`` (``brief segment --explain``) can print why.
- ``output``: "nothing lost" checks and JSON-ready data.

Every non-blank character of the page ends up in exactly one place (see ``placed_texts``).
"""

from toolkit.segment.evidence import Decision
from toolkit.segment.output import article_characters, placed_texts, segments_to_dict
from toolkit.segment.rules import RULES_PATH, SegmentRules, load_rules
from toolkit.segment.shapes import clean_body_text
from toolkit.segment.walker import explain_text, segment_page, segment_text

__all__ = [
    "RULES_PATH",
    "Decision",
    "SegmentRules",
    "article_characters",
    "clean_body_text",
    "explain_text",
    "load_rules",
    "placed_texts",
    "segment_page",
    "segment_text",
    "segments_to_dict",
]
