"""The crawl's queue of requests lives in files beside the store, not in memory
(crawler.frontier), and nothing of it stays after the crawl."""

from __future__ import annotations

import json
from datetime import date

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


def test_a_queued_request_comes_back_as_the_spider_made_it(tmp_path):
    from types import SimpleNamespace

    from scrapy import FormRequest, Request

    from govpatrol.crawler.frontier import FrontierDiskQueue
    from govpatrol.crawler.options import SpiderOptions
    from govpatrol.crawler.spiders.portal import PortalSpider

    spider = PortalSpider(SpiderOptions(site="示例", start_url="http://127.0.0.1/", today=date(2026, 11, 20)))
    queue = FrontierDiskQueue(SimpleNamespace(spider=spider), str(tmp_path / "q"))
    meta = {"kind": "detail", "column_url": "http://127.0.0.1/c1/index.html",
            "anchor": "关于印发《示例办法》的通知", "adapter": "trs", "explicit": None}
    sent = [Request("http://127.0.0.1/c1/202611/t20261119_1.html", callback=spider.parse_page,
                    errback=spider.on_error, meta=meta, priority=10, dont_filter=True),
            FormRequest("http://127.0.0.1/module/web/jpage/dataproxy.jsp",
                        formdata={"startrecord": "1", "col": "1"}, callback=spider.parse_page,
                        errback=spider.on_error, meta={"kind": "list-data"}, dont_filter=True)]
    for request in sent:
        queue.push(request)
    back = [queue.pop(), queue.pop()][::-1]  # last in, first out
    for request, got in zip(sent, back, strict=True):
        assert type(got) is type(request)
        assert (got.url, got.method, got.body, got.meta, got.priority, got.dont_filter) == (
            request.url, request.method, request.body, request.meta, request.priority, True)
        assert got.callback == spider.parse_page and got.errback == spider.on_error
    assert queue.pop() is None
    queue.close()


def test_a_request_whose_callback_is_not_the_spider_s_stays_in_memory(tmp_path):
    from types import SimpleNamespace

    import pytest
    from scrapy import Request

    from govpatrol.crawler.frontier import FrontierDiskQueue
    from govpatrol.crawler.options import SpiderOptions
    from govpatrol.crawler.spiders.portal import PortalSpider

    spider = PortalSpider(SpiderOptions(site="示例", start_url="http://127.0.0.1/", today=date(2026, 11, 20)))
    queue = FrontierDiskQueue(SimpleNamespace(spider=spider), str(tmp_path / "q"))
    request = Request("http://127.0.0.1/a.html", callback=lambda response: None)
    with pytest.raises(ValueError):  # Scrapy's scheduler keeps such a request in memory
        queue.push(request)
    assert request.callback is not None and len(queue) == 0
    queue.close()
