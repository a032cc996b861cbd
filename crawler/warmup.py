"""The extraction workers' forkserver, started before the crawl needs it.

A forkserver is a fresh interpreter that imports the extraction modules (lxml, the CMS
adapters, the extractors) once; every worker is forked from it. Its first worker can only be
forked once those imports are done, and the crawl's reactor started only after that: in a
patrol the crawl waited ~1 s on a quiet machine (several under load) for imports that could
have run on the second core while the patrol itself imported Scrapy, the auditors and the
store. `start_forkserver` starts it at once and returns; crawler.extractors later forks its
workers from the same server. This module imports nothing heavy, so calling it is free.
"""

from __future__ import annotations

import multiprocessing
import os

#: At most this many workers by default: beyond it the reactor thread is the bound.
MAX_DEFAULT_WORKERS = 4
#: What a worker's interpreter imports once, before any page arrives.
PRELOAD = ["govpatrol.crawler.analysis"]


def default_workers() -> int:
    """One less than the cores (the reactor keeps one), at most MAX_DEFAULT_WORKERS; 0 on one
    core, where a pool only adds pickling to the same CPU."""
    return max(0, min(MAX_DEFAULT_WORKERS, (os.cpu_count() or 1) - 1))


def forkserver_context() -> multiprocessing.context.BaseContext:
    """The forkserver context with the extraction modules as its preload."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_forkserver(workers: int | None) -> bool:
    """Start the forkserver now (it imports in the background) when the crawl will use
    worker processes: `workers` as GOVPATROL_EXTRACT_WORKERS says (None: the machine
    decides, see default_workers; 0: inline, nothing to start). True when started."""
    if workers is None or workers < 0:
        workers = default_workers()
    if workers <= 0:
        return False
    forkserver_context()
    from multiprocessing import forkserver

    forkserver.ensure_running()
    return True
