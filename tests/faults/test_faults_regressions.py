"""Issue 17: each fault found by the first hostile pass, reproduced and checked fixed.

(Items 2 and 9, the over-long sentence and batch resume, are tested with their fixes elsewhere.)
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import subprocess
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cli_runner import run_cli
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from toolkit.config import BriefOptions
from toolkit.errors import INSTALL_MODEL_HINT, InputError, LimitExceeded, NetworkError, OutputError

REPO = Path(__file__).resolve().parents[2]
PAGE = "港股昨日反覆回升，恒指收市升2.3%。\n騰訊控股(00700)全年純利3685億元人民幣，按年增長5.2%。\n"


class Echo:
    """A stand-in model: 'EN<sentence>' (placeholders survive, so facts do)."""

    name = "echo"

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        return [f"EN<{s}>" for s in sentences]


def api(translator: object | None = Echo(), **settings: object) -> TestClient:
    return TestClient(create_app(Settings(**settings), translator=translator),  # type: ignore[arg-type]
                      raise_server_exceptions=False)


def corrupt_cache(path: Path, rows: int = 3000, at: int | None = None) -> list[str]:
    """A real cache with ``rows`` entries, then garbage written at ``at`` (default: its middle); its keys."""
    from toolkit.translation.cache import TranslationCache, cache_key

    cache = TranslationCache(path)
    keys = [cache_key("m", f"句子{i}", "g", 2) for i in range(rows)]
    cache.put_many({k: f"sentence {i}" for i, k in enumerate(keys)})
    cache.close()
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2 if at is None else at)
        handle.write(os.urandom(min(20_000, size // 3)))
    return keys


# 1. A corrupt translation cache breaks nothing: warned once, moved aside, a fresh one started.

def test_corrupt_cache_is_moved_aside_and_translation_goes_on(tmp_path: Path) -> None:
    from toolkit.translation import translate_texts
    from toolkit.translation.cache import CacheWarning

    path = tmp_path / "translations.sqlite3"
    corrupt_cache(path)
    options = BriefOptions(use_cache=True, cache_path=path)
    sentences = [f"句子{i}。" for i in range(600)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        english = translate_texts(sentences, Echo(), options)  # type: ignore[arg-type]
    assert english[0].startswith("EN<")
    assert [w.category for w in caught] == [CacheWarning]
    assert "corrupt" in str(caught[0].message)
    assert [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    with sqlite3.connect(path) as db:  # the fresh cache holds this run's translations
        assert db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 600


def test_corrupt_cache_is_not_a_traceback_in_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tmp_path / "brief" / "translations.sqlite3"
    path.parent.mkdir()
    corrupt_cache(path, at=4096)  # the table's root page: every lookup meets the damage
    monkeypatch.setattr("toolkit.translation.load_translator", lambda *a, **k: Echo())
    code, out, err = run_cli(["translate", "港股昨日反覆回升。"], capsys)
    assert code == 0 and out.startswith("EN<"), err
    assert "Traceback" not in err and err.count("brief: warning:") == 1


def test_corrupt_cache_is_not_a_500_in_the_api(tmp_path: Path) -> None:
    path = tmp_path / "translations.sqlite3"
    corrupt_cache(path, at=4096)
    with api(cache_path=path) as c:
        assert c.post("/v1/translate", json={"text": "港股昨日反覆回升。"}).status_code == 200
        assert c.post("/translate", json={"q": "港股", "source": "zh", "target": "en"}).status_code == 200
        assert c.post("/v1/brief", json={"text": PAGE}).status_code == 200


# 3. -o writes into what it names; it never replaces a link, a FIFO, a device or the input page.

def test_output_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    from toolkit.output import write_atomic

    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


def test_output_to_a_fifo_feeds_its_reader(tmp_path: Path) -> None:
    from toolkit.output import write_atomic

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, "# Brief\n")
    reader.join(timeout=10)
    assert got == [b"# Brief\n"] and stat.S_ISFIFO(fifo.stat().st_mode)


def null_device(folder: Path) -> Path:
    """A character device like /dev/null to write to. As root, a fresh one in ``folder``: a broken
    writer that renames over its target must not get the chance to replace the machine's /dev/null."""
    if os.geteuid() != 0:
        return Path("/dev/null")  # a non-root writer cannot replace it
    device = folder / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here ({exc.strerror})")
    return device


def test_output_to_dev_null_leaves_the_device(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    device = null_device(tmp_path)
    code, _out, err = run_cli([str(REPO / "examples" / "page.txt"), "--no-translate", "-o", str(device)], capsys)
    assert code == 0, err
    assert stat.S_ISCHR(device.stat().st_mode)


def test_output_equal_to_the_input_page_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    alias = tmp_path / "alias.txt"
    alias.symlink_to(page)
    for output in (str(page), str(alias)):
        code, _out, err = run_cli([str(page), "--no-translate", "-o", output], capsys)
        assert code == 2 and "is the input page" in err
    assert page.read_text(encoding="utf-8") == PAGE


# 4. Write errors are one line and an exit code, and leave no temporary file.

@pytest.mark.parametrize(("number", "words"), [(errno.ENOSPC, "disk is full"), (errno.EACCES, "permission denied")])
def test_write_errors_are_one_line(number: int, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.inner = real_fdopen(*args, **kwargs)  # type: ignore[call-overload]

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.close()

        def write(self, data: object) -> int:
            raise OSError(number, os.strerror(number))

    monkeypatch.setattr("toolkit.output.os.fdopen", Failing)
    code, out, err = run_cli([str(REPO / "examples" / "page.txt"), "--no-translate", "-o", str(tmp_path / "en.md")],
                             capsys)
    assert code == OutputError.exit_code and words in err and "Traceback" not in err
    assert err.count("\n") == 1 and list(tmp_path.iterdir()) == []


def test_cli_never_shows_a_traceback_for_a_system_error(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error", "page.txt")

    monkeypatch.setattr("toolkit.reading.read_file", broken)
    code, _out, err = run_cli(["page.txt"], capsys)
    assert code == 1 and err == "brief: error: page.txt: Input/output error\n"


# 5, 6, 8. The API: deep JSON, lone surrogates in a glossary, per-request glossaries on disk.

@pytest.mark.parametrize("path", ["/translate", "/detect", "/v1/translate", "/v1/brief"])
def test_deeply_nested_json_is_a_4xx(path: str) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    with api(api_keys="k") as c:
        r = c.post(path, content=body, headers={"Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, r.text


def test_lone_surrogate_in_a_glossary_is_422() -> None:
    body = '{"text": "港股", "glossary": {"\\ud800": "x"}}'
    with api() as c:
        r = c.post("/v1/translate", content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 422 and "surrogate" in r.json()["error"]


def test_per_request_glossaries_leave_no_files() -> None:
    with api() as c:
        engine = c.app.state.engine  # type: ignore[attr-defined]
        for i in range(30):
            r = c.post("/v1/translate", json={"text": "港股反覆", "glossary": {"反覆": f"choppy{i}"}})
            assert r.status_code == 200 and f"choppy{i}" in r.json()["translation"]
        folder = engine._glossary_dir
        assert folder is None or list(folder.iterdir()) == []


# 7. Lone surrogates are an InputError in the library.

def test_lone_surrogates_are_input_errors() -> None:
    from toolkit.conversion import convert
    from toolkit.pipeline import make_brief

    with pytest.raises(InputError, match="surrogate"):
        make_brief("港股\ud800昨日", options=BriefOptions(translate=False))
    with pytest.raises(InputError, match="surrogate"):
        convert("港股\udcff")


# 10. `brief PAGE` reads at most a limit.

def test_input_size_is_capped(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.reading import read_file

    with pytest.raises(LimitExceeded, match="limit"):
        read_file("/dev/zero", max_bytes=1_000_000)
    monkeypatch.setenv("BRIEF_MAX_INPUT_BYTES", "100000")
    code, _out, err = run_cli(["/dev/zero", "--no-translate"], capsys)
    assert code == 2 and "BRIEF_MAX_INPUT_BYTES" in err


# 11. X-Forwarded-For is trusted only when asked.

def test_forwarded_for_does_not_escape_the_rate_limit() -> None:
    from api.server import serve_in_background

    app = create_app(Settings(rate_limit=2), translator=Echo())  # type: ignore[arg-type]
    with serve_in_background(app) as url:
        statuses = [httpx.post(f"{url}/v1/convert", json={"text": "港股"},
                               headers={"X-Forwarded-For": f"10.0.0.{i}"}, timeout=10).status_code
                    for i in range(3)]
    assert statuses == [200, 200, 429]


def test_brief_serve_trusts_proxy_headers_only_when_told(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: calls.append(kwargs))
    run_cli(["serve"], capsys)
    run_cli(["serve", "--proxy-headers"], capsys)
    monkeypatch.setenv("BRIEF_TRUST_PROXY", "1")
    run_cli(["serve"], capsys)
    assert [c["proxy_headers"] for c in calls] == [False, True, True]


# 12 is in tests/test_api.py (test_no_model_installed_is_503_with_the_install_command).

# 13. From a fresh clone.

def test_examples_en_md_is_in_the_repository() -> None:
    tracked = subprocess.run(["git", "ls-files", "examples/en.md"], cwd=REPO, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    assert tracked.stdout.strip() == "examples/en.md"
    ignored = subprocess.run(["git", "check-ignore", "-q", "--no-index", "examples/en.md"], cwd=REPO)
    assert ignored.returncode == 1


def test_stdin_is_not_shown_escaped() -> None:
    from toolkit.pipeline import make_brief
    from toolkit.render import render_markdown

    brief = make_brief(PAGE, source="<stdin>", options=BriefOptions(translate=False))
    text = render_markdown(brief)
    assert text.startswith("# Brief: stdin\n") and "\\<" not in text


def test_install_hint_names_the_file_the_readme_shows() -> None:
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"--file (\S+\.argosmodel)", readme))
    hinted = set(re.findall(r"--file (\S+\.argosmodel)", INSTALL_MODEL_HINT))
    assert hinted and hinted <= shown


def test_install_without_internet_is_a_network_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import argostranslate.package

    monkeypatch.setattr(argostranslate.package, "update_package_index", lambda *a, **k: None)
    code, _out, err = run_cli(["models", "install", "zh", "en", "--models-dir", str(tmp_path)], capsys)
    assert code == NetworkError.exit_code == 4 and "internet" in err


def test_tests_keep_away_from_the_real_home() -> None:
    import argostranslate.settings
    from conftest import REAL_HOME

    for folder in (argostranslate.settings.data_dir, argostranslate.settings.package_data_dir,
                   argostranslate.settings.config_dir, argostranslate.settings.cache_dir):
        assert not Path(folder).is_relative_to(REAL_HOME), folder


def test_html_does_not_break_commands_mid_word() -> None:
    from toolkit.pipeline import make_brief
    from toolkit.render import render_html

    html = render_html(make_brief(PAGE, options=BriefOptions(translate=False)))
    assert "break-all" not in html


@pytest.fixture(autouse=True)
def _no_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BRIEF_MODELS_DIR", str(tmp_path / "no-models"))
    yield


def test_batch_index_counts_articles_like_the_brief(tmp_path: Path) -> None:
    """13: the index said 7 articles for a page whose brief says 6 (the box is not an article)."""
    import re

    from toolkit.batch import run_batch

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "page.txt").write_bytes((REPO / "examples" / "page.txt").read_bytes())
    run_batch([pages], tmp_path / "out", BriefOptions(translate=False), fmt="md", jobs=1)
    brief = (tmp_path / "out" / "page.md").read_text(encoding="utf-8")
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    said = re.search(r"\*\*Articles:\*\* (\d+)", brief)
    assert said is not None
    assert f"| {said.group(1)} |" in index
