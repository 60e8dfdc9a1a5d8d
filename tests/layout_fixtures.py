"""Fixtures with the test model in each CTranslate2 folder layout (``make_layout_models.py``).

``layout_models``: {"sentencepiece" | "marian" | "nllb" | "m2m100": folder}, made once per session from
the ``.argosmodel`` the model fixtures build (a copy and a rename: well under a second).
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def layout_models(test_model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from make_layout_models import build_layouts

    return build_layouts(test_model_file, tmp_path_factory.mktemp("layouts"))
