"""Shared fixtures. Model fixtures live in ``model_fixtures.py`` (loaded as a plugin)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

pytest_plugins = ["model_fixtures", "layout_fixtures"]

# No per-example deadline: the first example of a property may load tables or OpenCC, and CI
# machines are noisy; a slow example is not a failure of the property.
settings.register_profile("brief", deadline=None, print_blob=True)
settings.load_profile("brief")

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PAGE = REPO / "examples" / "page.txt"


@pytest.fixture(scope="session")
def example_page_path() -> Path:
    return EXAMPLE_PAGE


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE_PAGE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep tests away from the user's cache, models and BRIEF_* settings."""
    import os

    for name in list(os.environ):
        if name.startswith("BRIEF_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
