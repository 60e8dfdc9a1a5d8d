"""Batch speed and memory: the same 200-page corpus with --jobs 1 and --jobs 2, side by side.

    .venv/bin/python benchmarks/bench_batch.py                 # test model (built here), 200 pages
    .venv/bin/python benchmarks/bench_batch.py --no-translate  # no model: segmentation, facts, summaries
    .venv/bin/python benchmarks/bench_batch.py --model ../shared/models/zh_en_base_untrained.argosmodel
    .venv/bin/python benchmarks/bench_batch.py --pages 50 --jobs 1 2

The corpus is recombined from the example page's articles (and the pages in ``tests/pages/``
when there are any): each page holds 2-5 articles drawn with a fixed seed. Each configuration
runs in its own child process so its peak memory (ru_maxrss of the process itself and of its
largest worker) is its own. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

EXAMPLE_PAGE = REPO / "examples" / "page.txt"
TEST_PAGES = REPO / "tests" / "pages"
MAKE_TEST_MODEL = REPO / "tests" / "make_test_model.py"
GIB = 1024**3


# --- the corpus ---------------------------------------------------------------------------------


def _crude_articles(text: str) -> list[str]:
    """Blank-line blocks grouped into articles: a short block without a full stop starts one."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    articles: list[list[str]] = []
    for block in blocks:
        heading = len(block) <= 24 and not re.search(r"[。！？]", block)
        if heading and (not articles or len(articles[-1]) > 2):
            articles.append([])
        if not articles:
            articles.append([])
        articles[-1].append(block)
    return ["\n\n".join(a) for a in articles if len("".join(a)) > 80]


def _segmented_articles(text: str) -> list[str] | None:
    try:
        from toolkit.reading import read_page
        from toolkit.segment import segment_page
    except ImportError:
        return None
    try:
        articles, _unassigned = segment_page(read_page(text, "page.txt"))
    except Exception:
        return None
    out = []
    for article in articles:
        body = "\n\n".join(p.original for p in article.paragraphs)
        parts = [article.title.original, article.column or "", article.author or "", body]
        out.append("\n\n".join(p for p in parts if p))
    return [a for a in out if len(a) > 80] or None


def source_articles() -> tuple[list[str], str]:
    texts = [EXAMPLE_PAGE.read_text(encoding="utf-8")]
    if TEST_PAGES.is_dir():
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(TEST_PAGES.glob("*.txt"))]
    articles: list[str] = []
    how = "toolkit.segment"
    for text in texts:
        found = _segmented_articles(text)
        if found is None:
            found, how = _crude_articles(text), "blank-line blocks"
        articles += found
    return articles, how


def make_corpus(folder: Path, pages: int, seed: int = 9) -> tuple[int, str, int]:
    """Write ``pages`` pages of 2-5 articles each; return (articles drawn from, method, bytes)."""
    articles, how = source_articles()
    rng = random.Random(seed)
    total = 0
    for n in range(pages):
        chosen = rng.sample(articles, k=min(len(articles), rng.randint(2, 5)))
        text = "\n\n\n".join(chosen) + "\n"
        sub = folder / f"day{n // 50:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"page{n:03d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return len(articles), how, total


# --- the model ------------------------------------------------------------------------------------


def install_model(package: Path, models_dir: Path) -> None:
    """Install an .argosmodel into ``models_dir`` the way a user's file is installed."""
    from toolkit.translation.models import install_model_file

    install_model_file(package, models_dir)


def build_test_model(work: Path) -> Path:
    """The tests' cached model when there is one (``tests/model_fixtures.built_model``), else a fresh build."""
    try:
        sys.path.insert(0, str(REPO / "tests"))
        from model_fixtures import built_model  # type: ignore[import-not-found]

        return Path(built_model())
    except ImportError:
        package = work / "test-zh_en.argosmodel"
        subprocess.run([sys.executable, str(MAKE_TEST_MODEL), str(package)], check=True, stdout=subprocess.DEVNULL)
        return package


# --- one configuration (child process) -----------------------------------------------------------


def run_child(args: argparse.Namespace) -> None:
    from toolkit.batch import run_batch
    from toolkit.config import BriefOptions

    options = BriefOptions(translate=not args.no_translate, models_dir=args.models_dir, use_cache=False,
                           threads=args.threads)
    started = time.perf_counter()
    report = run_batch([args.corpus], args.out, options, fmt="md", jobs=args.jobs[0], force=True)
    seconds = time.perf_counter() - started
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    self_kib, child_kib = me.ru_maxrss, children.ru_maxrss
    cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
    failures = [f"{r.source}: {r.reason}" for r in report.results if r.status == "failed"][:3]
    print(json.dumps({"jobs": args.jobs[0], "pages": len(report.results), "done": report.done,
                      "failed": report.failed, "seconds": seconds, "self_kib": self_kib,
                      "child_kib": child_kib, "cpu": cpu, "failures": failures, "notices": report.notices}))


def measure(jobs: int, corpus: Path, out: Path, models_dir: Path | None, no_translate: bool, threads: int) -> dict:
    command = [sys.executable, __file__, "--child", "--jobs", str(jobs), "--corpus", str(corpus), "--out", str(out),
               "--threads", str(threads)]
    if models_dir is not None:
        command += ["--models-dir", str(models_dir)]
    if no_translate:
        command.append("--no-translate")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench_batch: the --jobs {jobs} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--model", type=Path, default=None, help="an .argosmodel to use instead of the test model")
    parser.add_argument("--no-translate", action="store_true")
    parser.add_argument("--threads", type=int, default=0,
                        help="CTranslate2 threads per process (default: the batch's rule, cores // jobs)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--models-dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return
    if args.model is not None and not args.model.is_file():
        sys.exit(f"bench_batch: {args.model} not found (the real-size model lives in ../shared/models, "
                 "which a clone does not have); run without --model to use the test model")

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as temp:
        work = Path(temp)
        articles, how, size = make_corpus(work / "corpus", args.pages)
        print(f"corpus: {args.pages} pages, {size / 1024:.0f} KiB, recombined from {articles} articles "
              f"(split by {how}); {os.cpu_count()} cores")
        models_dir = None
        model_name = "none (--no-translate)"
        if not args.no_translate:
            models_dir = work / "models"
            models_dir.mkdir()
            if args.model is None:
                started = time.perf_counter()
                package = build_test_model(work)
                print(f"test model ready in {time.perf_counter() - started:.0f} s")
            else:
                package = args.model
            install_model(package, models_dir)
            model_name = package.name
        print(f"model: {model_name}")
        rows = []
        for jobs in args.jobs:
            rows.append(measure(jobs, work / "corpus", work / f"out{jobs}", models_dir, args.no_translate, args.threads))
        base = rows[0]["seconds"]
        print(f"{'jobs':>4} {'pages':>5} {'done':>5} {'failed':>6} {'seconds':>8} {'pages/s':>8} "
              f"{'speed-up':>8} {'CPU s':>6} {'parent MiB':>10} {'worker MiB':>10} {'peak est. MiB':>13}")
        for row in rows:
            self_mib = row["self_kib"] / 1024
            child_mib = row["child_kib"] / 1024
            # ru_maxrss of children is the largest single child, not a sum: estimate the total.
            peak = self_mib + (child_mib * row["jobs"] if row["jobs"] > 1 else child_mib)
            print(f"{row['jobs']:>4} {row['pages']:>5} {row['done']:>5} {row['failed']:>6} "
                  f"{row['seconds']:>8.1f} {row['pages'] / row['seconds']:>8.2f} {base / row['seconds']:>7.2f}x {row['cpu']:>6.1f} "
                  f"{self_mib:>10.0f} {child_mib:>10.0f} {peak:>13.0f}"
                  + ("  OVER 1.5 GiB" if peak * 1024**2 > 1.5 * GIB else ""))
            for failure in row["failures"]:
                print(f"     failed: {failure}")
        load = os.getloadavg()[0]
        print(f"load average after the runs: {load:.1f} on {os.cpu_count()} cores (other work skews wall times)")
        for notice in rows[0]["notices"]:
            print(f"notice: {notice}")


if __name__ == "__main__":
    main()
