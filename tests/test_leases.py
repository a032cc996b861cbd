"""Distributed workers hold leases (issue 16, item 5): a worker killed with requests in flight
loses nothing, a run that did lose requests says so, and a distributed run can be resumed.

A real redis-server, real `govpatrol worker` and `govpatrol patrol --redis` processes, a real
slow site on 127.0.0.1 (tests/integrity_site.py); the lease timeout is set short in sites.toml.
"""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from helpers import NEUTRAL_CWD
from integrity_site import AS_OF, IntegritySite
from test_distributed import redis_url  # noqa: F401 - the real redis-server fixture

pytestmark = pytest.mark.e2e

LEASE_TIMEOUT = 3.0


def config(site: IntegritySite, tmp: Path, **keys: object) -> Path:
    path = tmp / "sites.toml"
    extra = "".join(f"{k} = {v}\n" for k, v in keys.items())
    path.write_text(f'[[sites]]\nname = "示例"\nurl = "{site.url}"\n'
                    f'allow_addresses = ["127.0.0.1"]\n{extra}', encoding="utf-8")
    return path


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "govpatrol", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=NEUTRAL_CWD)


def patrol(site: IntegritySite, tmp: Path, url: str, *extra: str) -> subprocess.Popen:
    return start("patrol", site.url, "--config", str(tmp / "sites.toml"), "--as-of",
                 AS_OF.isoformat(), "--out", str(tmp / "out"), "--db", str(tmp / "govpatrol.db"),
                 "--redis", url, "--concurrency", "2", *extra)


def held(r: redis.Redis, pid: int, run_id: int = 1) -> list[str]:
    """The URLs worker process `pid` holds leases on."""
    key = f"govpatrol:{run_id}:lease:{socket.gethostname()}:{pid}"
    return [json.loads(json.loads(v)["d"])["url"] for v in r.hvals(key)]


def kill_while_fetching(site: IntegritySite, worker: subprocess.Popen, url: str) -> list[str]:
    """SIGKILL `worker` while it holds leases on pages the site is still answering (so none
    of them is half-way through its callback), never on the home page; what it held."""
    r = redis.Redis.from_url(url)
    deadline = time.monotonic() + 120
    while True:
        assert worker.poll() is None, worker.communicate()
        assert time.monotonic() < deadline, "the worker never held a request"
        urls = held(r, worker.pid)
        paths = ["/" + u.split("/", 3)[3] for u in urls]
        if urls and site.url not in urls and all(site.serving[p] for p in paths):
            worker.kill()
            worker.wait()
            return urls
        time.sleep(0.02)


def run_row(tmp: Path) -> tuple[str, dict]:
    with sqlite3.connect(tmp / "govpatrol.db") as conn:
        status, stats = conn.execute("SELECT status, stats FROM runs WHERE id = 1").fetchone()
    return status, json.loads(stats or "{}")


def stored(tmp: Path) -> dict[str, int]:
    with sqlite3.connect(tmp / "govpatrol.db") as conn:
        return dict(conn.execute("SELECT url, status FROM pages WHERE run_id = 1"))


def test_a_killed_worker_s_requests_are_fetched_by_another(redis_url, tmp_path):  # noqa: F811
    with IntegritySite(columns=4, items=8, delay=0.5) as site:
        config(site, tmp_path, lease_timeout=LEASE_TIMEOUT)
        victim = start("worker", "--redis", redis_url, "--wait", "60")
        coordinator = patrol(site, tmp_path, redis_url)
        try:
            lost = kill_while_fetching(site, victim, redis_url)
            killed_at = time.monotonic()
            out, err = coordinator.communicate(timeout=240)
            took = time.monotonic() - killed_at
        finally:
            for proc in (victim, coordinator):
                if proc.poll() is None:
                    proc.kill()
        assert coordinator.returncode == 0, err[-3000:]
        pages = stored(tmp_path)
        assert len(pages) == site.total_pages and set(pages.values()) == {200}
        assert set(lost) <= set(pages)  # what the dead worker held was fetched by another
        status, stats = run_row(tmp_path)
        assert status == "done" and "incomplete" not in stats
        assert stats["crawl"]["lease_retaken"] >= len(lost)
        run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
        assert run["complete"] is True
        # bounded: the lease timeout and the rest of the crawl, not the 5-minute idle give-up
        assert took < 90, took
        assert redis.Redis.from_url(redis_url).keys("govpatrol:*") == []


def test_requests_nobody_could_retake_make_the_run_incomplete(redis_url, tmp_path):  # noqa: F811
    with IntegritySite(columns=4, items=8, delay=0.5) as site:
        # no second chance: a request a dead worker held is given up at once
        config(site, tmp_path, lease_timeout=LEASE_TIMEOUT, lease_retakes=0)
        victim = start("worker", "--redis", redis_url, "--wait", "60")
        coordinator = patrol(site, tmp_path, redis_url)
        try:
            lost = kill_while_fetching(site, victim, redis_url)
            out, err = coordinator.communicate(timeout=240)
        finally:
            for proc in (victim, coordinator):
                if proc.poll() is None:
                    proc.kill()
    assert coordinator.returncode == 3, err[-3000:]
    note = "分布式巡检中有工作进程失联，其部分页面未能抓取，本次结果不完整"
    assert note in out
    assert not set(lost) & set(stored(tmp_path))
    status, stats = run_row(tmp_path)
    assert status == "done" and stats["incomplete"] == ["lost"]
    assert stats["crawl"]["lease_lost"] >= len(lost)
    assert set(stats["crawl"]["lease_lost_urls"]) == set(lost)
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["complete"] is False and run["incomplete"] == [note]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    banner = html.index('class="incomplete"')
    assert note in html[banner:banner + 500]


def test_a_worker_stopped_with_sigterm_gives_its_requests_back_at_once(
        redis_url, tmp_path):  # noqa: F811
    # enough slow pages that the worker takes some even when it starts after the coordinator
    # on a loaded machine (the coordinator alone needs ~30 s for them)
    with IntegritySite(columns=4, items=15, delay=1.0) as site:
        # only a give-back can finish in time: the lease would hold the worker's requests for
        # 600 s, and a loaded 2-core machine needs up to ~2 min for the rest of the crawl
        config(site, tmp_path, lease_timeout=600)
        leaving = start("worker", "--redis", redis_url, "--wait", "180")
        coordinator = patrol(site, tmp_path, redis_url)
        try:
            r = redis.Redis.from_url(redis_url)
            deadline = time.monotonic() + 120
            while not held(r, leaving.pid):
                assert leaving.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
            leaving.send_signal(signal.SIGTERM)
            stopped_at = time.monotonic()
            out, err = coordinator.communicate(timeout=400)
            took = time.monotonic() - stopped_at
            leaving.communicate(timeout=60)
        finally:
            for proc in (leaving, coordinator):
                if proc.poll() is None:
                    proc.kill()
        assert coordinator.returncode == 0, err[-3000:]
        assert len(stored(tmp_path)) == site.total_pages
        status, stats = run_row(tmp_path)
        assert status == "done" and "incomplete" not in stats
        assert stats["crawl"]["lease_retaken"] == 0  # given back, not taken from the dead
        assert took < 300, took  # well inside the 600 s lease


def test_a_distributed_run_can_be_resumed(redis_url, tmp_path):  # noqa: F811
    with IntegritySite(columns=6, items=10, delay=0.3) as site:
        # leases are given back on the interrupt, not reaped: a long timeout keeps a loaded
        # machine's late heartbeat from looking like a dead worker; the hits counted below are
        # the crawl's own: no cloaking re-fetches after it
        config(site, tmp_path, lease_timeout=30, cloaking_sample=0, search_probe="false")
        coordinator = patrol(site, tmp_path, redis_url)
        deadline = time.monotonic() + 120
        while len(_stored_or_none(tmp_path)) < 8:
            assert coordinator.poll() is None, coordinator.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.2)
        coordinator.send_signal(signal.SIGINT)
        out, err = coordinator.communicate(timeout=180)
        assert coordinator.returncode == 130, err[-3000:]
        assert "--resume 1" in err.strip().splitlines()[-1]
        assert run_row(tmp_path)[0] == "interrupted"
        before = stored(tmp_path)
        assert len(before) < site.total_pages
        r = redis.Redis.from_url(redis_url)
        assert r.zcard("govpatrol:1:requests") > 0  # the queue stays for --resume

        # a Redis that no longer has the queue: one line saying what to do, the run untouched
        elsewhere = redis_url.rsplit("/", 1)[0] + "/1"
        refused = patrol(site, tmp_path, elsewhere, "--resume", "1")
        out, err = refused.communicate(timeout=120)
        assert refused.returncode == 1
        assert "去掉 --redis 续跑" in err and "Traceback" not in err
        assert run_row(tmp_path)[0] == "interrupted"

        site.delay = 0.05
        helper = start("worker", "--redis", redis_url, "--wait", "60")
        resumed = patrol(site, tmp_path, redis_url, "--resume", "1")
        try:
            out, err = resumed.communicate(timeout=240)
            helper.communicate(timeout=120)
        finally:
            for proc in (helper, resumed):
                if proc.poll() is None:
                    proc.kill()
        assert resumed.returncode == 0, err[-3000:]
        assert helper.returncode == 0
        pages = stored(tmp_path)
        assert len(pages) == site.total_pages and set(pages.values()) == {200}
        # resumed from the queue: the pages stored before were not fetched again
        again = [u for u in before if site.hits["/" + u.split("/", 3)[3]] > 1]
        assert again == []
        assert run_row(tmp_path)[0] == "done"
        run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
        assert run["complete"] is True
        assert r.keys("govpatrol:*") == []


def _stored_or_none(tmp: Path) -> dict[str, int]:
    try:
        return stored(tmp)
    except sqlite3.Error:  # the database is not created yet
        return {}


# -- the lease scripts on their own, against the same real redis-server ---------------------------
def queued(r: redis.Redis, p: str, *urls: str) -> list[bytes]:
    """`urls` on run `p`'s queue as the JSON scrapy-redis holds, counted in flight, seeded."""
    from scrapy import Request

    from govpatrol.crawler import serializer

    payloads = [serializer.dumps(Request(u, dont_filter=True).to_dict()) for u in urls]
    r.zadd(p + "requests", {data: 0 for data in payloads})
    r.incrby(p + "inflight", len(urls))
    r.set(p + "seeded", 1)
    return payloads


def two_workers(url: str, p: str, **kwargs):
    from govpatrol.crawler.leases import Leases

    r = redis.Redis.from_url(url)
    a, b = (Leases(r, p, name, timeout=60, **kwargs) for name in ("a", "b"))
    a.beat()
    b.beat()
    return r, a, b


def test_a_dead_worker_s_lease_goes_back_once_and_its_late_finish_counts_nothing(
        redis_url):  # noqa: F811
    r, a, b = two_workers(redis_url, "govpatrol:801:")
    queued(r, "govpatrol:801:", "http://127.0.0.1/x.html")
    lease, _ = a.take()
    assert r.zcard("govpatrol:801:requests") == 0 and a.pending()
    assert b.reap() == (0, 0)  # a is alive: nothing is taken from it
    r.delete(a.heartbeat_key())  # a stops heart-beating
    assert b.reap() == (1, 0) and b.reap() == (0, 0)  # back on the queue, once
    assert not a.release(lease)  # a, late: its lease is gone, the count is not touched
    assert int(r.get("govpatrol:801:inflight")) == 1
    lease_b, data = b.take()
    assert b"x.html" in data and b.release(lease_b)
    assert not b.pending()
    assert b.losses() == {"lease_lost": 0, "lease_lost_urls": [], "lease_retaken": 1,
                          "lease_partial": 0}


def test_beyond_the_retakes_a_request_is_lost_and_an_answered_one_partial(
        redis_url):  # noqa: F811
    r, a, b = two_workers(redis_url, "govpatrol:802:", retakes=0)
    queued(r, "govpatrol:802:", "http://127.0.0.1/a.html")
    a.take()
    r.delete(a.heartbeat_key())
    assert b.reap() == (0, 1)
    assert not b.pending()  # nothing left to wait for
    assert b.losses()["lease_lost_urls"] == ["http://127.0.0.1/a.html"]

    r, a, b = two_workers(redis_url, "govpatrol:803:")
    queued(r, "govpatrol:803:", "http://127.0.0.1/b.html")
    lease, _ = a.take()
    a.answered(lease)  # its answer arrived: its callback may have run half-way
    r.delete(a.heartbeat_key())
    assert b.reap() == (1, 0)
    assert b.losses()["lease_partial"] == 1


def test_counted_requests_nobody_holds_end_the_wait(redis_url):  # noqa: F811
    r, a, b = two_workers(redis_url, "govpatrol:804:")
    assert a.pending()  # not seeded yet: the coordinator is still starting
    queued(r, "govpatrol:804:", "http://127.0.0.1/c.html")
    lease, _ = a.take()
    r.incr("govpatrol:804:inflight")  # a request created in a callback, not yet queued
    assert b.pending()  # a holds the request whose callback creates it
    assert a.release(lease)
    # created, never queued, nobody holds its parent: nothing can bring it
    assert not b.pending()
    assert b.losses()["lease_lost"] == 0  # no worker died: a dropped request, not a loss


def test_a_retry_of_a_leased_request_takes_its_place_on_the_queue(redis_url):  # noqa: F811
    r, a, _ = two_workers(redis_url, "govpatrol:805:")
    [data] = queued(r, "govpatrol:805:", "http://127.0.0.1/d.html")
    lease, _ = a.take()
    a.transfer(lease, data, 0)
    assert r.hlen(a.lease_key()) == 0 and r.zcard("govpatrol:805:requests") == 1
    assert int(r.get("govpatrol:805:inflight")) == 1 and a.pending()
