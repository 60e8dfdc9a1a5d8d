"""Fixtures that build and install the project's own small test model.

The model is built once by ``tests/make_test_model.py`` into ``tests/.models/<hash>/``
(gitignored), keyed by a hash of the builder, its data and the placeholder format, so a
change to any of them rebuilds it; later sessions reuse it. It is installed into a temporary
models folder through ``install_model_file``, the path a user's file takes.

Fixtures: ``test_model_file`` / ``bad_model_file`` (the .argosmodel files), ``models_dir``
(a folder with the test model installed), ``model_options`` (``BriefOptions`` using it),
``translator`` and ``bad_translator`` (loaded translators; the bad one never learned to
copy placeholders).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
BUILDER = TESTS / "make_test_model.py"
CACHE = TESTS / ".models"
INPUTS = [BUILDER, TESTS / "data" / "flores200_zh_en.tsv", REPO / "examples" / "page.txt"]


def model_hash() -> str:
    """A hash of everything the model is made from, placeholder symbols included."""
    from toolkit.translation.protect import placeholder_symbols

    digest = hashlib.sha256()
    for path in INPUTS:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    digest.update("\n".join(placeholder_symbols()).encode())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def built_model(bad: bool = False) -> Path:
    """The cached test model file, built first when missing (about 30 s on 2 cores)."""
    folder = CACHE / model_hash()
    out = folder / ("brief-test-bad.argosmodel" if bad else "brief-test.argosmodel")
    with _locked(CACHE):
        for stale in CACHE.iterdir():
            # Models of older builders, unused for a day (a concurrent run may still use a recent one).
            if stale.is_dir() and stale != folder and time.time() - stale.stat().st_mtime > 86400:
                shutil.rmtree(stale, ignore_errors=True)
        if not out.exists():
            command = [sys.executable, str(BUILDER), str(out)] + (["--bad"] if bad else [])
            done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
            if done.returncode != 0:
                raise RuntimeError(f"building the test model failed:\n{done.stderr[-3000:]}")
    return out


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
