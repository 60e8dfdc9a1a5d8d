"""How long finding a page's facts takes: the example page and the unseen test pages.

Run: .venv/bin/python benchmarks/bench_facts.py
Target (issue 5): well under 50 ms per page, warm.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from toolkit.facts import find_article_facts, find_facts
from toolkit.glossary import load_glossary
from toolkit.segment import segment_text

REPO = Path(__file__).resolve().parent.parent
RUNS = 20


def _table_load_times() -> None:
    """Issue 16: the tables grew ~8x (150 → 1,146 companies, 206 → 1,158 terms); they load lazily, once."""
    from toolkit.conversion import convert
    from toolkit.facts import load_companies

    convert("港股")  # OpenCC itself, loaded by any stage
    started = time.perf_counter()
    companies = load_companies()
    middle = time.perf_counter()
    glossary = load_glossary()
    ended = time.perf_counter()
    print(f"tables: {len(companies)} companies in {(middle - started) * 1000:.0f} ms, "
          f"{len(glossary)} glossary terms in {(ended - middle) * 1000:.0f} ms (first use only; cached after)")


def main() -> None:
    _table_load_times()
    glossary = load_glossary()
    pages = [REPO / "examples" / "page.txt", *sorted((REPO / "tests" / "pages").glob("*.txt"))]
    start = time.perf_counter()
    find_facts("騰訊（00700）收報500元。", glossary=glossary)
    print(f"first call (loads tables): {(time.perf_counter() - start) * 1000:.1f} ms")
    print(f"{'page':34s} {'chars':>6s} {'facts':>6s} {'median ms':>10s} {'max ms':>8s}")
    for page in pages:
        articles, _ = segment_text(page.read_text(encoding="utf-8"))
        samples = []
        count = 0
        for _ in range(RUNS):
            started = time.perf_counter()
            count = sum(len(find_article_facts(a, glossary=glossary)) for a in articles)
            samples.append(time.perf_counter() - started)
        chars = sum(len(p.original) for a in articles for p in a.paragraphs)
        print(f"{page.name:34s} {chars:6d} {count:6d} {statistics.median(samples) * 1000:10.1f} "
              f"{max(samples) * 1000:8.1f}")


if __name__ == "__main__":
    main()
