"""Score declared currencies, ETF codes and bracketed names on tests/data/declared_check.tsv.

    .venv/bin/python benchmarks/declared_check.py [dev|locked|all]

A "codes" row is scored on the stock codes ``find_facts`` finds in the sentence; a "money" row
on the currencies of the amounts ``find_article_facts`` finds in the article (paragraphs
separated by " ¶ "), in order. Prints rows right per part and each miss.
"""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.document import Article, Paragraph
from toolkit.facts import find_article_facts, find_facts

CHECK = Path(__file__).resolve().parent.parent / "tests" / "data" / "declared_check.tsv"


def load_check(part: str = "all") -> list[tuple[str, str, str, str]]:
    """(part, kind, text, expected) for every row of the check set."""
    rows = []
    for line in CHECK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        which, kind, text, expected = line.split("\t")
        if part in ("all", which):
            rows.append((which, kind, text, expected))
    return rows


def found(kind: str, text: str) -> str:
    """What the code finds for one row, in the check set's notation."""
    if kind == "codes":
        codes = sorted(f"{f.code}.{f.market}" for f in find_facts(text) if f.kind == "stock")
        return " ".join(codes) or "-"
    paragraphs = text.split(" ¶ ")
    article = Article(title=Paragraph("標題"), paragraphs=[Paragraph(p) for p in paragraphs])
    currencies = [f.currency or "?" for f in find_article_facts(article) if f.kind == "amount"]
    return " ".join(currencies) or "-"


def score(part: str) -> tuple[int, int, list[str]]:
    """Rows right, rows, and a line per miss."""
    rows = load_check(part)
    misses = []
    for _, kind, text, expected in rows:
        got = found(kind, text)
        want = expected if kind == "money" else " ".join(sorted(expected.split()))
        if got != want:
            misses.append(f"  {kind}: {text[:50]}… want {want!r} got {got!r}")
    return len(rows) - len(misses), len(rows), misses


def main() -> None:
    parts = sys.argv[1:] or ["dev"]
    for part in parts:
        right, total, misses = score(part)
        print(f"{part}: {right}/{total} rows right")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
