"""Build the credits corpus: each ``src/<part>/*.tagged`` page → ``<part>/<name>.txt`` + ``.gold.json``.

Same tagged format and builder as ``tests/corpus/pages`` (see ``tests/corpus/build_corpus.py``);
only the folder differs. Run: ``python tests/corpus/credits/build.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from build_corpus import build as build_folder  # noqa: E402

if __name__ == "__main__":
    print(f"{len(build_folder(HERE))} pages written", file=sys.stderr)
