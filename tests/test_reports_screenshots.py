"""Evidence screenshots of pages served on 127.0.0.1: the right page, the text marked, and
nothing loaded from any other host."""

from __future__ import annotations

import base64
import html
from datetime import date

import openpyxl
import pytest
from reports_helpers import XSS, LocalSite, bundle_for, launch_chromium, need_chromium, two_runs

from govpatrol.model import Finding
from govpatrol.reports import ReportOptions, render_all
from govpatrol.reports.bundle import ReportBundle
from govpatrol.reports.screenshots import LOOPBACK, is_allowed, pick_pages

#: Page backgrounds: a screenshot of a.html is green, of b.html blue.
GREEN, BLUE = (0, 160, 0), (0, 0, 200)


def write_site(root, tracker: str) -> None:
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
            '<script src="{tracker}/analytics.js"></script></head>'
            '<body style="background:rgb{bg};color:#fff;font-size:20px">'
            '<h1>{title}</h1><p>{text}</p><img src="{tracker}/pixel.png"></body></html>')
    (root / "a.html").write_text(page.format(
        title="新闻一", bg=GREEN, text="第一段。我们<b>既使</b>遇到困难也要坚持，据国家工商总局通知。",
        tracker=tracker), encoding="utf-8")
    (root / "b.html").write_text(page.format(
        title="通知", bg=BLUE, text=f"正文开头{html.escape(XSS)}正文结尾", tracker=tracker),
        encoding="utf-8")


@pytest.fixture
def served(tmp_path):
    need_chromium()
    (tmp_path / "site").mkdir()
    (tmp_path / "other").mkdir()
    # another loopback address stands in for a CDN or tracker outside the site
    with LocalSite(tmp_path / "other", host="127.0.0.2") as other:
        write_site(tmp_path / "site", other.base)
        with LocalSite(tmp_path / "site") as site:
            yield site, other, tmp_path


def pixel_stats(png: bytes) -> dict[str, float]:
    """Shares of green, blue and red pixels, read back through a canvas in chromium."""
    from playwright.sync_api import sync_playwright

    script = """async (src) => {
      const img = new Image(); img.src = src; await img.decode();
      const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
      const g = c.getContext('2d'); g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let green = 0, blue = 0, red = 0;
      for (let i = 0; i < d.length; i += 4) {
        const [r, gg, b] = [d[i], d[i + 1], d[i + 2]];
        if (r < 40 && gg > 130 && gg < 190 && b < 40) green++;
        if (r < 40 && gg < 40 && b > 170) blue++;
        if (r > 200 && gg < 40 && b < 40) red++;
      }
      const n = d.length / 4;
      return {green: green / n, blue: blue / n, red: red / n, width: c.width};
    }"""
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        stats = page.evaluate(script, "data:image/png;base64," + base64.b64encode(png).decode())
        browser.close()
    return stats


def test_screenshots_show_the_right_pages(served):
    site, other, tmp = served
    store, _, second = two_runs(tmp, site.base)
    out = tmp / "out"
    bundle = bundle_for(store, second, ReportOptions(screenshots=20))
    render_all(bundle, out)
    # pages with findings that the site serves: a.html, b.html, d.html (404), news/ (404)
    shots = bundle.screenshots
    assert set(shots) >= {f"{site.base}/a.html", f"{site.base}/b.html"}
    a_png = (out / shots[f"{site.base}/a.html"]).read_bytes()
    b_png = (out / shots[f"{site.base}/b.html"]).read_bytes()
    assert a_png[:8] == b"\x89PNG\r\n\x1a\n" and len(a_png) > 1000
    a, b = pixel_stats(a_png), pixel_stats(b_png)
    assert a["width"] == 1280
    assert a["green"] > 0.5 and a["blue"] < 0.01  # a.html, not b.html
    assert b["blue"] > 0.5 and b["green"] < 0.01
    assert a["red"] > 0.0005 and b["red"] > 0.0005  # the marked text (and the banner)
    assert "/a.html" in site.requests and "/b.html" in site.requests
    assert other.requests == []  # nothing outside the site was ever requested
    # linked from the HTML and the ledger
    report = (out / "report.html").read_text(encoding="utf-8")
    assert f'href="{shots[f"{site.base}/a.html"]}"' in report
    ws = openpyxl.load_workbook(out / "report.xlsx")["办公室"]
    # relative file links are stored the way Excel itself stores them (backslashes)
    shot_col = [c.value for c in ws[1]].index("证据截图")
    links = [row[shot_col].hyperlink.target.replace("\\", "/")
             for row in ws.iter_rows(min_row=2) if row[shot_col].hyperlink]
    assert shots[f"{site.base}/a.html"] in links


def test_at_most_n_worst_first(served):
    site, _, tmp = served
    store, _, second = two_runs(tmp, site.base)
    bundle = bundle_for(store, second, ReportOptions(screenshots=1))
    written = render_all(bundle, tmp / "out")
    assert list(bundle.screenshots) == [f"{site.base}/b.html"]  # the veto page
    assert len([p for p in written if p.suffix == ".png"]) == 1


def test_no_screenshots_by_default(tmp_path):
    store, _, second = two_runs(tmp_path, "http://127.0.0.1:9")
    bundle = bundle_for(store, second)
    render_all(bundle, tmp_path / "out")
    assert bundle.screenshots == {}
    assert not (tmp_path / "out" / "screenshots").exists()


def test_only_site_and_loopback_urls_are_loaded():
    hosts = LOOPBACK | {"www.jianghe.gov.cn"}
    assert is_allowed("http://127.0.0.1:8000/a.html", hosts)
    assert is_allowed("https://www.jianghe.gov.cn/x", hosts)
    assert not is_allowed("https://cdn.example.com/x.js", hosts)
    assert not is_allowed("http://www.jianghe.gov.cn.evil.example/", hosts)
    assert not is_allowed("file:///etc/passwd", hosts)
    assert not is_allowed("ftp://127.0.0.1/x", hosts)


def test_pages_off_the_site_are_never_picked():
    def f(url: str, severity: str = "minor") -> Finding:
        return Finding(site="s", category="typo", rule="t", severity=severity, url=url,
                       message="m", text="x")

    bundle = ReportBundle(run={"id": 1}, site="s", home_url="https://www.jianghe.gov.cn/",
                          as_of=date(2024, 5, 20), columns=[], items=[],
                          findings=[f("https://www.jianghe.gov.cn/a"),
                                    f("https://elsewhere.example/b", "veto"),
                                    f("https://www.jianghe.gov.cn/c", "major")])
    hosts = LOOPBACK | {"www.jianghe.gov.cn"}
    assert [u for u, _ in pick_pages(bundle, 10, hosts)] == [
        "https://www.jianghe.gov.cn/c", "https://www.jianghe.gov.cn/a"]
