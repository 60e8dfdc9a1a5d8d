"""Load test of the HTTP API: 500 mixed requests from 16 concurrent clients, loopback only.

Starts the real server (uvicorn, in this process, on a free 127.0.0.1 port) with the
project's small test model, sends a fixed set of distinct requests once in order to learn
each one's answer, then replays them in random order from 16 threads and checks that every
response equals the answer of ITS request (nothing lost, failed or mixed up). Prints p50/p99
latency and requests per second.

    .venv/bin/python benchmarks/load_api.py [--requests 500] [--clients 16] [--model FILE]

The test model is the test suite's (tests/model_fixtures.py: cached in tests/.models/, built
with tests/make_test_model.py when missing, well under two minutes on two cores). The run is
done twice, translation cache off and on, and the two are printed side by side.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def find_or_build_model() -> Path:
    """The test suite's model (tests/model_fixtures.py caches it by content hash; built when missing)."""
    sys.path.insert(0, str(REPO / "tests"))
    from model_fixtures import built_model

    print("finding or building the test model…", file=sys.stderr)
    path: Path = built_model()
    return path


def request_bodies(page: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Distinct (method, path, payload) triples: translation, conversion, summary, detection…"""
    from toolkit.sentences import split_sentences

    lines = [line.strip() for line in page.splitlines() if len(line.strip()) > 20]
    sentences = [s for line in lines for s in split_sentences(line) if 8 <= len(s) <= 80]
    rng = random.Random(7)
    rng.shuffle(sentences)
    bodies: list[tuple[str, str, dict[str, Any]]] = []
    for s in sentences[:30]:
        bodies.append(("POST", "/v1/translate", {"json": {"text": s}}))
    for i in range(10):
        bodies.append(("POST", "/v1/translate", {"json": {"text": sentences[30 + 3 * i: 33 + 3 * i]}}))
    for s in sentences[60:70]:
        bodies.append(("POST", "/translate", {"data": {"q": s, "source": "zt", "target": "en"}}))
        bodies.append(("POST", "/translate", {"json": {"q": s, "source": "auto", "target": "en"}}))
    for s in sentences[:20]:
        bodies.append(("POST", "/v1/convert", {"json": {"text": s}}))
        bodies.append(("POST", "/detect", {"data": {"q": s}}))
    for line in lines[:10]:
        bodies.append(("POST", "/v1/summarize", {"json": {"text": line, "sentences": 1}}))
    bodies.append(("GET", "/languages", {}))
    return bodies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--model", type=Path, default=None, help="an .argosmodel to serve (default: the test model)")
    parser.add_argument("--time-limit", type=float, default=300.0, help="give up after this many seconds")
    args = parser.parse_args(argv)

    from api.app import create_app
    from api.settings import Settings
    from toolkit.translation.models import install_model_file

    page = (REPO / "examples" / "page.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="brief-load-") as tmp:
        work = Path(tmp)
        model = args.model or find_or_build_model()
        models_dir = work / "models"
        info = install_model_file(model, models_dir)
        print(f"model: {info.name} {info.version} ({model})")
        bodies = request_bodies(page)
        results = []
        for label, cache in (("no cache", False), ("cache", True)):
            settings = Settings(models_dir=models_dir, max_body_bytes=1_000_000, cache=cache,
                                cache_path=work / f"cache-{cache}.sqlite3")
            outcome = run_load(create_app(settings), bodies, args)
            if outcome is None:
                return 1
            results.append((label, *outcome))
    print(f"{'run':<10} {'requests':>8} {'seconds':>8} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>7}")
    failed = False
    for label, latencies, wall, errors in results:
        latencies.sort()
        p50 = statistics.median(latencies) * 1000
        p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000
        print(f"{label:<10} {len(latencies):>8} {wall:>8.2f} {p50:>8.1f} {p99:>8.1f} {len(latencies) / wall:>8.1f} "
              f"{len(errors):>7}")
        for line in errors[:5]:
            print("  " + line)
        failed = failed or bool(errors) or len(latencies) != args.requests
    return 1 if failed else 0


def run_load(app: Any, bodies: list[tuple[str, str, dict[str, Any]]],
             args: argparse.Namespace) -> tuple[list[float], float, list[str]] | None:
    """Learn each request's answer alone, then replay ``args.requests`` of them from ``args.clients`` threads."""
    import httpx

    from api.server import serve_in_background

    with serve_in_background(app) as url:
        print(f"server: {url} (loopback), {len(bodies)} distinct requests", file=sys.stderr)
        expected: list[tuple[int, Any]] = []
        with httpx.Client(base_url=url, timeout=120) as http:
            for method, path, payload in bodies:
                r = http.request(method, path, **payload)
                expected.append((r.status_code, r.json()))
        bad = [(b, e) for b, e in zip(bodies, expected, strict=True) if e[0] != 200]
        if bad:
            print(f"FAIL: {len(bad)} requests fail even alone, e.g. {bad[0]}")
            return None

        rng = random.Random(11)
        plan = [rng.randrange(len(bodies)) for _ in range(args.requests)]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.time_limit
        local = threading.local()
        clients: list[httpx.Client] = []

        def one(index: int) -> None:
            if time.monotonic() > deadline:
                with lock:
                    errors.append("time limit reached")
                return
            http = getattr(local, "http", None)
            if http is None:
                http = local.http = httpx.Client(base_url=url, timeout=120)
                with lock:
                    clients.append(http)
            method, path, payload = bodies[index]
            started = time.perf_counter()
            try:
                r = http.request(method, path, **payload)
                answer = (r.status_code, r.json())
            except Exception as exc:  # counted and reported, the run goes on
                answer = (0, repr(exc))
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if answer != expected[index]:
                    errors.append(f"{path} {payload}: got {answer!r:.200}, expected {expected[index]!r:.200}")

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(one, plan))
        wall = time.perf_counter() - started
        for http in clients:
            http.close()
    return latencies, wall, errors


if __name__ == "__main__":
    sys.exit(main())
