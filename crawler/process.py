"""Running a crawl in this process (Scrapy's CrawlerProcess) and reporting what it did."""

from __future__ import annotations

import logging
import resource
from collections import Counter
from typing import Any

from scrapy.crawler import CrawlerProcess

from govpatrol.crawler.settings import build_settings, playwright_settings, redis_settings
from govpatrol.crawler.spiders.portal import PortalSpider, SpiderOptions, scope_of

log = logging.getLogger(__name__)


def run_crawl(options: SpiderOptions, *, db: str, run_id: int, concurrency: int = 16,
              robots: bool = True, timeout: float = 30.0, progress: str = "auto",
              log_level: str = "WARNING", wechat: Any = None,
              redis_url: str | None = None, delay: float = 0.0, lease_timeout: float = 30.0,
              lease_retakes: int = 2, extract_workers: int | None = None,
              extra_settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Crawl one site into the store; returns the spider's counters and Scrapy's stats.

    Twisted's reactor starts once per process, so one call per process: the CLI is the unit
    of work (tests run it as a subprocess). `extract_workers`: see build_settings;
    `extra_settings`: Scrapy settings over ours (a component chosen for a test or a benchmark).
    """
    settings = build_settings(db=db, run_id=run_id, concurrency=concurrency, robots=robots,
                              timeout=timeout, progress=progress, log_level=log_level,
                              delay=delay, extract_workers=extract_workers)
    if options.js_columns or options.js_auto:
        settings.update(playwright_settings())
        # what a page's scripts ask Chromium for is held to the site's scope too
        settings["PLAYWRIGHT_ABORT_REQUEST"] = browser_filter(scope_of(options, robots=robots))
    if redis_url:
        settings.update(redis_settings(redis_url, run_id, lease_timeout, lease_retakes))
        # an idle worker asks the shared queue for work at every engine heartbeat (5 s by
        # default): poll every second, or workers that joined early sit out a short crawl
        from scrapy.core.engine import ExecutionEngine

        ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = 1.0
        # scrapy-redis 0.9.1 still passes `spider=` to the stats collector: known, harmless
        import warnings

        from scrapy.exceptions import ScrapyDeprecationWarning

        warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning,
                                module=r"scrapy_redis\.")
    settings.update(extra_settings or {})
    quiet = ("scrapy", "twisted", "py.warnings", "protego", "filelock")
    for name in quiet:
        logging.getLogger(name).setLevel(log_level)
    process = StoppableProcess(settings)  # this resets the scrapy/twisted loggers: quieten again
    for name in quiet:
        logging.getLogger(name).setLevel(log_level)
    # a page that fails after its retry is recorded and reported as a finding, not an error
    logging.getLogger("scrapy.downloadermiddlewares.retry").setLevel(logging.CRITICAL)
    # a robots.txt that cannot be fetched means no rules; when the whole site is unreachable
    # the start page says so in one line, not after a 70-line traceback from here
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, options=options)
    wechat_crawler = None
    if wechat is not None:  # the site's WeChat accounts, side by side with the portal
        from govpatrol.crawler.spiders.wechat import WechatSpider

        wechat_crawler = process.create_crawler(WechatSpider)
        for name, value in (("EXTENSIONS", {}),  # the portal's progress line is enough
                            # its own local queue and store writer, even in a distributed run
                            ("SCHEDULER", "scrapy.core.scheduler.Scheduler"),
                            ("DUPEFILTER_CLASS", "scrapy.dupefilters.RFPDupeFilter"),
                            ("ITEM_PIPELINES", {"govpatrol.crawler.pipelines.StorePipeline": 300})):
            wechat_crawler.settings.set(name, value, priority="spider")
        process.crawl(wechat_crawler, options=wechat)
    cpu_before = _cpu_seconds()
    process.start()
    cpu_seconds = _cpu_seconds() - cpu_before
    spider = crawler.spider
    counters: Counter[str] = getattr(spider, "counters", Counter())
    stats = crawler.stats.get_stats() if crawler.stats else {}
    state = getattr(spider, "state", None)
    return {
        "counters": dict(counters),
        # events any process of the crawl marked (crawler.state.mark): a distributed worker
        # that reached the page budget makes the run incomplete like the coordinator's spider
        "marks": _marks(state),
        "finish_reason": stats.get("finish_reason"),
        "requests": stats.get("downloader/request_count", 0),
        # requests the scheduler queued, and of those kept in memory rather than in the
        # frontier's files (crawler.frontier): a request that could not be pickled
        "queued": stats.get("scheduler/enqueued", 0),
        "queued_in_memory": stats.get("scheduler/enqueued/memory", 0),
        "responses": stats.get("downloader/response_count", 0),
        "bytes": stats.get("downloader/response_bytes", 0),
        "elapsed": stats.get("elapsed_time_seconds"),
        # user+sys of this process over the crawl (reactor and store writer threads): on a
        # shared machine the elapsed time wanders, this does not
        "cpu_seconds": round(cpu_seconds, 2),
        "not_modified": stats.get("downloader/response_status_count/304", 0),
        "wechat": _wechat_stats(wechat_crawler),
        # SIGINT / SIGTERM stopped the crawl (Scrapy's graceful shutdown): not a complete run
        "signal": process.stopped_by,
        "retry_exhausted": stats.get("govpatrol/throttled_exhausted", 0),
        # processes that parsed and extracted the pages (crawler.extractors; 0: inline)
        "extract_workers": getattr(getattr(spider, "extractor", None), "workers", 0),
        "extract_cpu_seconds": round(getattr(getattr(spider, "extractor", None),
                                             "cpu_seconds", 0.0), 2),
        "throttled": stats.get("govpatrol/throttled", 0),
    }


class StoppableProcess(CrawlerProcess):
    """Scrapy's CrawlerProcess, remembering the signal that stopped it.

    Scrapy already stops gracefully on the first SIGINT or SIGTERM (the requests in flight
    finish, the pipelines close and commit) and hard on the second; either way `start()`
    returns as if the crawl had ended, so the caller must be told, or a half crawl is audited
    and stored as a complete run.
    """

    stopped_by: int | None = None

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        self.stopped_by = signum
        super()._signal_shutdown(signum, frame)

    def _signal_kill(self, signum: int, frame: Any) -> None:
        self.stopped_by = self.stopped_by or signum
        super()._signal_kill(signum, frame)


def browser_filter(scope: Any) -> Any:
    """scrapy-playwright's PLAYWRIGHT_ABORT_REQUEST: True aborts a request Chromium was about
    to make (robots.txt may need fetching: off the event loop)."""
    import asyncio

    async def abort(request: Any) -> bool:
        page = request.resource_type == "document"
        reason = await asyncio.to_thread(scope.fetch_reason, request.url, page)
        if reason is not None:
            log.info("浏览器请求超出巡检范围，已阻止 (browser request refused, %s): %s", reason,
                     request.url)
        return reason is not None

    return abort


def _marks(state: Any) -> list[str]:
    """The crawl state's marks; a shared state that cannot be read any more (Redis gone at the
    very end) is said in the log, and the crawl's own counters still tell what they know."""
    if state is None:
        return []
    try:
        return sorted(state.marked())
    except Exception as exc:  # noqa: BLE001 (redis is not imported by a local crawl)
        log.warning("无法读取共享抓取状态 (cannot read the shared crawl state): %s", exc)
        return []


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _wechat_stats(crawler: Any) -> dict[str, Any] | None:
    if crawler is None:
        return None
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return {"counters": dict(getattr(crawler.spider, "counters", {})),
            "requests": stats.get("downloader/request_count", 0)}
