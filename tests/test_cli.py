"""The CLI's contract: exact messages and exit codes, atomic output, stdin, lazy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import run_cli as run


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    code, out, err = run([str(missing)], capsys)
    assert code == 2
    assert out == ""
    assert err == f"brief: error: {missing}: no such file\n"


def test_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n \n")
    code, _out, err = run([str(empty)], capsys)
    assert code == 2
    assert err == f"brief: error: {empty}: the input is empty\n"


def test_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    code, _out, err = run([str(binary)], capsys)
    assert code == 2
    assert err == f"brief: error: {binary}: looks like a binary file, not text (it holds NUL bytes)\n"


def test_unknown_option(capsys: pytest.CaptureFixture[str], example_page_path: Path) -> None:
    code, out, err = run([str(example_page_path), "--colour"], capsys)
    assert code == 2
    assert out == ""
    assert "No such option '--colour'" in err
    assert "Traceback" not in err


def test_bad_option_value(capsys: pytest.CaptureFixture[str], example_page_path: Path) -> None:
    code, _out, err = run([str(example_page_path), "--opencc", "xx2yy", "--no-translate"], capsys)
    assert code == 2
    assert err.startswith("brief: error: unknown OpenCC configuration 'xx2yy'")


def test_failed_run_leaves_no_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "en.md"
    out_file.write_text("previous brief", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, _out, _err = run([str(empty), "-o", str(out_file)], capsys)
    assert code == 2
    assert out_file.read_text(encoding="utf-8") == "previous brief"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_help_on_every_command_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import SUBCOMMANDS

    for name in SUBCOMMANDS:
        code, out, _err = run([name, "--help"], capsys)
        assert code == 0, name
        assert "Usage: brief" in out, name
        assert "Example" in out, f"brief {name} --help shows no example"


def test_convert_argument_and_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _err = run(["convert", "港股昨日反覆回升，萬洲國際"], capsys)
    assert (code, out) == (0, "港股昨日反复回升，万洲国际\n")
    code, out, _err = run(["convert", "--config", "s2hk", "港股昨日反复回升"], capsys)
    assert (code, out) == (0, "港股昨日反覆回升\n")


def test_import_toolkit_and_help_stay_light() -> None:
    heavy = ["opencc", "jieba", "argostranslate", "ctranslate2", "numpy", "torch", "sumy", "fastapi"]
    probe = (
        "import sys, toolkit, cli.main\n"
        "try:\n    cli.main.main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_unwritable_output_fails_before_any_work(capsys: pytest.CaptureFixture[str], example_page_path: Path,
                                                 tmp_path: Path) -> None:
    target = tmp_path / "missing" / "en.md"
    code, out, err = run([str(example_page_path), "-o", str(target)], capsys)
    assert code == 2
    assert err == f"brief: error: {target}: folder {target.parent} does not exist\n"
