"""``brief batch --engine ray``: a local Ray with 2 CPUs, started once for this module.

The same briefs as ``--jobs 1``, byte for byte; a failing page reported while the rest go on;
an actor that dies fails its page only and is replaced; a rerun skips what is up to date;
a driver killed part-way (SIGKILL) and rerun completes the set with nothing lost.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import run_cli
from test_batch import BINARY, run_killed, summary_of

from toolkit.batch import JOURNAL_NAME, PageJob, PageResult, PageWorker, run_batch
from toolkit.config import BriefOptions

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[ray]')")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_ray(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A 2-CPU Ray for the module; its workers get a private cache and home, like the tests."""
    from toolkit.engines.ray_engine import start_local_ray

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("ray-cache")))
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("ray-data")))
        temp = start_local_ray(num_cpus=2)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


def _pages(example_text: str, folder: Path, count: int, blocks_per_page: int = 6) -> None:
    """Short pages cut from the example page's blocks, each different."""
    blocks = [b for b in re.split(r"\n\s*\n", example_text) if b.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        start = (n * 3) % len(blocks)
        chosen = (blocks[start:] + blocks[:start])[:blocks_per_page]
        (folder / f"page{n}.txt").write_text("\n\n".join(chosen) + "\n", encoding="utf-8")


def _briefs(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*.md")}


def test_ray_briefs_match_jobs_1_and_a_failure_is_reported(
    local_ray: str, models_dir: Path, example_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages"
    _pages(example_text, pages, 4)
    (pages / "zz-scan.txt").write_bytes(BINARY)
    options = BriefOptions(models_dir=models_dir, use_cache=False)
    local = run_batch([pages], tmp_path / "local", options, jobs=1)
    assert (local.done, local.failed) == (4, 1)

    args = ["batch", str(pages), "-o", str(tmp_path / "ray"), "--engine", "ray", "--actors", "2",
            "--models-dir", str(models_dir), "--no-cache"]
    code, out, err = run_cli(args, capsys)

    assert code == 1, err
    assert summary_of(err) == "5 pages: 4 done, 0 skipped (up to date), 1 failed"
    assert f"brief: failed: {pages / 'zz-scan.txt'}: looks like a binary file" in err
    briefs = _briefs(tmp_path / "ray")
    assert briefs == _briefs(tmp_path / "local")  # every brief and index.md, byte for byte
    assert "brief-test" in briefs["page0.md"]  # translated by the test model, in the actors

    code, out, err = run_cli(args, capsys)
    assert code == 1
    assert summary_of(err) == "5 pages: 0 done, 4 skipped (up to date), 1 failed"
    assert _briefs(tmp_path / "ray") == briefs


def test_a_dead_actor_fails_its_page_and_is_replaced(local_ray: str, example_text: str, tmp_path: Path) -> None:
    from toolkit.engines.ray_engine import RayEngine

    class DyingWorker(PageWorker):
        """Dies, as a process, on a page holding 自爆: a crash no Python handler sees."""

        def make(self, job: PageJob) -> tuple[PageResult, str | None]:
            if "自爆".encode() in job.path.read_bytes():
                os._exit(1)
            return PageWorker.make(self, job)

    pages = tmp_path / "pages"
    _pages(example_text, pages, 5, blocks_per_page=3)
    (pages / "page1.txt").write_text("自爆\n\n港股回升。\n", encoding="utf-8")

    report = run_batch([pages], tmp_path / "out", BriefOptions(translate=False),
                       engine=RayEngine(actors=2, worker_class=DyingWorker))

    assert [(r.source.rsplit("/", 1)[-1], r.status) for r in report.results] == [
        ("page0.txt", "done"), ("page1.txt", "failed"), ("page2.txt", "done"), ("page3.txt", "done"),
        ("page4.txt", "done")]
    assert report.results[1].reason == "the Ray actor briefing this page died (crash, out of memory or node lost)"
    assert report.exit_code == 1


def test_killed_driver_then_rerun_completes_the_set(local_ray: str, example_text: str, tmp_path: Path) -> None:
    pages, out = tmp_path / "pages", tmp_path / "out"
    _pages(example_text, pages, 12, blocks_per_page=4)
    reference = run_batch([pages], tmp_path / "reference", BriefOptions(translate=False), jobs=1)
    assert reference.done == 12

    args = ["batch", str(pages), "-o", str(out), "--no-translate", "-q", "--engine", "ray", "--address", local_ray,
            "--actors", "2"]
    status = run_killed(args, out / JOURNAL_NAME, dict(os.environ), lines=2)
    assert status == -9
    noted = (out / JOURNAL_NAME).read_text(encoding="utf-8").count("\n")
    assert 2 <= noted < 12

    report = run_batch([pages], out, BriefOptions(translate=False), engine="ray", actors=2)

    assert (report.failed, report.done + report.skipped) == (0, 12)
    assert report.skipped >= noted  # what the killed run noted is not redone
    assert _briefs(out) == _briefs(tmp_path / "reference")
    assert not list(out.rglob("*.part"))  # a half-written brief never stays


def test_a_broken_model_stops_the_ray_batch(local_ray: str, test_model_file: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from toolkit.translation.models import install_model_file

    models = tmp_path / "models"
    install_model_file(test_model_file, models)
    for weights in models.rglob("model.bin"):
        weights.write_bytes(b"not a model")
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3):
        (pages / f"p{n}.txt").write_text(f"港股第{n}日\n\n騰訊（00700）升2%。\n", encoding="utf-8")

    code, out, err = run_cli(["batch", str(pages), "-o", str(tmp_path / "out"), "--models-dir", str(models),
                              "--engine", "ray", "--actors", "2"], capsys)

    assert code == 3
    assert err.startswith("brief: error: cannot load the model in ")
    assert err.count("\n") == 1
