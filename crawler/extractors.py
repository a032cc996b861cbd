"""Where the portal spider's per-response work runs: inline, or in a pool of worker processes.

The reactor thread, the store writer and the spider's bookkeeping share one GIL, so a crawl
that parses and extracts on the reactor is bound to one core. `ProcessExtractor` sends each
fetched page (body, URL, kind: a `PageJob`) to worker processes that run
`crawler.analysis.analyse` and send back a small `PageAnalysis`; the spider awaits it, and the
stateful rest (columns, requests, records) stays on the reactor. `InlineExtractor` runs the
same function in the spider's own thread (one core, or a debugging session).

The component is chosen by settings, Scrapy-style: `GOVPATROL_EXTRACTOR` names the class,
`GOVPATROL_EXTRACT_WORKERS` the number of worker processes (0: inline; unset: one less than
the machine's cores, at most 4).

Workers are started by a `forkserver` (a fresh interpreter that imported the extraction
modules once), never forked from a process that holds a reactor and threads. They ignore
SIGINT and SIGTERM (Ctrl-C reaches the whole process group; the crawl's own graceful shutdown
finishes the pages in flight and then closes the pool) and die with their parent (Linux
PR_SET_PDEATHSIG), so an interrupted or killed crawl leaves no orphan.

A worker that raises on a page, or dies on it (a crash in a C library), costs that page, never
the run: an exception comes back as the page's error; a dead worker breaks the pool, which is
replaced, and the pages that were in flight are analysed again one at a time in a separate
one-worker pool, so the page that kills a worker again is known exactly and the others are kept.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from govpatrol.crawler.analysis import PageAnalysis, PageJob, analyse

log = logging.getLogger(__name__)

#: At most this many workers by default: beyond it the reactor thread is the bound.
MAX_DEFAULT_WORKERS = 4
#: What a worker's interpreter imports once, before any page arrives.
PRELOAD = ["govpatrol.crawler.analysis"]


class ExtractionCrashed(RuntimeError):
    """A worker process died while analysing this page (alone in its pool)."""


def default_workers() -> int:
    """One less than the cores (the reactor keeps one), at most MAX_DEFAULT_WORKERS; 0 on one
    core, where a pool only adds pickling to the same CPU."""
    return max(0, min(MAX_DEFAULT_WORKERS, (os.cpu_count() or 1) - 1))


def from_settings(settings: Any) -> Any:
    """The extractor the settings name (GOVPATROL_EXTRACTOR), with its worker count."""
    from scrapy.utils.misc import load_object

    workers = settings.get("GOVPATROL_EXTRACT_WORKERS")
    workers = default_workers() if workers is None or int(workers) < 0 else int(workers)
    path = settings.get("GOVPATROL_EXTRACTOR")
    if path:
        return load_object(path)(workers)
    return ProcessExtractor(workers) if workers > 0 else InlineExtractor()


class InlineExtractor:
    """`analyse` in the spider's own thread."""

    workers = 0

    def __init__(self, workers: int = 0) -> None:
        pass

    async def analyse(self, job: PageJob) -> PageAnalysis:
        return analyse(job)

    def close(self) -> None:
        pass


class ProcessExtractor:
    """`analyse` in `workers` forkserver processes (see the module docstring)."""

    #: the function the workers run (a module-level function: sent by reference)
    function: Callable[[PageJob], PageAnalysis] = staticmethod(analyse)

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self.pool = self._executor(self.workers)
        self._isolation: Executor | None = None
        self._lock: asyncio.Lock | None = None
        self.crashes = 0

    def _executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=self.context, initializer=_worker_init)

    async def analyse(self, job: PageJob) -> PageAnalysis:
        pool = self.pool
        try:
            return await asyncio.wrap_future(pool.submit(self.function, job))
        except BrokenProcessPool:
            if self.pool is pool:  # the first page to notice replaces it
                self.crashes += 1
                log.warning("页面解析进程异常退出，已重启 (an extraction worker died; pool "
                            "restarted)")
                pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._executor(self.workers)
            return await self._alone(job)

    async def _alone(self, job: PageJob) -> PageAnalysis:
        """A page that was in flight when a worker died, analysed with no other page beside it:
        if the worker dies again, this page is the one that kills it."""
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            self._isolation = self._isolation or self._executor(1)
            try:
                return await asyncio.wrap_future(self._isolation.submit(self.function, job))
            except BrokenProcessPool:
                self._isolation.shutdown(wait=False, cancel_futures=True)
                self._isolation = None
                raise ExtractionCrashed(f"解析进程在此页面上崩溃 (worker died on) {job.url}")\
                    from None

    def close(self) -> None:
        """Every worker ends before the crawl returns (nothing left running)."""
        for pool in (self.pool, self._isolation):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)


def _worker_init() -> None:
    """Signals are the crawl's business, and a worker never outlives its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still ends them
        pass
