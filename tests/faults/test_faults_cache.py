"""Fault suite: a damaged translation cache never stops a translation.

Each case damages a real cache file, then translates through it twice: the first run must give
the translations (warning at most once), the second must work as if nothing had happened.
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.config import BriefOptions
from toolkit.translation.cache import CacheWarning, TranslationCache, cache_key

SENTENCES = [f"第{i}句：恒指收市升{i}%。" for i in range(300)]


class Echo:
    name = "echo"

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        return [f"EN<{s}>" for s in sentences]


def filled(path: Path, rows: int = 3000) -> int:
    cache = TranslationCache(path)
    cache.put_many({cache_key("m", f"句子{i}", "g", 2): f"sentence {i}" for i in range(rows)})
    cache.close()
    return path.stat().st_size


def garbage_mid_file(path: Path) -> None:
    size = filled(path)
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(size // 4))


def garbage_at_root_page(path: Path) -> None:
    filled(path)
    with open(path, "r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(8192))


def garbage_header(path: Path) -> None:
    filled(path)
    with open(path, "r+b") as handle:
        handle.write(os.urandom(100))


def truncated(path: Path) -> None:
    size = filled(path)
    with open(path, "r+b") as handle:
        handle.truncate(size // 3)


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def not_sqlite(path: Path) -> None:
    path.write_text("this is not a database\n" * 200, encoding="utf-8")


def a_directory(path: Path) -> None:
    path.mkdir()


def parent_is_a_file(path: Path) -> None:
    path.parent.rmdir()
    path.parent.write_text("x", encoding="utf-8")


def read_only_file(path: Path) -> None:
    filled(path, rows=10)
    path.chmod(0o444)
    path.parent.chmod(0o555)


CASES: dict[str, Callable[[Path], None]] = {
    "garbage mid-file": garbage_mid_file,
    "garbage at the table's root page": garbage_at_root_page,
    "garbage header": garbage_header,
    "truncated": truncated,
    "zero bytes": zero_bytes,
    "not a database": not_sqlite,
    "a directory in its place": a_directory,
    "its folder is a file": parent_is_a_file,
    "read-only file and folder": read_only_file,
}


@functools.cache
def _reference() -> tuple[str, ...]:
    from toolkit.translation import translate_texts

    return tuple(translate_texts(SENTENCES, Echo(), BriefOptions(use_cache=False)))  # type: ignore[arg-type]


def reference() -> list[str]:
    """The translations made without any cache."""
    return list(_reference())


def translate(path: Path) -> tuple[list[str], list[warnings.WarningMessage]]:
    from toolkit.translation import translate_texts

    options = BriefOptions(use_cache=True, cache_path=path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        english = translate_texts(SENTENCES, Echo(), options)  # type: ignore[arg-type]
    return english, list(caught)


@pytest.mark.parametrize("damage", list(CASES.values()), ids=list(CASES))
def test_damaged_cache_is_never_fatal(damage: Callable[[Path], None], tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    path = folder / "translations.sqlite3"
    damage(path)
    try:
        for _run in range(2):
            english, caught = translate(path)
            assert english == reference()
            assert all(issubclass(w.category, CacheWarning) for w in caught)
            assert len(caught) <= 1
    finally:
        if folder.is_dir():
            folder.chmod(0o755)


def test_read_only_file_system(tmp_path: Path) -> None:
    """A cache on a read-only mount (root only: permissions do not stop root)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount for a read-only tmpfs")
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("mount is not permitted here")
    try:
        filled(mount / "translations.sqlite3", rows=10)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True, capture_output=True)
        english, caught = translate(mount / "translations.sqlite3")
        assert english == reference() and len(caught) <= 1
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_corrupt_cache_is_moved_aside_once(tmp_path: Path) -> None:
    path = tmp_path / "translations.sqlite3"
    garbage_at_root_page(path)
    _english, caught = translate(path)
    assert len(caught) == 1 and "moved to" in str(caught[0].message)
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and stat.S_ISREG(aside[0].stat().st_mode)
    _english, caught = translate(path)
    assert caught == []


@pytest.mark.parametrize("damage", [garbage_at_root_page, garbage_header, truncated, zero_bytes],
                         ids=["garbage", "header", "truncated", "zero bytes"])
def test_clear_cache_on_a_damaged_file(damage: Callable[[Path], None], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from cli_runner import run_cli

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tmp_path / "brief" / "translations.sqlite3"
    path.parent.mkdir()
    damage(path)
    code, _out, err = run_cli(["models", "clear-cache"], capsys)
    assert code == 0 and "Traceback" not in err, err
    _english, caught = translate(path)
    assert caught == []
