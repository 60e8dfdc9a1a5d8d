"""Segmentation speed: the example page at 1×, 10× and 50× its size, side by side.

The target is a 50× page in under 1 s; the time per character should stay flat as the page
grows (linear time, no catastrophic regexes). Run: ``.venv/bin/python benchmarks/bench_segment.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit.segment import load_rules, segment_text  # noqa: E402

EXAMPLE = REPO / "examples" / "page.txt"
SIZES = (1, 10, 50)
TARGET_SECONDS = 1.0


def best_time(text: str, repeats: int) -> float:
    """The fastest of ``repeats`` runs: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        segment_text(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    page = EXAMPLE.read_text(encoding="utf-8")
    load_rules()  # read the rules file once, outside the timings
    print(f"{'size':>5} {'chars':>9} {'items':>6} {'seconds':>9} {'µs/char':>8} {'vs 1×':>7}")
    base_per_char = None
    slowest = 0.0
    for size in SIZES:
        text = "\n\n".join([page] * size)
        items = len(segment_text(text)[0])
        seconds = best_time(text, repeats=5 if size < 50 else 3)
        per_char = seconds / len(text) * 1e6
        base_per_char = base_per_char or per_char
        slowest = max(slowest, seconds) if size == 50 else slowest
        print(f"{size:>4}× {len(text):>9,} {items:>6} {seconds:>9.4f} {per_char:>8.3f} {per_char / base_per_char:>6.2f}×")
    verdict = "meets" if slowest < TARGET_SECONDS else "MISSES"
    print(f"50× page: {slowest:.3f} s, {verdict} the {TARGET_SECONDS:.0f} s target")


if __name__ == "__main__":
    main()
