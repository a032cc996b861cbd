"""A distributed crawl's record queue and its coordinator, over Redis.

With `--redis`, scrapy-redis holds the request queue and `crawler.state.RedisState` the
spider's bookkeeping, so any worker may get any page. Records go to one Redis list and a
single writer (the coordinator's RecordDrain) applies them to SQLite: one writer, as in a
single-process crawl.

Everything in Redis is JSON (`crawler.codec`): records, the run's options; scrapy-redis's
request queue uses `crawler.serializer`. A value that is not govpatrol's JSON (a pickle planted
by someone who can write to the server) is refused, never executed.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from govpatrol.crawler import codec
from govpatrol.crawler.leases import DEFAULT_RETAKES, DEFAULT_TIMEOUT, Leases, worker_id
from govpatrol.crawler.options import SpiderOptions
from govpatrol.crawler.state import connect, prefix

log = logging.getLogger(__name__)

BATCH = 200
__all__ = ["Coordinator", "RecordDrain", "RecordPipeline", "ResumeError", "check_resumable",
           "cleanup", "connect", "join_crawl", "prefix"]


class RecordPipeline:
    """Workers' item pipeline: every record to the run's Redis list, as JSON, in order."""

    def __init__(self, url: str, run_id: int) -> None:
        self.r = connect(url)
        self.key = prefix(run_id) + "records"

    @classmethod
    def from_crawler(cls, crawler) -> RecordPipeline:
        settings = crawler.settings
        return cls(settings.get("GOVPATROL_REDIS"), settings.getint("GOVPATROL_RUN_ID"))

    def process_item(self, item: Any, spider=None) -> Any:
        self.r.rpush(self.key, codec.dumps(item))
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
                    self.writer._apply(store, [codec.loads(b) for b in raw])
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


class ResumeError(RuntimeError):
    """A distributed run to resume whose queue is no longer on Redis."""


def check_resumable(url: str, run_id: int) -> None:
    """`ResumeError` unless run `run_id`'s queue and bookkeeping are still on Redis."""
    if not connect(url).exists(prefix(run_id) + "seeded"):
        raise ResumeError(
            f"Redis 上已没有巡检 {run_id} 的抓取队列（已被清除或 Redis 重启过），"
            f"无法分布式续跑；请去掉 --redis 续跑 (run {run_id}'s queue is gone from {url}:"
            f" resume it without --redis)")


class Coordinator:
    """The process that started a distributed run: publishes it, and is its one writer.

    Other workers (`govpatrol worker --redis URL`) find the run under `govpatrol:current`,
    read its spider options and join; the coordinator crawls too. On exit it waits for the
    workers to close (reaping the dead ones: crawler.leases), drains the last records into the
    store, reads what the run lost (`losses`) and removes the run's keys. An interrupted run
    (`interrupted`, or a signal raised through it) asks the workers to stop and keeps its keys:
    `--resume` goes on from its queue.
    """

    def __init__(self, url: str, run_id: int, db: str, options: Any, crawl_args: dict, *,
                 resume: bool = False) -> None:
        self.url, self.run_id, self.db = url, run_id, db
        self.r = connect(url)
        p = prefix(run_id)
        if resume:
            check_resumable(url, run_id)
        self.r.delete(p + "stop")
        self.r.set(p + "options", codec.dumps({"options": options, "crawl_args": crawl_args}))
        self.r.set("govpatrol:current", run_id)
        self.leases = Leases(self.r, p, worker_id(),
                             timeout=crawl_args.get("lease_timeout", DEFAULT_TIMEOUT),
                             retakes=crawl_args.get("lease_retakes", DEFAULT_RETAKES))
        self.drain = RecordDrain(url, run_id, db)
        self.interrupted = False
        self.losses: dict[str, Any] = {}

    def __enter__(self) -> Coordinator:
        self.drain.start()
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        stopped = self.interrupted or exc_type is not None
        if stopped:
            self.r.set(prefix(self.run_id) + "stop", 1)
        deadline = time.monotonic() + MAX_WORKER_WAIT
        while time.monotonic() < deadline:
            self.leases.reap()
            if not self.leases.live_workers():
                break
            time.sleep(0.2)
        self.r.delete("govpatrol:current")
        self.drain.finish()
        if self.interrupted or (exc_type is not None and not issubclass(exc_type, Exception)):
            return  # SIGINT / SIGTERM: the queue stays for --resume
        self.losses = self.leases.losses()
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
            if not current.isdigit():
                raise RuntimeError(f"Redis 中的巡检编号无效 (bad run id on {url})")
            run_id = int(current)
        elif time.monotonic() > deadline:
            raise RuntimeError(f"Redis 上没有正在进行的巡检 (no run to join on {url})")
        else:
            time.sleep(0.2)
    raw = r.get(prefix(run_id) + "options")
    if raw is None:
        raise RuntimeError(f"巡检 {run_id} 不在 Redis 上 (run {run_id} not found on {url})")
    try:
        options, crawl_args = published_options(raw)
    except codec.CodecError as exc:
        raise RuntimeError(f"Redis 中巡检 {run_id} 的参数不是 govpatrol 的数据，已拒绝"
                           f" (refused run {run_id} options: {exc})") from None
    options = replace(options, seed=False)
    return run_crawl(options, db="", run_id=run_id, redis_url=url, log_level=log_level,
                     **crawl_args)


def published_options(raw: bytes) -> tuple[SpiderOptions, dict[str, Any]]:
    """The options a coordinator published, read as JSON data only (`codec.CodecError`)."""
    published = codec.loads(raw, dict)
    options, crawl_args = published.get("options"), published.get("crawl_args")
    if not isinstance(options, SpiderOptions) or not isinstance(crawl_args, dict):
        raise codec.CodecError("not a crawl's options")
    return options, crawl_args
