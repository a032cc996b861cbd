"""Distributed mode: a real redis-server on 127.0.0.1, a coordinator and a worker sharing one
crawl of the demo portal; what they store together equals a single-process crawl.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import Patrol
from helpers import free_port

from govpatrol.demo import DEMO_AS_OF

REDIS = shutil.which("redis-server")


@pytest.fixture(scope="module")
def redis_url():
    if REDIS is None:
        pytest.skip("redis-server not installed (scripts/install.sh --test installs it)")
    port = free_port()
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.kill()
        proc.wait()


def content(db, run_id: int) -> dict:
    with sqlite3.connect(db) as conn:
        def rows(sql: str) -> list:
            return sorted(conn.execute(sql, [run_id]))

        # the activity calendar is a crawler trap with fresh session ids in every answer:
        # which 30 of its endless months get fetched depends on the order pages arrive in,
        # so only their number is compared
        return {
            "pages": rows("select url, status, error, kind, title, content_hash, column_url"
                          " from pages where run_id = ? and url not like '%/hdrl/%'"),
            "trap_pages": rows("select count(*) from pages where run_id = ?"
                               " and url like '%/hdrl/%'"),
            "items": rows("select column_url, url, title, list_date from items where run_id = ?"),
            "columns": rows("select url, name, parent, adapter, list_pages from columns"
                            " where run_id = ?"),
            "links": rows("select page_url, url, kind from links where run_id = ?"
                          " and page_url not like '%/hdrl/%'"),
            "findings": rows("select id from findings where run_id = ?"),
        }


def test_two_workers_equal_one_process(demo_patrol: Patrol, redis_url, tmp_path) -> None:
    import redis

    db = tmp_path / "shared.db"
    worker = subprocess.Popen([sys.executable, "-m", "govpatrol", "worker", "--redis", redis_url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        coordinator = subprocess.run(
            [sys.executable, "-m", "govpatrol", "patrol", demo_patrol.server.url, "--config",
             str(demo_patrol.config), "--as-of", DEMO_AS_OF.isoformat(), "--out",
             str(tmp_path / "out"), "--db", str(db), "--redis", redis_url,
             "--concurrency", "2"], capture_output=True, text=True, timeout=300)
        out, err = worker.communicate(timeout=120)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert coordinator.returncode == 0, coordinator.stderr[-3000:]
    assert worker.returncode == 0, err[-3000:]
    fetched = int(out.split("本进程抓取")[1].split("页")[0])
    assert fetched > 20, out  # the worker really shared the crawl
    with sqlite3.connect(demo_patrol.db) as conn:
        (single_run,) = conn.execute("select max(id) from runs").fetchone()
    shared, single = content(db, 1), content(demo_patrol.db, single_run)
    assert shared == single, _diff(shared, single)
    assert redis.Redis.from_url(redis_url).keys("govpatrol:*") == []  # the run cleaned up


def test_worker_without_a_run_says_so(redis_url) -> None:
    result = subprocess.run([sys.executable, "-m", "govpatrol", "worker", "--redis", redis_url,
                             "--wait", "0.5"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "没有正在进行的巡检" in result.stderr


def _diff(a: dict, b: dict) -> str:
    lines = []
    for key in a:
        if a[key] != b[key]:
            lines.append(f"{key}: only distributed {sorted(set(a[key]) - set(b[key]))[:4]}")
            lines.append(f"{key}: only single {sorted(set(b[key]) - set(a[key]))[:4]}")
    return "\n".join(lines)


def test_a_worker_at_the_page_budget_makes_the_whole_run_incomplete(redis_url) -> None:
    """The page budget is shared: whichever process reaches it leaves links unfetched, and the
    coordinator, whose own spider may never have hit it, must say the run is incomplete."""
    from govpatrol.crawler.shared import cleanup
    from govpatrol.crawler.state import LocalState, RedisState
    from govpatrol.run import incomplete_reasons

    coordinator, worker = RedisState(redis_url, 991), RedisState(redis_url, 991)
    assert coordinator.marked() == set()
    assert incomplete_reasons({"counters": {}, "marks": sorted(coordinator.marked())}) == []
    worker.mark("capped")
    worker.mark("capped")
    assert coordinator.marked() == {"capped"}
    assert incomplete_reasons({"counters": {}, "marks": sorted(coordinator.marked())}) == [
        "max_pages"]
    cleanup(redis_url, 991)
    assert coordinator.marked() == set()  # the run's keys go with it
    alone = LocalState()
    alone.mark("capped")
    assert alone.marked() == {"capped"}
