"""The ground truth (expected.json): columns, items, metadata, late publications, encodings and
the pages of the site, each fact checked against the official calendar as it is recorded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govpatrol.demo import DEMO_AS_OF, SITE_NAME, layout
from tools.build_demo import articles
from tools.build_demo.model import EXT, ROBOTS_DISALLOW
from tools.build_demo.state import Build
from tools.build_demo.workdays import working_days


def collect_late(b: Build) -> None:
    """Every late item, checked against the official calendar; every other item on time."""
    late: list[dict[str, Any]] = []
    for column in b.columns.values():
        for article in column.articles:
            formed, text = None, None
            if article.metadata is not None:
                formed = article.metadata.formed
                assert article.metadata.published == article.day
            elif column.expected_class == "important_news" and article.event is not None:
                formed, text = article.event, article.event_phrase
            if formed is None or column.limit is None:
                continue
            days = working_days(formed, article.day)
            if days > column.limit:
                late.append({"path": article.path, "formed": formed.isoformat(),
                             "published": article.day.isoformat(),
                             "rule": f"freshness.{column.expected_class}",
                             "limit_days": column.limit, "actual_days": days,
                             "text": text})
    for article in b.columns["zcjd"].articles:
        policy = b.interpretations[article.title]
        days = working_days(policy.day, article.day)
        if days > 5:
            late.append({"path": article.path, "formed": policy.day.isoformat(),
                         "published": article.day.isoformat(),
                         "rule": "freshness.interpretation", "limit_days": 5,
                         "actual_days": days, "text": None, "policy": policy.path})
    expected = {
        b.late_news.path: ("2026-10-29", "2026-11-06"),
        next(a.path for a in b.columns["zcwj"].articles if a.day == date(2026, 10, 20)):
            ("2026-09-01", "2026-10-20"),
        next(a.path for a in b.columns["xzcf"].articles
             if a.metadata and a.metadata.formed == date(2026, 11, 2)):
            ("2026-11-02", "2026-11-13"),
        next(a.path for a in b.columns["zcjd"].articles
             if a.kind == "late_interpretation"): None,
    }
    assert {e["path"] for e in late} == set(expected), late
    for entry in late:
        want = expected[entry["path"]]
        assert want is None or (entry["formed"], entry["published"]) == want, entry
    interp = next(e for e in late if e["rule"] == "freshness.interpretation")
    assert interp["actual_days"] == 8, interp
    late.sort(key=lambda e: e["path"])
    b.late = late


def columns_truth(b: Build) -> list[dict[str, Any]]:
    rows = []
    for column in b.columns.values():
        newest = max((a.day for a in column.articles), default=None)
        days = working_days(newest, DEMO_AS_OF) if newest else None
        stale = bool(column.limit is not None and days is not None and days > column.limit)
        assert stale == column.expect_stale, (column.name, newest, days)
        assert (not column.articles) == column.expect_empty, column.name
        rows.append({
            "name": column.name, "path": column.path, "parent": column.parent,
            "adapter": column.adapter, "expected_class": column.expected_class,
            "limit_days": column.limit, "department": column.department,
            "list_pages": column.list_pages,
            "items": [{"path": a.path, "title": a.title, "list_date": a.day.isoformat()}
                      for a in column.articles],
            "newest": newest.isoformat() if newest else None,
            "working_days_since_newest": days,
            "stale": stale, "empty": not column.articles,
        })
    by_name = {r["name"]: r for r in rows}
    # the brief's numbers, under the official calendar
    assert by_name["政务要闻"]["newest"] == "2026-11-19"
    assert by_name["部门动态"]["working_days_since_newest"] == 4
    assert by_name["财政预决算"]["working_days_since_newest"] == 15
    assert by_name["重大建设项目"]["working_days_since_newest"] == 8
    assert by_name["人事信息"]["working_days_since_newest"] == 26
    assert by_name["政府信息公开指南"]["newest"] == "2024-03-01"
    return rows


def expected(b: Build) -> dict[str, Any]:
    details = [
        {"path": a.path, "title": a.title, "published": a.day.isoformat(),
         "metadata": a.metadata.truth()}
        for c in b.columns.values() for a in c.articles if a.metadata is not None]
    gbk = next(a for a in b.columns["czyjs"].articles
               if articles.GBK_SENTENCE in "".join(a.body))
    gb18030 = next(a for a in b.columns["czyjs"].articles
                   if a.title == "江河市2026年市本级政府预算")
    b.encodings = [
        {"path": b.columns["czyjs"].path, "encoding": "gbk",
         "sentence": b.columns["czyjs"].articles[0].title,
         "declared": "meta charset=gb2312, no charset in the HTTP header"},
        {"path": gbk.path, "encoding": "gbk", "sentence": articles.GBK_SENTENCE,
         "declared": "meta charset=gb2312, no charset in the HTTP header"},
        {"path": gb18030.path, "encoding": "gb18030", "sentence": articles.GB18030_SENTENCE,
         "declared": "HTTP header charset=GB18030 only, no meta"},
    ]
    pages = sorted("/" if path == "/index.html" else path
                   for path in b.files if path.endswith(".html"))
    return {
        "as_of": DEMO_AS_OF.isoformat(),
        "site": SITE_NAME,
        "columns": columns_truth(b),
        "sections": ["/xwzx/index.html", "/zwgk/index.html"],
        "details": details,
        "encodings": b.encodings,
        "late_publications": b.late,
        "planted": b.planted,
        "controls": b.controls,
        "footer_only_pages": [href for _, href in layout.FOOTER_PAGES],
        "malformed_page": b.malformed,
        "dynamic": {
            "/zxft/index.html": "HTTP 500",
            "/slow/index.html": "200 after slow_seconds",
            "/hdrl/index.html": "calendar trap: any ?month=YYYY-MM, session ids in links",
            "/module/web/jpage/dataproxy.jsp": "Hanweb records (GET or POST)",
            f"{EXT}/gone.html": "404 on the external host",
            f"{EXT}/bc/": "200 gambling page on the external host",
        },
        "robots_disallow": [ROBOTS_DISALLOW],
        "pages": pages,
    }
