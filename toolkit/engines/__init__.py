"""Where a batch's pages are briefed: local processes or a Ray actor pool.

An engine takes page jobs as they are planned and hands each result back to the driver
(``run_batch``) as it comes; the driver writes briefs, notes progress and makes the index,
the same for every engine. Engines hold back: at most a few pages per worker are in flight,
so memory stays flat however long the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from toolkit.config import BriefOptions
from toolkit.errors import UsageError

if TYPE_CHECKING:
    from toolkit.batch import PageJob, PageResult

ENGINES = ("local", "ray")

Key = Any
# (key, job, result, brief text or None when the worker wrote it itself or the page failed)
Deliver = Callable[[Key, "PageJob", "PageResult", "str | None"], None]


@dataclass(slots=True, frozen=True)
class WorkSpec:
    """What every worker needs to brief a page, the same for every page."""

    options: BriefOptions
    fmt: str
    outdir: Path
    max_bytes: int


class Engine(Protocol):
    def run(self, spec: WorkSpec, todo: Iterator[tuple[Key, PageJob]], deliver: Deliver) -> None:
        """Brief every job of ``todo`` (drawn lazily) and ``deliver`` each result as it comes.

        A page that fails is delivered as a failed result; only an error that no page can
        escape (the translator cannot load) is raised.
        """
        ...


def make_engine(engine: str | Engine, *, jobs: int = 1, address: str | None = None,
                actors: int | None = None) -> Engine:
    """The engine named ``engine`` (or ``engine`` itself), checked before any work is done."""
    if not isinstance(engine, str):
        return engine
    if engine == "local":
        if address is not None or actors is not None:
            raise UsageError("--address and --actors are for --engine ray")
        from toolkit.engines.local import LocalEngine

        return LocalEngine(jobs)
    if engine == "ray":
        from toolkit.engines.ray_engine import RayEngine

        return RayEngine(address=address, actors=actors)
    raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
