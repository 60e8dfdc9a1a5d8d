"""Writing results without ever leaving a half-written file, and without replacing what a path names.

A regular file (or a missing one) is written through a temporary file in the same folder and
a rename, so a failed run leaves the old content. A symbolic link is followed: its target is
written that way, and the link stays a link. A FIFO, a character device (``/dev/null``,
``/dev/stdout``) or a socket cannot be renamed over without breaking whoever holds it, so it is
written directly. Disk full, permission denied and the like become ``OutputError``.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
import tempfile
from pathlib import Path

from toolkit.errors import InputError, OutputError

_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EFBIG: "the file is too large for the file system",
    errno.EIO: "input/output error",
    errno.ENXIO: "no reader is connected",
    errno.EPIPE: "the reader went away",
}


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _resolved(path: str | os.PathLike[str]) -> Path:
    """The path a write lands on: a symbolic link's final target (dangling links included)."""
    target = Path(path)
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


def _is_special(target: Path) -> bool:
    """True for a FIFO, device or socket: written in place, never renamed over."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_error(path: str | os.PathLike[str], exc: OSError) -> OutputError:
    """A ``OutputError`` that says in words why ``path`` could not be written."""
    why = _WHY.get(exc.errno or 0) or exc.strerror or str(exc)
    return OutputError(f"{path}: cannot be written ({why})")


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """Fail early, before any work, when ``path`` cannot be written: its folder must exist."""
    target = _resolved(path)
    if _is_special(target):
        return target
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    if target.is_dir():
        raise InputError(f"{path}: is a directory; give a file name")
    if not os.access(folder, os.W_OK):
        raise InputError(f"{path}: folder {folder} is not writable")
    return target


def check_not_input(output: str | os.PathLike[str], input_path: str | os.PathLike[str]) -> None:
    """``InputError`` when writing ``output`` would overwrite the page being read."""
    try:
        same = os.path.samefile(output, input_path)
    except OSError:
        return
    if same and not _is_special(_resolved(output)):
        raise InputError(f"{output}: is the input page; give another output file")


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: atomically for a file, in place for a FIFO or device."""
    target = check_output_path(path)
    data = text.encode("utf-8")
    if _is_special(target):
        _write_in_place(path, target, data)
        return
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename: a power cut never leaves an empty brief
        # mkstemp makes the file private (0600); give it the mode a plain open() would have.
        os.chmod(temp_name, _mode_for(target))
        os.replace(temp_name, target)
    except BaseException as exc:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise write_error(path, exc) from None
        raise


def remove_stale_parts(target: str | os.PathLike[str]) -> int:
    """Delete the temporary ``.<name>.*.part`` files a killed writer of ``target`` left behind.

    ``write_atomic`` removes its own temporary file on any error, but a SIGKILL or a power cut
    between create and rename leaves one. A batch calls this for each output it plans, so a rerun
    after a crash leaves only finished briefs. Returns how many were removed.
    """
    path = Path(target)
    removed = 0
    try:
        leftovers = list(path.parent.glob(f".{glob.escape(path.name)}.*.part"))
    except OSError:
        return 0
    for leftover in leftovers:
        try:
            leftover.unlink()
            removed += 1
        except OSError:
            pass  # another process's file, or already gone: never a reason to fail a batch
    return removed


def _write_in_place(path: str | os.PathLike[str], target: Path, data: bytes) -> None:
    try:
        # No O_NONBLOCK: a FIFO waits for its reader, as `cat > fifo` does.
        fd = os.open(target, os.O_WRONLY)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise write_error(path, exc) from None
    finally:
        os.close(fd)
