"""Translation batches capped by padded tokens against batches of 32 sentences only.

Decoding memory grows with sentences × beam × output length; brief caps each batch at
``MAX_BATCH_TOKENS`` padded source tokens as well as 32 sentences. Each setting runs in a
fresh process (peak memory is per process) on the example page's 155 sentences.

Run: .venv/bin/python benchmarks/bench_batching.py [MODEL.argosmodel]
(default: the real-size untrained model in ../shared/models).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO.parent / "shared" / "models" / "zh_en_base_untrained.argosmodel"

CHILD = """
import resource, sys, time
from pathlib import Path
from toolkit.config import BriefOptions
from toolkit.conversion import convert
from toolkit.sentences import split_sentences
from toolkit.translation import load_translator
import toolkit.translation.backends.base as backend
backend.MAX_BATCH_TOKENS = int(sys.argv[2])
text = convert(Path("examples/page.txt").read_text(encoding="utf-8"))
sentences = [s for line in text.splitlines() for s in split_sentences(line) if s.strip()]
translator = load_translator(BriefOptions(models_dir=Path(sys.argv[1])), required=True)
start = time.perf_counter()
translator.translate_sentences(sentences)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"{len(sentences)} {seconds:.2f} {peak}")
"""


def main() -> None:
    model = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MODEL
    if not model.exists():
        sys.exit(f"no model at {model}: pass an .argosmodel file")
    from toolkit.translation.backend import MAX_BATCH_TOKENS
    from toolkit.translation.models import install_model_file

    with tempfile.TemporaryDirectory() as models_dir:
        install_model_file(model, Path(models_dir))
        print(f"model: {model.name}; each row a fresh process")
        print(f"{'batches':34s} {'sentences':>9s} {'seconds':>8s} {'peak MiB':>9s}")
        for label, cap in (("32 sentences, no token cap", 10**9),
                           (f"32 sentences, ≤{MAX_BATCH_TOKENS} tokens (brief)", MAX_BATCH_TOKENS),
                           ("32 sentences, no token cap (again)", 10**9),
                           (f"32 sentences, ≤{MAX_BATCH_TOKENS} tokens (again)", MAX_BATCH_TOKENS)):
            out = subprocess.run([sys.executable, "-c", CHILD, models_dir, str(cap)], cwd=REPO,
                                 capture_output=True, text=True, check=True).stdout.split()
            print(f"{label:34s} {out[0]:>9s} {out[1]:>8s} {out[2]:>9s}")


if __name__ == "__main__":
    main()
