"""Atomic writes: whole file or nothing, with ordinary permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.output import write_atomic


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "en.md"
    write_atomic(target, "# Brief\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_text(encoding="utf-8") == "# Brief\n"
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "en.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "en.md", "x")
    assert list(tmp_path.iterdir()) == []
