"""Briefs of many pages: a folder of a morning's pages, or a year's archive.

Each page is read, briefed, rendered and written (atomically) on its own, so one bad page
is reported and skipped while the others finish. A rerun skips pages whose brief is up to
date. With ``jobs > 1`` the pages go to worker processes that each load the
translation model once; only small per-page results come back for the ``index.md``.
Where pages are briefed is an engine (``toolkit.engines``: local processes or a Ray actor
pool); planning, resuming (``toolkit.batch_state``), writing and the index are here, shared.
"""

from __future__ import annotations

import glob
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from toolkit.batch_state import JOURNAL_NAME as JOURNAL_NAME
from toolkit.batch_state import STATE_NAME as STATE_NAME
from toolkit.config import BriefOptions
from toolkit.errors import BriefError, UsageError

if TYPE_CHECKING:
    from toolkit.document import Brief
    from toolkit.engines import Engine

FORMATS = ("md", "json", "html")
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
INDEX_NAME = "index.md"

Status = Literal["done", "skipped", "failed"]


@dataclass(slots=True, frozen=True)
class StockRow:
    """A stock a page mentions, as the index lists it."""

    code: str
    market: str | None = None
    name: str | None = None
    name_english: str | None = None


@dataclass(slots=True)
class PageResult:
    """What became of one input page. ``output`` is relative to the batch's output folder."""

    source: str
    output: str | None
    status: Status
    reason: str | None = None
    title: str | None = None
    articles: int = 0
    stocks: list[StockRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0
    page_stamp: list[int] | None = None  # (size, mtime in ns) of the page as it was read


@dataclass(slots=True)
class BatchReport:
    """Every page's result, in input order, and where the index was written."""

    outdir: Path
    results: list[PageResult]
    index: Path | None = None
    seconds: float = 0.0
    jobs: int = 1

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def done(self) -> int:
        return self.count("done")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def exit_code(self) -> int:
        """0 when every page has a brief, 1 when some failed."""
        return 1 if self.failed else 0

    @property
    def notices(self) -> list[str]:
        """Distinct notices of all pages (e.g. 'no model installed'), said once."""
        return list(dict.fromkeys(n for r in self.results for n in r.notices))

    def summary_line(self) -> str:
        return (
            f"{len(self.results)} pages: {self.done} done, {self.skipped} skipped (up to date), "
            f"{self.failed} failed in {self.seconds:.1f} s"
        )


@dataclass(slots=True, frozen=True)
class PageJob:
    """One page to brief: where it is, its name in reports, and its output (relative)."""

    path: Path
    source: str
    output: str


ProgressCallback = Callable[[PageResult, int, int], None]


# --- planning: which pages, which output names -------------------------------------------

_GLOB_CHARS = set("*?[")


def _page_files(folder: Path, exclude: Path) -> Iterator[Path]:
    """Every visible regular file under ``folder``, in a stable order, outside ``exclude``."""
    for root, dirs, files in os.walk(folder):
        root_path = Path(root)
        dirs[:] = sorted(
            (d for d in dirs if not d.startswith(".") and not _same_or_inside((root_path / d).resolve(), exclude)),
            key=lambda d: _natural_key(Path(d)),
        )
        for name in sorted(files, key=lambda n: _natural_key(Path(n))):
            path = root_path / name
            if not name.startswith(".") and path.is_file():
                yield path


def _natural_key(path: Path) -> list[Any]:
    """page2 before page10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", str(path))]


def _same_or_inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@dataclass(slots=True, frozen=True)
class Unmatched:
    """An input (file name or pattern) that matched no page."""

    pattern: str


def _found(inputs: list[Path], outdir_resolved: Path) -> Iterator[tuple[Path, str, Path] | Unmatched]:
    """(path, source name, relative output stem) of every page, lazily, and the unmatched inputs."""
    for item in inputs:
        text = str(item)
        if item.is_dir():
            for path in _page_files(item, outdir_resolved):
                yield path, str(path), path.relative_to(item)
        elif item.is_file():
            yield item, text, Path(item.name)
        elif _GLOB_CHARS & set(text):
            matched = False
            # glob's own iterator, sorted per pattern: a pattern's matches are one folder's worth.
            for m in sorted((Path(m) for m in glob.iglob(text, recursive=True)), key=_natural_key):
                if m.is_file() and not _same_or_inside(m.resolve(), outdir_resolved):
                    matched = True
                    yield m, str(m), Path(m.name)
            if not matched:
                yield Unmatched(text)
        else:
            yield Unmatched(text)


def iter_plan(inputs: list[Path], outdir: Path, fmt: str) -> Iterator[PageJob | Unmatched]:
    """Expand folders and glob patterns into page jobs with distinct output names, lazily.

    A folder keeps its sub-folders in the output names; a file or glob match keeps its file
    name. Names that would collide (or shadow the index) get ``-2``, ``-3``... Only the names
    taken so far are kept, so an archive of 150,000 pages is planned as it is briefed.
    """
    suffix = "." + fmt
    taken = {INDEX_NAME.lower()}
    seen: set[str] = set()
    for item in _found(inputs, outdir.resolve()):
        if isinstance(item, Unmatched):
            yield item
            continue
        path, source, relative = item
        resolved = str(path.resolve())
        if resolved in seen:
            continue
        seen.add(resolved)
        stem = relative.with_suffix("") if relative.suffix else relative
        name = stem.with_name(stem.name + suffix).as_posix()
        number = 2
        while name.lower() in taken:
            name = stem.with_name(f"{stem.name}-{number}{suffix}").as_posix()
            number += 1
        taken.add(name.lower())
        yield PageJob(path=path, source=source, output=name)


def plan_batch(inputs: list[Path], outdir: Path, fmt: str) -> tuple[list[PageJob], list[str]]:
    """The whole plan at once: the page jobs and the inputs that matched nothing."""
    jobs: list[PageJob] = []
    unmatched: list[str] = []
    for item in iter_plan(inputs, outdir, fmt):
        if isinstance(item, Unmatched):
            unmatched.append(item.pattern)
        else:
            jobs.append(item)
    return jobs, unmatched


# --- one page, in a worker or in this process ---------------------------------------------


def render_brief(brief: Brief, fmt: str, options: BriefOptions) -> str:
    """The brief as text in one of ``FORMATS``."""
    if fmt == "json":
        from toolkit.render.json import render_json

        return render_json(brief)
    if fmt == "html":
        from toolkit.render.html import render_html

        return render_html(brief, options)
    from toolkit.render.markdown import render_markdown

    return render_markdown(brief, options)


def _reason(exc: BaseException, source: str) -> str:
    if isinstance(exc, BriefError):
        message = exc.message
        # Stage messages often start with the source name; the report already shows it.
        for prefix in (f"{source}: ", f"{os.path.basename(source)}: "):
            if message.startswith(prefix):
                return message[len(prefix):]
        return message
    if isinstance(exc, MemoryError):
        return "out of memory"
    return f"{type(exc).__name__}: {exc}"


def _stock_rows(brief: Brief) -> list[StockRow]:
    rows: dict[str, StockRow] = {}
    for article in brief.articles:
        for fact in article.stocks:
            if fact.code and fact.code not in rows:
                rows[fact.code] = StockRow(fact.code, fact.market, fact.name, fact.name_english)
    return list(rows.values())


class PageWorker:
    """Briefs pages one by one with one translator, loaded once (per worker process or actor)."""

    def __init__(self, options: BriefOptions, fmt: str, outdir: Path, max_bytes: int) -> None:
        self.options = options
        self.fmt = fmt
        self.outdir = outdir
        self.max_bytes = max_bytes
        self.translator: Any = None
        self.fatal: BriefError | None = None
        if options.translate:
            try:
                from toolkit.translation import load_translator

                self.translator = load_translator(options, required=False)
            except BriefError as exc:
                self.fatal = exc

    def make(self, job: PageJob) -> tuple[PageResult, str | None]:
        """The page's result and brief text, without writing it (a Ray actor hands it back)."""
        from toolkit.pipeline import make_brief

        started = time.perf_counter()
        stamp: list[int] | None = None
        try:
            if self.fatal is not None:
                raise self.fatal
            st = job.path.stat()
            stamp = [st.st_size, st.st_mtime_ns]
            if st.st_size > self.max_bytes:
                return PageResult(job.source, None, "failed",
                                  f"too large ({st.st_size:,} bytes; the limit is {self.max_bytes:,}, see --max-bytes)"), None
            data = job.path.read_bytes()
            brief = make_brief(data, source=job.source, options=self.options, translator=self.translator)
            text = render_brief(brief, self.fmt, self.options)
        except BriefError as exc:
            if exc is self.fatal:
                raise
            return PageResult(job.source, None, "failed", _reason(exc, job.source),
                              seconds=time.perf_counter() - started), None
        except OSError as exc:
            return _unwritable(job, exc, started), None
        except Exception as exc:  # any stage failing on one page must not stop the batch
            return PageResult(job.source, None, "failed", _reason(exc, job.source),
                              seconds=time.perf_counter() - started), None
        titled = [a.title for a in brief.articles if a.title.original.strip()]
        title = (titled[0].english or titled[0].original) if titled else None
        return PageResult(
            job.source, job.output, "done", title=title, articles=sum(a.kind == "article" for a in brief.articles),
            stocks=_stock_rows(brief), notices=list(brief.notices), seconds=time.perf_counter() - started,
            page_stamp=stamp,
        ), text

    def run(self, job: PageJob) -> PageResult:
        """Brief the page and write its brief (atomically) under the output folder."""
        result, text = self.make(job)
        if text is not None:
            result = write_brief(self.outdir, job, result, text)
        return result


def _unwritable(job: PageJob, exc: OSError, started: float) -> PageResult:
    return PageResult(job.source, None, "failed", f"cannot be read or written ({exc.strerror or exc})",
                      seconds=time.perf_counter() - started)


def write_brief(outdir: Path, job: PageJob, result: PageResult, text: str) -> PageResult:
    """Write a made brief atomically; a write error makes the page a failure, not the batch."""
    from toolkit.output import write_atomic

    started = time.perf_counter()
    try:
        write_atomic(outdir / job.output, text)
    except (OSError, BriefError) as exc:
        reason = exc.message if isinstance(exc, BriefError) else f"cannot be read or written ({exc.strerror or exc})"
        return PageResult(job.source, None, "failed", reason, seconds=result.seconds)
    result.seconds += time.perf_counter() - started
    return result


_worker: PageWorker | None = None


def _init_worker(options: BriefOptions, fmt: str, outdir: Path, max_bytes: int) -> None:
    import signal

    global _worker
    # Ctrl-C is the parent's to handle: it stops handing out pages and lets running ones finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = PageWorker(options, fmt, outdir, max_bytes)


def _run_in_worker(job: PageJob) -> PageResult:
    assert _worker is not None, "worker not initialised"
    return _worker.run(job)


# --- resuming ------------------------------------------------------------------------------


def settings_fingerprint(options: BriefOptions, fmt: str) -> str:
    """What a brief's text depends on besides its page: options, format and the installed model.

    A rerun after changing an option or installing a model redoes the pages, even if their
    briefs are newer than the pages.
    """
    import hashlib

    ignored = {"use_cache", "cache_path", "threads"}
    parts = [f"{f.name}={getattr(options, f.name)!r}" for f in fields(options) if f.name not in ignored]
    parts.append(f"format={fmt}")
    if options.translate:
        try:
            from toolkit.translation.models import find_model

            model = find_model(models_dir=options.models_dir, name=options.model)
            weights = model.weights.stat() if model is not None else None
            parts.append("model=" + ("none" if model is None or weights is None else
                                     f"{model.name}@{model.version}:{weights.st_size}:{weights.st_mtime_ns}"))
        except (BriefError, OSError):
            parts.append("model=?")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _up_to_date(job: PageJob, outdir: Path, record: dict[str, Any] | None, settings: str) -> PageResult | None:
    """The earlier result when the page and its brief on disk are exactly as recorded, made the same way."""
    from toolkit.batch_state import file_stamp

    if not record or record.get("source") != str(job.path.resolve()) or record.get("settings") != settings:
        return None
    page = file_stamp(job.path)
    if page is None or record.get("page") != page[1:] or record.get("brief") != file_stamp(outdir / job.output):
        return None
    stocks = [StockRow(**row) for row in record.get("stocks", [])]
    return PageResult(job.source, job.output, "skipped", title=record.get("title"),
                      articles=int(record.get("articles", 0)), stocks=stocks)


def _record(job: PageJob, outdir: Path, result: PageResult, settings: str) -> dict[str, Any] | None:
    """The page's record: its fingerprint and its brief's as written; None if the brief is gone."""
    from toolkit.batch_state import file_stamp

    brief = file_stamp(outdir / job.output)
    if brief is None or result.page_stamp is None:
        return None
    return {"source": str(job.path.resolve()), "page": result.page_stamp, "settings": settings,
            "brief": brief, "title": result.title, "articles": result.articles,
            "stocks": [asdict(s) for s in result.stocks]}


# --- the batch -------------------------------------------------------------------------------


def worker_threads(threads: int) -> int:
    """CTranslate2 threads per batch process (each its own one-thread engine worker):
    ``threads`` when given, else 1.

    A batch has many pages of short sentences: spreading pages over processes (``jobs`` up to
    the number of cores) uses the cores. So jobs × threads stays within the cores unless the
    caller asks otherwise.
    """
    return threads if threads > 0 else 1


def run_batch(
    inputs: list[Path],
    outdir: Path,
    options: BriefOptions,
    *,
    fmt: str = "md",
    jobs: int = 1,
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback | None = None,
    engine: str | Engine = "local",
    address: str | None = None,
    actors: int | None = None,
) -> BatchReport:
    """Brief every page of ``inputs`` (files, folders, glob patterns) into ``outdir``.

    Bad pages are reported in the result and skipped; a usage error (nothing matched, a bad
    option) or a translator that cannot load raises a ``BriefError``. ``progress`` is called
    after each page with its result, the number of pages finished and the total. ``engine``
    is where pages are briefed: ``"local"`` (this process, or ``jobs`` worker processes) or
    ``"ray"`` (an actor pool on a Ray cluster at ``address``; a local Ray when None); planning,
    resuming, writing and the index are the same for both.
    """
    from toolkit.batch_state import BatchState
    from toolkit.engines import WorkSpec, make_engine

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if max_bytes < 1:
        raise UsageError("--max-bytes must be at least 1")
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir}: exists and is not a folder")
    runner = make_engine(engine, jobs=jobs, address=address, actors=actors)
    # A first pass only counts (for progress and the nothing-matched error); the second plans as it goes.
    planned = unmatched = 0
    unmatched_names: list[str] = []
    for item in iter_plan(inputs, outdir, fmt):
        if isinstance(item, Unmatched):
            unmatched += 1
            unmatched_names.append(item.pattern)
        else:
            planned += 1
    if not planned:
        names = ", ".join(unmatched_names) or "(none given)"
        raise UsageError(f"no pages matched: {names}")

    started = time.perf_counter()
    outdir.mkdir(parents=True, exist_ok=True)
    settings = settings_fingerprint(options, fmt)
    from toolkit.output import remove_stale_parts

    for own in (INDEX_NAME, STATE_NAME):  # a killed run's half-written files (see remove_stale_parts)
        remove_stale_parts(outdir / own)
    state = BatchState(outdir)
    state.load()
    results: dict[tuple[int, int], PageResult] = {}
    total = planned + unmatched
    finished = 0

    def finish(key: tuple[int, int], result: PageResult) -> None:
        nonlocal finished
        results[key] = result
        finished += 1
        if progress is not None:
            progress(result, finished, total)

    def todo() -> Iterator[tuple[tuple[int, int], PageJob]]:
        for number, item in enumerate(iter_plan(inputs, outdir, fmt)):
            if isinstance(item, Unmatched):
                # Listed after the pages, as they were before planning became lazy.
                finish((1, number), PageResult(item.pattern, None, "failed", "no such file, or no file matched"))
                continue
            remove_stale_parts(outdir / item.output)
            earlier = None if force else _up_to_date(item, outdir, state.get(item.output), settings)
            if earlier is not None:
                finish((0, number), earlier)
                continue
            (outdir / item.output).parent.mkdir(parents=True, exist_ok=True)
            yield (0, number), item

    def deliver(key: tuple[int, int], job: PageJob, result: PageResult, text: str | None) -> None:
        if text is not None:
            result = write_brief(outdir, job, result, text)
        record = _record(job, outdir, result, settings) if result.status == "done" else None
        if record is not None or job.output in state:
            state.put(job.output, record)
        finish(key, result)

    spec = WorkSpec(options=options.with_changes(threads=worker_threads(options.threads)), fmt=fmt,
                    outdir=outdir, max_bytes=max_bytes)
    try:
        runner.run(spec, todo(), deliver)
    finally:
        state.compact()

    ordered = [results[key] for key in sorted(results)]
    report = BatchReport(outdir=outdir, results=ordered, jobs=jobs)
    from toolkit.output import write_atomic

    write_atomic(outdir / INDEX_NAME, render_index(ordered))
    report.index = outdir / INDEX_NAME
    report.seconds = time.perf_counter() - started
    return report


# --- the index -------------------------------------------------------------------------------


def _cell(text: str | None) -> str:
    if not text:
        return "—"
    return " ".join(text.split()).replace("|", "\\|")


def _link(output: str) -> str:
    from urllib.parse import quote

    return f"[{_cell(output)}]({quote(output)})"


def render_index(results: list[PageResult]) -> str:
    """``index.md``: a link to every brief, the stocks of all pages, and the failures."""
    briefs = [r for r in results if r.output is not None and r.status != "failed"]
    failed = [r for r in results if r.status == "failed"]
    lines = ["# Briefs", ""]
    lines.append(f"{len(briefs)} briefs of {len(results)} pages"
                 + (f"; {len(failed)} failed." if failed else "."))
    lines.append("")
    if briefs:
        lines += ["| Brief | Page | Articles | First headline |", "|---|---|---:|---|"]
        for r in briefs:
            assert r.output is not None
            lines.append(f"| {_link(r.output)} | {_cell(r.source)} | {r.articles} | {_cell(r.title)} |")
        lines.append("")

    stocks: dict[str, tuple[StockRow, list[str]]] = {}
    for r in briefs:
        assert r.output is not None
        for row in r.stocks:
            known, pages = stocks.setdefault(row.code, (row, []))
            if (not known.name and row.name) or (not known.name_english and row.name_english):
                stocks[row.code] = (StockRow(row.code, known.market or row.market, known.name or row.name,
                                             known.name_english or row.name_english), pages)
            if r.output not in pages:
                pages.append(r.output)
    lines += ["## Stocks", ""]
    if stocks:
        lines += ["| Code | Company | English name | Market | Pages |", "|---|---|---|---|---|"]
        for code in sorted(stocks):
            row, pages = stocks[code]
            lines.append(f"| {_cell(code)} | {_cell(row.name)} | {_cell(row.name_english)} | "
                         f"{_cell(row.market)} | {', '.join(_link(p) for p in pages)} |")
    else:
        lines.append("No stock codes found.")
    lines.append("")

    if failed:
        lines += ["## Failures", "", "| Page | Reason |", "|---|---|"]
        for r in failed:
            lines.append(f"| {_cell(r.source)} | {_cell(r.reason)} |")
        lines.append("")
    return "\n".join(lines)
