"""Issue 16 scores on pages written for it: stock codes and amounts (exact value and currency)
against tests/gold/facts_market.json, and how many key figures have an English "Refers to"
without a model.

    .venv/bin/python benchmarks/eval_market.py [PAGE_STEM ...]   (default: every page in the gold)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.config import BriefOptions  # noqa: E402
from toolkit.pipeline import make_brief  # noqa: E402
from toolkit.render.markdown import key_figures  # noqa: E402


def _amount(f: object) -> tuple[float, str | None, str | None, float | None]:
    return (round(f.value, 6), f.currency, f.unit, None if f.value_high is None else round(f.value_high, 6))  # type: ignore[attr-defined]


def score_page(stem: str, gold: dict[str, list]) -> dict[str, object]:
    text = (ROOT / "tests" / "pages" / f"{stem}.txt").read_text(encoding="utf-8")
    brief = make_brief(text, source=stem, options=BriefOptions(translate=False))
    facts = [f for a in brief.articles for f in a.facts]
    codes = [f.code for f in facts if f.kind == "stock" and f.market == "HK"]
    us = [f.code for f in facts if f.kind == "stock" and f.market == "US"]
    amounts = [_amount(f) for f in facts if f.kind == "amount"]
    want_amounts = [(round(float(v), 6), c, u, None if h is None else round(float(h), 6)) for v, c, u, h in gold["amounts"]]
    figures = [f for a in brief.articles if a.kind == "article" for f in key_figures(a)]
    return {
        "codes": (len(set(gold["stocks"]) & set(codes)), len(gold["stocks"]), sorted(set(codes) - set(gold["stocks"]))),
        "amounts": (sum(1 for a in want_amounts if a in amounts), len(want_amounts),
                    [a for a in amounts if a not in want_amounts], [a for a in want_amounts if a not in amounts]),
        "us": (len(set(gold.get("us_stocks", [])) & set(us)), len(gold.get("us_stocks", [])),
               sorted(set(us) - set(gold.get("us_stocks", [])))),
        "refers_to": (sum(1 for f in figures if f.subject_english), len(figures)),
    }


def main() -> None:
    gold = json.loads((ROOT / "tests" / "gold" / "facts_market.json").read_text(encoding="utf-8"))["pages"]
    stems = sys.argv[1:] or list(gold)
    for stem in stems:
        s = score_page(stem, gold[stem])
        codes, amounts, refers, us = s["codes"], s["amounts"], s["refers_to"], s["us"]
        print(f"{stem}: codes {codes[0]}/{codes[1]} (extra {codes[2]}), US tickers {us[0]}/{us[1]} (extra {us[2]}), amounts {amounts[0]}/{amounts[1]} exact "
              f"(extra {amounts[2]}, missed {amounts[3]}), Refers to in English {refers[0]}/{refers[1]} "
              f"({100 * refers[0] / max(1, refers[1]):.0f}%)")


if __name__ == "__main__":
    main()
