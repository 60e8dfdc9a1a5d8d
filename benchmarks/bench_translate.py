"""Translation speed: brief's batched CTranslate2 path against stock argostranslate, side by side.

    .venv/bin/python benchmarks/bench_translate.py [--real-limit 12]

Models: the project's test model (built by tests/make_test_model.py, cached in tests/.models)
and, when present, the real-size untrained model ../shared/models/zh_en_base_untrained.argosmodel.
Input: the sentences of examples/page.txt (hk2s, split with toolkit.sentences), one run each.

Stock argostranslate 1.11 cannot run offline as shipped: its sentence splitter (MiniSBD)
downloads a model on first use. The stock path here runs in a subprocess with
ARGOS_PACKAGES_DIR / ARGOS_BEAM_SIZE set before import and ONE change: its
``MiniSBDSentencizer`` is replaced by brief's own splitter. Each sentence is passed to
``argostranslate.translate.translate()`` on its own, so both sides translate the same
sentences with the same beam, length penalty (0.2) and replace_unknowns; differences left:
brief batches 32 length-sorted sentences per call and caps output at 1.5 × source + 10
tokens, stock decodes one sentence per call up to CTranslate2's default 256 tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
REAL_MODEL = REPO.parent / "shared" / "models" / "zh_en_base_untrained.argosmodel"


def page_sentences() -> list[str]:
    from toolkit.conversion import convert
    from toolkit.sentences import split_sentences

    text = convert((REPO / "examples" / "page.txt").read_text(encoding="utf-8"), "hk2s")
    return [s for line in text.splitlines() for s in split_sentences(line)]


def stock_worker(models_dir: str, beam: int, sentences_file: str) -> None:
    """Runs in a subprocess: stock argostranslate with only its sentence splitter replaced."""
    tmp = tempfile.mkdtemp(prefix="argos-home-")
    os.environ.update(
        ARGOS_PACKAGES_DIR=models_dir,
        ARGOS_BEAM_SIZE=str(beam),
        XDG_DATA_HOME=tmp,
        XDG_CONFIG_HOME=tmp,
        XDG_CACHE_HOME=tmp,
    )
    import argostranslate.translate as stock

    from toolkit.sentences import split_sentences

    class OurSplitter:
        def __init__(self, pkg: object) -> None:
            self.pkg = pkg

        def split_sentences(self, text: str) -> list[str]:
            return split_sentences(text) or [text]

    stock.MiniSBDSentencizer = OurSplitter  # type: ignore[misc,assignment]
    sentences = json.loads(Path(sentences_file).read_text(encoding="utf-8"))
    stock.translate("港股回升。", "zh", "en")  # load the model outside the timing
    start = time.perf_counter()
    out = [stock.translate(s, "zh", "en") for s in sentences]
    print(json.dumps({"seconds": time.perf_counter() - start, "out": out}, ensure_ascii=False))


def run_stock(models_dir: Path, beam: int, sentences: list[str]) -> tuple[float, list[str]]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(sentences, f, ensure_ascii=False)
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--stock-worker", str(models_dir), str(beam), f.name],
            capture_output=True, text=True, check=True, cwd=REPO,
        )
    finally:
        os.unlink(f.name)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["seconds"], result["out"]


def run_ours(models_dir: Path, beam: int, sentences: list[str], *, cap_as_stock: bool = False) -> tuple[float, list[str]]:
    from toolkit.config import BriefOptions
    from toolkit.translation import load_translator
    from toolkit.translation.backends import base as backend

    # cap_as_stock: no length cap of our own, CTranslate2's default 256 tokens as in stock.
    ratio, extra = backend.LENGTH_RATIO, backend.LENGTH_EXTRA
    if cap_as_stock:
        backend.LENGTH_RATIO, backend.LENGTH_EXTRA = 0.0, 256

    translator = load_translator(BriefOptions(models_dir=models_dir, beam_size=beam), required=True)
    assert translator is not None
    translator.translate_sentences(["港股回升。"])
    try:
        start = time.perf_counter()
        out = translator.translate_sentences(sentences)
        return time.perf_counter() - start, out
    finally:
        backend.LENGTH_RATIO, backend.LENGTH_EXTRA = ratio, extra


def compare(label: str, models_dir: Path, sentences: list[str], beams: list[int]) -> None:
    n = len(sentences)
    print(f"\n{label}: {n} sentences")
    print(f"{'path':<40}{'seconds':>9}{'sent/s':>9}{'identical':>11}")
    ours_out: dict[int, list[str]] = {}
    for beam in beams:
        seconds, ours_out[beam] = run_ours(models_dir, beam, sentences)
        print(f"{f'brief batched, beam {beam}':<40}{seconds:>9.2f}{n / seconds:>9.1f}{'':>11}")
    uncapped_seconds, uncapped = run_ours(models_dir, beams[0], sentences, cap_as_stock=True)
    print(f"{f'brief batched, beam {beams[0]}, cap 256 as stock':<40}{uncapped_seconds:>9.2f}{n / uncapped_seconds:>9.1f}{'':>11}")
    ratios = []
    for beam in beams:
        seconds_stock, stock_out = run_stock(models_dir, beam, sentences)
        same = sum(a == b for a, b in zip(ours_out[beam], stock_out, strict=True))
        print(f"{f'stock argostranslate, beam {beam}':<40}{seconds_stock:>9.2f}{n / seconds_stock:>9.1f}{f'{same}/{n}':>11}")
        if beam == beams[0]:
            same_uncapped = sum(a == b for a, b in zip(uncapped, stock_out, strict=True))
            print(f"{'  identical to brief with cap 256':<40}{'':>18}{f'{same_uncapped}/{n}':>11}")
        ratios.append((beam, seconds_stock))
    ours2 = run_ours(models_dir, beams[0], sentences)[0]
    for beam, seconds_stock in ratios:
        print(f"throughput ratio brief beam {beams[0]} vs stock beam {beam}: {seconds_stock / ours2:.1f}x")


def cache_figures(models_dir: Path) -> None:
    from toolkit.config import BriefOptions
    from toolkit.translation import load_translator, translate_texts

    paragraphs = [p for p in (REPO / "examples" / "page.txt").read_text(encoding="utf-8").splitlines() if p.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        options = BriefOptions(models_dir=models_dir, use_cache=True, cache_path=Path(tmp) / "c.sqlite3")
        translator = load_translator(options, required=True)
        assert translator is not None
        translate_texts(["港股回升。"], translator, options.with_changes(use_cache=False))
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            translate_texts(paragraphs, translator, options)
            timings.append(time.perf_counter() - start)
    print(f"\nfull path (facts, protection, guards) on the page: cold cache {timings[0]:.3f}s, "
          f"warm cache {timings[1]:.3f}s, {timings[0] / timings[1]:.0f}x faster")


def install(model_file: Path, folder: Path) -> Path:
    from toolkit.translation.models import install_model_file

    install_model_file(model_file, folder)
    return folder


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--stock-worker":
        stock_worker(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--real-limit", type=int, default=12,
                        help="sentences for the real-size model (stock decodes each to 256 tokens)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "tests"))
    from model_fixtures import built_model

    sentences = page_sentences()
    with tempfile.TemporaryDirectory() as tmp:
        test_dir = install(built_model(), Path(tmp) / "test")
        compare("test model (tiny, trained)", test_dir, sentences, [2, 4])
        cache_figures(test_dir)
        if REAL_MODEL.exists():
            real_dir = install(REAL_MODEL, Path(tmp) / "real")
            compare("real-size untrained model (never stops: capped vs 256)", real_dir, sentences[: args.real_limit], [2])
        else:
            print(f"\nskipped the real-size model: {REAL_MODEL} is absent")


if __name__ == "__main__":
    main()
