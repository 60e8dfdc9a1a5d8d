"""The Ray engine: a pool of actors, each holding a loaded model, fed one page at a time.

The driver (this process) plans pages lazily, hands one to each free actor, and writes each
brief as it comes back; an actor is never given a second page before it returns the first,
so at most ``actors`` pages are in flight, whatever the size of the input. An actor that dies
(crash, out of memory, node lost) fails only the page it held and is replaced.

Without an address a private Ray is started on this machine (node address 127.0.0.1, a
fresh access token, no dashboard, bounded CPUs, quiet logs, no usage reports, its files under
a temporary folder) and stopped at the end. With
``auto`` or ``ray://host:10001`` an existing cluster is joined; every node must then have
brief installed and see the pages and the output folder at the same paths (a shared
filesystem), since actors read the pages and the driver writes the briefs.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from toolkit.batch import PageJob, PageResult, PageWorker
from toolkit.engines import Deliver, Key, WorkSpec
from toolkit.errors import BriefError, UsageError

INSTALL_HINT = "the ray engine needs Ray: pip install 'brief[ray]' (or pip install -e '.[ray]' in a clone)"
OBJECT_STORE_BYTES = 128 * 1024**2  # pages and briefs are small; Ray's default is 30% of memory
MAX_DEATHS_IN_A_ROW = 3  # per actor slot: an actor that cannot even start is not replaced forever


class RayEngineError(BriefError):
    """Ray could not be started, reached or kept running."""


def import_ray() -> Any:
    """Ray, or a one-line usage error saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise UsageError(INSTALL_HINT) from exc
    return ray


def _quiet_environment() -> None:
    # Ray reports usage statistics over the network unless told not to; brief stays offline.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")


def start_local_ray(num_cpus: int, temp_root: str | None = None) -> str:
    """Start a private Ray on this machine; return its temporary folder (remove it after shutdown)."""
    import secrets

    ray = import_ray()
    _quiet_environment()
    # Ray's servers listen on every interface; a token, made here and known only to this Ray's
    # processes (through their environment), keeps others out, and none is written under ~/.ray.
    # (Ray turns token mode on itself for a new local cluster, reading the token from here.)
    if not {"RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH"} & set(os.environ):
        os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(32)
    # Short path: Ray's sockets live under it and a Unix socket path is limited to 107 bytes.
    temp_dir = tempfile.mkdtemp(prefix="brief-ray-", dir=temp_root or "/tmp")
    try:
        ray.init(num_cpus=num_cpus, num_gpus=0, include_dashboard=False, _node_ip_address="127.0.0.1",
                 object_store_memory=OBJECT_STORE_BYTES, _temp_dir=temp_dir, logging_level=logging.ERROR,
                 log_to_driver=False, configure_logging=True)
    except Exception as exc:
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise RayEngineError(f"cannot start a local Ray: {exc}") from exc
    return temp_dir


def connect_ray(address: str) -> None:
    """Join an existing cluster: ``auto`` (this node is part of it) or ``ray://host:10001``."""
    ray = import_ray()
    _quiet_environment()
    try:
        ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False, configure_logging=True)
    except Exception as exc:
        raise RayEngineError(f"cannot reach the Ray cluster at {address}: {exc}") from exc


class BriefActor:
    """One worker of the pool: loads the model once, then briefs pages; the driver writes them."""

    def __init__(self, spec: WorkSpec, worker_class: type[PageWorker]) -> None:
        self.worker = worker_class(spec.options, spec.fmt, spec.outdir, spec.max_bytes)

    def ready(self) -> BriefError | None:
        """The error that keeps every page from being briefed (a model that cannot load), if any."""
        return self.worker.fatal

    def brief(self, job: PageJob) -> tuple[PageResult, str | None]:
        return self.worker.make(job)


class RayEngine:
    """An actor pool on Ray; ``actors`` defaults to the cluster's CPUs (each actor takes one)."""

    def __init__(self, address: str | None = None, actors: int | None = None,
                 worker_class: type[PageWorker] = PageWorker) -> None:
        import_ray()  # fail before any work when Ray is not installed
        if actors is not None and actors < 1:
            raise UsageError("--actors must be at least 1")
        self.address = address
        self.actors = actors
        self.worker_class = worker_class

    def run(self, spec: WorkSpec, todo: Iterator[tuple[Key, PageJob]], deliver: Deliver) -> None:
        ray = import_ray()
        options = spec.options
        paths = {name: getattr(options, name).absolute() for name in ("models_dir", "cache_path", "glossary_path")
                 if getattr(options, name) is not None}
        spec = replace(spec, options=options.with_changes(**paths), outdir=spec.outdir.absolute())
        started_here: str | None = None
        if not ray.is_initialized():
            if self.address is None:
                started_here = start_local_ray(self.actors or os.cpu_count() or 1)
            else:
                connect_ray(self.address)
        try:
            self._run_pool(ray, spec, todo, deliver)
        finally:
            if started_here is not None or self.address is not None:
                ray.shutdown()
            if started_here is not None:
                shutil.rmtree(started_here, ignore_errors=True)

    def _run_pool(self, ray: Any, spec: WorkSpec, todo: Iterator[tuple[Key, PageJob]], deliver: Deliver) -> None:
        from ray import exceptions as ray_exceptions
        from ray.exceptions import RayActorError, RayError, RayTaskError

        # An actor gone for good, or (older Rays lack the name) unreachable for now: the page is lost either way.
        lost = (RayActorError, getattr(ray_exceptions, "ActorUnavailableError", RayActorError))

        count = self.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor_class = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(BriefActor)

        def new_actor() -> Any:
            return actor_class.remote(spec, self.worker_class)

        pool = [new_actor() for _ in range(count)]
        try:
            fatal = ray.get([actor.ready.remote() for actor in pool])
        except RayError as exc:
            raise RayEngineError(f"the Ray actors could not start: {_first_line(exc)}") from exc
        for error in fatal:
            if error is not None:
                raise error

        free = list(range(count))
        deaths = [0] * count
        in_flight: dict[Any, tuple[int, Key, PageJob]] = {}
        exhausted = False
        try:
            while True:
                while free and not exhausted:
                    item = next(todo, None)
                    if item is None:
                        exhausted = True
                        break
                    slot = free.pop()
                    key, job = item
                    # Absolute: an actor's working folder is not the driver's (nor on the driver's node).
                    sent = replace(job, path=job.path.absolute())
                    in_flight[pool[slot].brief.remote(sent)] = (slot, key, job)
                if not in_flight:
                    break
                done, _ = ray.wait(list(in_flight), num_returns=1)
                for ref in done:
                    slot, key, job = in_flight.pop(ref)
                    text: str | None = None
                    try:
                        result, text = ray.get(ref)
                        deaths[slot] = 0
                    except lost as exc:
                        deaths[slot] += 1
                        if deaths[slot] > MAX_DEATHS_IN_A_ROW:
                            raise RayEngineError(f"Ray actors keep dying before finishing a page: {_first_line(exc)}") from exc
                        result = PageResult(job.source, None, "failed",
                                            "the Ray actor briefing this page died (crash, out of memory or node lost)")
                        ray.kill(pool[slot], no_restart=True)
                        pool[slot] = new_actor()
                    except RayTaskError as exc:
                        cause = getattr(exc, "cause", None)
                        if isinstance(cause, BriefError):
                            raise cause from None  # the translator could not load: no page can succeed
                        result = PageResult(job.source, None, "failed", _first_line(exc))
                    free.append(slot)
                    deliver(key, job, result, text)
        finally:
            for actor in pool:
                ray.kill(actor, no_restart=True)


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[-1].strip() if lines else type(exc).__name__


def ray_available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True
