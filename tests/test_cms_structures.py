"""Real Scrapy patrols of a county portal built like real TRS and Hanweb sites (tests/cms_site.py).

Columns nest three levels deep with span, plain-text and link breadcrumbs; every pagination
family is there with its own markup. Each column must come out with the name the site shows, its
parent, its own freshness class and every item, whatever order the answers arrive in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cms_site import COLUMNS, CmsSite, expected_items, patrol_cms_site
from helpers import once, read_jsonl

#: name -> (parent, freshness class, limit) as an inspector reading the site would conclude
TRUTH = {
    "行政许可": ("法定主动公开内容", "enforcement", 7),
    "行政处罚": ("法定主动公开内容", "enforcement", 7),
    "财政预决算": ("法定主动公开内容", "key_areas", 10),
    "重大建设项目": ("法定主动公开内容", "key_areas", 10),
    "政策文件": ("政府信息公开", "statutory_other", 20),
    "通知公告": ("政府信息公开", "statutory_other", 20),
    "统计信息": ("政府信息公开", "statutory_other", 20),
    "机构概况": ("走进江河", "exempt", None),
    "领导信息": ("走进江河", "exempt", None),
}


def patrol(tmp_path, **server) -> tuple[CmsSite, list[dict], list[dict], list[dict]]:
    with CmsSite(**server) as site:
        out = patrol_cms_site(site, tmp_path)
    base = site.url.rstrip("/")
    columns = [dict(c, url=c["url"].removeprefix(base)) for c in read_jsonl(out / "columns.jsonl")]
    items = [dict(i, url=i["url"].removeprefix(base)) for i in read_jsonl(out / "items.jsonl")]
    return site, columns, items, read_jsonl(out / "findings.jsonl")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """One patrol of the county portal for the tests that read its outputs (once per test
    run, whichever xdist worker asks first)."""
    def run(tmp: Path) -> dict:
        _, columns, items, findings = patrol(tmp)
        return {"columns": columns, "items": items, "findings": findings}

    _, ran = once(tmp_path_factory, "county-patrol", run)
    return None, ran["columns"], ran["items"], ran["findings"]


def test_nested_columns_have_their_own_names_parents_and_limits(county):
    _, columns, _, _ = county
    found = {c["name"]: c for c in columns}
    assert sorted(found) == sorted(TRUTH)
    for name, (parent, cls, limit) in TRUTH.items():
        row = found[name]
        assert (row["parent"], row["freshness_class"], row["limit_days"]) == (parent, cls, limit)
    assert {c.path: found[c.name]["url"] for c in COLUMNS} == {c.path: c.path for c in COLUMNS}


def test_every_item_of_every_pagination_family_is_reached(county):
    _, columns, items, _ = county
    counts = {c["name"]: c["item_count"] for c in columns}
    assert counts == {c.name: len(c.items) for c in COLUMNS}
    # 政策文件 45 (TRS, numbers in variables), 通知公告 70 (jpage without totalRecord), 重大建设项目
    # 13 (plain pager, last page only 上一页), 统计信息 10 (index_1.html missing), lists of 1 and 2
    assert counts["政策文件"] == 45 and counts["通知公告"] == 70 and counts["重大建设项目"] == 13
    for col in COLUMNS:
        got = {(i["url"], i["title"], i["list_date"]) for i in items if i["column"] == col.name}
        assert got == {(p, t, d.isoformat()) for p, t, d in expected_items(col)}, col.name


def test_freshness_findings_use_each_columns_own_class(county):
    _, _, _, findings = county
    column_findings = sorted((f["category"], f["column"], f["limit_days"], f["actual_days"])
                             for f in findings if f["category"] in ("stale_column", "empty_column"))
    # 行政许可 8 working days > 7 and 财政预决算 12 > 10: both would pass a parent's 20 days;
    # 机构概况 (2023) and 领导信息 (2024) are exempt, never stale
    assert column_findings == [("stale_column", "行政许可", 7, 8),
                               ("stale_column", "财政预决算", 10, 12)]
    assert not [f for f in findings if f["category"] in ("broken_link", "unreachable")
                and "/zwgk/tjxx/index_1.html" not in (f.get("link_url") or f["url"])]


def test_the_same_columns_whatever_order_the_answers_arrive_in(county, tmp_path):
    """政策文件's first page answering last changes nothing. It used to: the home page under
    /index.html (its news block shows the same five newest items) was read as a list first, and
    the real column was then taken for another URL of it: 5 items, pages 2 and 3 never asked for.
    """
    slow = {"/zwgk/zcwj/index.html": 1.5, "/zwgk/zcwj/": 1.5, "/zwgk/tjxx/index.html": 1.0}
    _, columns, items, _ = patrol(tmp_path, slow=slow)
    _, first_columns, first_items, _ = county
    key = lambda rows: sorted(tuple(sorted(r.items())) for r in rows)  # noqa: E731
    assert key(columns) == key(first_columns)
    assert key(items) == key(first_items)
