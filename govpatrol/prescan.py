"""The text scan ahead: a second process scans the pages' text while the crawl stores them.

The text engine's scan (auditors/text/engine.py) is the biggest pure per-page cost of the
audit. This worker follows a run's pages (and read attachments) through the store, as the link
checker follows its links, scans each text once and stores the hits under the scan's key
(auditors/text/stored.py). The audit then takes a stored scan whose key matches the page
exactly and scans inline any page the worker had not reached, so the findings never depend on
how far the worker got, and a scan made under other lists, options or dates is never used.

It runs in a `spawn`ed process (never a fork of a process holding Twisted's reactor), at a
lower CPU priority than the crawl, and ends with its parent: a patrol interrupted or killed
leaves no worker behind. Unless the site asks for it (`prescan = true`), the process is only
started once the crawl has stored `MIN_PAGES` pages with text: until then a thread of the
patrol counts them, so a small site never pays for a second interpreter's start (about 0.3 s
of CPU) that would only have waited. A worker that fails costs speed, never findings: the
patrol logs a warning and the audit scans what is missing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os
import signal
import threading
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

from govpatrol.auditors import AuditContext
from govpatrol.auditors.text import (
    TextOptions,
    WordlistError,
    get_engine,
    page_date,
    page_hits,
    scan_key,
    text_options,
)
from govpatrol.auditors.text.stored import dump_hits
from govpatrol.model import Page
from govpatrol.store import Store
from govpatrol.store.base import to_date

log = logging.getLogger(__name__)

POLL_SECONDS = 0.3
BATCH = 200  # pages read, scanned and stored together (one short write transaction)
NICE = 5  # the crawl and the audit come first: this only saves them time
REASON_BYTES = 400  # room for the one line that says why a worker ended with an exception
#: Tests: stop after this many scans (a worker that got half-way); None: scan everything.
LIMIT: int | None = None
#: A patrol's worker is started, and loads the text engine (about 1.3 CPU s from the disk
#: cache, far more when it is built), only once the crawl has stored this many pages with
#: text: a smaller site is scanned by the audit in less time than the load takes.
MIN_PAGES = 1000


@dataclass(frozen=True)
class PrescanJob:
    db: str
    run_id: int
    options: TextOptions
    as_of: date
    limit: int | None = None
    min_pages: int = 0  # wait for this many stored pages before loading the engine


def enabled(setting: bool | None) -> bool:
    """The site's `prescan` setting; unset: on wherever a second core exists."""
    return setting if setting is not None else (os.cpu_count() or 1) > 1


def run_job(job: PrescanJob, done: Any, progress: Any = None) -> int:
    """Scan the run's texts that have no stored scan of their current key; returns how many.

    While `done` is unset the crawl is storing pages: follow them in the order they arrive.
    Once set, nothing new comes: sweep what is still unscanned (pages, then attachments the
    link checker read) from the last URL down, against the audit's reading order, so the
    two meet in the middle instead of scanning the same pages side by side. `progress`: shared
    (scanned, CPU seconds), which the parent reads even when it had to stop us."""
    store = Store(job.db)
    if not _worth_it(store, job, done):
        store.close()
        return 0
    get_engine(job.options)  # built (or loaded) before the first page
    scanned = 0

    def going() -> bool:
        return job.limit is None or scanned < job.limit

    def scan(pages: list[Page]) -> None:
        nonlocal scanned
        if job.limit is not None:
            pages = pages[:max(0, job.limit - scanned)]
        scanned += _scan_batch(store, job, pages)
        if progress is not None:
            progress[0], progress[1] = scanned, time.process_time()

    try:
        after = 0
        while going() and not done.is_set():
            rows = store.page_texts_since(job.run_id, after, BATCH)
            if not rows:
                time.sleep(POLL_SECONDS)
                continue
            after = rows[-1][0]
            scan([_page(url, text, published, metadata)
                  for _, url, text, published, metadata in rows])
        last: str | None = None
        while going():
            rows = store.unscanned_page_texts(job.run_id, last, BATCH)
            if not rows:
                break
            last = rows[-1][0]
            scan([_page(*row) for row in rows])
        last = None
        while going():
            found = store.unscanned_attachment_texts(job.run_id, last, BATCH)
            if not found:
                break
            last = found[-1][0]
            # read as the audit reads them (auditors/attachments.as_page): no date of their own
            scan([Page(site="", url=url, text=text, kind="attachment") for url, text in found])
    finally:
        store.close()
    return scanned


def _worth_it(store: Store, job: PrescanJob, done: Any,
              guard: AbstractContextManager[Any] | None = None) -> bool:
    """Wait, without loading anything, until the run holds `min_pages` pages with text (then
    scanning ahead pays for the engine's load) or the crawl is over with fewer (then it does
    not: the audit scans them). `guard` is held around each count (the patrol's waiting
    thread: _FORK_LOCK)."""
    while True:
        finished = done.is_set()  # read before counting: no page stored after it is missed
        with guard or contextlib.nullcontext():
            enough = store.page_texts_stored(job.run_id, job.min_pages)
        if enough:
            return True
        if finished:
            return False
        time.sleep(POLL_SECONDS)


def _page(url: str, text: str, published: str | None, metadata: str | None) -> Page:
    """What the audit's Page says about the text and its dates (store.iter_pages)."""
    return Page(site="", url=url, text=text, published=to_date(published),
                metadata=_metadata(metadata))


def _metadata(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _scan_batch(store: Store, job: PrescanJob, pages: list[Page]) -> int:
    keyed = [(page, scan_key(page.text, job.options, page_date(page), job.as_of))
             for page in pages]
    have = store.scanned_keys(job.run_id, {page.url for page, key in keyed if key})
    rows = [(page.url, key, dump_hits(page_hits(page, job.options, job.as_of)))
            for page, key in keyed if key is not None and (page.url, key) not in have]
    if rows and not store.save_text_scans(job.run_id, rows):
        log.info("数据库忙，本批预扫描结果未保存，由审计补做 (store busy: %d scans not stored, "
                 "the audit scans those pages)", len(rows))
        return 0
    return len(rows)


def _process_main(job: PrescanJob, done: Any, progress: Any, parent: int,
                  reason: Any = None) -> None:
    # Ctrl-C reaches the whole process group: the patrol decides, and stops us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent(parent)
    logging.basicConfig(level=logging.WARNING)
    with contextlib.suppress(OSError):
        os.nice(NICE)
    try:
        # a bad word list: the audit reports it and runs no text check, nothing to scan for
        with contextlib.suppress(WordlistError):
            run_job(job, done, progress)
    except Exception as exc:
        # the traceback goes to stderr as before; the one line also reaches the run's stats,
        # which outlive a terminal nobody kept (a nightly run's worker that died said only
        # "exit code 1")
        if reason is not None:
            reason.value = _reason(exc).encode("utf-8")[:REASON_BYTES - 1]
        raise


def _reason(exc: BaseException) -> str:
    """`Type: message` on one line, cut to fit the shared buffer without splitting a character."""
    line = " ".join(f"{type(exc).__name__}: {exc}".split())
    while len(line.encode("utf-8")) >= REASON_BYTES:
        line = line[:-1]
    return line


def _exit_with_parent(parent: int) -> None:
    """A patrol killed with SIGKILL cannot stop us: we notice within half a second, whatever
    we are doing (loading the engine, scanning a batch), and end. `parent` is the patrol's
    pid as it gave it: read here, it could already be the reaper's."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="govpatrol-prescan-parent", daemon=True).start()


#: Held by the waiting thread around each SQLite call and by os.fork() (any fork of this
#: process: the crawl's child, the ledger renderer) for its duration.
_FORK_LOCK = threading.Lock()
os.register_at_fork(before=_FORK_LOCK.acquire, after_in_parent=_FORK_LOCK.release,
                    after_in_child=_FORK_LOCK.release)


class PrescanProcess:
    """The worker beside the crawl and the audit: start(), finish() once no page will be
    stored any more, stop() once the audit no longer needs it."""

    def __init__(self, job: PrescanJob) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.job = job
        self.done = ctx.Event()
        self.progress = ctx.Array("d", 2, lock=False)  # scanned, CPU seconds
        self.reason = ctx.Array("c", REASON_BYTES, lock=False)  # why it failed, if it did
        self.process = ctx.Process(target=_process_main,
                                   args=(job, self.done, self.progress, os.getpid(),
                                         self.reason),
                                   name="govpatrol-prescan", daemon=True)
        self.stopped = False
        self._lock = threading.Lock()  # the waiting thread starts the process only if not closed
        self._closed = False
        self._waiter: threading.Thread | None = None

    def start(self) -> PrescanProcess:
        """Start the process now, or (job.min_pages) once the run holds that many pages with
        text: a thread of this process waits for them, and never starts it if the crawl ends
        with fewer."""
        if self.job.min_pages <= 0:
            self.process.start()
        else:
            self._waiter = threading.Thread(target=self._start_when_worth_it, daemon=True,
                                            name="govpatrol-prescan-wait")
            self._waiter.start()
        return self

    def _start_when_worth_it(self) -> None:
        worth = self._wait_for_pages()
        with self._lock:
            if worth and not self._closed:
                self.process.start()

    def _wait_for_pages(self) -> bool:
        """_worth_it, each SQLite call under _FORK_LOCK: the patrol forks its crawl while
        this thread polls, and a child forked in the middle of a query could inherit one of
        SQLite's global mutexes locked."""
        try:
            with _FORK_LOCK:
                store = Store(self.job.db)
        except Exception:  # noqa: BLE001 - the worker meets the same error and is reported
            return True
        try:
            return _worth_it(store, self.job, self.done, _FORK_LOCK)
        finally:
            with _FORK_LOCK:
                store.close()

    @property
    def started(self) -> bool:
        return self.process.pid is not None

    def finish(self) -> None:
        """No page will be stored any more: scan what is left, then end."""
        self.done.set()

    def join(self, timeout: float | None = None) -> None:
        """Wait for it to end by itself (the benchmark's prescanned store)."""
        self.finish()
        if self._waiter is not None:
            self._waiter.join(timeout)
        if self.started:
            self.process.join(timeout)

    def stop(self) -> dict[str, Any]:
        """End it now (what it stored stays), and say what it did. A worker that died by
        itself is logged as a warning: the audit scanned inline whatever it had not."""
        self.done.set()
        with self._lock:
            self._closed = True
        if self._waiter is not None:  # it sees `done` within POLL_SECONDS and ends
            self._waiter.join(5)
        if self.started and self.process.is_alive():
            self.stopped = True
            self.process.terminate()
        if self.started:
            self.process.join(5)
        code = self.process.exitcode
        stats: dict[str, Any] = {"scanned": int(self.progress[0]),
                                 "cpu_seconds": round(self.progress[1], 2)}
        if code not in (0, None) and not self.stopped:
            reason = self.reason.value.decode("utf-8", "replace")
            stats["error"] = f"exit code {code}" + (f": {reason}" if reason else "")
            log.warning("预扫描进程异常退出，文字检查已在审计中补做 (text prescan worker "
                        "ended with %s; the audit scanned the pages itself)", stats["error"])
        return stats


def prescan_for(db: str, run_id: int, ctx: AuditContext,
                setting: bool | None) -> PrescanProcess | None:
    """A started worker for this run, or None when the site's `prescan` setting is off. Unset,
    the worker waits for MIN_PAGES stored pages before it loads anything; true, it does not."""
    if not enabled(setting):
        return None
    job = PrescanJob(db=str(db), run_id=run_id, options=text_options(ctx.settings),
                     as_of=ctx.as_of, limit=LIMIT,
                     min_pages=0 if setting else MIN_PAGES)  # true: always, unset: when it pays
    return PrescanProcess(job).start()
