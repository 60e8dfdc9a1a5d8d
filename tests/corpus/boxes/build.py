"""Build the boxes corpus: each ``src/<part>/*.tagged`` page → ``<part>/<name>.txt`` + ``.gold.json``.

Same tagged format and builder as ``tests/corpus/pages`` (see ``tests/corpus/build_corpus.py``);
only the folder differs. Run: ``python tests/corpus/boxes/build.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from build_corpus import parse  # noqa: E402


def build(root: Path = HERE) -> list[Path]:
    written = []
    for part in ("dev", "locked"):
        for src in sorted((root / "src" / part).glob("*.tagged")):
            rel = f"tests/corpus/boxes/{part}/{src.stem}.txt"
            text, gold = parse(src.read_text(encoding="utf-8"), rel)
            out = root / part
            out.mkdir(exist_ok=True)
            (out / f"{src.stem}.txt").write_text(text, encoding="utf-8")
            (out / f"{src.stem}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n",
                                                       encoding="utf-8")
            written.append(out / f"{src.stem}.txt")
    return written


if __name__ == "__main__":
    print(f"{len(build())} pages written", file=sys.stderr)
