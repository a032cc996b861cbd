"""scrapy-redis's scheduler with leases (crawler.leases): what a worker takes, it holds.

The queue, its JSON serializer and the dupefilter stay scrapy-redis's; only taking a request
(`next_request`) becomes a lease, a retry or redirect of a leased request (`enqueue_request`)
moves the lease onto the queued copy, an answer received marks its lease (`answered`), and
opening / closing the scheduler starts and stops this worker's heartbeat, giving back whatever
it still holds.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy_redis.scheduler import Scheduler

from govpatrol.crawler.leases import LEASE, Heartbeat, Leases
from govpatrol.crawler.serializer import SerializerError
from govpatrol.crawler.state import prefix

log = logging.getLogger(__name__)


class LeasingScheduler(Scheduler):
    leases: Leases
    heartbeat: Heartbeat | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> LeasingScheduler:
        scheduler = super().from_crawler(crawler)
        run_id = crawler.settings.getint("GOVPATROL_RUN_ID")
        scheduler.leases = Leases.from_settings(crawler.settings, scheduler.server, prefix(run_id))
        crawler.signals.connect(scheduler.answered, signal=signals.response_received)
        return scheduler

    def answered(self, response: Any, request: Any, spider: Any = None) -> None:
        lease = request.meta.get(LEASE)
        if lease is not None:
            self.leases.answered(lease)

    def open(self, spider: Any) -> Any:
        self.leases.beat()  # alive before anything is taken
        self.heartbeat = Heartbeat(self.leases)
        self.heartbeat.start()
        return super().open(spider)

    def close(self, reason: str) -> Any:
        if self.heartbeat is not None:
            self.heartbeat.finish()
        back = self.leases.give_back()
        if back:
            log.info("关闭时交回 %d 个未完成的请求 (gave back %d unfinished requests)", back, back)
        return super().close(reason)

    def stop_requested(self) -> bool:
        return self.heartbeat is not None and self.heartbeat.stop_requested

    def enqueue_request(self, request: Any) -> bool:
        lease = request.meta.pop(LEASE, None)
        if lease is None:
            return super().enqueue_request(request)
        # the same request again (retry, redirect): it takes its original's place
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.leases.transfer(lease, self.queue._encode_request(request), -request.priority)
        return True

    def next_request(self) -> Any:
        if self.stop_requested():  # the coordinator was interrupted: leave the rest queued
            return None
        taken = self.leases.take()
        if taken is None:
            return None
        lease, data = taken
        try:
            request = self.queue._decode_request(data)
        except SerializerError as exc:  # planted by someone who can write to Redis: dropped
            log.error("队列中的请求已拒绝 (queued request refused): %s", exc)
            self.leases.discard(lease)
            return None
        request.meta[LEASE] = lease
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return not self.stop_requested() and len(self) > 0
