"""Crawl state shared by the workers of a distributed crawl (Redis), and their record queue.

With `--redis`, scrapy-redis holds the request queue, so any worker may get any page: page 2 of
a column another worker opened, an article listed by a page this worker never saw. What the
portal spider would otherwise keep in memory (which URLs are claimed, the columns, which items
a column already listed, the item -> column map, query-variant counts) lives here instead, in
keys under `govpatrol:<run>:`. Records go to one Redis list and a single writer (the
coordinator's RecordDrain) applies them to SQLite: one writer, as in a single-process crawl.

Requests in flight are counted (`inflight`: +1 when a request is created, -1 when its callback
or errback has finished, after it has yielded its own requests), so a worker whose queue runs
dry only stops when no other worker can still add work.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
import time
from typing import Any

import redis

log = logging.getLogger(__name__)

BATCH = 200


def prefix(run_id: int) -> str:
    return f"govpatrol:{run_id}:"


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)


class SharedState:
    """The portal spider's bookkeeping, in Redis (see module docstring)."""

    def __init__(self, url: str, run_id: int) -> None:
        self.r = connect(url)
        self.p = prefix(run_id)

    # -- claiming URLs ----------------------------------------------------------------------
    def seen(self, key: str) -> bool:
        return bool(self.r.sismember(self.p + "scheduled", key))

    def claim(self, key: str) -> bool:
        """True for exactly one worker per key."""
        return self.r.sadd(self.p + "scheduled", key) == 1

    def claimed(self) -> int:
        return int(self.r.scard(self.p + "scheduled"))

    def variant(self, path_key: str) -> int:
        return int(self.r.hincrby(self.p + "variants", path_key, 1))

    # -- columns ----------------------------------------------------------------------------
    def open_column(self, url: str, column: Any, first: frozenset[str]) -> Any:
        """Publish a column; if another worker opened it first, theirs is the column."""
        if self.r.hsetnx(self.p + "columns", url, pickle.dumps(column)):
            if first:
                self.r.hsetnx(self.p + "first", _first_key(first), url)
            return column
        return self.column(url)

    def column(self, url: str) -> Any:
        raw = self.r.hget(self.p + "columns", url)
        return pickle.loads(raw) if raw else None

    def column_listing(self, first: frozenset[str]) -> str | None:
        raw = self.r.hget(self.p + "first", _first_key(first))
        return raw.decode() if raw else None

    def new_items(self, column_url: str, urls: list[str]) -> tuple[list[bool], int]:
        """Which of `urls` the column had not listed yet, and the position of the first."""
        pipe = self.r.pipeline()
        for url in urls:
            pipe.sadd(self.p + "items:" + column_url, url)
        fresh = [bool(n) for n in pipe.execute()]
        end = int(self.r.incrby(self.p + "itempos:" + column_url, sum(fresh)))
        return fresh, end - sum(fresh)

    def add_list_page(self, column_url: str, url: str) -> int:
        self.r.sadd(self.p + "lists:" + column_url, url)
        return int(self.r.scard(self.p + "lists:" + column_url))

    def list_request(self, column_url: str) -> int:
        return int(self.r.incr(self.p + "listreq:" + column_url))

    def set_item_column(self, url: str, column_url: str) -> None:
        self.r.hsetnx(self.p + "item_column", url, column_url)

    def item_column(self, url: str) -> str | None:
        raw = self.r.hget(self.p + "item_column", url)
        return raw.decode() if raw else None

    # -- in flight --------------------------------------------------------------------------
    def started(self, n: int = 1) -> None:
        self.r.incrby(self.p + "inflight", n)

    def finished(self) -> None:
        self.r.decr(self.p + "inflight")

    def inflight(self) -> int:
        return int(self.r.get(self.p + "inflight") or 0)


def _first_key(first: frozenset[str]) -> str:
    return hashlib.sha1("\n".join(sorted(first)).encode()).hexdigest()


class RecordPipeline:
    """Workers' item pipeline: every record to the run's Redis list, pickled, in order."""

    def __init__(self, url: str, run_id: int) -> None:
        self.r = connect(url)
        self.key = prefix(run_id) + "records"

    @classmethod
    def from_crawler(cls, crawler) -> RecordPipeline:
        settings = crawler.settings
        return cls(settings.get("GOVPATROL_REDIS"), settings.getint("GOVPATROL_RUN_ID"))

    def process_item(self, item: Any, spider=None) -> Any:
        self.r.rpush(self.key, pickle.dumps(item))
        return item


class RecordDrain(threading.Thread):
    """The one writer: moves records from Redis into the store, batch by batch.

    A batch is read (LRANGE), applied in one transaction, and only then removed (LTRIM):
    a writer killed in between applies it again, and the store's keys make that harmless
    (pages and items are keyed by run and URL), so nothing is lost and nothing doubled.
    """

    def __init__(self, url: str, run_id: int, db: str) -> None:
        super().__init__(name="govpatrol-redis-drain", daemon=True)
        from govpatrol.crawler.pipelines import StoreWriter

        self.r = connect(url)
        self.key = prefix(run_id) + "records"
        self.writer = StoreWriter(db, run_id)  # its record handlers, not its thread
        self.stop_event = threading.Event()
        self.error: BaseException | None = None
        self.applied = 0

    def run(self) -> None:
        from govpatrol.store import Store

        store = Store(self.writer.store_path)
        try:
            while True:
                raw = self.r.lrange(self.key, 0, BATCH - 1)
                if raw:
                    self.writer._apply(store, [pickle.loads(b) for b in raw])
                    self.r.ltrim(self.key, len(raw), -1)
                    self.applied += len(raw)
                elif self.stop_event.is_set():
                    break
                else:
                    time.sleep(0.1)
        except BaseException as exc:
            self.error = exc
            log.exception("redis drain failed")
        finally:
            store.close()

    def finish(self) -> int:
        self.stop_event.set()
        self.join()
        if self.error is not None:
            raise RuntimeError(f"数据库写入失败 (store writer failed): {self.error}")
        return self.applied


def cleanup(url: str, run_id: int) -> None:
    """Remove the run's keys once its records are in the store."""
    r = connect(url)
    keys = list(r.scan_iter(match=prefix(run_id) + "*", count=1000))
    if keys:
        r.delete(*keys)


class Coordinator:
    """The process that started a distributed run: publishes it, and is its one writer.

    Other workers (`govpatrol worker --redis URL`) find the run under `govpatrol:current`,
    read its spider options and join; the coordinator crawls too. On exit it waits for the
    workers to close, drains the last records into the store and removes the run's keys.
    """

    def __init__(self, url: str, run_id: int, db: str, options: Any, crawl_args: dict) -> None:
        self.url, self.run_id, self.db = url, run_id, db
        self.r = connect(url)
        self.r.set(prefix(run_id) + "options", pickle.dumps((options, crawl_args)))
        self.r.set("govpatrol:current", run_id)
        self.drain = RecordDrain(url, run_id, db)

    def __enter__(self) -> Coordinator:
        self.drain.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        deadline = time.monotonic() + MAX_WORKER_WAIT
        while self.r.scard(prefix(self.run_id) + "workers") and time.monotonic() < deadline:
            time.sleep(0.2)
        self.r.delete("govpatrol:current")
        self.drain.finish()
        cleanup(self.url, self.run_id)


MAX_WORKER_WAIT = 120.0


def join_crawl(url: str, run_id: int | None = None, wait: float = 30.0,
               log_level: str = "WARNING") -> dict[str, Any]:
    """A worker: wait for a run to be published, then crawl from its shared queue."""
    from dataclasses import replace

    from govpatrol.crawler.process import run_crawl

    r = connect(url)
    deadline = time.monotonic() + wait
    while run_id is None:
        current = r.get("govpatrol:current")
        if current is not None:
            run_id = int(current)
        elif time.monotonic() > deadline:
            raise RuntimeError(f"Redis 上没有正在进行的巡检 (no run to join on {url})")
        else:
            time.sleep(0.2)
    raw = r.get(prefix(run_id) + "options")
    if raw is None:
        raise RuntimeError(f"巡检 {run_id} 不在 Redis 上 (run {run_id} not found on {url})")
    options, crawl_args = pickle.loads(raw)
    options = replace(options, seed=False)
    return run_crawl(options, db="", run_id=run_id, redis_url=url, log_level=log_level,
                     **crawl_args)
