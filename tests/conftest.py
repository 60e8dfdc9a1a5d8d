"""Shared fixtures. Model fixtures live in ``model_fixtures.py`` (loaded as a plugin)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# argostranslate makes its folders under $HOME when it is first imported, wherever models are
# kept; so its folders point into a temporary home before anything can import it.
REAL_HOME = Path.home()
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="brief-tests-home-"))
for _name, _sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                    ("XDG_CACHE_HOME", ".cache")):
    os.environ[_name] = str(_ARGOS_HOME / _sub)
os.environ["ARGOS_PACKAGES_DIR"] = str(_ARGOS_HOME / ".local/share/argos-translate/packages")
os.environ.pop("SNAP", None)
atexit.register(shutil.rmtree, _ARGOS_HOME, True)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

pytest_plugins = ["model_fixtures", "layout_fixtures"]

# No per-example deadline: the first example of a property may load tables or OpenCC, and CI
# machines are noisy; a slow example is not a failure of the property. The same examples every
# run (derandomize), so a red CI always means a change broke something, never a lucky draw;
# HYPOTHESIS_PROFILE=explore draws new examples (run it on purpose, to look for new bugs).
settings.register_profile("brief", deadline=None, print_blob=True, derandomize=True)
settings.register_profile("explore", deadline=None, print_blob=True, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "brief"))

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
