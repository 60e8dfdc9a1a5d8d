"""Fixtures with the project's own small test models.

The models are built by ``tests/make_test_model.py`` and shipped in ``tests/fixtures/models``,
so no test run trains anything (``test_test_models_are_reproducible``, marked slow, checks that
the builder still makes them). Each is installed into a temporary models folder through
``install_model_file``, the path a user's file takes.

- ``brief-test.argosmodel`` (the default): trained like a real Argos model, without brief's
  placeholder symbols; translates short sentences and carries Latin text and digits through.
- ``brief-test-bad.argosmodel``: barely trained, to test recovery from a model that fails.

Fixtures: ``test_model_file`` / ``bad_model_file`` (the .argosmodel files), ``models_dir``
(a folder with the test model installed), ``model_options`` (``BriefOptions`` using it),
``translator`` and ``bad_translator`` (loaded translators).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
BUILDER = TESTS / "make_test_model.py"
FIXTURES = TESTS / "fixtures" / "models"
MODEL_FILES = {"default": "brief-test.argosmodel", "bad": "brief-test-bad.argosmodel",
               "placeholders": "brief-test-placeholders.argosmodel"}


def built_model(bad: bool = False, kind: str | None = None) -> Path:
    """The shipped test model file (``kind``: default, bad or placeholders)."""
    kind = kind or ("bad" if bad else "default")
    path = FIXTURES / MODEL_FILES[kind]
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: build it with python {BUILDER} {path} --kind {kind}")
    return path


@pytest.fixture(scope="session")
def test_model_file() -> Path:
    return built_model()


@pytest.fixture(scope="session")
def bad_model_file() -> Path:
    return built_model(bad=True)


def _install(model_file: Path, folder: Path) -> Path:
    from toolkit.translation.models import install_model_file

    install_model_file(model_file, folder)
    return folder


@pytest.fixture(scope="session")
def models_dir(test_model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _install(test_model_file, tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def bad_models_dir(bad_model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _install(bad_model_file, tmp_path_factory.mktemp("bad-models"))


@pytest.fixture()
def model_options(models_dir: Path, tmp_path: Path) -> Any:
    """``BriefOptions`` that use the installed test model and a fresh cache file."""
    from toolkit.config import BriefOptions

    return BriefOptions(models_dir=models_dir, cache_path=tmp_path / "cache.sqlite3")


@pytest.fixture(scope="session")
def translator(models_dir: Path) -> Any:
    from toolkit.config import BriefOptions
    from toolkit.translation import load_translator

    return load_translator(BriefOptions(models_dir=models_dir), required=True)


@pytest.fixture(scope="session")
def bad_translator(bad_models_dir: Path) -> Any:
    from toolkit.config import BriefOptions
    from toolkit.translation import load_translator

    return load_translator(BriefOptions(models_dir=bad_models_dir), required=True)
