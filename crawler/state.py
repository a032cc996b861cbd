"""The portal spider's bookkeeping as a component: in memory, or in Redis for a shared crawl.

Which URLs are claimed, the columns and which items each already listed, the item -> column
map, query-variant counts, follow-up list requests, requests in flight: one interface,
`CrawlState`, with two implementations chosen by the `GOVPATROL_STATE` setting:

- `LocalState`: plain dicts and sets, one process;
- `RedisState`: the same under keys `govpatrol:<run>:`, so any worker of a distributed crawl
  (scrapy-redis hands any request to any worker) sees what the others did.

Redis holds data only: every value is a string, a counter or JSON (`govpatrol.crawler.codec`),
never a pickle, so whoever can write to the Redis server cannot make a worker run code.

Requests in flight are counted (`started` when a request is created, `finished` after its
callback or errback has yielded its own requests), so a worker whose queue runs dry only stops
when no other worker can still add work (`keep_waiting`); a worker holds what it took from the
queue as a lease (crawler.leases), given to another worker if it dies.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any, Protocol

import redis

from govpatrol.crawler import codec
from govpatrol.crawler.leases import LEASE, Leases, worker_id
from govpatrol.model import Column


def prefix(run_id: int) -> str:
    return f"govpatrol:{run_id}:"


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)


def first_key(first: frozenset[str]) -> str:
    """The key of a list's first items: two URLs listing the same items are one column."""
    return hashlib.sha1("\n".join(sorted(first)).encode()).hexdigest()


class CrawlState(Protocol):
    """What the portal spider remembers across its requests (see the module docstring)."""

    def seen(self, key: str) -> bool: ...
    def claim(self, key: str) -> bool: ...
    def claimed(self) -> int: ...
    def mark(self, event: str) -> None: ...
    def marked(self) -> set[str]: ...
    def variant(self, path_key: str) -> int: ...
    def open_column(self, url: str, column: Column, first: frozenset[str]) -> Column: ...
    def column(self, url: str) -> Column | None: ...
    def column_listing(self, first: frozenset[str]) -> str | None: ...
    def new_items(self, column_url: str, urls: list[str]) -> tuple[list[bool], int]: ...
    def add_list_page(self, column_url: str, url: str) -> int: ...
    def list_requests(self, column_url: str) -> int: ...
    def list_request(self, column_url: str) -> int: ...
    def set_item_column(self, url: str, column_url: str) -> None: ...
    def item_column(self, url: str) -> str | None: ...
    def started(self, n: int = 1) -> None: ...
    def finished(self, request: Any = None) -> None: ...
    def opened(self) -> None: ...
    def closed(self) -> None: ...
    def seeded(self) -> None: ...
    def keep_waiting(self) -> bool: ...


class LocalState:
    """One process's crawl state, in memory."""

    def __init__(self) -> None:
        self.scheduled: set[str] = set()
        self.variants: Counter[str] = Counter()
        self.columns: dict[str, Column] = {}
        self.listings: dict[str, str] = {}
        self.items: dict[str, set[str]] = {}
        self.list_pages: dict[str, set[str]] = {}
        self.follow_ups: Counter[str] = Counter()
        self.item_columns: dict[str, str] = {}
        self.marks: set[str] = set()

    @classmethod
    def from_settings(cls, settings: Any) -> LocalState:
        return cls()

    def seen(self, key: str) -> bool:
        return key in self.scheduled

    def claim(self, key: str) -> bool:
        if key in self.scheduled:
            return False
        self.scheduled.add(key)
        return True

    def claimed(self) -> int:
        return len(self.scheduled)

    def mark(self, event: str) -> None:
        self.marks.add(event)

    def marked(self) -> set[str]:
        return set(self.marks)

    def variant(self, path_key: str) -> int:
        self.variants[path_key] += 1
        return self.variants[path_key]

    def open_column(self, url: str, column: Column, first: frozenset[str]) -> Column:
        self.columns[url] = column
        if first:
            self.listings.setdefault(first_key(first), url)
        return column

    def column(self, url: str) -> Column | None:
        return self.columns.get(url)

    def column_listing(self, first: frozenset[str]) -> str | None:
        return self.listings.get(first_key(first))

    def new_items(self, column_url: str, urls: list[str]) -> tuple[list[bool], int]:
        known = self.items.setdefault(column_url, set())
        fresh = [url not in known for url in urls]
        start = len(known)
        known.update(urls)
        return fresh, start

    def add_list_page(self, column_url: str, url: str) -> int:
        pages = self.list_pages.setdefault(column_url, set())
        pages.add(url)
        return len(pages)

    def list_requests(self, column_url: str) -> int:
        return self.follow_ups[column_url]

    def list_request(self, column_url: str) -> int:
        self.follow_ups[column_url] += 1
        return self.follow_ups[column_url]

    def set_item_column(self, url: str, column_url: str) -> None:
        self.item_columns.setdefault(url, column_url)

    def item_column(self, url: str) -> str | None:
        return self.item_columns.get(url)

    # one process: nothing is in flight elsewhere, nobody else to wait for
    def started(self, n: int = 1) -> None:
        pass

    def finished(self, request: Any = None) -> None:
        pass

    def opened(self) -> None:
        pass

    def closed(self) -> None:
        pass

    def seeded(self) -> None:
        pass

    def keep_waiting(self) -> bool:
        return False


class RedisState:
    """The crawl state of a distributed run, in Redis (see the module docstring)."""

    def __init__(self, url: str, run_id: int, leases: Leases | None = None) -> None:
        self.r = leases.r if leases is not None else connect(url)
        self.p = prefix(run_id)
        self.worker = worker_id()
        self.leases = leases or Leases(self.r, self.p, self.worker)

    @classmethod
    def from_settings(cls, settings: Any) -> RedisState:
        url = settings.get("GOVPATROL_REDIS")
        run_id = settings.getint("GOVPATROL_RUN_ID")
        return cls(url, run_id, Leases.from_settings(settings, connect(url), prefix(run_id)))

    # -- claiming URLs ---------------------------------------------------------------------------
    def seen(self, key: str) -> bool:
        return bool(self.r.sismember(self.p + "scheduled", key))

    def claim(self, key: str) -> bool:
        """True for exactly one worker per key."""
        return self.r.sadd(self.p + "scheduled", key) == 1

    def claimed(self) -> int:
        return int(self.r.scard(self.p + "scheduled"))

    def mark(self, event: str) -> None:
        """Something any worker saw that makes the whole run incomplete (the page budget
        reached: links left unfetched): the coordinator reads it at the end, not only its own
        spider's counters."""
        self.r.sadd(self.p + "marks", event)

    def marked(self) -> set[str]:
        return {m.decode() if isinstance(m, bytes) else m
                for m in self.r.smembers(self.p + "marks")}

    def variant(self, path_key: str) -> int:
        return int(self.r.hincrby(self.p + "variants", path_key, 1))

    # -- columns ---------------------------------------------------------------------------------
    def open_column(self, url: str, column: Column, first: frozenset[str]) -> Column:
        """Publish a column; if another worker opened it first, theirs is the column."""
        if self.r.hsetnx(self.p + "columns", url, codec.dumps(column)):
            if first:
                self.r.hsetnx(self.p + "first", first_key(first), url)
            return column
        return self.column(url) or column

    def column(self, url: str) -> Column | None:
        raw = self.r.hget(self.p + "columns", url)
        return codec.loads(raw, Column) if raw else None

    def column_listing(self, first: frozenset[str]) -> str | None:
        raw = self.r.hget(self.p + "first", first_key(first))
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

    def list_requests(self, column_url: str) -> int:
        return int(self.r.get(self.p + "listreq:" + column_url) or 0)

    def list_request(self, column_url: str) -> int:
        return int(self.r.incr(self.p + "listreq:" + column_url))

    def set_item_column(self, url: str, column_url: str) -> None:
        self.r.hsetnx(self.p + "item_column", url, column_url)

    def item_column(self, url: str) -> str | None:
        raw = self.r.hget(self.p + "item_column", url)
        return raw.decode() if raw else None

    # -- in flight and the workers ---------------------------------------------------------------
    def started(self, n: int = 1) -> None:
        self.r.incrby(self.p + "inflight", n)

    def finished(self, request: Any = None) -> None:
        """The request's callback has yielded its requests: its lease and count go together
        (crawler.leases); a request this worker no longer holds (reaped while it looked dead)
        was counted by its new holder."""
        lease = request.meta.get(LEASE) if request is not None else None
        if lease is None:
            self.r.decr(self.p + "inflight")
        else:
            self.leases.release(lease)

    def inflight(self) -> int:
        return int(self.r.get(self.p + "inflight") or 0)

    def opened(self) -> None:
        self.r.sadd(self.p + "workers", self.worker)

    def closed(self) -> None:
        self.r.srem(self.p + "workers", self.worker)

    def seeded(self) -> None:
        self.r.set(self.p + "seeded", 1)

    def keep_waiting(self) -> bool:
        """A dry queue is not the end while the run is unseeded or any request is queued or
        leased (a dead worker's leases come back on the queue: crawler.leases); never after
        the coordinator asked the workers to stop."""
        return not self.r.exists(self.p + "stop") and self.leases.pending()
