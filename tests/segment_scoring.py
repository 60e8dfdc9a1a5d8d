"""``benchmarks/eval_segment.py``, loaded once for the tests that score corpus parts against floors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    loaded = sys.modules.get("eval_segment")
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location("eval_segment", REPO / "benchmarks" / "eval_segment.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_segment"] = module
    spec.loader.exec_module(module)
    return module


eval_segment = _load()
