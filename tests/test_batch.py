"""Batch briefs: naming, bad pages skipped and reported, exit codes, resume, --force, workers."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import run_cli

from toolkit.batch import PageResult, StockRow, plan_batch, render_index, run_batch
from toolkit.config import BriefOptions
from toolkit.document import Article, Brief, Fact, Paragraph

BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"
CODE = re.compile(r"（(\d{4,6})）")


def fake_make_brief(data: bytes | str, *, source: str = "<input>", options: object = None,
                    translator: object = None, progress: object = None) -> Brief:
    """A stand-in pipeline: real reading (so bad bytes fail for real), one article, stock codes by regex."""
    from toolkit.reading import read_page

    page = read_page(data, source)
    if "爆炸" in page.text:
        raise RuntimeError("segmenter blew up")
    lines = [line for line in page.text.splitlines() if line.strip()]
    facts = [Fact(kind="stock", text=m.group(0), english=m.group(1), start=m.start(), end=m.end(),
                  code=m.group(1), market="HK", name=page.text[max(0, m.start() - 2):m.start()])
             for m in CODE.finditer(page.text)]
    article = Article(title=Paragraph(lines[0]), paragraphs=[Paragraph(line) for line in lines[1:]], facts=facts)
    return Brief(source=source, articles=[article])


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("toolkit.pipeline.make_brief", fake_make_brief)


@pytest.fixture
def five_pages(tmp_path: Path) -> Path:
    """Four good pages (two in a sub-folder) and one binary file among them."""
    pages = tmp_path / "pages"
    (pages / "hk").mkdir(parents=True)
    (pages / "a.txt").write_text("港股回升\n騰訊（00700）升2%。\n", encoding="utf-8")
    (pages / "b.txt").write_text("內房股\n碧桂園（02007）跌5%，騰訊（00700）平。\n", encoding="utf-8")
    (pages / "hk" / "c.txt").write_text("匯豐業績\n匯豐（00005）派息。\n", encoding="utf-8")
    (pages / "hk" / "d.txt").write_text("市況\n大市窄幅上落。\n", encoding="utf-8")
    (pages / "hk" / "scan.png").write_bytes(BINARY)
    return pages


Invoke = Callable[[list[str]], tuple[int, str]]


@pytest.fixture
def invoke(capsys: pytest.CaptureFixture[str]) -> Callable[[list[str]], tuple[int, str]]:
    """Run ``brief ARGS`` through ``cli.main.main`` (where errors become exit codes); give (code, stderr)."""

    def run(args: list[str]) -> tuple[int, str]:
        code, out, err = run_cli(args, capsys)
        assert out == ""
        return code, err

    return run


def summary_of(stderr: str) -> str:
    line = next(line for line in stderr.splitlines() if line.startswith("brief: batch: "))
    return line.split(": ", 2)[2].split(" in ")[0]


def test_plan_keeps_subfolders_and_avoids_collisions(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "x").mkdir(parents=True)
    (pages / ".hidden").mkdir()
    for name in ("x/p.txt", "p.txt", "p.md", "index.txt", ".secret.txt", ".hidden/q.txt"):
        (pages / name).write_text("港股", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "p.txt").write_text("港股", encoding="utf-8")
    out = pages / "out"  # an output folder inside the input folder is not read back
    out.mkdir()
    (out / "old.txt").write_text("港股", encoding="utf-8")

    jobs, unmatched = plan_batch([pages, other / "p.txt", pages / "p.txt", tmp_path / "*.none"], out, "md")

    assert [(j.path.relative_to(tmp_path).as_posix(), j.output) for j in jobs] == [
        ("pages/index.txt", "index-2.md"),
        ("pages/p.md", "p.md"),
        ("pages/p.txt", "p-2.md"),
        ("pages/x/p.txt", "x/p.md"),
        ("other/p.txt", "p-3.md"),
    ]
    assert unmatched == [str(tmp_path / "*.none")]


def test_plan_expands_globs(tmp_path: Path) -> None:
    for name in ("2025-01.txt", "2025-02.txt", "2024-12.txt"):
        (tmp_path / name).write_text("港股", encoding="utf-8")
    jobs, unmatched = plan_batch([tmp_path / "2025-*.txt"], tmp_path / "out", "json")
    assert [j.output for j in jobs] == ["2025-01.json", "2025-02.json"]
    assert unmatched == []


@pytest.mark.usefixtures("fake_pipeline")
def test_five_pages_one_broken_then_resume_and_force(
    invoke: Invoke, five_pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "briefs"
    args = ["batch", str(five_pages), "-o", str(out), "--format", "json", "--no-translate"]

    code, err = invoke(args)

    assert code == 1
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [".brief-batch.json", "a.json", "b.json", "hk/c.json", "hk/d.json", "index.md"]
    assert json.loads((out / "b.json").read_text(encoding="utf-8"))["articles"][0]["title"]["original"] == "內房股"
    scan = five_pages / "hk" / "scan.png"
    assert f"brief: failed: {scan}: looks like a binary file, not text (it holds NUL bytes)\n" in err
    assert summary_of(err) == "5 pages: 4 done, 0 skipped (up to date), 1 failed"
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "| [hk/c.json](hk/c.json) |" in index
    assert "| 00700 | 騰訊 | — | HK | [a.json](a.json), [b.json](b.json) |" in index
    assert "| 02007 | 桂園 | — | HK | [b.json](b.json) |" in index
    assert f"| {scan} | looks like a binary file, not text (it holds NUL bytes) |" in index

    # A rerun skips the up-to-date briefs, keeps their stocks in the index, and retries the failure.
    before = {p: p.stat().st_mtime_ns for p in out.glob("*.json")}
    code, err = invoke(args)
    assert code == 1
    assert summary_of(err) == "5 pages: 0 done, 4 skipped (up to date), 1 failed"
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.json")} == before
    assert (out / "index.md").read_text(encoding="utf-8") == index

    # A page changed after its brief was made is redone; the broken page, once fixed, too.
    page_a = five_pages / "a.txt"
    page_a.write_text("港股急跌\n友邦（01299）跌3%。\n", encoding="utf-8")
    earlier = page_a.stat().st_mtime - 10  # as if the brief had been made before the edit
    os.utime(out / "a.json", (earlier, earlier))
    scan.write_text("新頁\n港交所（00388）。\n", encoding="utf-8")
    code, err = invoke(args)
    assert code == 0
    assert summary_of(err) == "5 pages: 2 done, 3 skipped (up to date), 0 failed"
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "| 01299 | 友邦 | — | HK | [a.json](a.json) |" in index
    assert "| 00700 | 騰訊 | — | HK | [b.json](b.json) |" in index
    assert "| 00388 |" in index and "[hk/scan.json](hk/scan.json)" in index
    assert "## Failures" not in index

    code, err = invoke([*args, "--force"])
    assert code == 0
    assert summary_of(err) == "5 pages: 5 done, 0 skipped (up to date), 0 failed"

    # Briefs made with other options are not up to date.
    monkeypatch.setenv("BRIEF_SUMMARY_SENTENCES", "2")
    code, err = invoke(args)
    assert summary_of(err) == "5 pages: 5 done, 0 skipped (up to date), 0 failed"
    code, err = invoke(args)
    assert summary_of(err) == "5 pages: 0 done, 5 skipped (up to date), 0 failed"


@pytest.mark.usefixtures("fake_pipeline")
def test_too_large_and_failing_stage_are_skipped(invoke: Invoke, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "ok.txt").write_text("港股\n騰訊（00700）。\n", encoding="utf-8")
    (pages / "big.txt").write_text("港股" * 100, encoding="utf-8")
    (pages / "bad.txt").write_text("港股\n爆炸\n", encoding="utf-8")
    (pages / "empty.txt").write_text(" \n\n", encoding="utf-8")

    code, err = invoke(["batch", str(pages), "-o", str(tmp_path / "out"), "-f", "json", "--max-bytes", "100", "--no-translate"])

    assert code == 1
    assert f"brief: failed: {pages / 'big.txt'}: too large (600 bytes; the limit is 100, see --max-bytes)\n" in err
    assert f"brief: failed: {pages / 'bad.txt'}: RuntimeError: segmenter blew up\n" in err
    assert f"brief: failed: {pages / 'empty.txt'}: the input is empty\n" in err
    assert summary_of(err) == "4 pages: 1 done, 0 skipped (up to date), 3 failed"
    assert (tmp_path / "out" / "ok.json").is_file()


def test_quiet_prints_failures_only(invoke: Invoke, fake_pipeline: None, five_pages: Path, tmp_path: Path) -> None:
    code, err = invoke(["batch", str(five_pages), "-o", str(tmp_path / "o"), "-f", "json", "--quiet", "--no-translate"])
    assert code == 1
    assert err == f"brief: failed: {five_pages / 'hk' / 'scan.png'}: looks like a binary file, not text (it holds NUL bytes)\n"


def test_usage_errors_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    code, err = invoke(["batch", str(tmp_path / "*.txt"), "-o", str(tmp_path / "out")])
    assert code == 2
    assert err == f"brief: error: no pages matched: {tmp_path / '*.txt'}\n"
    assert not (tmp_path / "out").exists()

    code, err = invoke(["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "0"])
    assert code == 2
    assert "--jobs" in err

    code, err = invoke(["batch", str(tmp_path)])
    assert code == 2
    assert "Missing option '-o'" in err


def test_index_lists_stocks_across_pages() -> None:
    results = [
        PageResult("p1.txt", "p1.md", "done", title="A|B", articles=2,
                   stocks=[StockRow("00700", "HK", None, None), StockRow("00005", "HK", "匯豐", "HSBC")]),
        PageResult("p2.txt", "p 2.md", "skipped", articles=1, stocks=[StockRow("00700", "HK", "騰訊", "Tencent")]),
        PageResult("p3.txt", None, "failed", reason="the input is empty"),
    ]
    assert render_index(results) == "\n".join([
        "# Briefs", "",
        "2 briefs of 3 pages; 1 failed.", "",
        "| Brief | Page | Articles | First headline |", "|---|---|---:|---|",
        "| [p1.md](p1.md) | p1.txt | 2 | A\\|B |",
        "| [p 2.md](p%202.md) | p2.txt | 1 | — |", "",
        "## Stocks", "",
        "| Code | Company | English name | Market | Pages |", "|---|---|---|---|---|",
        "| 00005 | 匯豐 | HSBC | HK | [p1.md](p1.md) |",
        "| 00700 | 騰訊 | Tencent | HK | [p1.md](p1.md), [p 2.md](p%202.md) |", "",
        "## Failures", "", "| Page | Reason |", "|---|---|",
        "| p3.txt | the input is empty |", "",
    ])


# --- the real pipeline ------------------------------------------------------------------------


def _example_variants(example_text: str, folder: Path, count: int) -> None:
    """Pages made from the example page's blocks, each different, so each brief differs."""
    blocks = [b for b in re.split(r"\n\s*\n", example_text) if b.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"page{n}.txt").write_text("\n\n".join(blocks[n * 3:] + blocks[:n * 3]), encoding="utf-8")


def test_real_pipeline_batch_through_cli(invoke: Invoke, example_page_path: Path, tmp_path: Path) -> None:
    layouts = sorted((example_page_path.parent.parent / "tests" / "pages").glob("*.txt"))[:3]
    if len(layouts) < 3:
        pytest.skip("needs three test pages in tests/pages")
    pages = tmp_path / "pages"
    pages.mkdir()
    for n, source in enumerate([example_page_path, *layouts]):
        (pages / f"page{n}.txt").write_bytes(source.read_bytes())
    (pages / "zz-broken.txt").write_bytes(BINARY)
    out = tmp_path / "out"

    code, err = invoke(["batch", str(pages), "-o", str(out), "--no-translate"])

    assert code == 1, err
    names = ["page0.md", "page1.md", "page2.md", "page3.md"]
    assert sorted(p.name for p in out.glob("*.md")) == ["index.md", *names]
    briefs = {name: (out / name).read_text(encoding="utf-8") for name in names}
    assert all(text.startswith("# Brief") and "## " in text for text in briefs.values())
    assert summary_of(err) == "5 pages: 4 done, 0 skipped (up to date), 1 failed"
    assert f"brief: failed: {pages / 'zz-broken.txt'}: looks like a binary file" in err
    index = (out / "index.md").read_text(encoding="utf-8")
    assert f"| {pages / 'zz-broken.txt'} | looks like a binary file, not text (it holds NUL bytes) |" in index
    rows = [line for line in index.split("## Stocks")[1].split("## Failures")[0].splitlines()
            if re.match(r"\| \d", line)]
    codes = [row.split(" | ")[0][2:] for row in rows]
    assert "00700" in codes  # Tencent, on the example page
    for row, stock_code in zip(rows, codes, strict=True):
        # every page the index names for a stock has it in its own brief, and no other page does
        listed = re.findall(r"\[([^\]]+)\]", row.split(" | ")[-1])
        assert listed == [name for name in names if f"| {stock_code} |" in briefs[name]], row


def test_two_workers_match_one(example_text: str, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    _example_variants(example_text, pages, 3)
    options = BriefOptions(translate=False)
    one = run_batch([pages], tmp_path / "one", options, fmt="json", jobs=1)
    two = run_batch([pages], tmp_path / "two", options, fmt="json", jobs=2)
    assert (one.done, two.done, two.failed) == (3, 3, 0)
    for name in ("page0.json", "page1.json", "page2.json"):
        assert (tmp_path / "one" / name).read_text(encoding="utf-8") == (tmp_path / "two" / name).read_text(encoding="utf-8")
    assert [r.stocks for r in one.results] == [r.stocks for r in two.results]


@pytest.mark.slow
def test_two_workers_with_the_test_model(models_dir: Path, example_text: str, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    _example_variants(example_text, pages, 3)
    options = BriefOptions(models_dir=models_dir, cache_path=tmp_path / "cache.sqlite3")

    report = run_batch([pages], tmp_path / "out", options, fmt="json", jobs=2)

    assert (report.done, report.failed) == (3, 0)
    for name in ("page0.json", "page1.json", "page2.json"):
        brief = json.loads((tmp_path / "out" / name).read_text(encoding="utf-8"))
        assert brief["translator"].startswith("argos ")
        assert all(a["title"]["english"] for a in brief["articles"] if a["title"]["original"])
    assert not [n for n in report.notices if "model is installed" in n]


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_model_stops_the_batch(invoke: Invoke, jobs: str, test_model_file: Path, tmp_path: Path) -> None:
    from toolkit.translation.models import install_model_file

    models = tmp_path / "models"
    install_model_file(test_model_file, models)
    for weights in models.rglob("model.bin"):
        weights.write_bytes(b"not a model")
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3):
        (pages / f"p{n}.txt").write_text(f"港股第{n}日\n\n騰訊（00700）升2%。\n", encoding="utf-8")

    code, err = invoke(["batch", str(pages), "-o", str(tmp_path / "out"), "--models-dir", str(models), "-j", jobs])

    assert code == 3
    assert err.startswith("brief: error: cannot load the model in ")
    assert err.count("\n") == 1


# --- state that survives a kill (issue 17, item 9) -------------------------------------------


def run_killed(args: list[str], journal: Path, env: dict[str, str], lines: int = 1) -> int:
    """Start ``brief ARGS`` in a subprocess, SIGKILL it once its journal holds ``lines`` pages; return its status."""
    import signal
    import subprocess
    import sys
    import time

    repo = Path(__file__).resolve().parent.parent
    process = subprocess.Popen([sys.executable, "-c", "from cli.main import main; main()", *args], cwd=repo,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if journal.exists() and journal.read_text(encoding="utf-8").count("\n") >= lines:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
        return process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_killed_run_with_other_options_is_redone_exactly(example_text: str, tmp_path: Path) -> None:
    from toolkit.batch import JOURNAL_NAME

    pages, out = tmp_path / "pages", tmp_path / "out"
    _example_variants(example_text, pages, 12)
    first = run_batch([pages], out, BriefOptions(translate=False), fmt="md")
    assert first.done == 12
    made = {p.name: p.read_text(encoding="utf-8") for p in out.glob("page*.md")}

    # Other options, killed part-way: some briefs are rewritten with one summary sentence.
    env = dict(os.environ, BRIEF_SUMMARY_SENTENCES="1")
    status = run_killed(["batch", str(pages), "-o", str(out), "--no-translate", "-q"], out / JOURNAL_NAME, env)
    assert status == -9
    rewritten = {p.name for p in out.glob("page*.md") if p.read_text(encoding="utf-8") != made[p.name]}
    assert 1 <= len(rewritten) < 12

    # The first options again: exactly the rewritten briefs are redone, the rest are up to date.
    again = run_batch([pages], out, BriefOptions(translate=False), fmt="md")
    assert (again.done, again.skipped, again.failed) == (len(rewritten), 12 - len(rewritten), 0)
    assert sorted(r.output for r in again.results if r.status == "done") == sorted(rewritten)
    assert {p.name: p.read_text(encoding="utf-8") for p in out.glob("page*.md")} == made
    assert not (out / JOURNAL_NAME).exists()
    assert run_batch([pages], out, BriefOptions(translate=False), fmt="md").skipped == 12


def test_a_killed_writers_half_written_files_are_swept_by_the_next_run(example_text: str, tmp_path: Path) -> None:
    """A SIGKILL between create and rename leaves ``.<name>.*.part``; the next run removes it."""
    pages, out = tmp_path / "pages", tmp_path / "out"
    _example_variants(example_text, pages, 2)
    out.mkdir()
    stale = [out / ".page0.md.k1ll3d.part", out / ".index.md.x9.part", out / "..brief-batch.json.q.part"]
    for leftover in stale:
        leftover.write_text("half a brief", encoding="utf-8")
    mine = out / "notes.part"  # not a brief's temporary file: left alone
    mine.write_text("keep", encoding="utf-8")

    report = run_batch([pages], out, BriefOptions(translate=False), fmt="md")

    assert report.done == 2
    assert not any(leftover.exists() for leftover in stale)
    assert mine.read_text(encoding="utf-8") == "keep"


def test_journal_replays_over_the_state_and_ignores_a_torn_line(tmp_path: Path) -> None:
    from toolkit.batch_state import JOURNAL_NAME, BatchState

    state = BatchState(tmp_path)
    state.put("a.md", {"settings": "x"})
    state.put("b.md", {"settings": "x"})
    state.compact()
    assert not (tmp_path / JOURNAL_NAME).exists()
    state = BatchState(tmp_path)
    state.load()
    state.put("a.md", None)
    state.put("c.md", {"settings": "y"})
    with open(tmp_path / JOURNAL_NAME, "a", encoding="utf-8") as journal:
        journal.write('{"output": "b.md", "rec')  # killed mid-line

    replayed = BatchState(tmp_path).load()
    assert {output: replayed.get(output) for output in replayed.records} == {"b.md": {"settings": "x"},
                                                                           "c.md": {"settings": "y"}}


def test_ray_engine_without_ray_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import builtins

    real_import = builtins.__import__

    def no_ray(name: str, *args: object, **kwargs: object) -> object:
        if name == "ray" or name.startswith("ray."):
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_ray)
    (tmp_path / "p.txt").write_text("港股\n", encoding="utf-8")
    code, _out, err = run_cli(["batch", str(tmp_path / "p.txt"), "-o", str(tmp_path / "out"), "--engine", "ray"], capsys)
    assert code == 2
    assert err == "brief: error: the ray engine needs Ray: pip install 'brief[ray]' (or pip install -e '.[ray]' in a clone)\n"
    assert not (tmp_path / "out").exists()
