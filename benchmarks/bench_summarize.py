"""Time the summaries of every article of the example page, per algorithm, cold and warm.

    .venv/bin/python benchmarks/bench_summarize.py [--repeat 5]

Cold: a fresh Python process summarises the page once, so jieba's dictionary load, the sumy
and numpy imports are included (the page is segmented and converted before the clock starts).
Warm: the same process summarises the page again; the best of ``--repeat`` runs is shown.
The target is under 1 s for the whole page.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit.config import SUMMARY_ALGORITHMS, BriefOptions  # noqa: E402
from toolkit.document import Article  # noqa: E402

PAGE = REPO / "examples" / "page.txt"


def load_articles() -> list[Article]:
    """The example page segmented and converted (with facts when the facts stage exists)."""
    from toolkit.pipeline import convert_articles
    from toolkit.reading import read_file
    from toolkit.segment import segment_page

    articles, _unassigned = segment_page(read_file(str(PAGE)))
    convert_articles(articles, "hk2s")
    try:
        from toolkit.facts import find_article_facts
    except ImportError:
        return articles
    for article in articles:
        article.facts = find_article_facts(article)
    return articles


def run_once(articles: list[Article], algorithm: str) -> float:
    from toolkit.summary import summarize_article

    options = BriefOptions(summary_algorithm=algorithm, translate=False)
    start = time.perf_counter()
    for article in articles:
        summarize_article(article, options)
    return time.perf_counter() - start


def child(algorithm: str, repeat: int) -> None:
    articles = load_articles()
    cold = run_once(articles, algorithm)
    warm = min(run_once(articles, algorithm) for _ in range(repeat))
    print(json.dumps({"cold": cold, "warm": warm, "articles": len(articles)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeat)
        return
    print(f"{'algorithm':<10} {'cold s':>8} {'warm s':>8} {'articles':>9}  (target: < 1 s per page)")
    for algorithm in SUMMARY_ALGORITHMS:
        done = subprocess.run([sys.executable, __file__, "--child", algorithm, "--repeat", str(args.repeat)],
                              capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        flag = "" if result["cold"] < 1 else "  SLOW"
        print(f"{algorithm:<10} {result['cold']:8.3f} {result['warm']:8.3f} {result['articles']:9d}{flag}")


if __name__ == "__main__":
    main()
