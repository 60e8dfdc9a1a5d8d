"""How brief runs CTranslate2: workers and threads, batch sizes, side by side.

brief decodes on ``threads`` CTranslate2 workers of one thread each, in length-sorted batches
of at most BATCH_SIZE sentences and MAX_BATCH_TOKENS padded tokens, all sent at once. This runs
the example page's sentences through ``translate_sentences`` under other settings, each in a
fresh process (peak memory is per process), alternating for ``--rounds``, and prints the median
seconds and the peak resident memory of each.

Run: .venv/bin/python benchmarks/bench_batching.py [MODEL.argosmodel ...] [--rounds 2] [--limit N]
(default: the shipped test model and, when present, the real-size untrained model in
../shared/models, limited to its first 48 sentences: it never ends a sentence by itself).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEST_MODEL = REPO / "tests" / "fixtures" / "models" / "brief-test.argosmodel"
REAL_MODEL = REPO.parent / "shared" / "models" / "zh_en_base_untrained.argosmodel"

CHILD = """
import resource, sys, time
from pathlib import Path
import ctranslate2
from toolkit.config import BriefOptions
from toolkit.conversion import convert
from toolkit.sentences import split_sentences
import toolkit.translation.backends.base as backend
models_dir, workers, threads, size, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
backend.BATCH_SIZE = size
backend.MAX_BATCH_TOKENS = size * 64
real = ctranslate2.Translator
def translator(path, **kwargs):
    kwargs.update(inter_threads=workers, intra_threads=threads)
    return real(path, **kwargs)
ctranslate2.Translator = translator
from toolkit.translation import load_translator
text = convert(Path("examples/page.txt").read_text(encoding="utf-8"))
sentences = [s for line in text.splitlines() for s in split_sentences(line) if s.strip()]
sentences = sentences[:limit] if limit else sentences
model = load_translator(BriefOptions(models_dir=Path(models_dir), threads=workers), required=True)
model.translate_sentences(["港股回升。"])
start = time.perf_counter()
model.translate_sentences(sentences)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"{len(sentences)} {seconds:.3f} {peak}")
"""

SETTINGS = (  # label, workers, threads per worker, batch size
    ("brief: 2 workers × 1 thread, batches of 8", 2, 1, 8),
    ("2 workers × 1 thread, batches of 4", 2, 1, 4),
    ("2 workers × 1 thread, batches of 16", 2, 1, 16),
    ("2 workers × 1 thread, batches of 32", 2, 1, 32),
    ("1 worker × 2 threads, batches of 32 (before)", 1, 2, 32),
    ("1 worker × 2 threads, batches of 128", 1, 2, 128),
    ("1 worker × 1 thread, batches of 16", 1, 1, 16),
)


def measure(model: Path, rounds: int, limit: int) -> None:
    from toolkit.translation.models import install_model_file

    with tempfile.TemporaryDirectory() as models_dir:
        install_model_file(model, Path(models_dir))
        runs: dict[str, list[tuple[float, int]]] = {label: [] for label, *_ in SETTINGS}
        count = "?"
        for _ in range(rounds):
            for label, workers, threads, size in SETTINGS:
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, models_dir, str(workers), str(threads), str(size), str(limit)],
                    cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
                count = out[0]
                runs[label].append((float(out[1]), int(out[2])))
        print(f"\n{model.name}: {count} sentences, beam 2, medians of {rounds} alternating rounds, each a fresh process")
        print(f"{'settings':50s} {'seconds':>8s} {'vs brief':>9s} {'peak MiB':>9s}")
        base = statistics.median(s for s, _ in runs[SETTINGS[0][0]])
        for label, *_ in SETTINGS:
            seconds = statistics.median(s for s, _ in runs[label])
            peak = max(m for _, m in runs[label])
            print(f"{label:50s} {seconds:8.2f} {base / seconds:8.2f}x {peak:9d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="sentences per model (0: the whole page; "
                        "the real-size untrained model defaults to 48)")
    args = parser.parse_args()
    models = args.models or [m for m in (TEST_MODEL, REAL_MODEL) if m.exists()]
    for model in models:
        if not model.exists():
            sys.exit(f"no model at {model}: pass an .argosmodel file")
        limit = args.limit or (48 if model == REAL_MODEL else 0)
        measure(model, args.rounds, limit)


if __name__ == "__main__":
    main()
