"""Score the summary methods against the sentences an analyst picked.

    .venv/bin/python benchmarks/eval_summaries.py            # development pages, leave one page out
    .venv/bin/python benchmarks/eval_summaries.py --locked   # the locked pages, once, at the end

1. **Gold corpus** (``tests/corpus/summaries``, 13 development pages, 65 articles; 3 locked
   pages, 12 articles): per article 3 picks and a few acceptable alternates. Pick recall = picks
   found among the 3 chosen sentences / 3; precision = chosen sentences that are a pick or an
   alternate / chosen; macro-averaged over articles. Each method is scored twice: on the clean
   text with its headline (``toolkit.summarize(text, title=...)``) and through brief's own page
   segmentation (``make_brief`` on the page as printed; articles matched by headline, an
   article the segmenter lost scores 0).
   brief's weights are tuned **leave one page out**: for each page, coordinate ascent on the
   other twelve, then the held-out page is scored with those weights. The weights shipped in
   ``toolkit/evidence.py`` are the ones tuned on all thirteen pages (printed at the end).
2. **Example page** (``tests/gold/summary_example.json``): the older per-title gold of
   ``examples/page.txt`` through the pipeline, precision/recall and character ROUGE.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from summary_corpus import GoldArticle, GoldPage, load_pages, matches  # noqa: E402

from toolkit.config import SUMMARY_ALGORITHMS, BriefOptions  # noqa: E402
from toolkit.document import Article  # noqa: E402
from toolkit.evidence import DEFAULT_WEIGHTS, FEATURES, Weights, combine, overlap  # noqa: E402
from toolkit.summary import (  # noqa: E402
    Prepared,
    get_summarizer,
    is_near_duplicate,
    pick,
    prepare_article,
    prepare_text,
)

GOLD = REPO / "tests" / "gold" / "summary_example.json"
PAGE = REPO / "examples" / "page.txt"
COUNT = 3
GRID = (-1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0)
_SPACE = re.compile(r"\s+")


# ---------------------------------------------------------------- gold corpus


@dataclass
class Case:
    """One gold article ready to score: its prepared text and evidence (None: segmenter lost it)."""

    gold: GoldArticle
    prepared: Prepared | None
    evidence: list[dict[str, float]]
    # For fast tuning: the evidence as rows in FEATURES order, and the near-duplicate pairs.
    rows: list[list[float]] = field(default_factory=list)
    duplicates: set[tuple[int, int]] = field(default_factory=set)
    # Per chosen index: 1 if it is a pick, and whether it is a pick or an alternate.
    hits: list[tuple[bool, bool]] = field(default_factory=list)


def _case(gold: GoldArticle, prepared: Prepared | None) -> Case:
    evidence = prepared.evidence() if prepared and prepared.printed else []
    case = Case(gold, prepared, evidence, [[f[name] for name in FEATURES] for f in evidence])
    if prepared and prepared.printed:
        flat = [s for p in prepared.paragraphs for s in p]
        case.duplicates = {(i, j) for i in range(len(flat)) for j in range(len(flat))
                           if i != j and is_near_duplicate(flat[i], flat[j])}
        case.hits = [(any(matches(s, g) for g in gold.picks), any(matches(s, g) for g in gold.picks + gold.alternates))
                     for s in prepared.printed]
    return case


def clean_cases(pages: Sequence[GoldPage]) -> dict[str, list[Case]]:
    return {p.name: [_case(a, prepare_text(a.text, title=a.title)) for a in p.articles] for p in pages}


def segmented_cases(pages: Sequence[GoldPage]) -> dict[str, list[Case]]:
    """Each page through ``make_brief``; gold articles matched to the segmenter's by headline."""
    from toolkit.pipeline import make_brief

    options = BriefOptions(translate=False)
    out = {}
    for page in pages:
        brief = make_brief(page.page_text(), source=page.name, options=options)
        found: dict[str, Article] = {_norm(a.title.original): a for a in brief.articles if a.kind == "article"}
        out[page.name] = [_case(g, prepare_article(found[_norm(g.title)], options) if _norm(g.title) in found else None)
                          for g in page.articles]
    return out


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


def example_cases() -> list[Case]:
    """The example page's articles with their older gold (4 picks, no alternates), through the pipeline.

    Its columns are long (8 to 32 sentences), unlike most corpus articles, so it joins leave
    one page out as a fourteenth page: weights must also hold on long articles.
    """
    gold = load_gold()
    articles, _how = load_articles(gold)
    options = BriefOptions(translate=False)
    by_title = {_norm(a.title.original): a for a in articles}
    return [_case(GoldArticle(page="example", title=title, picks=list(picks)),
                  prepare_article(by_title[_norm(title)], options) if _norm(title) in by_title else None)
            for title, picks in gold.items()]


def score_choice(gold: GoldArticle, chosen: Sequence[str]) -> tuple[float, float]:
    """(pick recall, precision with alternates) of one article's chosen sentences."""
    if not chosen:
        return 0.0, 0.0
    found = sum(1 for g in gold.picks if any(matches(c, g) for c in chosen))
    good = sum(1 for c in chosen if any(matches(c, g) for g in gold.picks + gold.alternates))
    return found / len(gold.picks), good / len(chosen)


Chooser = Callable[[Case], list[int]]


def evaluate(cases: Sequence[Case], choose: Chooser) -> tuple[float, float]:
    rows = []
    for case in cases:
        if case.prepared is None or not case.prepared.printed:
            rows.append((0.0, 0.0))
            continue
        chosen = [case.prepared.printed[i] for i in choose(case)]
        rows.append(score_choice(case.gold, chosen))
    if not rows:
        return 0.0, 0.0
    return sum(r for r, _ in rows) / len(rows), sum(p for _, p in rows) / len(rows)


def _flat(case: Case) -> list[str]:
    assert case.prepared is not None
    return [s for p in case.prepared.paragraphs for s in p]


def stock(name: str) -> Chooser:
    """A sumy algorithm as it comes: its own rating, top sentences, no finance weighting."""
    def choose(case: Case) -> list[int]:
        assert case.prepared is not None
        return pick(_flat(case), get_summarizer(name).rate(case.prepared.paragraphs, case.prepared.heading), COUNT)
    return choose


def blended(name: str) -> Chooser:
    """A sumy algorithm as brief used it before: rank + key figures + lead."""
    def choose(case: Case) -> list[int]:
        assert case.prepared is not None
        return case.prepared.choose(COUNT, name)
    return choose


def lead_baseline(case: Case) -> list[int]:
    """The first three sentences."""
    return list(range(min(COUNT, len(_flat(case)))))


def headline_baseline(case: Case) -> list[int]:
    """Sentences ranked by how much of the headline they say (page order breaks ties)."""
    assert case.prepared is not None
    return pick(_flat(case), [overlap(s, case.prepared.heading) for s in _flat(case)], COUNT)


def weighted(weights: Weights) -> Chooser:
    def choose(case: Case) -> list[int]:
        return pick(_flat(case), combine(case.evidence, weights), COUNT)
    return choose


def _fast_choose(case: Case, vector: Sequence[float]) -> list[int]:
    """``weighted`` without recomputing anything: same order, same duplicate rule."""
    scores = [sum(w * x for w, x in zip(vector, row, strict=True)) for row in case.rows]
    chosen: list[int] = []
    for index in sorted(range(len(scores)), key=lambda i: (-scores[i], i)):
        if len(chosen) == COUNT:
            break
        if any((index, j) in case.duplicates for j in chosen):
            continue
        chosen.append(index)
    return chosen


def _objective(cases: Sequence[Case], weights: Weights) -> float:
    """Mean pick recall + mean precision, from the precomputed rows.

    The example page's long columns count as much as the corpus's short articles together
    (each group is averaged on its own, then the groups): weights must hold on both shapes.
    """
    vector = [getattr(weights, name) for name in FEATURES]
    groups: dict[bool, list[float]] = {True: [], False: []}
    for case in cases:
        if not case.rows:
            groups[case.gold.page == "example"].append(0.0)
            continue
        chosen = _fast_choose(case, vector)
        found = sum(1 for i in chosen if case.hits[i][0])
        good = sum(1 for i in chosen if case.hits[i][1])
        groups[case.gold.page == "example"].append(found / len(case.gold.picks) + good / len(chosen))
    means = [sum(v) / len(v) for v in groups.values() if v]
    return sum(means) / max(1, len(means))


# The headline's weight is held (see toolkit/evidence.py Weights); --fix adds more, e.g. for ablations.
FIXED: dict[str, float] = {"title": 1.0}


def tune(cases: Sequence[Case], start: Weights = DEFAULT_WEIGHTS, rounds: int = 3) -> Weights:
    """Coordinate ascent over ``GRID`` for each weight, a few rounds; ties keep the current value.

    Weights named in ``FIXED`` (``--fix name=value``) stay where they are put.
    """
    start = replace(start, **FIXED)
    best, best_score = start, _objective(cases, start)
    for _ in range(rounds):
        improved = False
        for f in fields(Weights):
            if f.name in FIXED:
                continue
            for value in GRID:
                trial = replace(best, **{f.name: value})
                trial_score = _objective(cases, trial)
                if trial_score > best_score + 1e-9:
                    best, best_score, improved = trial, trial_score, True
        if not improved:
            break
    return best


def leave_one_page_out(by_page: dict[str, list[Case]], tuning: dict[str, list[Case]] | None = None
                       ) -> tuple[float, float, list[tuple[str, float, float]]]:
    """Tune on all pages but one (from ``tuning``, default the same cases), score that one."""
    tuning = tuning or by_page
    per_page, all_rows = [], []
    for held in by_page:
        train = [c for name, cases in tuning.items() if name != held for c in cases]
        weights = tune(train)
        recall, precision = evaluate(by_page[held], weighted(weights))
        per_page.append((held, recall, precision))
        all_rows += [(recall, precision)] * len(by_page[held])
    n = len(all_rows)
    return sum(r for r, _ in all_rows) / n, sum(p for _, p in all_rows) / n, per_page


def _all(by_page: dict[str, list[Case]]) -> list[Case]:
    return [c for cases in by_page.values() for c in cases]


def _row(label: str, clean: tuple[float, float], segmented: tuple[float, float] | None) -> str:
    seg = f"{segmented[0]:8.3f} {segmented[1]:8.3f}" if segmented else f"{'':>8} {'':>8}"
    return f"{label:<34} {clean[0]:8.3f} {clean[1]:8.3f}   {seg}"


def corpus_report(locked: bool) -> None:
    pages = load_pages(locked=locked)
    clean, segmented = clean_cases(pages), segmented_cases(pages)
    if not locked:
        clean["examples/page.txt"] = segmented["examples/page.txt"] = example_cases()
    articles = sum(len(p.articles) for p in pages)
    lost = sum(1 for c in _all(segmented) if c.prepared is None)
    print(f"gold corpus, {'LOCKED' if locked else 'development'} pages: {len(pages)} pages, {articles} articles "
          f"({lost} lost by the segmenter); 3 sentences chosen per article")
    print(f"{'method':<34} {'clean R':>8} {'clean P':>8}   {'seg R':>8} {'seg P':>8}")
    rows: list[tuple[str, Chooser]] = [(f"sumy {n} (stock)", stock(n)) for n in SUMMARY_ALGORITHMS if n != "brief"]
    rows += [(f"sumy {n} + figures + lead (old)", blended(n)) for n in ("textrank", "lexrank")]
    rows.append(("first 3 sentences (baseline)", lead_baseline))
    rows.append(("headline overlap (baseline)", headline_baseline))
    corpus = {n: c for n, c in clean.items() if n != "examples/page.txt"}
    corpus_seg = {n: c for n, c in segmented.items() if n != "examples/page.txt"}
    for label, choose in rows:
        print(_row(label, evaluate(_all(corpus), choose), evaluate(_all(corpus_seg), choose)))
    if locked:
        print(_row("brief (shipped weights)", evaluate(_all(clean), weighted(DEFAULT_WEIGHTS)),
                   evaluate(_all(segmented), weighted(DEFAULT_WEIGHTS))))
        return
    print(_row("brief, shipped weights (in-sample)", evaluate(_all(corpus), weighted(DEFAULT_WEIGHTS)),
               evaluate(_all(corpus_seg), weighted(DEFAULT_WEIGHTS))))
    _r, _p, per_page = leave_one_page_out(clean)
    _sr, _sp, seg_pages = leave_one_page_out(segmented, clean)
    sizes = {name: len(cases) for name, cases in clean.items()}

    def mean(rows: list[tuple[str, float, float]], example: bool) -> tuple[float, float]:
        kept = [(sizes[n], r, p) for n, r, p in rows if (n == "examples/page.txt") == example]
        total = sum(k for k, _r, _p in kept)
        return sum(k * r for k, r, _p in kept) / total, sum(k * p for k, _r, p in kept) / total

    print(_row("brief, leave one page out (corpus)", mean(per_page, False), mean(seg_pages, False)))
    print(_row("brief, leave one page out (example)", mean(per_page, True), mean(seg_pages, True)))
    print("\nleave one page out, per held-out page (clean R, P | segmented R, P):")
    for (name, pr, pp), (_n, qr, qp) in zip(per_page, seg_pages, strict=True):
        print(f"  {name:<26} {pr:6.3f} {pp:6.3f} | {qr:6.3f} {qp:6.3f}")
    weights = tune(_all(clean))
    print(f"\nweights tuned on all development pages (clean): {json.dumps(weights.as_dict())}")
    print(f"  in-sample R, P: {evaluate(_all(clean), weighted(weights))}")


# ---------------------------------------------------------------- example page


def load_gold(path: Path = GOLD) -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))["articles"]
    return data


def load_articles(gold: dict[str, list[str]]) -> tuple[list[Article], str]:
    """The example page's articles through the pipeline."""
    from toolkit.pipeline import make_brief

    brief = make_brief(PAGE.read_text(encoding="utf-8"), source="page.txt", options=BriefOptions(translate=False))
    return [a for a in brief.articles if a.kind == "article"], "pipeline"


def _matches(chosen: str, gold: str) -> bool:
    return matches(chosen, gold)


def _ngrams(text: str, n: int) -> Counter[str]:
    chars = [ch for ch in _norm(text) if ch.isalnum()]
    return Counter("".join(chars[i:i + n]) for i in range(len(chars) - n + 1))


def rouge_f1(candidate: str, reference: str, n: int) -> float:
    """ROUGE-n F1 over character n-grams."""
    cand, ref = _ngrams(candidate, n), _ngrams(reference, n)
    overlap_count = sum((cand & ref).values())
    if not overlap_count:
        return 0.0
    precision, recall = overlap_count / sum(cand.values()), overlap_count / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class Scores:
    precision: float
    recall: float
    rouge1: float
    rouge2: float
    articles: int


def score(articles: list[Article], gold: dict[str, list[str]], algorithm: str, sentences: int = 3) -> Scores:
    """Macro-averaged scores of one algorithm over the example-page articles that have gold sentences."""
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


def example_report(sentences: int) -> None:
    gold = load_gold()
    articles, how = load_articles(gold)
    print(f"\nexample page: {len(articles)} articles ({how}); gold articles: {len(gold)}; summary length: {sentences}")
    print(f"{'algorithm':<10} {'P':>6} {'R':>6} {'ROUGE-1':>8} {'ROUGE-2':>8} {'scored':>7}")
    for algorithm in SUMMARY_ALGORITHMS:
        s = score(articles, gold, algorithm, sentences)
        print(f"{algorithm:<10} {s.precision:6.3f} {s.recall:6.3f} {s.rouge1:8.3f} {s.rouge2:8.3f} {s.articles:7d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--sentences", type=int, default=3, help="summary length on the example page")
    parser.add_argument("--locked", action="store_true", help="score the locked pages (once, at the end)")
    parser.add_argument("--no-example", action="store_true", help="skip the example page")
    parser.add_argument("--fix", action="append", default=[], metavar="NAME=VALUE",
                        help="hold a weight fixed while tuning (ablation), e.g. --fix closing=0")
    args = parser.parse_args()
    for item in args.fix:
        name, _, value = item.partition("=")
        FIXED[name] = float(value)
    corpus_report(args.locked)
    if not args.no_example:
        example_report(args.sentences)


if __name__ == "__main__":
    main()
