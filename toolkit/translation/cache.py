"""A SQLite cache of finished sentence translations.

A sentence seen before (same model and version, same glossary version, same beam size, same
text) costs a lookup instead of a model run. Entries hold the final English (facts restored,
guards applied). WAL mode and short transactions keep it safe for several worker processes.

A bad cache is never fatal: one that cannot be opened or written (a folder in its place, a
read-only disk, a busy lock) is skipped for the run; one that SQLite reports as corrupt (a
truncated file, garbage in the middle) is moved aside as ``<name>.corrupt-<time>`` and a fresh
one is started. Either way a ``CacheWarning`` says so, once per file and process.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import warnings
from collections.abc import Iterable
from pathlib import Path

# Bump when protection or guards change what a cached sentence should contain.
PIPELINE_VERSION = "1"
# SQLite's result codes for a damaged file and for a file that is not a database at all.
_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB

_warned: set[tuple[str, str]] = set()
_warned_lock = threading.Lock()


class CacheWarning(UserWarning):
    """The translation cache was skipped or replaced; translations go on without it."""


def cache_key(model_id: str, source: str, glossary_version: str, beam_size: int) -> str:
    payload = json.dumps([PIPELINE_VERSION, model_id, glossary_version, beam_size, source], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def is_corrupt(exc: BaseException) -> bool:
    """True when SQLite says the file is damaged or not a database (not merely busy or read-only)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _warn(path: Path, kind: str, message: str) -> None:
    with _warned_lock:
        if (str(path), kind) in _warned:
            return
        _warned.add((str(path), kind))
    warnings.warn(message, CacheWarning, stacklevel=3)


def quarantine(path: Path) -> Path | None:
    """Move a corrupt cache (and its WAL files) aside; return where it went, None if it could not."""
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        path.replace(aside)
    except OSError:
        try:
            path.unlink()
        except OSError:
            return None
        aside = path
    for suffix in ("-wal", "-shm"):
        try:
            path.with_name(path.name + suffix).unlink()
        except OSError:
            pass
    return aside


class TranslationCache:
    """Sentence → English, keyed by ``cache_key``. Open one per batch of work; close when done.

    Reads and writes never raise: a failing lookup finds nothing, a failing write stores nothing.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db: sqlite3.Connection | None = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), timeout=10.0, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS translations "
                "(key TEXT PRIMARY KEY, english TEXT NOT NULL, created REAL NOT NULL)"
            )
        except BaseException:
            db.close()
            raise
        return db

    def _failed(self, exc: sqlite3.Error, doing: str) -> None:
        """Handle a failed read or write: start afresh if the file is corrupt, else skip the cache."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if not is_corrupt(exc):
            _warn(self.path, "skipped", f"translation cache {self.path} skipped while {doing} ({exc}); "
                  "translations go on without it")
            return
        aside = quarantine(self.path)
        where = f"moved to {aside}" if aside is not None and aside != self.path else "removed"
        _warn(self.path, "corrupt", f"translation cache {self.path} was corrupt ({exc}); it was {where} "
              "and a new one started")
        try:
            self._db = self._connect()
        except (sqlite3.Error, OSError):
            self._db = None

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        try:
            for start in range(0, len(wanted), 500):
                if self._db is None:
                    break
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, english FROM translations WHERE key IN ({marks})", chunk)
                found.update((str(k), str(v)) for k, v in rows.fetchall())
        except sqlite3.Error as exc:
            self._failed(exc, "reading")
            return {}
        return found

    def put_many(self, items: dict[str, str]) -> None:
        if not items or self._db is None:
            return
        now = time.time()
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations (key, english, created) VALUES (?, ?, ?)",
                    [(k, v, now) for k, v in items.items()],
                )
        except sqlite3.Error as exc:
            self._failed(exc, "writing")

    def __len__(self) -> int:
        if self._db is None:
            return 0
        try:
            return int(self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
        except sqlite3.Error as exc:
            self._failed(exc, "counting")
            return 0

    def clear(self) -> int:
        """Delete every entry; return how many there were."""
        count = len(self)
        if self._db is None:
            return count
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM translations")
        return count

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def open_cache(path: Path) -> TranslationCache | None:
    """The cache at ``path``, or ``None`` when it cannot be opened (a folder in its place, read-only
    disk); a corrupt file is moved aside and a fresh cache returned."""
    path = Path(path)
    try:
        return TranslationCache(path)
    except (sqlite3.Error, OSError) as exc:
        if not is_corrupt(exc):
            _warn(path, "skipped", f"translation cache {path} cannot be used ({exc}); "
                  "translations go on without it")
            return None
    aside = quarantine(path)
    where = f"moved to {aside}" if aside is not None and aside != path else "removed"
    _warn(path, "corrupt", f"translation cache {path} was corrupt; it was {where} and a new one started")
    try:
        return TranslationCache(path)
    except (sqlite3.Error, OSError):
        return None


def clear_cache(path: Path) -> int:
    """Empty the cache at ``path``; 0 when there is none (a corrupt one is removed)."""
    path = Path(path)
    if not path.exists():
        return 0
    try:
        cache = TranslationCache(path)
    except sqlite3.Error as exc:
        if not is_corrupt(exc):
            raise _cache_error(path, exc) from None
        quarantine(path)
        return 0
    try:
        return cache.clear()
    except sqlite3.Error as exc:
        raise _cache_error(path, exc) from None
    finally:
        cache.close()


def _cache_error(path: Path, exc: Exception) -> Exception:
    from toolkit.errors import BriefError

    return BriefError(f"translation cache {path} cannot be cleared ({exc})")
