"""Run ``brief`` in-process the way the console script does, errors turned into exit codes."""

from __future__ import annotations

import pytest

from cli.main import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``brief ARGS`` through ``cli.main.main``; give (exit code, stdout, stderr)."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err
