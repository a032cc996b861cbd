"""report.html as an administrator reads it in Chromium: on a 1400 px screen and on a phone.

The run is the hand-made two-run store of the report tests plus long findings (a long message, a
long URL, a long context), which is what pushed the old table off the screen. Screenshots of both
widths are kept beside the test's files (pytest's tmp_path) as artefacts.
"""

from __future__ import annotations

import pytest
from reports_helpers import SITE, bundle_for, launch_chromium, need_chromium, two_runs

from govpatrol.model import Finding
from govpatrol.reports import ReportOptions, render_all
from govpatrol.reports.html import worst_columns_first

pytestmark = pytest.mark.e2e
BASE = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One report rendered for the tests that only look at it."""
    tmp_path = tmp_path_factory.mktemp("layout")
    store, _, second = two_runs(tmp_path, BASE)
    long_url = f"{BASE}/col/col1234/art/2024/05/06/" + "a" * 120 + ".html?from=" + "b" * 80
    store.save_findings(second, [*store.findings(second), Finding(
        site=SITE, category="typo", rule="typo.confusion", severity="minor", url=long_url,
        column="工作动态", department="办公室", text="布署", suggestion="部署",
        context="各部门要认真做好布署工作" + "，确保各项任务按期完成" * 6,
        message="疑似错别字“布署”，应为“部署”。" + "请核对全文中同类用法并一并改正。" * 5)])
    bundle = bundle_for(store, second, ReportOptions())
    out = tmp_path / "out"
    render_all(bundle, out)
    return out / "report.html"


def layout(path, width: int, height: int, shot):
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(path.as_uri())
            page.screenshot(path=str(shot), full_page=True)
            return page.evaluate("""() => {
                const table = document.getElementById('findings');
                const rows = [...table.tBodies[0].rows];
                const label = (r) => r.cells[1].textContent.trim();
                return {
                    scrollWidth: document.documentElement.scrollWidth,
                    clientWidth: document.documentElement.clientWidth,
                    tableRight: table.getBoundingClientRect().right,
                    header: getComputedStyle(table.tHead).display,
                    rowDisplay: getComputedStyle(rows[0]).display,
                    firstLabels: rows.slice(0, 3).map(label),
                    firstRowTop: rows[0].getBoundingClientRect().top,
                    shownColumns: [...table.tHead.rows[0].cells]
                        .filter(c => getComputedStyle(c).display !== 'none')
                        .map(c => c.textContent.trim()),
                    pageCell: rows[0].querySelector('td.page').textContent,
                    meta: document.querySelector('.meta').textContent,
                };
            }""")
        finally:
            browser.close()


def test_a_1400_px_screen_shows_the_whole_findings_table(report, tmp_path):
    seen = layout(report, 1400, 900, tmp_path / "report-1400.png")
    assert seen["scrollWidth"] <= seen["clientWidth"], seen  # no horizontal scrolling
    assert seen["tableRight"] <= 1400
    assert seen["header"] != "none"
    # the columns an office acts on are shown; the secondary ones wait behind a toggle
    for name in ("严重程度", "问题描述", "原文（上下文）", "修改建议", "页面", "状态"):
        assert name in seen["shownColumns"]
    assert "整改时限" not in seen["shownColumns"]
    # the veto finding leads, labelled as a veto, with its page's title
    assert seen["firstLabels"][0] == "一票否决"
    assert "北京时间" in seen["meta"]


def test_a_phone_reads_the_findings_as_cards(report, tmp_path):
    seen = layout(report, 390, 844, tmp_path / "report-390.png")
    assert seen["scrollWidth"] <= seen["clientWidth"], seen  # the page is as wide as the phone
    assert seen["header"] == "none" and seen["rowDisplay"] == "block"
    assert seen["firstLabels"][0].endswith("一票否决")  # each cell says what it is: 严重程度：…


def test_an_empty_filter_says_so(report):
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(report.as_uri())
            assert not page.is_visible("#no-match")
            page.fill("#filter-text", "这段文字不在任何问题里")
            assert page.is_visible("#no-match") and page.inner_text("#shown-count") == "0"
            page.check("#show-all-columns")
            assert page.is_visible("#findings th:has-text('整改时限')")
        finally:
            browser.close()


def test_each_finding_names_its_page_by_title(report):
    html = report.read_text(encoding="utf-8")
    assert '<a class="title" href="http://127.0.0.1:9/a.html" rel="noopener noreferrer">新闻一</a>' \
        in html


def test_the_column_table_is_worst_first():
    columns = [
        {"name": "正常", "item_count": 3, "limit_days": 10, "working_days_since_newest": 2},
        {"name": "免于时限", "item_count": 1, "limit_days": None, "working_days_since_newest": 90},
        {"name": "空白", "item_count": 0, "limit_days": 10, "working_days_since_newest": None},
        {"name": "稍晚", "item_count": 2, "limit_days": 2, "working_days_since_newest": 4},
        {"name": "最晚", "item_count": 2, "limit_days": 10, "working_days_since_newest": 60},
        {"name": "无日期", "item_count": 2, "limit_days": 10, "working_days_since_newest": None},
    ]
    assert [c["name"] for c in worst_columns_first(columns)] == [
        "最晚", "稍晚", "空白", "无日期", "正常", "免于时限"]


def test_times_are_beijing_time():
    from govpatrol.reports.clock import beijing

    assert beijing("2026-11-20T18:30:00+00:00") == "2026-11-21 02:30:00"
    assert beijing("2026-11-20T18:30:00") == "2026-11-21 02:30:00"  # stored UTC, naive
    assert beijing(None) == "" and beijing("not a time") == "not a time"


def many_pages_bundle(tmp_path, pages: int = 40):
    """The two-run store plus one misspelling repeated on `pages` pages of two columns."""
    store, _, second = two_runs(tmp_path, BASE)
    repeated = [Finding(site=SITE, category="typo", rule="typo.confusion", severity="minor",
                        url=f"{BASE}/news/{i}.html", column="工作动态" if i % 2 else "通知公告",
                        department="办公室", text="布署", suggestion="部署",
                        context=f"第{i}条：做好布署工作", message="疑似错别字“布署”，应为“部署”。")
                for i in range(pages)]
    store.save_findings(second, [*store.findings(second), *repeated])
    return bundle_for(store, second, ReportOptions())


def test_one_misspelling_on_many_pages_is_one_row(tmp_path):
    from lxml import html as lxml_html

    from govpatrol.reports.html import render_html

    page = lxml_html.fromstring(render_html(many_pages_bundle(tmp_path)))
    grouped = page.xpath("//table[@id='findings']//tr[@data-count='40']")
    assert len(grouped) == 1
    row = grouped[0]
    assert row.get("data-column") == "|通知公告|工作动态|" or \
        row.get("data-column") == "|工作动态|通知公告|"
    assert "同一问题出现在 40 个页面，共 40 处" in row.text_content()
    assert len(row.xpath(".//details//a[@class='title']")) == 40
    # the other findings keep their own rows, and the total counts every finding
    rows = page.xpath("//table[@id='findings']/tbody/tr[@data-id]")
    assert sum(int(r.get("data-count")) for r in rows) == 6 + 40
    assert page.get_element_by_id("shown-count").text == "46"


def test_a_grouped_row_answers_the_filter_of_any_of_its_columns(tmp_path):
    need_chromium()
    from playwright.sync_api import sync_playwright

    out = tmp_path / "out"
    render_all(many_pages_bundle(tmp_path), out)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto((out / "report.html").as_uri())
            page.select_option("#filter-column", "通知公告")
            assert page.is_visible("#findings tr[data-count='40']")
            assert page.inner_text("#shown-count") == "41"  # the 40 and the veto finding
        finally:
            browser.close()
