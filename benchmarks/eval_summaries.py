"""Score the summary algorithms against hand-picked sentences of the example page.

    .venv/bin/python benchmarks/eval_summaries.py [-n 3]

The gold (``tests/gold/summary_example.json``) lists, per article title, the sentences an
analyst would pick, as exact substrings of the Traditional text. For each algorithm this
prints sentence-level precision and recall (a chosen sentence counts when it contains a gold
sentence or lies inside one) and ROUGE-1 / ROUGE-2 F1 over characters (Chinese has no
spaces), macro-averaged over the articles. ``tests/test_summary.py`` pins the default's floor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit.config import SUMMARY_ALGORITHMS, BriefOptions  # noqa: E402
from toolkit.document import Article, Paragraph  # noqa: E402

GOLD = REPO / "tests" / "gold" / "summary_example.json"
PAGE = REPO / "examples" / "page.txt"
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


def load_gold(path: Path = GOLD) -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))["articles"]
    return data


def _rough_articles(text: str, titles: list[str]) -> list[Article]:
    """Articles cut at the gold titles, for when the segmenter is not there yet.

    Short lines without sentence punctuation (columns, authors, subheads, box items) are
    dropped, captions (◀) and disclosures ((作者…) too, and a line broken by a column break
    is joined to the next one.
    """
    from toolkit.conversion import convert_many

    starts = sorted((text.index(t), t) for t in titles)
    articles = []
    for i, (start, title) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        paragraphs: list[str] = []
        buffer = ""
        for line in text[start + len(title):end].splitlines():
            line = line.strip()
            if not line or line.startswith(("◀", "▲", "(作者", "（作者")):
                continue
            if len(line) < 20 and not re.search(r"[。！？」]$", line):
                continue
            buffer += line
            if re.search(r"[。！？」)）]$", line):
                paragraphs.append(buffer)
                buffer = ""
        if buffer:
            paragraphs.append(buffer)
        simplified = convert_many(paragraphs, "hk2s")
        articles.append(Article(
            title=Paragraph(title, convert_many([title], "hk2s")[0]),
            paragraphs=[Paragraph(o, s) for o, s in zip(paragraphs, simplified, strict=True)],
        ))
    return articles


def load_articles(gold: dict[str, list[str]]) -> tuple[list[Article], str]:
    """The example page's articles: from the real pipeline when it exists, else cut roughly."""
    text = PAGE.read_text(encoding="utf-8")
    try:
        from toolkit.pipeline import make_brief

        brief = make_brief(text, source="page.txt", options=BriefOptions(translate=False))
        return [a for a in brief.articles if a.kind == "article"], "pipeline"
    except ImportError:
        pass
    try:
        from toolkit.pipeline import convert_articles
        from toolkit.reading import read_page
        from toolkit.segment import segment_page

        articles, _unassigned = segment_page(read_page(text, "page.txt"))
        convert_articles(articles, "hk2s")
    except ImportError:
        return _rough_articles(text, list(gold)), "rough cut (toolkit.segment missing)"
    try:
        from toolkit.facts import find_article_facts
    except ImportError:
        return [a for a in articles if a.kind == "article"], "segmenter, no facts (toolkit.facts missing)"
    for article in articles:
        article.facts = find_article_facts(article)
    return [a for a in articles if a.kind == "article"], "segmenter + facts (pipeline incomplete)"


def _matches(chosen: str, gold: str) -> bool:
    c, g = _norm(chosen), _norm(gold)
    return bool(c) and bool(g) and (g in c or c in g)


def _ngrams(text: str, n: int) -> Counter[str]:
    chars = [ch for ch in _norm(text) if ch.isalnum()]
    return Counter("".join(chars[i:i + n]) for i in range(len(chars) - n + 1))


def rouge_f1(candidate: str, reference: str, n: int) -> float:
    """ROUGE-n F1 over character n-grams."""
    cand, ref = _ngrams(candidate, n), _ngrams(reference, n)
    overlap = sum((cand & ref).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(cand.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class Scores:
    precision: float
    recall: float
    rouge1: float
    rouge2: float
    articles: int


def score(articles: list[Article], gold: dict[str, list[str]], algorithm: str, sentences: int = 3) -> Scores:
    """Macro-averaged scores of one algorithm over the articles that have gold sentences."""
    from toolkit.summary import summarize_article

    options = BriefOptions(summary_algorithm=algorithm, summary_sentences=sentences, translate=False)
    by_title = {_norm(t): g for t, g in gold.items()}
    rows = []
    for article in articles:
        wanted = by_title.get(_norm(article.title.original))
        if not wanted:
            continue
        chosen = summarize_article(article, options).original
        hits = sum(1 for c in chosen if any(_matches(c, g) for g in wanted))
        found = sum(1 for g in wanted if any(_matches(c, g) for c in chosen))
        summary, reference = "".join(chosen), "".join(wanted)
        rows.append((hits / len(chosen) if chosen else 0.0, found / len(wanted),
                     rouge_f1(summary, reference, 1), rouge_f1(summary, reference, 2)))
    if not rows:
        return Scores(0.0, 0.0, 0.0, 0.0, 0)
    p, r, r1, r2 = (sum(row[i] for row in rows) / len(rows) for i in range(4))
    return Scores(p, r, r1, r2, articles=len(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--sentences", type=int, default=3)
    args = parser.parse_args()
    gold = load_gold()
    articles, how = load_articles(gold)
    print(f"articles: {len(articles)} ({how}); gold articles: {len(gold)}; summary length: {args.sentences}")
    print(f"{'algorithm':<10} {'P':>6} {'R':>6} {'ROUGE-1':>8} {'ROUGE-2':>8} {'scored':>7}")
    for algorithm in SUMMARY_ALGORITHMS:
        s = score(articles, gold, algorithm, args.sentences)
        print(f"{algorithm:<10} {s.precision:6.3f} {s.recall:6.3f} {s.rouge1:8.3f} {s.rouge2:8.3f} {s.articles:7d}")


if __name__ == "__main__":
    main()
