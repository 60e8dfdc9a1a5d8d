"""Fault suite: every kind of place `-o` can name, through the CLI.

Each target either gets the whole brief or a one-line error with an exit code, never a
traceback, a half-written file, a leftover temporary file or a replaced link, FIFO or device.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import run_cli

PAGE = Path(__file__).resolve().parents[2] / "examples" / "page.txt"
ARGS = [str(PAGE), "--no-translate", "--no-cache", "-q"]


@pytest.fixture(scope="module")
def expected() -> str:
    from toolkit.config import BriefOptions
    from toolkit.pipeline import make_brief
    from toolkit.render import render_markdown

    options = BriefOptions(translate=False)
    return render_markdown(make_brief(PAGE.read_bytes(), source=str(PAGE), options=options), options)


def brief_to(target: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, _out, err = run_cli([*ARGS, "-o", str(target)], capsys)
    assert "Traceback" not in err
    assert code == 0 or err.startswith("brief: error: ") and err.count("\n") == 1, err
    return code, err


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_new_file_and_existing_file(tmp_path: Path, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "en.md"
    for _ in range(2):
        assert brief_to(target, capsys)[0] == 0
        assert target.read_text(encoding="utf-8") == expected
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("dangling", [False, True])
def test_symlink(dangling: bool, tmp_path: Path, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real" / "en.md"
    real.parent.mkdir()
    if not dangling:
        real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    chain = tmp_path / "chain.md"
    chain.symlink_to(link)
    assert brief_to(chain, capsys)[0] == 0
    assert chain.is_symlink() and link.is_symlink() and real.read_text(encoding="utf-8") == expected
    assert leftovers(tmp_path) == [] and leftovers(real.parent) == []


def test_fifo(tmp_path: Path, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert brief_to(fifo, capsys)[0] == 0
    reader.join(timeout=20)
    assert got == [expected.encode("utf-8")] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_character_device(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        device = tmp_path / "null"  # never risk the machine's /dev/null as root
        try:
            os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except OSError as exc:
            pytest.skip(f"cannot make a device node ({exc.strerror})")
    else:
        device = Path("/dev/null")
    assert brief_to(device, capsys)[0] == 0
    assert stat.S_ISCHR(device.stat().st_mode)


def test_stdout_dash(capsys: pytest.CaptureFixture[str], expected: str) -> None:
    code, out, _err = run_cli([*ARGS, "-o", "-"], capsys)
    assert code == 0 and out == expected


@pytest.mark.parametrize("case", ["missing folder", "a directory", "the input page", "read-only folder"])
def test_refused_before_any_work(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    shutil.copy(PAGE, page)
    target = {"missing folder": tmp_path / "no" / "en.md", "a directory": tmp_path,
              "the input page": page, "read-only folder": tmp_path / "ro" / "en.md"}[case]
    if case == "read-only folder":
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders; the read-only mount case covers root")
        target.parent.mkdir()
        target.parent.chmod(0o555)
    code, _out, err = run_cli([str(page), "--no-translate", "-q", "-o", str(target)], capsys)
    assert code == 2 and err.startswith("brief: error: ") and "Traceback" not in err
    assert page.read_bytes() == PAGE.read_bytes()


@pytest.fixture()
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (root and a working mount), else skip: the fake full disk below still runs."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount for a real full disk")
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("mount is not permitted here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_full_disk_for_real(small_tmpfs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filler = small_tmpfs / "filler"
    with open(filler, "wb") as handle:
        try:
            handle.write(b"x" * 60_000)
            handle.flush()
        except OSError:
            pass
    target = small_tmpfs / "en.md"
    target.write_text("old brief", encoding="utf-8")
    code, err = brief_to(target, capsys)
    assert code == 1 and "disk is full" in err
    assert target.read_text(encoding="utf-8") == "old brief" and leftovers(small_tmpfs) == []


def test_read_only_mount(small_tmpfs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(small_tmpfs)], check=True, capture_output=True)
    code, err = brief_to(small_tmpfs / "en.md", capsys)
    assert code in (1, 2) and ("read-only" in err or "not writable" in err)


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EACCES])
def test_fake_write_failures(number: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The same through a patched os.replace, where no tmpfs can be mounted."""
    def failing(*args: object) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr("toolkit.output.os.replace", failing)
    target = tmp_path / "en.md"
    target.write_text("old brief", encoding="utf-8")
    code, err = brief_to(target, capsys)
    assert code == 1 and str(target) in err
    assert target.read_text(encoding="utf-8") == "old brief" and leftovers(tmp_path) == []


def test_reader_of_a_fifo_goes_away(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A FIFO whose reader closes at once: EPIPE is one line, not a traceback."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def read_one_byte() -> None:
        with open(fifo, "rb") as handle:
            handle.read(1)

    reader = threading.Thread(target=read_one_byte, daemon=True)
    reader.start()
    import signal

    previous = signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    try:
        code, err = brief_to(fifo, capsys)
    finally:
        signal.signal(signal.SIGPIPE, previous)
    reader.join(timeout=20)
    assert code in (0, 1)
