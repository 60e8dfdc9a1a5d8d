"""Score the segmenter on the corpus (tests/corpus/pages): per page and in total, dev and locked apart.

For each gold article: is it found with the right title (and kind), the right author, the right
column; per page: is nothing lost (every non-blank character placed once, the page head
unassigned) and how many articles were invented (precision). Run:

    .venv/bin/python benchmarks/eval_segment.py            # the dev part (tune on this)
    .venv/bin/python benchmarks/eval_segment.py --locked   # the locked part: score it once, at the end
    .venv/bin/python benchmarks/eval_segment.py --misses   # also list every miss
    .venv/bin/python benchmarks/eval_segment.py --part holdout_a   # independent held-out pages
    .venv/bin/python benchmarks/eval_segment.py --part credits     # credit/byline pages (credits_locked: once)
    .venv/bin/python benchmarks/eval_segment.py --part lists       # tables, Q&A, tight lists (lists_locked: once)
    .venv/bin/python benchmarks/eval_segment.py --part boxes       # titled fact boxes (boxes_locked: once)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit.document import Article  # noqa: E402
from toolkit.segment import placed_texts, segment_text  # noqa: E402

CORPUS = REPO / "tests" / "corpus" / "pages"
# Independent held-out pages written by someone else (gold ``page`` relative to that folder).
HOLDOUTS = {name: REPO / "tests" / "corpus" / name for name in ("holdout_a", "holdout_b", "holdout_c", "holdout_d", "holdout_e", "holdout_f", "holdout_g", "holdout_h", "holdout_i")}
# Pages on credit and byline lines (tests/corpus/credits), dev and locked, gold ``page`` from the repo root.
CREDITS = {"credits": REPO / "tests" / "corpus" / "credits" / "dev",
           "credits_locked": REPO / "tests" / "corpus" / "credits" / "locked",
           # Stand-alone tables, reader Q&A, lists with no blank lines, mainland announcement lists.
           "lists": REPO / "tests" / "corpus" / "lists" / "dev",
           "lists_locked": REPO / "tests" / "corpus" / "lists" / "locked",
           # Titled fact boxes (profiles, IPO sheets, tips, ratings), headlines after them, two-part titles in lists.
           "boxes": REPO / "tests" / "corpus" / "boxes" / "dev",
           "boxes_locked": REPO / "tests" / "corpus" / "boxes" / "locked",
           # Unsigned stories right after another story, related-reading lists, headlines shaped like table rows.
           "unsigned": REPO / "tests" / "corpus" / "unsigned" / "dev",
           "unsigned_locked": REPO / "tests" / "corpus" / "unsigned" / "locked",
           # Long signed features with subheads, indented paragraphs with no blank lines, source notes.
           "features": REPO / "tests" / "corpus" / "features" / "dev",
           "features_locked": REPO / "tests" / "corpus" / "features" / "locked"}


@dataclass
class PageScore:
    """Counts for one page: gold articles, and how many of them came back right."""

    name: str
    articles: int = 0
    titles: int = 0
    authors: int = 0
    columns: int = 0
    found: int = 0  # articles the segmenter returned
    nothing_lost: bool = True
    misses: list[str] = field(default_factory=list)


def _compact(text: str | None) -> str:
    return "".join((text or "").split())


def _chars(texts: list[str] | str) -> Counter[str]:
    joined = "".join(texts) if isinstance(texts, list) else texts
    return Counter(ch for ch in joined if not ch.isspace())


def score_page(text: str, gold: dict[str, Any], name: str = "") -> PageScore:
    """Score one page against its gold."""
    articles, unassigned = segment_text(text)
    by_title: dict[str, Article] = {}
    for found in articles:
        by_title.setdefault(_compact(found.title.original), found)
    result = PageScore(name, articles=len(gold["items"]), found=len(articles))
    for item in gold["items"]:
        article = by_title.get(_compact(item["title"]))
        if article is None or article.title.original != item["title"] or article.kind != item["kind"]:
            result.misses.append(f"title  {item['title']!r} not found")
            continue
        result.titles += 1
        if article.author == item["author"]:
            result.authors += 1
        else:
            result.misses.append(f"author {item['title']!r}: {article.author!r}, gold {item['author']!r}")
        if article.column == item["column"]:
            result.columns += 1
        else:
            result.misses.append(f"column {item['title']!r}: {article.column!r}, gold {item['column']!r}")
    extra = [a.title.original for a in articles if _compact(a.title.original) not in
             {_compact(g["title"]) for g in gold["items"]}]
    result.misses.extend(f"extra  {title!r}" for title in extra)
    if _chars(placed_texts(articles, unassigned)) != _chars(text):
        result.nothing_lost = False
        result.misses.append("lost   characters placed differently from the page")
    if unassigned != gold["unassigned"]:
        result.nothing_lost = False
        result.misses.append(f"lost   unassigned {unassigned!r}, gold {gold['unassigned']!r}")
    return result


def score_part(part: str) -> list[PageScore]:
    """Scores of every page of ``dev``, ``locked`` or a held-out group such as ``holdout_a``."""
    out = []
    folder = HOLDOUTS.get(part, CREDITS.get(part, CORPUS / part))
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        # Corpus gold names the page from the repo root; a held-out set's gold from its own folder.
        page = folder / gold["page"] if part in HOLDOUTS else REPO / gold["page"]
        text = page.read_text(encoding="utf-8")
        out.append(score_page(text, gold, gold_path.name.removesuffix(".gold.json")))
    return out


def totals(scores: list[PageScore]) -> dict[str, float]:
    """Shares over all gold articles (titles, authors, columns), pages with nothing lost, precision."""
    articles = sum(s.articles for s in scores) or 1
    found = sum(s.found for s in scores) or 1
    return {
        "titles": sum(s.titles for s in scores) / articles,
        "authors": sum(s.authors for s in scores) / articles,
        "columns": sum(s.columns for s in scores) / articles,
        "nothing_lost": sum(s.nothing_lost for s in scores) / max(1, len(scores)),
        "precision": sum(s.titles for s in scores) / found,
    }


def report(part: str, show_misses: bool) -> dict[str, float]:
    scores = score_part(part)
    print(f"{part}: {len(scores)} pages, {sum(s.articles for s in scores)} articles")
    print(f"  {'page':<24} {'arts':>4} {'title':>5} {'auth':>5} {'col':>5} {'lost':>5} {'extra':>5}")
    for s in scores:
        extra = sum(1 for m in s.misses if m.startswith("extra"))
        print(f"  {s.name:<24} {s.articles:>4} {s.titles:>5} {s.authors:>5} {s.columns:>5} "
              f"{'no' if s.nothing_lost else 'YES':>5} {extra:>5}")
        if show_misses:
            for miss in s.misses:
                print(f"      {miss}")
    total = totals(scores)
    print("  total: " + "  ".join(f"{k} {v:.1%}" for k, v in total.items()))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locked", action="store_true", help="score the locked part (once, at the end)")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--part", choices=["dev", "locked", *HOLDOUTS, *CREDITS],
                        help="score this part (holdout_a: independent pages written by someone else)")
    args = parser.parse_args()
    report(args.part or ("locked" if args.locked else "dev"), args.misses)


if __name__ == "__main__":
    main()
