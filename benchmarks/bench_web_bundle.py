"""The web page's brief: one ``format=bundle`` request against the two (or three) it used to make.

Before ``format=bundle`` the page asked ``POST /v1/brief`` for ``format=json``, then for
``format=html`` of the same page, and for ``format=markdown`` when the Markdown was downloaded;
each request segmented, summarised and translated the page again. This times both ways on the
example page through the API (FastAPI's TestClient, in process), the requests built as the page
builds them (multipart file and form fields), with the translation cache off (``BRIEF_CACHE=0``:
what a server without the cache, or any page not seen before, costs). Rounds alternate the ways,
so a busy shared machine slows both alike. Also counts the runs of the pipeline per way.

    .venv/bin/python benchmarks/bench_web_bundle.py [--rounds 5] [--model FILE] [--page FILE]

The model is the test suite's (tests/fixtures/models/brief-test.argosmodel) installed into a
temporary folder with ``install_model_file``, as a user's file is; ``--model`` takes another
.argosmodel (e.g. ../shared/models/zh_en_base_untrained.argosmodel, real-size but untrained).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WAYS = {
    "two requests (json, html): the page before": ("json", "html"),
    "three (json, html, markdown): + .md download": ("json", "html", "markdown"),
    "one request (format=bundle): the page now": ("bundle",),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of each way (default 5)")
    parser.add_argument("--model", type=Path, default=REPO / "tests" / "fixtures" / "models" / "brief-test.argosmodel")
    parser.add_argument("--page", type=Path, default=REPO / "examples" / "page.txt")
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    import toolkit.pipeline
    from api.app import create_app
    from api.settings import Settings
    from toolkit.translation.models import install_model_file

    runs = [0]
    real_make_brief: Callable[..., Any] = toolkit.pipeline.make_brief

    def counted_make_brief(*a: Any, **k: Any) -> Any:
        runs[0] += 1
        return real_make_brief(*a, **k)

    toolkit.pipeline.make_brief = counted_make_brief  # type: ignore[assignment]
    page = args.page.read_bytes()
    # The fields the web page sends (api/web/app.js, briefForm).
    form = {"bilingual": "false", "full": "false", "sentences": "3", "translate": "true"}

    with tempfile.TemporaryDirectory(prefix="brief-bench-bundle-") as folder:
        install_model_file(args.model, Path(folder) / "models")
        settings = Settings(models_dir=Path(folder) / "models", cache=False, max_body_bytes=10_000_000,
                            max_chars=1_000_000)
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:

            def ask(fmt: str) -> Any:
                r = client.post("/v1/brief", files={"file": ("pasted-page.txt", page, "text/plain")},
                                data={**form, "format": fmt})
                if r.status_code != 200:
                    raise SystemExit(f"format={fmt}: {r.status_code} {r.text[:300]}")
                return r

            translator = client.get("/health").json().get("translator")
            print(f"page: {args.page.name} ({len(page):,} bytes); model: {translator}; cache off; "
                  f"{args.rounds} rounds", file=sys.stderr)
            # Once untimed: warm-up, and the answers agree (the bundle is the three formats).
            answers = {fmt: ask(fmt) for fmt in ("bundle", "json", "html", "markdown")}
            bundle = answers["bundle"].json()
            same = (bundle["brief"] == answers["json"].json() and bundle["html"] == answers["html"].text
                    and bundle["markdown"] == answers["markdown"].text)

            times: dict[str, list[float]] = {way: [] for way in WAYS}
            pipeline_runs: dict[str, int] = {}
            for round_ in range(args.rounds):
                order = list(WAYS) if round_ % 2 == 0 else list(reversed(WAYS))
                for way in order:
                    runs[0] = 0
                    start = time.perf_counter()
                    for fmt in WAYS[way]:
                        ask(fmt)
                    times[way].append(time.perf_counter() - start)
                    pipeline_runs[way] = runs[0]

    bundle_median = statistics.median(times["one request (format=bundle): the page now"])
    print(f"\n{'way':<46} {'requests':>8} {'pipeline runs':>13} {'median s':>9} {'min s':>7} {'vs bundle':>9}")
    for way, formats in WAYS.items():
        median = statistics.median(times[way])
        print(f"{way:<46} {len(formats):>8} {pipeline_runs[way]:>13} {median:>9.2f} {min(times[way]):>7.2f} "
              f"{median / bundle_median:>8.2f}x")
    sizes = {fmt: len(r.content) for fmt, r in answers.items()}
    print(f"\nbytes sent back: bundle {sizes['bundle']:,}; json {sizes['json']:,} + html {sizes['html']:,} "
          f"(+ markdown {sizes['markdown']:,}); the bundle equals format=json/html/markdown: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
