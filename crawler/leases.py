"""Leases of a distributed crawl: a request a worker took is its until finished, or until the
worker stops heart-beating; then it goes back on the shared queue for another worker.

scrapy-redis pops a request off the queue and forgets it: a worker killed with requests in
flight lost them for good, and the run stalled, then ended `done` with pages missing. Here:

- every worker keeps a heartbeat key (`hb:<worker>`, expiring after `GOVPATROL_LEASE_TIMEOUT`
  seconds, refreshed six times per timeout by a thread, so a long callback on the reactor does
  not make a live worker look dead);
- taking a request moves it, in one Lua script, from the queue to the worker's lease hash
  (`lease:<worker>`: id -> the queued JSON and its score), so there is no instant in which a
  request is in neither;
- a request is released when its callback or errback has yielded its own requests (the spider
  tells its crawl state, `RedisState.finished`), in one script with the in-flight count; a
  retry or redirect of it moves its lease onto the queued copy;
- a request whose answer arrived is marked (`answered:<worker>`): a worker killed during its
  callback may have recorded part of what the callback does, so such a retake makes the run
  incomplete (`lease_partial`) even though the page is fetched again;
- any live worker reaps the workers whose heartbeat is gone: their leased requests go back on
  the queue (no dupefilter involved: the queue is written directly), each at most
  `GOVPATROL_LEASE_RETAKES` times; a request beyond that (a page that kills every worker that
  takes it) is recorded as lost, so the run says it is incomplete.

Everything stored is the serializer's JSON (crawler.serializer), never a pickle.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

import redis

log = logging.getLogger(__name__)

#: request.meta key holding the lease id of a request taken from the shared queue
LEASE = "govpatrol_lease"
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETAKES = 2

# KEYS: queue, lease hash. The highest priority request (lowest score, as scrapy-redis's
# PriorityQueue pops), moved into the lease hash.
_TAKE = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local id = redis.sha1hex(r[1])
redis.call('HSET', KEYS[2], id, cjson.encode({s = tonumber(r[2]), d = r[1]}))
return {id, r[1]}
"""

# KEYS: lease hash, inflight counter, answered set. ARGV: lease id. Only the holder of the
# lease counts the request as finished: a worker whose lease was reaped (it looked dead)
# finishing late does not decrement the count a second time.
_RELEASE = """
redis.call('SREM', KEYS[3], ARGV[1])
if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then redis.call('DECR', KEYS[2]) return 1 end
return 0
"""

# KEYS: queue, lease hash, retakes hash, lost list, inflight, retaken counter, workers set,
# heartbeat key, answered set, partial counter. ARGV: worker id, max retakes (-1: a clean
# give-back, not counted). Nothing happens while the heartbeat is alive (another reaper, or the
# worker came back). A request whose answer the dead worker had already received may have died
# half-way through its callback (some of its requests and items recorded, others not): it is
# fetched again, and counted as `partial`, since what the first callback claimed is not redone.
_REQUEUE = """
if ARGV[2] ~= '-1' and redis.call('EXISTS', KEYS[8]) == 1 then return {0, 0} end
local entries = redis.call('HGETALL', KEYS[2])
local back, lost = 0, 0
for i = 1, #entries, 2 do
  local lease = cjson.decode(entries[i + 1])
  local n = 0
  if ARGV[2] ~= '-1' and redis.call('SISMEMBER', KEYS[9], entries[i]) == 1 then
    redis.call('INCR', KEYS[10])
  end
  if ARGV[2] ~= '-1' then n = redis.call('HINCRBY', KEYS[3], entries[i], 1) end
  if ARGV[2] ~= '-1' and n > tonumber(ARGV[2]) then
    local ok, req = pcall(cjson.decode, lease.d)
    redis.call('RPUSH', KEYS[4], (ok and type(req) == 'table' and req.url) or '?')
    redis.call('DECR', KEYS[5])
    lost = lost + 1
  else
    redis.call('ZADD', KEYS[1], lease.s, lease.d)
    back = back + 1
  end
end
redis.call('DEL', KEYS[2], KEYS[9])
if ARGV[2] ~= '-1' then
  redis.call('INCRBY', KEYS[6], back)
  redis.call('SREM', KEYS[7], ARGV[1])
end
return {back, lost}
"""

# KEYS: inflight, queue, workers set, orphaned counter, seeded flag. ARGV: key prefix.
# Whether anything may still come: requests counted in flight that are neither queued nor
# leased by any worker were created by a worker killed inside a callback, before they reached
# the queue: nobody can ever fetch them, so they are moved to `orphaned` (lost) and the crawl
# may end. One script, so no worker moves a request between the reads.
_PENDING = """
if redis.call('EXISTS', KEYS[5]) == 0 then return 1 end
local inflight = tonumber(redis.call('GET', KEYS[1]) or '0')
if inflight <= 0 then return 0 end
if redis.call('ZCARD', KEYS[2]) > 0 then return 1 end
for _, w in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('HLEN', ARGV[1] .. 'lease:' .. w) > 0 then return 1 end
end
redis.call('INCRBY', KEYS[4], inflight)
redis.call('SET', KEYS[1], 0)
return 0
"""


def worker_id() -> str:
    """This process among the run's workers (its crawl state and scheduler use the same)."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Leases:
    """One worker's side of the leases of run `prefix` (see the module docstring)."""

    def __init__(self, r: redis.Redis, prefix: str, worker: str, *,
                 timeout: float = DEFAULT_TIMEOUT, retakes: int = DEFAULT_RETAKES,
                 queue_key: str | None = None) -> None:
        self.r, self.p, self.worker = r, prefix, worker
        self.timeout, self.retakes = timeout, retakes
        self.queue_key = queue_key or prefix + "requests"
        self._take = r.register_script(_TAKE)
        self._release = r.register_script(_RELEASE)
        self._requeue = r.register_script(_REQUEUE)
        self._pending = r.register_script(_PENDING)

    @classmethod
    def from_settings(cls, settings: Any, r: redis.Redis, prefix: str) -> Leases:
        """This process's leases in the run whose keys start with `prefix`."""
        return cls(r, prefix, worker_id(),
                   timeout=settings.getfloat("GOVPATROL_LEASE_TIMEOUT", DEFAULT_TIMEOUT),
                   retakes=settings.getint("GOVPATROL_LEASE_RETAKES", DEFAULT_RETAKES),
                   queue_key=settings.get("SCHEDULER_QUEUE_KEY"))

    # -- keys ------------------------------------------------------------------------------------
    def lease_key(self, worker: str | None = None) -> str:
        return f"{self.p}lease:{worker or self.worker}"

    def heartbeat_key(self, worker: str | None = None) -> str:
        return f"{self.p}hb:{worker or self.worker}"

    def answered_key(self, worker: str | None = None) -> str:
        """The leases whose answer the worker received: their callbacks may have begun."""
        return f"{self.p}answered:{worker or self.worker}"

    # -- this worker -----------------------------------------------------------------------------
    def beat(self) -> None:
        """Alive for another `timeout` seconds, and listed among the run's workers (again,
        should a reaper have taken this worker for dead during a long pause)."""
        pipe = self.r.pipeline()
        pipe.set(self.heartbeat_key(), 1, px=max(1, int(self.timeout * 1000)))
        pipe.sadd(self.p + "workers", self.worker)
        pipe.execute()

    def take(self) -> tuple[str, bytes] | None:
        """The next queued request, now leased by this worker: (lease id, its JSON)."""
        got = self._take(keys=[self.queue_key, self.lease_key()])
        return (got[0].decode(), got[1]) if got else None

    def release(self, lease: str) -> bool:
        """The leased request is finished: the lease and its in-flight count go, together."""
        return bool(self._release(keys=[self.lease_key(), self.p + "inflight",
                                        self.answered_key()], args=[lease]))

    def answered(self, lease: str) -> None:
        """The leased request's answer arrived: from now on its callback may change the crawl's
        state, and dying before its end may lose part of what it would have recorded."""
        self.r.sadd(self.answered_key(), lease)

    def discard(self, lease: str) -> None:
        """A taken entry that is not a request (refused by the serializer): forgotten."""
        self.r.hdel(self.lease_key(), lease)

    def transfer(self, lease: str, data: bytes, score: float) -> None:
        """A retry or redirect of a leased request goes on the queue in its place."""
        pipe = self.r.pipeline(transaction=True)
        pipe.zadd(self.queue_key, {data: score})
        pipe.hdel(self.lease_key(), lease)
        pipe.srem(self.answered_key(), lease)
        pipe.execute()

    def give_back(self) -> int:
        """On closing: this worker's unfinished requests back on the queue, not as retakes."""
        back, _ = self._requeue(keys=self._requeue_keys(self.worker), args=[self.worker, -1])
        self.r.delete(self.heartbeat_key())
        return int(back)

    # -- the others ------------------------------------------------------------------------------
    def reap(self) -> tuple[int, int]:
        """Requests of workers whose heartbeat is gone back on the queue: (requeued, lost)."""
        back = lost = 0
        for raw in self.r.smembers(self.p + "workers"):
            worker = raw.decode()
            if worker == self.worker or self.r.exists(self.heartbeat_key(worker)):
                continue
            b, n = self._requeue(keys=self._requeue_keys(worker), args=[worker, self.retakes])
            if b or n:
                log.warning("工作进程 %s 已失联，%d 个请求重新排队，%d 个放弃"
                            " (worker gone: %d requests requeued, %d lost)", worker, b, n, b, n)
            back, lost = back + int(b), lost + int(n)
        return back, lost

    def live_workers(self) -> list[str]:
        return [w.decode() for w in self.r.smembers(self.p + "workers")
                if self.r.exists(self.heartbeat_key(w.decode()))]

    def pending(self) -> bool:
        """May more requests still come (see `_PENDING`)?"""
        return bool(self._pending(keys=[self.p + "inflight", self.queue_key, self.p + "workers",
                                        self.p + "orphaned", self.p + "seeded"],
                                  args=[self.p]))

    def losses(self) -> dict[str, Any]:
        """What the run lost for good, and how many requests were taken over from dead workers.

        Called at the end of the run: anything still queued or leased then was never fetched
        either."""
        leased = sum(int(self.r.hlen(self.lease_key(w.decode())))
                     for w in self.r.smembers(self.p + "workers"))
        lost = [u.decode("utf-8", "replace") for u in self.r.lrange(self.p + "lost", 0, -1)]
        retaken = int(self.r.get(self.p + "retaken") or 0)
        orphaned = int(self.r.get(self.p + "orphaned") or 0)
        if orphaned and not (retaken or lost):
            # no worker died, so no callback was cut short: a request dropped without its
            # errback (Scrapy's URL length limit) left the count behind, nothing was lost
            log.info("%d requests counted in flight were never queued (dropped)", orphaned)
            orphaned = 0
        return {
            "lease_lost": len(lost) + orphaned + leased + int(self.r.zcard(self.queue_key)),
            "lease_lost_urls": lost[:20],
            "lease_retaken": retaken,
            "lease_partial": int(self.r.get(self.p + "partial") or 0),
        }

    def _requeue_keys(self, worker: str) -> list[str]:
        p = self.p
        return [self.queue_key, self.lease_key(worker), p + "retakes", p + "lost", p + "inflight",
                p + "retaken", p + "workers", self.heartbeat_key(worker),
                self.answered_key(worker), p + "partial"]


class Heartbeat(threading.Thread):
    """Beats for this worker and reaps dead ones, off the reactor (a long callback must not
    make a live worker look dead); notices a coordinator's request to stop."""

    def __init__(self, leases: Leases) -> None:
        super().__init__(name="govpatrol-heartbeat", daemon=True)
        self.leases = leases
        self.interval = max(0.05, leases.timeout / 6)
        self.done = threading.Event()
        self.stop_requested = False

    def run(self) -> None:
        while not self.done.is_set():
            try:
                self.leases.beat()
                self.stop_requested = bool(self.leases.r.exists(self.leases.p + "stop"))
                self.leases.reap()
            except redis.RedisError as exc:  # Redis briefly away: try again at the next beat
                log.warning("心跳失败 (heartbeat failed): %s", exc)
            self.done.wait(self.interval)

    def finish(self) -> None:
        self.done.set()
        self.join(timeout=10)
