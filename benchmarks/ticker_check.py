"""Score stock-code finding on tests/data/ticker_check.tsv: codes found, missed, and false.

    .venv/bin/python benchmarks/ticker_check.py [dev|locked|all]

Prints one line per part (found/expected, false codes, sentences right) and each miss.
"""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.facts import find_facts

CHECK = Path(__file__).resolve().parent.parent / "tests" / "data" / "ticker_check.tsv"


def load_check(part: str = "all") -> list[tuple[str, str, set[str]]]:
    """(part, sentence, expected CODE.MARKET set) for every row of the check set."""
    rows = []
    for line in CHECK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        which, sentence, codes = line.split("\t")
        if part in ("all", which):
            rows.append((which, sentence, set() if codes == "-" else set(codes.split())))
    return rows


def found_codes(sentence: str) -> set[str]:
    return {f"{f.code}.{f.market}" for f in find_facts(sentence) if f.kind == "stock"}


def score(part: str) -> tuple[int, int, int, int, int, list[str]]:
    """found, expected, false, sentences right, sentences, report lines."""
    hit = want = false = right = 0
    lines = []
    rows = load_check(part)
    for _, sentence, expected in rows:
        got = found_codes(sentence)
        hit += len(got & expected)
        want += len(expected)
        false += len(got - expected)
        right += got == expected
        if got != expected:
            lines.append(f"  {sentence}\n    want {sorted(expected)} got {sorted(got)}")
    return hit, want, false, right, len(rows), lines


if __name__ == "__main__":
    for part in sys.argv[1:] or ["dev"]:
        hit, want, false, right, total, lines = score(part)
        print(f"{part}: codes found {hit}/{want}, false codes {false}, sentences right {right}/{total}")
        print("\n".join(lines))
