"""Crawl progress for people: a live rich panel on a terminal, plain log lines elsewhere.

Cron mails and CI logs get one line every few seconds instead of a redraw storm.
"""

from __future__ import annotations

import logging
import sys
import time

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import signals
from twisted.internet import task

log = logging.getLogger("govpatrol.progress")


class CrawlProgress:
    """Scrapy extension; enabled with GOVPATROL_PROGRESS = "rich" | "log" | "off"."""

    def __init__(self, crawler, mode: str, interval: float) -> None:
        self.crawler = crawler
        self.mode = mode
        self.interval = interval
        self.loop: task.LoopingCall | None = None
        self.live: Live | None = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler) -> CrawlProgress:
        mode = crawler.settings.get("GOVPATROL_PROGRESS", "auto")
        if mode == "auto":
            mode = "rich" if sys.stderr.isatty() else "log"
        interval = 0.25 if mode == "rich" else crawler.settings.getfloat(
            "GOVPATROL_PROGRESS_INTERVAL", 10.0)
        ext = cls(crawler, mode, interval)
        if mode != "off":
            crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
            crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def snapshot(self) -> dict[str, int | float]:
        spider = self.crawler.spider
        counters = getattr(spider, "counters", {})
        stats = self.crawler.stats
        scheduled = len(getattr(spider, "scheduled", ()))
        fetched = counters.get("fetched", 0) + counters.get("errors", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        return {
            "fetched": fetched,
            "queued": max(scheduled - fetched, 0),
            "errors": counters.get("errors", 0),
            "columns": counters.get("columns", 0),
            "items": counters.get("items", 0),
            "bytes": stats.get_value("downloader/response_bytes", 0) or 0,
            "rate": fetched / elapsed,
        }

    def spider_opened(self, spider) -> None:
        self.started = time.monotonic()
        if self.mode == "rich":
            self.live = Live(self._table(), console=Console(stderr=True), refresh_per_second=4,
                             transient=False)
            self.live.start()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def tick(self) -> None:
        if self.live is not None:
            self.live.update(self._table())
        else:
            s = self.snapshot()
            log.info("已抓取 %(fetched)d 页，队列 %(queued)d，错误 %(errors)d，栏目 %(columns)d，"
                     "信息 %(items)d，%(rate).1f 页/秒", s)

    def spider_closed(self, spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.update(self._table())
            self.live.stop()
        elif getattr(spider, "counters", {}).get("fetched", 0):
            # a crawl that got no answer at all ends in the run's one-line reason, not here
            self.tick()

    def _table(self) -> Table:
        s = self.snapshot()
        table = Table(title="巡检抓取进度 (crawl progress)", show_header=True)
        for name in ("已抓取页面", "队列", "错误", "栏目", "信息条目", "页/秒"):
            table.add_column(name, justify="right")
        table.add_row(str(s["fetched"]), str(s["queued"]), str(s["errors"]), str(s["columns"]),
                      str(s["items"]), f"{s['rate']:.1f}")
        return table
