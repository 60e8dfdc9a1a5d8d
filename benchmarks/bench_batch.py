"""Batch speed and memory: the same 200-page corpus with --jobs 1, --jobs 2 and the Ray engine, side by side.

    .venv/bin/python benchmarks/bench_batch.py                 # test model (built here), 200 pages
    .venv/bin/python benchmarks/bench_batch.py --no-translate  # no model: segmentation, facts, summaries
    .venv/bin/python benchmarks/bench_batch.py --model ../shared/models/zh_en_base_untrained.argosmodel
    .venv/bin/python benchmarks/bench_batch.py --pages 50 --jobs 1 2
    .venv/bin/python benchmarks/bench_batch.py --ray-actors 0           # local engine only

The corpus is recombined from the example page's articles (and the pages in ``tests/pages/``
when there are any): each page holds 2-5 articles drawn with a fixed seed. Each configuration
runs in its own child process so its peak memory (ru_maxrss of the process itself and of its
largest worker) is its own. The Ray row starts a private local Ray with ``--ray-actors``
actors (default 2, one per core here): its driver's peak is ru_maxrss, the actors' and Ray's
own processes (raylet, GCS...) are sampled from /proc every 0.2 s. Ray's start-up is counted
in its wall time, as a user would see it; its per-actor rate is pages/s divided by actors.
Not a test: it prints figures.
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


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            found.append(child)
            todo.append(child)
    return found


def _rss_kib(pid: int) -> tuple[str, int]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmd:
            name = cmd.read().split(b"\0")[0].decode(errors="replace")
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return name, int(line.split()[1])
    except OSError:
        pass
    return "", 0


class RaySampler:
    """Peak RSS of the Ray actors (each, and summed) and of Ray's own processes, from /proc."""

    def __init__(self) -> None:
        import threading

        self.actor_kib = self.actors_kib = self.ray_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            actors, system = [], 0
            for pid in _descendants(os.getpid()):
                name, kib = _rss_kib(pid)
                if name.startswith("ray::BriefActor"):
                    actors.append(kib)
                else:
                    system += kib
            self.actor_kib = max([self.actor_kib, *actors])
            self.actors_kib = max(self.actors_kib, sum(actors))
            self.ray_kib = max(self.ray_kib, system)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_child(args: argparse.Namespace) -> None:
    from toolkit.batch import run_batch
    from toolkit.config import BriefOptions

    options = BriefOptions(translate=not args.no_translate, models_dir=args.models_dir, use_cache=False,
                           threads=args.threads)
    sampler = RaySampler() if args.ray_actors else None
    engine = dict(engine="ray", actors=args.ray_actors) if args.ray_actors else {}
    started = time.perf_counter()
    report = run_batch([args.corpus], args.out, options, fmt="md", jobs=args.jobs[0], force=True,
                       **engine)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    ray = {}
    if sampler is not None:
        sampler.stop()
        ray = {"actor_kib": sampler.actor_kib, "actors_kib": sampler.actors_kib, "ray_kib": sampler.ray_kib}
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    self_kib, child_kib = me.ru_maxrss, children.ru_maxrss
    cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
    failures = [f"{r.source}: {r.reason}" for r in report.results if r.status == "failed"][:3]
    print(json.dumps({"jobs": args.jobs[0], "pages": len(report.results), "done": report.done,
                      "failed": report.failed, "seconds": seconds, "self_kib": self_kib,
                      "child_kib": child_kib, "cpu": cpu, "failures": failures, "notices": report.notices,
                      "ray_actors": args.ray_actors, **ray}))


def measure(jobs: int, corpus: Path, out: Path, models_dir: Path | None, no_translate: bool, threads: int,
            ray_actors: int = 0) -> dict:
    command = [sys.executable, __file__, "--child", "--jobs", str(jobs), "--corpus", str(corpus), "--out", str(out),
               "--threads", str(threads), "--ray-actors", str(ray_actors)]
    if models_dir is not None:
        command += ["--models-dir", str(models_dir)]
    if no_translate:
        command.append("--no-translate")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        what = f"--engine ray --actors {ray_actors}" if ray_actors else f"--jobs {jobs}"
        sys.exit(f"bench_batch: the {what} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--model", type=Path, default=None, help="an .argosmodel to use instead of the test model")
    parser.add_argument("--no-translate", action="store_true")
    parser.add_argument("--threads", type=int, default=0,
                        help="CTranslate2 threads per process (default: the batch's rule, cores // jobs)")
    parser.add_argument("--ray-actors", type=int, default=2,
                        help="actors of the Ray row (0: no Ray row; skipped when Ray is not installed)")
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
        if args.ray_actors:
            try:
                import ray  # noqa: F401
            except ImportError:
                print("ray: not installed (pip install -e '.[ray]'); no Ray row")
            else:
                rows.append(measure(1, work / "corpus", work / "out-ray", models_dir, args.no_translate, args.threads,
                                    args.ray_actors))
        base = rows[0]["seconds"]
        print(f"{'engine':>10} {'pages':>5} {'done':>5} {'failed':>6} {'seconds':>8} {'pages/s':>8} "
              f"{'speed-up':>8} {'CPU s':>6} {'parent MiB':>10} {'worker MiB':>10} {'peak est. MiB':>13}")
        for row in rows:
            self_mib = row["self_kib"] / 1024
            child_mib = row["child_kib"] / 1024
            # ru_maxrss of children is the largest single child, not a sum: estimate the total.
            peak = self_mib + (child_mib * row["jobs"] if row["jobs"] > 1 else child_mib)
            name = f"jobs {row['jobs']}"
            if row["ray_actors"]:
                name = f"ray x{row['ray_actors']}"
                child_mib = row["actor_kib"] / 1024
                peak = self_mib + (row["actors_kib"] + row["ray_kib"]) / 1024
            print(f"{name:>10} {row['pages']:>5} {row['done']:>5} {row['failed']:>6} "
                  f"{row['seconds']:>8.1f} {row['pages'] / row['seconds']:>8.2f} {base / row['seconds']:>7.2f}x {row['cpu']:>6.1f} "
                  f"{self_mib:>10.0f} {child_mib:>10.0f} {peak:>13.0f}"
                  + ("  OVER 1.5 GiB" if peak * 1024**2 > 1.5 * GIB else ""))
            if row["ray_actors"]:
                rate = row["pages"] / row["seconds"] / row["ray_actors"]
                print(f"{'':>10} Ray: driver {self_mib:.0f} MiB, each actor up to {child_mib:.0f} MiB "
                      f"(all {row['actors_kib'] / 1024:.0f}), Ray's own processes {row['ray_kib'] / 1024:.0f} MiB; "
                      f"{rate:.2f} pages/s per actor (start-up included)")
            for failure in row["failures"]:
                print(f"     failed: {failure}")
        load = os.getloadavg()[0]
        print(f"load average after the runs: {load:.1f} on {os.cpu_count()} cores (other work skews wall times)")
        for notice in rows[0]["notices"]:
            print(f"notice: {notice}")


if __name__ == "__main__":
    main()
