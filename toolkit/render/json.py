"""The brief as JSON: the contract other tools read. Keep these keys stable; add, never rename."""

from __future__ import annotations

import json
from typing import Any

from toolkit.document import Article, Brief, Fact, Paragraph

CONTRACT_VERSION = 1


def _text(p: Paragraph) -> dict[str, Any]:
    return {"original": p.original, "simplified": p.simplified, "english": p.english, "confidence": _rounded(p.confidence)}


def _rounded(confidence: float | None) -> float | None:
    return None if confidence is None else round(confidence, 4)


def _fact(f: Fact) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": f.kind, "text": f.text, "english": f.english, "where": f.where,
                            "paragraph": f.paragraph,
                            "start": f.start, "end": f.end}
    for key in ("value", "value_high", "currency", "unit", "code", "market", "name", "name_english", "subject",
                "subject_english", "rank"):
        value = getattr(f, key)
        if value is not None:
            data[key] = value
    return data


def article_to_dict(article: Article) -> dict[str, Any]:
    """One article in the contract's shape (plus ``kind``, ``section``, ``boxes``, ``facts``)."""
    amounts = [f for f in article.facts if f.kind == "amount"]
    return {
        "kind": article.kind,
        "title": _text(article.title),
        "column": article.column,
        "author": article.author,
        "byline": article.byline,
        "section": article.section,
        "subheads": list(article.subheads),
        "paragraphs": [{**_text(p), "subhead": p.subhead} for p in article.paragraphs],
        "captions": list(article.captions),
        "disclosures": list(article.disclosures),
        "boxes": [{"title": b.title, "items": list(b.items)} for b in article.boxes],
        "entities": {
            "stocks": [
                {"code": f.code, "market": f.market, "name": f.name, "name_english": f.name_english}
                for f in article.stocks
            ],
            "amounts": [
                {"text": f.text, "value": f.value, "currency": f.currency, "english": f.english,
                 **({"value_high": f.value_high} if f.value_high is not None else {}),
                 **({"unit": f.unit} if f.unit else {})}
                for f in amounts
            ],
            "percentages": [f.text for f in article.facts if f.kind in ("percentage", "change")],
        },
        "facts": [_fact(f) for f in article.facts],
        "summary": {
            "simplified": list(article.summary.simplified),
            "original": list(article.summary.original),
            "english": None if article.summary.english is None else list(article.summary.english),
            "algorithm": article.summary.algorithm,
            "confidence": None if article.summary.confidence is None else [_rounded(c) for c in article.summary.confidence],
        },
    }


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The whole brief as plain JSON-ready data."""
    return {
        "contract": CONTRACT_VERSION,
        "source": brief.source,
        "date": brief.date,
        "translator": brief.translator,
        "articles": [article_to_dict(a) for a in brief.articles],
        "unassigned": list(brief.unassigned),
        "notices": list(brief.notices),
        "translation": None if brief.translation is None else dict(brief.translation),
    }


def render_json(brief: Brief) -> str:
    """The brief as a JSON document (UTF-8, Chinese kept readable)."""
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2) + "\n"
