"""Quality gate of the segmenter: scores against hand-written gold files, with pinned floors.

``tests/gold/segment_example.json`` describes ``examples/page.txt``; ``tests/pages/*.gold.json``
describe pages composed from the example's articles in other orders and layouts, and
``unseen_*`` pages written from other papers' habits (HK and mainland, brief lists, table
boxes, Latin-heavy text), held to the same floors. A score is
the share of gold items (or rejoined words) the segmenter got right; a floor that drops
means the segmenter got worse on something it used to get right.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from toolkit.conversion import convert
from toolkit.document import Article
from toolkit.segment import placed_texts, segment_text

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
EXAMPLE_GOLD = TESTS / "gold" / "segment_example.json"
COMPOSED_GOLDS = sorted((TESTS / "pages").glob("*.gold.json"))

# Pinned floors: raise them when the segmenter improves, never lower them quietly.
FLOORS: dict[str, float] = {
    "articles_found": 1.0,
    "precision": 1.0,
    "titles": 1.0,
    "kinds": 1.0,
    "columns": 1.0,
    "authors": 1.0,
    "sections": 1.0,
    "subheads": 1.0,
    "paragraph_counts": 1.0,
    "captions": 1.0,
    "disclosures": 1.0,
    "boxes": 1.0,
    "rejoined": 1.0,
    "nothing_lost": 1.0,
}


def _chars(texts: list[str] | str) -> Counter[str]:
    joined = "".join(texts) if isinstance(texts, list) else texts
    return Counter(ch for ch in joined if not ch.isspace())


def _box_dicts(article: Article) -> list[dict[str, Any]]:
    return [{"title": b.title, "items": list(b.items)} for b in article.boxes]


def score(text: str, gold: dict[str, Any]) -> dict[str, float]:
    """Score the segmentation of ``text`` against ``gold``: each figure is a share in [0, 1]."""
    articles, unassigned = segment_text(text)
    by_title: dict[str, Article] = {}
    for article in articles:
        by_title.setdefault(_compact(article.title.original), article)
    items = gold["items"]
    matched = [(g, by_title.get(_compact(g["title"]))) for g in items]
    found = [(g, a) for g, a in matched if a is not None]

    def share(check: Any) -> float:
        return sum(1 for g, a in found if check(g, a)) / len(items)

    paragraphs = "\n".join(p.original for a in articles for p in a.paragraphs)
    return {
        "articles_found": len(found) / len(items),
        "precision": len(found) / max(1, len(articles)),
        "titles": share(lambda g, a: a.title.original == g["title"]),
        "kinds": share(lambda g, a: a.kind == g["kind"]),
        "columns": share(lambda g, a: a.column == g["column"]),
        "authors": share(lambda g, a: a.author == g["author"]),
        "sections": share(lambda g, a: a.section == g["section"]),
        "subheads": share(lambda g, a: a.subheads == g["subheads"]),
        "paragraph_counts": share(lambda g, a: len(a.paragraphs) == g["paragraphs"]),
        "captions": share(lambda g, a: a.captions == g["captions"]),
        "disclosures": share(lambda g, a: a.disclosures == g["disclosures"]),
        "boxes": share(lambda g, a: _box_dicts(a) == g["boxes"]),
        "rejoined": sum(1 for word in gold["rejoined"] if word in paragraphs) / max(1, len(gold["rejoined"])),
        "nothing_lost": float(_chars(placed_texts(articles, unassigned)) == _chars(text)
                              and unassigned == gold["unassigned"]),
    }


def _compact(text: str) -> str:
    return "".join(text.split())


def _assert_floors(scores: dict[str, float]) -> None:
    below = {name: value for name, value in scores.items() if value < FLOORS[name]}
    assert not below, f"below the pinned floors: {below} (floors {FLOORS})"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_example_page_meets_the_floors() -> None:
    gold = _load(EXAMPLE_GOLD)
    text = (REPO / gold["page"]).read_text(encoding="utf-8")
    assert len(gold["items"]) == 7
    _assert_floors(score(text, gold))


@pytest.mark.parametrize("gold_path", COMPOSED_GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_composed_pages_meet_the_floors(gold_path: Path) -> None:
    gold = _load(gold_path)
    text = (REPO / gold["page"]).read_text(encoding="utf-8")
    _assert_floors(score(text, gold))


def test_there_are_composed_pages() -> None:
    assert len(COMPOSED_GOLDS) >= 3


def _simplified_gold(gold: dict[str, Any]) -> dict[str, Any]:
    def conv(value: Any) -> Any:
        if isinstance(value, str):
            return convert(value, "hk2s")
        if isinstance(value, list):
            return [conv(v) for v in value]
        if isinstance(value, dict):
            return {k: conv(v) for k, v in value.items()}
        return value

    return {**conv(gold), "page": gold["page"]}


def test_simplified_example_page_meets_the_same_floors() -> None:
    gold = _load(EXAMPLE_GOLD)
    text = convert((REPO / gold["page"]).read_text(encoding="utf-8"), "hk2s")
    assert text != (REPO / gold["page"]).read_text(encoding="utf-8")
    _assert_floors(score(text, _simplified_gold(gold)))


def test_the_score_notices_a_wrong_segmentation() -> None:
    """The gate can fail: a page whose column lines were merged into the body scores lower."""
    gold = _load(EXAMPLE_GOLD)
    text = (REPO / gold["page"]).read_text(encoding="utf-8").replace("頭牌手記 沈金\n", "")
    scores = score(text, gold)
    assert scores["authors"] < 1.0 and scores["columns"] < 1.0


UNSEEN_GOLDS = [p for p in COMPOSED_GOLDS if p.name.startswith("unseen_")]


def test_there_are_unseen_pages() -> None:
    assert len(UNSEEN_GOLDS) >= 4


@pytest.mark.parametrize("gold_path", UNSEEN_GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_unseen_pages_in_simplified_meet_the_same_floors(gold_path: Path) -> None:
    gold = _load(gold_path)
    text = convert((REPO / gold["page"]).read_text(encoding="utf-8"), "hk2s")
    _assert_floors(score(text, _simplified_gold(gold)))
