"""``brief batch``: briefs of many pages into a folder, with an index."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli.common import model_option, models_dir_option

if TYPE_CHECKING:
    from toolkit.batch import PageResult

FORMATS = ("md", "json", "html")


@click.command(
    "batch",
    epilog="""\b
Examples:
  brief batch pages/ -o briefs/                 every page under pages/ (sub-folders kept)
  brief batch 'archive/2025-*.txt' -o out --jobs 2 --format html
  brief batch pages/ -o briefs/ --force         redo pages whose brief is up to date
  brief batch archive/ -o out --engine ray      an actor pool on a local Ray (pip install 'brief[ray]')
  brief batch /shared/archive -o /shared/out --engine ray --address auto   on a Ray cluster""",
)
@click.argument("inputs", metavar="DIR_OR_GLOB...", nargs=-1, required=True)
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the briefs and index.md (created if missing).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="Format of each brief.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes, each loading the model once; up to the number of cores.")
@click.option("--engine", type=click.Choice(("local", "ray")), default="local", show_default=True,
              help="Where pages are briefed: local processes (--jobs) or a Ray actor pool.")
@click.option("--address", default=None, metavar="auto|ray://HOST:10001",
              help="Ray cluster to join (--engine ray); without it a local Ray is started and stopped.")
@click.option("--actors", type=click.IntRange(min=1), default=None,
              help="Ray actors, each loading the model once (--engine ray) [default: the cluster's CPUs].")
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="Translation threads (CTranslate2 workers of one thread) per batch process [default: 1; env: BRIEF_THREADS].")
@click.option("--force", is_flag=True, help="Redo every page, even those whose brief is up to date.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Skip pages larger than this (default 2 MiB).")
@click.option("--no-translate", is_flag=True, help="Skip translation: Chinese briefs, English figures only.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the translation cache.")
@models_dir_option
@model_option
@click.option("-q", "--quiet", is_flag=True, help="No progress, notices or summary on stderr (failures still shown).")
def command(
    inputs: tuple[str, ...],
    outdir: Path,
    fmt: str,
    jobs: int,
    engine: str,
    address: str | None,
    actors: int | None,
    threads: int | None,
    force: bool,
    max_bytes: int | None,
    no_translate: bool,
    no_cache: bool,
    models_dir: Path | None,
    model: str | None,
    quiet: bool,
) -> None:
    """Brief every page in DIR_OR_GLOB... (folders, files or quoted glob patterns) into OUTDIR.

    One brief per page, named after the page, and an index.md linking them with every stock
    mentioned and every page that failed. A rerun skips pages whose brief is up to date.
    Exit status: 0 all done, 1 some pages failed, 2 usage error.
    """
    from toolkit.batch import DEFAULT_MAX_BYTES, run_batch
    from toolkit.config import BriefOptions

    options = BriefOptions.from_env(
        translate=False if no_translate else None,
        use_cache=not no_cache,
        models_dir=models_dir,
        model=model,
        threads=threads,
    )
    show_progress = not quiet and sys.stderr.isatty()

    def report_failure(result: PageResult, echo: Any) -> None:
        if result.status == "failed":
            echo(f"brief: failed: {result.source}: {result.reason}")

    def plain(result: PageResult, _done: int, _total: int) -> None:
        report_failure(result, lambda line: click.echo(line, err=True))

    run = dict(fmt=fmt, jobs=jobs, force=force, max_bytes=max_bytes or DEFAULT_MAX_BYTES, engine=engine,
               address=address, actors=actors)
    paths = [Path(item) for item in inputs]
    if show_progress:
        report = _run_with_bar(paths, outdir, options, run, report_failure)
    else:
        report = run_batch(paths, outdir, options, progress=plain, **run)  # type: ignore[arg-type]

    if not quiet:
        for notice in report.notices:
            click.echo(f"brief: {notice}", err=True)
        click.echo(f"brief: batch: {report.summary_line()}; index: {report.index}", err=True)
    if report.exit_code:
        # SystemExit, not ctx.exit: cli.main.main runs click outside standalone mode.
        sys.exit(report.exit_code)


def _run_with_bar(paths: list[Path], outdir: Path, options: Any, run: dict[str, Any], report_failure: Any) -> Any:
    """Run the batch under a rich progress bar on stderr: pages done, pages per second, time left."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    from toolkit.batch import run_batch

    class PagesPerSecond(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("…  pages/s" if speed is None else f"{speed:.2f} pages/s")

    console = Console(stderr=True)
    with Progress(TextColumn("brief batch"), BarColumn(), MofNCompleteColumn(), PagesPerSecond(),
                  TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task("pages", total=None)

        def progress(result: PageResult, done: int, total: int) -> None:
            report_failure(result, lambda line: console.print(line, markup=False, highlight=False, soft_wrap=True))
            bar.update(task, completed=done, total=total)

        return run_batch(paths, outdir, options, progress=progress, **run)
