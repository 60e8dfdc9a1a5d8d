"""How fast `brief --help` and `import toolkit` answer, beside a bare Python start-up.

Run: .venv/bin/python benchmarks/bench_startup.py
Target (issue 3): `brief --help` under 0.5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
RUNS = 10


def timed(command: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import toolkit'": [sys.executable, "-c", "import toolkit"],
        "brief --help": [str(BIN / "brief"), "--help"],
        "brief convert --help": [str(BIN / "brief"), "convert", "--help"],
        "brief models --help": [str(BIN / "brief"), "models", "--help"],
    }
    print(f"median of {RUNS} runs each")
    for name, command in cases.items():
        print(f"{name:32s} {timed(command) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
