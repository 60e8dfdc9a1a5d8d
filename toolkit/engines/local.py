"""The local engine: this process for one job, else a pool of worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice

from toolkit.batch import PageJob, PageResult, PageWorker, _init_worker, _reason, _run_in_worker
from toolkit.engines import Deliver, Key, WorkSpec
from toolkit.errors import BriefError

IN_FLIGHT_PER_WORKER = 2  # one running, one queued: workers never wait on the parent
_BROKEN = "a worker process died (crash or out of memory) before this page could be briefed"


class LocalEngine:
    """``jobs`` worker processes (spawned), each loading the model once; or this process alone."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs

    def run(self, spec: WorkSpec, todo: Iterator[tuple[Key, PageJob]], deliver: Deliver) -> None:
        first = list(islice(todo, 2))
        if not first:
            return
        if self.jobs == 1 or len(first) == 1:
            self._run_here(spec, [*first, *todo], deliver)
        else:
            self._run_in_pool(spec, iter([*first, *todo]), deliver)

    @staticmethod
    def _run_here(spec: WorkSpec, todo: list[tuple[Key, PageJob]] | Iterator[tuple[Key, PageJob]],
                  deliver: Deliver) -> None:
        worker = PageWorker(spec.options, spec.fmt, spec.outdir, spec.max_bytes)
        if worker.fatal is not None:
            raise worker.fatal
        for key, job in todo:
            deliver(key, job, worker.run(job), None)

    def _run_in_pool(self, spec: WorkSpec, todo: Iterator[tuple[Key, PageJob]], deliver: Deliver) -> None:
        import multiprocessing
        from concurrent.futures.process import BrokenProcessPool

        # spawn, not fork: the parent may run threads (progress display) and fork would copy them.
        context = multiprocessing.get_context("spawn")
        limit = self.jobs * IN_FLIGHT_PER_WORKER
        with ProcessPoolExecutor(max_workers=self.jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(spec.options, spec.fmt, spec.outdir, spec.max_bytes)) as pool:
            pending: dict[Future[PageResult], tuple[Key, PageJob]] = {}
            try:
                for key, job in islice(todo, limit):
                    pending[pool.submit(_run_in_worker, job)] = (key, job)
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        key, job = pending.pop(future)
                        try:
                            result = future.result()
                        except BriefError:
                            raise  # the translator could not load: no page can succeed
                        except BrokenProcessPool:
                            result = PageResult(job.source, None, "failed",
                                                "a worker process died (crash or out of memory) while this page was pending")
                        except Exception as exc:
                            result = PageResult(job.source, None, "failed", _reason(exc, job.source))
                        deliver(key, job, result, None)
                        for key, job in islice(todo, 1):
                            try:
                                pending[pool.submit(_run_in_worker, job)] = (key, job)
                            except BrokenProcessPool:
                                deliver(key, job, PageResult(job.source, None, "failed", _BROKEN), None)
                # Pages left here were never handed out: the pool broke, so no worker can take them.
                for key, job in todo:
                    deliver(key, job, PageResult(job.source, None, "failed", _BROKEN), None)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
