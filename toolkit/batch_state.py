"""A batch's memory of what it made, kept so that a kill at any moment loses nothing.

Each finished page appends one line to a journal (``.brief-batch.journal``, JSON Lines,
flushed and fsynced) holding the page's fingerprint and its brief's: the page's path, size
and modification time, the settings fingerprint, and the brief file's inode, size and
modification time as written. At the end of a run the journal is folded into the compact
state file (``.brief-batch.json``) and removed. A rerun trusts a record only when the page and
the brief on disk still match it, so a brief rewritten by a run that was killed before it
could note it (or noted with other settings) is redone, and nothing else is.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any

STATE_NAME = ".brief-batch.json"
JOURNAL_NAME = ".brief-batch.journal"
STATE_VERSION = 2

Record = dict[str, Any]


def file_stamp(path: Path) -> list[int] | None:
    """(inode, size, mtime in ns) of a file, or None when it is missing: what a rewrite changes."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


class BatchState:
    """The records of one output folder: loaded once, appended per page, compacted at the end."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        # Each record as its JSON text: an archive's 150,000 records as dicts would cost 3-4 times more.
        self.records: dict[str, str] = {}
        self._journal: IO[str] | None = None
        self._changed = False

    def get(self, output: str) -> Record | None:
        text = self.records.get(output)
        return None if text is None else json.loads(text)

    def __contains__(self, output: str) -> bool:
        return output in self.records

    def load(self) -> BatchState:
        """The compact state, then the journal of a run that did not finish, replayed over it."""
        try:
            data = json.loads((self.outdir / STATE_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("version") == STATE_VERSION and isinstance(data.get("pages"), dict):
            self.records = {output: json.dumps(record, ensure_ascii=False)
                            for output, record in data["pages"].items() if isinstance(record, dict)}
        del data
        try:
            with open(self.outdir / JOURNAL_NAME, encoding="utf-8") as journal:
                for line in journal:
                    self._replay(line)
        except (OSError, UnicodeDecodeError):
            pass
        return self

    def _replay(self, line: str) -> None:
        try:
            entry = json.loads(line)
        except ValueError:
            return  # the line being written when the run was killed
        if not isinstance(entry, dict) or not isinstance(entry.get("output"), str):
            return
        self._changed = True
        record = entry.get("record")
        if isinstance(record, dict):
            self.records[entry["output"]] = json.dumps(record, ensure_ascii=False)
        else:
            self.records.pop(entry["output"], None)

    def put(self, output: str, record: Record | None) -> None:
        """Note a page's new record (None: it has no valid brief) durably, before going on."""
        if self._journal is None:
            self._journal = open(self.outdir / JOURNAL_NAME, "a", encoding="utf-8")  # noqa: SIM115 (closed in compact)
        text = None if record is None else json.dumps(record, ensure_ascii=False)
        self._journal.write(f'{{"output": {json.dumps(output, ensure_ascii=False)}, "record": {text or "null"}}}\n')
        self._journal.flush()
        os.fsync(self._journal.fileno())
        self._changed = True
        if text is None:
            self.records.pop(output, None)
        else:
            self.records[output] = text

    def compact(self) -> None:
        """Fold the journal into the state file (written durably first), then drop the journal."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if not self._changed:
            return
        handle, temp = tempfile.mkstemp(prefix=f".{STATE_NAME}.", suffix=".part", dir=self.outdir)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                # Streamed, one page a line: an archive's state is never one string in memory.
                out.write(f'{{"version": {STATE_VERSION}, "pages": {{')
                for number, (output, record) in enumerate(self.records.items()):
                    out.write(("," if number else "") + "\n" + json.dumps(output, ensure_ascii=False) + ": " + record)
                out.write("\n}}\n")
                out.flush()
                os.fsync(out.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)  # mkstemp's 0600 is for secrets; this is not one
            os.replace(temp, self.outdir / STATE_NAME)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        (self.outdir / JOURNAL_NAME).unlink(missing_ok=True)
        self._changed = False
