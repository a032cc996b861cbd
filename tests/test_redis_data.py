"""Redis holds data, not code: what govpatrol reads back from Redis is JSON or it is refused.

A real redis-server on 127.0.0.1 (as in test_distributed.py). Each test plants what an
attacker able to write to the server would: a pickle whose loading runs a command. The command
would create a file; the file must never appear.
"""

from __future__ import annotations

import os
import pickle
import sys
from datetime import date

import pytest
from scrapy import Request
from test_distributed import redis_url  # noqa: F401 - the real redis-server fixture

from govpatrol.crawler import codec, serializer
from govpatrol.crawler.options import Departments, SpiderOptions
from govpatrol.crawler.records import ItemsRecord, PageRecord
from govpatrol.crawler.state import RedisState, prefix
from govpatrol.model import Column, Item, Link, Page


class _RunsCode:
    """Unpickling this runs `touch <path>`."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def planted(tmp_path) -> tuple[bytes, object]:
    marker = tmp_path / "code-ran"
    return pickle.dumps(_RunsCode(str(marker))), marker


def test_records_and_options_travel_as_json() -> None:
    page = Page(site="江河市", url="http://a/x.html", status=200, title="通知",
                published=date(2026, 11, 2), links=[Link("http://a/y.html", "a", "下一篇")],
                metadata={"发布机构": "市政府办公室"})
    record = PageRecord(page, "http://a/col/", {"etag": '"1"', "size": 10})
    raw = codec.dumps(record)
    assert raw.startswith(b"{") and b"pickle" not in raw
    assert codec.loads(raw, PageRecord) == record
    items = ItemsRecord("江河市", "http://a/col/", [Item("http://a/1.html", "一", date(2026, 1, 5))])
    assert codec.loads(codec.dumps(items)) == items
    options = SpiderOptions(site="江河市", start_url="http://a/", today=date(2026, 11, 20),
                            hosts=("b",), departments=Departments(table={"财政局": ["/czj/"]},
                                                                  default="办公室"))
    back = codec.loads(codec.dumps(options), SpiderOptions)
    assert back == options and back.hosts == ("b",)
    assert back.departments("预算", "http://a/czj/1.html") == "财政局"


def test_a_pickle_is_refused_everywhere(tmp_path) -> None:
    payload, marker = planted(tmp_path)
    with pytest.raises(codec.CodecError):
        codec.loads(payload)
    with pytest.raises(serializer.SerializerError):
        serializer.loads(payload)
    assert not marker.exists()


def test_the_request_queue_is_json_and_names_only_scrapy_request_classes() -> None:
    request = Request("http://a/x.html", headers={"If-None-Match": '"1"'}, priority=20,
                      meta={"kind": "list", "explicit": {"name": "要闻"}}, dont_filter=True)
    raw = serializer.dumps(request.to_dict())
    data = serializer.loads(raw)
    assert data["url"] == "http://a/x.html" and data["meta"]["explicit"] == {"name": "要闻"}
    assert data["headers"][b"If-None-Match"] == [b'"1"']
    forged = raw.replace(b'"url"', b'"_class":"os.system","url"', 1)
    with pytest.raises(serializer.SerializerError):
        serializer.loads(forged)


def test_shared_state_refuses_a_planted_column(redis_url, tmp_path) -> None:  # noqa: F811
    import redis

    state = RedisState(redis_url, 901)
    column = Column(site="江河市", name="要闻", url="http://a/col/", department="宣传部")
    assert state.open_column(column.url, column, frozenset({"http://a/1.html"})) == column
    assert state.column(column.url) == column
    payload, marker = planted(tmp_path)
    redis.Redis.from_url(redis_url).hset(prefix(901) + "columns", "http://a/evil/", payload)
    with pytest.raises(codec.CodecError):
        state.column("http://a/evil/")
    assert not marker.exists()


def test_a_worker_refuses_a_planted_run(redis_url, tmp_path) -> None:  # noqa: F811
    import subprocess

    import redis

    payload, marker = planted(tmp_path)
    r = redis.Redis.from_url(redis_url)
    r.set(prefix(902) + "options", payload)
    r.set("govpatrol:current", 902)
    try:
        result = subprocess.run([sys.executable, "-m", "govpatrol", "worker", "--redis",
                                 redis_url, "--wait", "1"], capture_output=True, text=True,
                                timeout=120)
    finally:
        r.delete("govpatrol:current", prefix(902) + "options")
    assert result.returncode == 1, result.stderr[-2000:]
    assert "已拒绝" in result.stderr and "Traceback" not in result.stderr
    assert not marker.exists()
