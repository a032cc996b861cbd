"""Scrapy settings for a patrol: polite by default, bounded always."""

from __future__ import annotations

import os
from typing import Any

from govpatrol.errors import GovpatrolError

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 govpatrol/0.1 (+government website patrol)"
)


def build_settings(*, db: str, run_id: int, concurrency: int = 16, robots: bool = True,
                   timeout: float = 30.0, progress: str = "auto",
                   log_level: str = "WARNING", delay: float = 0.0,
                   extract_workers: int | None = None) -> dict[str, Any]:
    """`delay`: the site's own minimum seconds between requests (sites.toml `delay`, or
    1 / `max_rps`); AutoThrottle never goes below it. `extract_workers`: processes that parse
    and extract pages (crawler.extractors; 0 inline; None: the environment's
    GOVPATROL_EXTRACT_WORKERS, else one less than the cores)."""
    return {
        "BOT_NAME": "govpatrol",
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": robots,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": delay,
        # a configured delay is a promise to the site: exact, not 0.5x-1.5x
        "DOWNLOAD_DELAY_JITTER": 0.0 if delay else 0.5,
        # AutoThrottle adapts the delay to the server's latency: a slow county server gets
        # fewer parallel requests, a fast one is not held back.
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": 0.0,
        "AUTOTHROTTLE_MAX_DELAY": 10.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(concurrency),
        "DOWNLOAD_TIMEOUT": timeout,
        "DOWNLOAD_MAXSIZE": 20 * 1024 * 1024,
        "DOWNLOAD_WARNSIZE": 5 * 1024 * 1024,
        # Scrapy starts this many asyncio workers for every response's output; ours is a few
        # records and requests, and 100 workers per page cost more than parsing it.
        "CONCURRENT_ITEMS": 4,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 1,
        # transient answers only: a 500 is the site's answer and becomes a finding
        "RETRY_HTTP_CODES": [502, 503, 504, 522, 524, 408],
        "REDIRECT_MAX_TIMES": 10,
        "HTTPERROR_ALLOW_ALL": True,
        "COOKIES_ENABLED": True,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": log_level,
        "LOG_INSTALL_ROOT_HANDLER": False,  # the CLI owns logging (rich on a terminal)
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        # the queue of requests on disk beside the store, not in memory (crawler.frontier)
        "SCHEDULER": "govpatrol.crawler.frontier.FrontierScheduler",
        # Scrapy's HTTP/1.1 handler, each host name encoded once (crawler.handler)
        "DOWNLOAD_HANDLERS": {"http": "govpatrol.crawler.handler.PatrolDownloadHandler",
                              "https": "govpatrol.crawler.handler.PatrolDownloadHandler"},
        "DOWNLOADER_MIDDLEWARES": {
            "govpatrol.crawler.middlewares.ChineseEncodingMiddleware": 950,
            "govpatrol.crawler.middlewares.ScopeMiddleware": 40,
            # sees 429 / 503 before RetryMiddleware (550) does
            "govpatrol.crawler.middlewares.ThrottleRetryMiddleware": 560,
            # Scrapy's, without decoding every page to find out that it has no meta refresh
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "govpatrol.crawler.middlewares.CheapMetaRefreshMiddleware": 580,
            # every request passes each middleware's coroutine on the reactor thread: none for
            # what a patrol never uses (allowed_domains: the scope decides, before a request
            # exists; HTTP basic auth: government sites are public)
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            # the counters without writing every request out as HTTP text to count its bytes
            "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
            "govpatrol.crawler.middlewares.CrawlStats": 850,
        },
        "GOVPATROL_THROTTLE_RETRIES": 8,
        "GOVPATROL_THROTTLE_MAX_WAIT": 60.0,
        # every request and record the spider yields passes through each spider middleware's
        # async generator on the reactor thread: none for what nothing here reads (request
        # depth, a debugging check of copied meta keys)
        "SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.depth.DepthMiddleware": None,
                               "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware":
                               None},
        "ITEM_PIPELINES": {"govpatrol.crawler.pipelines.StorePipeline": 300},
        "EXTENSIONS": {"govpatrol.crawler.progress.CrawlProgress": 500},
        "GOVPATROL_DB": db,
        "GOVPATROL_RUN_ID": run_id,
        "GOVPATROL_PROGRESS": progress,
        "GOVPATROL_STATE": "govpatrol.crawler.state.LocalState",  # RedisState: redis_settings
        "GOVPATROL_EXTRACT_WORKERS": extract_workers if extract_workers is not None
        else env_workers(),
    }


def env_workers() -> int | None:
    """GOVPATROL_EXTRACT_WORKERS from the environment (None when unset: the machine decides)."""
    value = os.environ.get("GOVPATROL_EXTRACT_WORKERS", "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise GovpatrolError("环境变量 GOVPATROL_EXTRACT_WORKERS 应为整数 "
                             f"(must be an integer): {value!r}") from None


#: Debian's chromium, headless, with nothing that calls home (design.md, Known pitfalls).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def playwright_settings() -> dict[str, Any]:
    """scrapy-playwright's download handler: only requests with meta `playwright` use Chromium.

    Contexts and pages are bounded, because every open page holds a renderer's memory.
    """
    handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": CHROMIUM, "headless": True,
                                      "args": CHROMIUM_ARGS},
        "PLAYWRIGHT_MAX_CONTEXTS": 2,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 30_000,
    }


def redis_settings(redis_url: str, run_id: int, lease_timeout: float = 30.0,
                   lease_retakes: int = 2) -> dict[str, Any]:
    """scrapy-redis scheduler and dupefilter, one set of keys per run; records to Redis.

    SCHEDULER_PERSIST: a worker that finishes first must not flush the queue the others
    still read; the coordinator removes the run's keys at the end (crawler.shared.cleanup).
    Leases (crawler.leases): a worker silent for `lease_timeout` seconds is dead, and its
    requests go to the others, each at most `lease_retakes` times.
    """
    from govpatrol.crawler.state import prefix

    return {
        "SCHEDULER": "govpatrol.crawler.scheduler.LeasingScheduler",
        "GOVPATROL_LEASE_TIMEOUT": lease_timeout,
        "GOVPATROL_LEASE_RETAKES": lease_retakes,
        "SCHEDULER_SERIALIZER": "govpatrol.crawler.serializer",  # JSON, never pickle
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": prefix(run_id) + "requests",
        "SCHEDULER_DUPEFILTER_KEY": prefix(run_id) + "dupefilter",
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": redis_url,
        "ITEM_PIPELINES": {"govpatrol.crawler.shared.RecordPipeline": 300},
        "GOVPATROL_REDIS": redis_url,
        "GOVPATROL_STATE": "govpatrol.crawler.state.RedisState",
    }
