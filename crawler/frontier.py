"""The crawl's frontier on disk: Scrapy's scheduler with its disk queues in a folder of the run.

Lists are fetched first (higher priority) and each names dozens of items, so the queue of a
wide portal soon holds most of the site: at 50,000 pages some 40,000 Request objects (meta,
headers, callbacks: ~2 KB each), the largest part of the crawl's memory, and what it left
behind in the patrol process after it drained (the freed requests' heap pages stay pinned by
the URL strings allocated between them). Scrapy's own disk queues (the ones JOBDIR turns on)
keep them as pickles in files instead; each request is built again when it is taken
(~60 µs a request more than the memory queue, a callback named by attribute:
FrontierDiskQueue).

Only the queues: not JOBDIR itself, whose SpiderState extension would replace the spider's
`state` attribute (our crawl state, crawler.state) and whose dupefilter writes every
fingerprint to a file. The folder sits beside the store (a /tmp on tmpfs would put the queue
back in RAM), is fresh for each crawl and removed when the scheduler closes: a patrol resumes
from the store (`--resume`), never from this queue. A request that cannot be pickled stays in
memory (Scrapy's fallback). Distributed crawls use crawler.scheduler (Redis) instead.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from scrapy.core.scheduler import Scheduler
from scrapy.squeues import PickleLifoDiskQueue
from scrapy.utils.misc import build_from_crawler, load_object

PREFIX = ".govpatrol-frontier-"


class FrontierScheduler(Scheduler):
    """Scrapy's scheduler, its queue in a temporary folder beside the store."""

    folder: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierScheduler:
        settings = crawler.settings
        folder = frontier_folder(settings.get("GOVPATROL_DB"), settings.getint("GOVPATROL_RUN_ID"))
        scheduler = cls(
            dupefilter=build_from_crawler(load_object(settings["DUPEFILTER_CLASS"]), crawler),
            jobdir=str(folder) if folder is not None else None,
            dqclass=FrontierDiskQueue,
            mqclass=load_object(settings["SCHEDULER_MEMORY_QUEUE"]),
            logunser=settings.getbool("SCHEDULER_DEBUG"),
            stats=crawler.stats,
            pqclass=load_object(settings["SCHEDULER_PRIORITY_QUEUE"]),
            crawler=crawler,
        )
        scheduler.folder = folder
        return scheduler

    def close(self, reason: str) -> Any:
        try:
            return super().close(reason)
        finally:
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)


class FrontierDiskQueue(PickleLifoDiskQueue):
    """Scrapy's pickled LIFO disk queue, with the spider's callbacks named by attribute.

    Scrapy finds a callback's name with inspect.getmembers over the whole spider, twice per
    request: that was 3/4 of the queue's cost (~170 against ~30 µs a request for the memory
    queue). The same answer, the method of that name being the callback, is one getattr."""

    def push(self, request: Any) -> None:
        names = _method_name(self.spider, request.callback), \
            _method_name(self.spider, request.errback)
        callback, errback = request.callback, request.errback
        request.callback = request.errback = None  # named above
        try:
            data = request.to_dict(spider=self.spider)
        finally:
            request.callback, request.errback = callback, errback
        data["callback"], data["errback"] = names
        super(PickleLifoDiskQueue, self).push(data)  # the pickling queue under Scrapy's


def _method_name(spider: Any, func: Any) -> Any:
    """The name of the spider's method `func`; ValueError (Scrapy's: the request then waits
    in memory) for anything else."""
    if not callable(func):
        return func
    name = getattr(func, "__name__", "")
    bound = getattr(spider, name, None) if name else None
    if bound is None or getattr(bound, "__func__", None) is not getattr(func, "__func__", func):
        raise ValueError(f"Function {func} is not an instance method in: {spider}")
    return name


def frontier_folder(db: str | None, run_id: int) -> Path | None:
    """A new folder for one crawl's queue beside the store; None (memory queue) where the
    store's folder cannot take it. What a killed patrol of the same store and run left is
removed (a run is crawled by one process at a time; the Redis scheduler serves the others)."""
    if not db or db == ":memory:":
        return None
    path = Path(db).resolve()
    prefix = f"{PREFIX}{path.name}-{run_id}-"
    for stale in path.parent.glob(prefix + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    try:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=path.parent))
    except OSError:
        return None
