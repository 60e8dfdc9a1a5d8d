"""Options and helpers shared by several commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def write_result(text: str, output: str | None) -> None:
    """Write a result to ``output`` atomically, or to stdout when no output is named or it is ``-``."""
    if output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from toolkit.output import write_atomic

    write_atomic(Path(output), text)  # type: ignore[arg-type]


def stderr_progress(quiet: bool) -> Callable[[str], None]:
    """A progress callback that writes to stderr on a terminal, and nothing in a pipe or when quiet."""
    if quiet or not sys.stderr.isatty():
        return lambda _message: None
    return lambda message: click.echo(f"brief: {message}…", err=True)


def read_text_argument(text: str | None, file: str | None) -> str:
    """The text a command works on: an argument, a file (``-`` for stdin), or stdin."""
    from toolkit.errors import UsageError
    from toolkit.reading import read_file, read_limited, read_page

    if text is not None and file is not None:
        raise UsageError("give the text as an argument or with -f/--file, not both")
    if file is not None:
        return read_file(file).text
    if text is not None:
        if text == "-":
            return read_page(read_limited(sys.stdin.buffer, "<stdin>"), "<stdin>").text
        return read_page(text, "<argument>").text
    if sys.stdin.isatty():
        raise UsageError("no text given: pass it as an argument, with -f FILE, or on stdin")
    return read_page(read_limited(sys.stdin.buffer, "<stdin>"), "<stdin>").text


def model_option(func: F) -> F:
    """``--model NAME``: which installed model translates when several are (else BRIEF_MODEL, else the newest)."""
    return click.option(
        "--model", "model", metavar="NAME", default=None,
        help="Installed model to translate with (see `brief models list`) [env: BRIEF_MODEL].",
    )(func)


def models_dir_option(func: F) -> F:
    """``--models-dir``: where translation models live (else BRIEF_MODELS_DIR, else argostranslate's)."""
    return click.option(
        "--models-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder of installed translation models [env: BRIEF_MODELS_DIR].",
    )(func)
