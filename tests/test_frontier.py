"""The crawl's queue of requests lives in files beside the store, not in memory
(crawler.frontier), and nothing of it stays after the crawl."""

from __future__ import annotations

import json

from govpatrol.crawler.frontier import PREFIX, frontier_folder


def test_every_queued_request_of_the_demo_patrol_waited_on_disk(demo_patrol):
    [(stats,)] = demo_patrol.query("SELECT stats FROM runs")
    crawl = json.loads(stats)["crawl"]
    pages = demo_patrol.query("SELECT count(*) FROM pages")[0][0]
    assert crawl["queued"] >= pages - 1  # every request the spider made waited in it
    assert crawl["queued_in_memory"] == 0


def test_the_queue_folder_is_gone_after_the_patrol(demo_patrol):
    assert not list(demo_patrol.db.parent.glob(PREFIX + "*"))


def test_a_killed_patrol_s_queue_is_removed_when_its_run_is_crawled_again(tmp_path):
    db = tmp_path / "govpatrol.db"
    left = frontier_folder(str(db), 3)  # what a patrol killed with -9 leaves
    (left / "requests.queue").mkdir()
    other_run = frontier_folder(str(db), 4)  # another run of the store, maybe still crawling
    other_store = frontier_folder(str(tmp_path / "other.db"), 3)
    again = frontier_folder(str(db), 3)
    assert again is not None and again.is_dir()
    assert not left.exists()
    assert other_run.is_dir() and other_store.is_dir()


def test_a_store_in_memory_keeps_the_queue_in_memory():
    assert frontier_folder(":memory:", 1) is None
    assert frontier_folder(None, 1) is None
