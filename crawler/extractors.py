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
SIGINT (Ctrl-C reaches the whole process group; the crawl's own graceful shutdown finishes the
pages in flight and then closes the pool; SIGTERM still ends them, as multiprocessing expects)
and die with their parent (Linux PR_SET_PDEATHSIG), so an interrupted or killed crawl leaves no
orphan.

A worker that raises on a page, or dies on it (a crash in a C library), costs that page, never
the run: an exception comes back as the page's error; a dead worker is replaced, the page it
died on (the oldest it had: it answers in order) becomes that page's error, and the pages
queued behind it go to the other workers.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import pickle
import signal
import struct
from collections.abc import Callable
from typing import Any

from govpatrol.crawler.analysis import PageAnalysis, PageJob, analyse

log = logging.getLogger(__name__)

#: At most this many workers by default: beyond it the reactor thread is the bound.
MAX_DEFAULT_WORKERS = 4
#: The job id of a worker's first message: it started.
READY = 0
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
    cpu_seconds = 0.0

    def __init__(self, workers: int = 0) -> None:
        pass

    async def analyse(self, job: PageJob) -> PageAnalysis:
        return analyse(job)

    def close(self) -> None:
        pass


class ProcessExtractor:
    """`analyse` in `workers` forkserver processes (see the module docstring).

    Each worker has a pipe for jobs and one for results, both read and written by the asyncio
    event loop itself (non-blocking transports): no executor threads handing the GIL back and
    forth with the reactor, no feeder or result threads. A job goes to the worker with the
    fewest pages in flight; a worker answers its pages in the order it got them, so when its
    result pipe closes early the oldest page in flight is the one it died on, and the others
    are sent to a new worker.
    """

    #: the function the workers run (a module-level function: sent by reference)
    function: Callable[[PageJob], PageAnalysis] = staticmethod(analyse)

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self._pool: list[_Worker] = [self._start() for _ in range(self.workers)]
        self._next_id = 0
        self.crashes = 0
        self.closed = False
        self.inline = False  # the workers could not start: the pages are analysed here
        self.cpu_seconds = 0.0  # user+sys of the workers, read when they are closed

    def _start(self) -> _Worker:
        return _Worker(self.context, self.function, self._died)

    async def analyse(self, job: PageJob) -> PageAnalysis:
        if self.closed:
            raise RuntimeError("extractor closed")
        loop = asyncio.get_running_loop()
        while True:
            if self.inline:
                return self.function(job)
            worker = min(self._pool, key=lambda w: len(w.pending))
            await worker.connect(loop)
            if not worker.dead:  # else replaced while its pipes were being connected
                break
        self._next_id += 1
        future: asyncio.Future[PageAnalysis] = loop.create_future()
        worker.send(self._next_id, job, future)
        return await future

    def _died(self, worker: _Worker) -> None:
        """A worker's result pipe closed with pages in flight: the first one killed it."""
        if self.closed or worker not in self._pool:
            return
        if not worker.ready:  # it never started: no page to blame, none to lose
            self._fall_back(worker)
            return
        self.crashes += 1
        log.warning("页面解析进程异常退出，已重启 (an extraction worker died; restarted)")
        self._pool[self._pool.index(worker)] = self._start()
        pending = list(worker.pending.values())
        worker.pending.clear()
        worker.stop(kill=True)
        worker.join()
        if not pending:
            return
        (job, future), *others = pending
        if not future.done():
            future.set_exception(ExtractionCrashed(
                f"解析进程在此页面上崩溃 (worker died on) {job.url}"))
        for job, future in others:  # not started: analysed elsewhere, awaited by their pages
            asyncio.ensure_future(self._retry(job, future))

    def _fall_back(self, worker: _Worker) -> None:
        """Workers that die before they can take a page (an interpreter that cannot start
        them, a module that does not import there) would fail every page: analyse here."""
        if not self.inline:
            log.error("页面解析进程无法启动，改在爬虫进程内解析 (extraction workers cannot "
                      "start; extracting inline)")
        self.inline = True
        self.workers = 0
        pending = list(worker.pending.values())
        worker.pending.clear()
        worker.stop(kill=True)
        worker.join()
        for job, future in pending:
            try:
                result = self.function(job)
            except Exception as exc:  # noqa: BLE001 - that page's error
                future.set_exception(exc)
            else:
                future.set_result(result)

    async def _retry(self, job: PageJob, future: asyncio.Future) -> None:
        try:
            result = await self.analyse(job)
        except BaseException as exc:  # noqa: BLE001 - handed to the page that awaits it
            if not future.done():
                future.set_exception(exc)
        else:
            if not future.done():
                future.set_result(result)

    def close(self) -> None:
        """Every worker ends before the crawl returns (nothing left running)."""
        self.cpu_seconds = sum(_cpu_seconds(w.process.pid) for w in self._pool)
        self.closed = True
        for worker in self._pool:
            worker.stop()
        for worker in self._pool:
            worker.join()


class _Worker:
    """One worker process and the event loop's two pipes to it."""

    def __init__(self, context: Any, function: Callable[[PageJob], PageAnalysis],
                 died: Callable[[_Worker], None]) -> None:
        job_read, job_write = context.Pipe(duplex=False)
        result_read, result_write = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(job_read, result_write, function),
                                       name="govpatrol-extract", daemon=True)
        self.process.start()
        job_read.close()
        result_write.close()
        self._job_conn, self._result_conn = job_write, result_read
        self.pending: dict[int, tuple[PageJob, asyncio.Future]] = {}
        self._died = died
        self._writer: asyncio.WriteTransport | None = None
        self._reader: asyncio.ReadTransport | None = None
        self._connecting: asyncio.Future | None = None
        self.dead = False
        self.ready = False  # it said so: it imported what it needs and waits for pages

    async def connect(self, loop: asyncio.AbstractEventLoop) -> None:
        """The pipes as the loop's transports (once, from inside the running loop)."""
        if self._writer is not None:
            return
        if self._connecting is None:
            self._connecting = asyncio.ensure_future(self._connect(loop))
        await asyncio.shield(self._connecting)

    async def _connect(self, loop: asyncio.AbstractEventLoop) -> None:
        writer_file = open(os.dup(self._job_conn.fileno()), "wb", buffering=0)  # noqa: SIM115
        reader_file = open(os.dup(self._result_conn.fileno()), "rb", buffering=0)  # noqa: SIM115
        self._job_conn.close()
        self._result_conn.close()
        self._writer, _ = await loop.connect_write_pipe(asyncio.BaseProtocol, writer_file)
        self._reader, _ = await loop.connect_read_pipe(lambda: _Results(self), reader_file)

    def send(self, job_id: int, job: PageJob, future: asyncio.Future) -> None:
        assert self._writer is not None
        self.pending[job_id] = (job, future)
        payload = pickle.dumps((job_id, job), protocol=pickle.HIGHEST_PROTOCOL)
        self._writer.write(_frame(payload))

    def answer(self, payload: bytes) -> None:
        job_id, ok, value = pickle.loads(payload)
        if job_id == READY:
            self.ready = True
            return
        _, future = self.pending.pop(job_id, (None, None))
        if future is None or future.done():
            return
        if ok:
            future.set_result(value)
        else:
            future.set_exception(ExtractionFailed(value))

    def lost(self) -> None:
        self._died(self)

    def stop(self, kill: bool = False) -> None:
        """No more jobs: the worker reads the end of its pipe and exits."""
        self.dead = True
        if kill and self.process.is_alive():
            self.process.kill()
        try:
            if self._writer is not None:
                self._writer.close()
                if not self._writer.get_write_buffer_size():
                    # The transport closes its pipe on the loop's next turn, but `join` blocks
                    # the loop: the worker would never read the end of its input and be killed
                    # after join's 5 s. With nothing left to write, the pipe is closed now.
                    self._writer.get_extra_info("pipe").close()
            else:
                self._job_conn.close()
        except RuntimeError:  # the event loop is gone already: the process ends them
            pass

    def join(self) -> None:
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        try:
            if self._reader is not None:
                self._reader.close()
            else:
                self._result_conn.close()
        except RuntimeError:
            pass


class _Results(asyncio.Protocol):
    """Length-prefixed messages (multiprocessing.Connection's framing) from a worker."""

    def __init__(self, worker: _Worker) -> None:
        self.worker = worker
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            if len(self.buffer) < 4:
                return
            (size,) = struct.unpack_from("!i", self.buffer)
            start = 4
            if size == -1:
                if len(self.buffer) < 12:
                    return
                (size,) = struct.unpack_from("!Q", self.buffer, 4)
                start = 12
            if len(self.buffer) < start + size:
                return
            payload = bytes(self.buffer[start:start + size])
            del self.buffer[:start + size]
            self.worker.answer(payload)

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.worker.lost()


def _frame(payload: bytes) -> bytes:
    """multiprocessing.Connection.send_bytes' framing, so the worker reads with recv_bytes."""
    size = len(payload)
    if size > 0x7FFFFFFF:
        return struct.pack("!i", -1) + struct.pack("!Q", size) + payload
    return struct.pack("!i", size) + payload


class ExtractionFailed(RuntimeError):
    """The page's analysis raised in the worker (its type and message)."""


def _serve(jobs: Any, results: Any, function: Callable[[PageJob], PageAnalysis]) -> None:
    """A worker's loop: a job in, its analysis (or what it raised) out, until the pipe ends."""
    _worker_init()
    results.send_bytes(pickle.dumps((READY, True, None)))
    while True:
        try:
            job_id, job = pickle.loads(jobs.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            answer = (job_id, True, function(job))
        except Exception as exc:  # noqa: BLE001 - the page's error, sent back as text
            answer = (job_id, False, f"{type(exc).__name__}: {exc}")
        try:
            results.send_bytes(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        except (BrokenPipeError, OSError):
            return


def _cpu_seconds(pid: int | None) -> float:
    """user+sys seconds of a live process (Linux /proc; 0 elsewhere): the benchmark's figure
    for the work moved off the reactor's process."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _worker_init() -> None:
    """Signals are the crawl's business, and a worker never outlives its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still ends them
        pass
