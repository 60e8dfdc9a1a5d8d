"""How confident the model is on the example page: the distribution behind the default threshold.

    .venv/bin/python benchmarks/confidence_distribution.py [--threshold 0.2]

Makes the full brief of examples/page.txt (every paragraph translated, no cache) with the
project's test model installed as an .argosmodel and in each CTranslate2 folder layout
(``tests/make_layout_models.py``), and prints per model: the confidence of every sentence the
model translated (exp of its mean token log-probability) as percentiles, and how many of the
texts the brief shows (titles, summary sentences, paragraphs) fall under the threshold. With
``--real`` it adds the real-size untrained model in ../shared/models (the floor: a model that
knows nothing; slow, it decodes every sentence to the length cap).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
REAL_MODEL = REPO.parent / "shared" / "models" / "zh_en_base_untrained.argosmodel"


def percentiles(values: list[float]) -> str:
    cuts = statistics.quantiles(values, n=20, method="inclusive")
    picks = {"min": min(values), "p5": cuts[0], "p10": cuts[1], "p25": cuts[4], "p50": cuts[9], "p75": cuts[14],
             "p90": cuts[17], "max": max(values)}
    return "  ".join(f"{k} {v:.3f}" for k, v in picks.items())


def measure(models_dir: Path, name: str, threshold: float, page: str) -> None:
    from toolkit.config import BriefOptions
    from toolkit.pipeline import make_brief
    from toolkit.sentences import split_sentences
    from toolkit.translation import load_translator, translate_scored

    options = BriefOptions(models_dir=models_dir, model=name, full=True, use_cache=False,
                           confidence_threshold=threshold)
    translator = load_translator(options, required=True)
    assert translator is not None
    units = [s for line in page.splitlines() if line.strip() for s in split_sentences(line)]
    sentences = [t.confidence for t in translate_scored(units, translator, options) if t.confidence is not None]
    brief = make_brief(page, options=options, translator=translator)
    shown: list[float] = []
    for article in brief.articles:
        shown += [c for c in [article.title.confidence, *(article.summary.confidence or [])] if c is not None]
        shown += [p.confidence for p in article.paragraphs if p.confidence is not None]
    under = sum(c < threshold for c in sentences)
    print(f"{name:28} {len(sentences):3} sentences  {percentiles(sentences)}")
    print(f"{'':28} under {threshold:.2f}: {under} of {len(sentences)} sentences, "
          f"{sum(c < threshold for c in shown)} of {len(shown)} texts shown in the full brief")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threshold", type=float, default=None, help="default: BriefOptions' default")
    parser.add_argument("--real", action="store_true", help="also the real-size untrained model")
    args = parser.parse_args()
    from make_layout_models import build_layouts
    from model_fixtures import built_model

    from toolkit.config import BriefOptions
    from toolkit.translation.models import install_model_dir, install_model_file

    threshold = args.threshold if args.threshold is not None else BriefOptions().confidence_threshold
    page = (REPO / "examples" / "page.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "models"
        install_model_file(built_model(), folder)
        for kind, path in build_layouts(built_model(), Path(tmp) / "layouts").items():
            install_model_dir(path, folder, name=f"test-{kind}")
        names = ["brief-test", "test-sentencepiece", "test-marian", "test-nllb", "test-m2m100"]
        real = args.real and REAL_MODEL.exists()
        if real:
            install_model_file(REAL_MODEL, Path(tmp) / "real")
        for name in names:
            measure(folder, name, threshold, page)
        if real:
            from toolkit.translation.models import list_models

            [model] = list_models(Path(tmp) / "real")
            measure(Path(tmp) / "real", model.name, threshold, page)


if __name__ == "__main__":
    main()
