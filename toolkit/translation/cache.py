"""A SQLite cache of finished sentence translations.

A sentence seen before (same model and version, same glossary version, same beam size, same
text) costs a lookup instead of a model run. Entries hold the final English (facts restored,
guards applied). WAL mode and short transactions keep it safe for several worker processes;
a cache that cannot be opened or written is skipped, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

# Bump when protection or guards change what a cached sentence should contain.
PIPELINE_VERSION = "1"


def cache_key(model_id: str, source: str, glossary_version: str, beam_size: int) -> str:
    payload = json.dumps([PIPELINE_VERSION, model_id, glossary_version, beam_size, source], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class TranslationCache:
    """Sentence → English, keyed by ``cache_key``. Open one per batch of work; close when done."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=10.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, english TEXT NOT NULL, created REAL NOT NULL)"
        )

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, english FROM translations WHERE key IN ({marks})", chunk)
            found.update(rows.fetchall())
        return found

    def put_many(self, items: dict[str, str]) -> None:
        if not items:
            return
        now = time.time()
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (key, english, created) VALUES (?, ?, ?)",
                [(k, v, now) for k, v in items.items()],
            )

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])

    def clear(self) -> int:
        """Delete every entry; return how many there were."""
        count = len(self)
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM translations")
        return count

    def close(self) -> None:
        self._db.close()


def open_cache(path: Path) -> TranslationCache | None:
    """The cache at ``path``, or ``None`` when it cannot be opened (read-only disk, corrupt file)."""
    try:
        return TranslationCache(path)
    except (sqlite3.Error, OSError):
        return None


def clear_cache(path: Path) -> int:
    """Empty the cache at ``path``; 0 when there is none."""
    if not Path(path).exists():
        return 0
    cache = TranslationCache(path)
    try:
        return cache.clear()
    finally:
        cache.close()
