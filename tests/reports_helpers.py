"""Hand-made stores for the report tests: two runs of one site, findings chosen so that every
report feature (veto, scoring items, history marks, hostile page text) has something to show,
without crawling anything.
"""

from __future__ import annotations

import threading
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from govpatrol.auditors.context import make_context
from govpatrol.config import site_from_url
from govpatrol.model import Column, Finding, Item, Page
from govpatrol.reporting import build_bundle
from govpatrol.reports import ReportBundle, ReportOptions
from govpatrol.store import Store

SITE = "江河市人民政府"
FIRST_DAY = date(2024, 5, 6)
SECOND_DAY = date(2024, 5, 20)
XSS = "<script>alert(1)</script>"
HOSTILE_TITLE = '<img src=x onerror="document.title=\'pwned\'">'


def finding(base: str, key: str) -> Finding:
    """The findings the tests use, by a short key; urls are under `base`."""
    specs = {
        "typo": dict(category="typo", rule="typo.word", severity="minor", url=f"{base}/a.html",
                     column="工作动态", department="办公室", text="既使",
                     suggestion="即使", context="我们既使遇到困难也要坚持",
                     message="“既使”应为“即使”"),
        "veto": dict(category="sensitive", rule="sensitive.reactionary", severity="veto",
                     url=f"{base}/b.html", column="通知公告", department="宣传科", text=XSS,
                     context=f"正文开头{XSS}正文结尾", message=f"页面含有违规内容{XSS}",
                     suggestion=HOSTILE_TITLE),
        "stale": dict(category="stale_column", rule="freshness.important_news",
                      severity="major", url=f"{base}/news/", column="工作动态",
                      department="办公室", message="栏目“工作动态”已12个工作日未更新",
                      limit_days=2, actual_days=12, last_updated=date(2024, 5, 1)),
        "fixed": dict(category="typo", rule="typo.word", severity="minor", url=f"{base}/c.html",
                      column="财政预决算", department="财政局", text="帐户", suggestion="账户",
                      context="财政专户帐户管理", message="“帐户”应为“账户”"),
        "interp": dict(category="late_publication", rule="freshness.interpretation",
                       severity="major", url=f"{base}/d.html", column="政策解读",
                       department="财政局", link_url=f"{base}/policy.html",
                       message="政策解读晚于政策8个工作日", limit_days=5, actual_days=8),
        "expr": dict(category="wrong_expression", rule="expression.outdated_institution",
                     severity="major", url=f"{base}/a.html", column="工作动态", department=None,
                     text="国家工商总局", suggestion="国家市场监督管理总局",
                     context="据国家工商总局通知", message="机构名称已变更"),
        "link": dict(category="broken_link", rule="links.page", severity="minor",
                     url=f"{base}/a.html", column="工作动态", department="办公室",
                     link_url=f"{base}/gone.html", status="404", message="链接无法访问"),
        "formula": dict(category="typo", rule="typo.word", severity="minor",
                        url=f"{base}/e.html", column="工作动态", department="办公室",
                        text='=HYPERLINK("http://evil.example","x")', context="=1+1",
                        message="公式文本"),
    }
    return Finding(site=SITE, **specs[key])


def _page(base: str, path: str, title: str, text: str, column: str) -> Page:
    return Page(site=SITE, url=f"{base}{path}", status=200, title=title, text=text,
                column=column, kind="detail", published=date(2024, 5, 2))


def add_run(store: Store, base: str, as_of: date, keys: list[str], status: str = "done",
            url: str | None = None) -> int:
    """One run of the site with its columns, items, pages and the findings named by `keys`."""
    run_id = store.start_run(SITE, url or f"{base}/", as_of, {"mode": "site"})
    columns = [
        Column(site=SITE, name="工作动态", url=f"{base}/news/", department="办公室",
               items=[Item(url=f"{base}/a.html", title="新闻一", list_date=date(2024, 5, 1))]),
        Column(site=SITE, name="通知公告", url=f"{base}/notice/", department="宣传科",
               items=[Item(url=f"{base}/b.html", title=HOSTILE_TITLE,
                           list_date=date(2024, 5, 2))]),
        Column(site=SITE, name="财政预决算", url=f"{base}/finance/", department="财政局"),
        Column(site=SITE, name="机构概况", url=f"{base}/about/", department="人事科",
               items=[Item(url=f"{base}/about.html", title="概况", list_date=date(2020, 1, 1))]),
    ]
    for column in columns:
        store.save_column(run_id, column)
        store.save_items(run_id, SITE, column.url, column.items)
    store.save_page(run_id, _page(base, "/a.html", "新闻一", "我们既使遇到困难也要坚持", "工作动态"))
    store.save_page(run_id, _page(base, "/b.html", HOSTILE_TITLE, f"正文开头{XSS}正文结尾", "通知公告"))
    store.save_findings(run_id, [finding(base, k) for k in keys])
    store.finish_run(run_id, status, {}, [])
    return run_id


def two_runs(tmp_path: Path, base: str = "http://127.0.0.1:9") -> tuple[Store, int, int]:
    """Run 1 finds typo, veto, stale, fixed; run 2 lost `fixed` and gained interp, expr, link."""
    store = Store(tmp_path / "govpatrol.db")
    first = add_run(store, base, FIRST_DAY, ["typo", "veto", "stale", "fixed"])
    second = add_run(store, base, SECOND_DAY, ["typo", "veto", "stale", "interp", "expr", "link"])
    return store, first, second


def bundle_for(store: Store, run_id: int, options: ReportOptions | None = None) -> ReportBundle:
    from govpatrol.auditors.context import column_inventory

    run = store.run(run_id)
    ctx = make_context(None, site_from_url(run["url"]), date.fromisoformat(run["as_of"]))
    bundle = build_bundle(store, run_id, lambda cols: column_inventory(cols, ctx))
    bundle.profile = ctx.profile
    if options is not None:
        bundle.options = options
    return bundle


class LocalSite:
    """A folder served on loopback (127.0.0.1 unless told) by http.server, in a thread."""

    def __init__(self, root: Path, host: str = "127.0.0.1") -> None:
        handler = partial(_QuietHandler, directory=str(root))
        self.host = host
        self.server = ThreadingHTTPServer((host, 0), handler)
        self.requests: list[str] = []
        self.server.requests = self.requests  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.server.server_address[1]}"

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        self.server.requests.append(self.path)  # type: ignore[attr-defined]


def launch_chromium(playwright):
    """Debian's chromium, as the reports use it (never a downloaded browser)."""
    from govpatrol.reports.screenshots import LAUNCH_ARGS, find_chromium

    return playwright.chromium.launch(executable_path=find_chromium(), headless=True,
                                      args=LAUNCH_ARGS)


def need_chromium():
    """Skip (with the reason) where Playwright or chromium is missing: scripts/install.sh
    --test installs both."""
    import pytest

    pytest.importorskip("playwright.sync_api")
    from govpatrol.reports.screenshots import find_chromium

    if find_chromium() is None:
        pytest.skip("chromium not installed (apt-get install chromium)")
