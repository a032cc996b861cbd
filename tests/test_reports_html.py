"""report.html rendered in Chromium: summary figures, filters, sorting, and page text that
stays text (no script from a page ever runs)."""

from __future__ import annotations

import pytest
from reports_helpers import (
    HOSTILE_TITLE,
    XSS,
    bundle_for,
    launch_chromium,
    need_chromium,
    two_runs,
)

from govpatrol.reports import render_all
from govpatrol.reports.html import href, render_html

BASE = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("html")
    store, _, second = two_runs(tmp, BASE)
    out = tmp / "out"
    render_all(bundle_for(store, second), out)
    return out / "report.html"


@pytest.fixture(scope="module")
def browser():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, report):
    context = browser.new_context()
    page = context.new_page()
    events = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.events = events
    page.goto(report.as_uri())
    yield page
    context.close()


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "#findings tbody tr[data-id]", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.id)")


def test_summary_figures(page):
    assert page.inner_text("#n-findings") == "6"
    assert page.inner_text("#n-veto") == "1"
    assert page.inner_text("#n-new") == "3"
    assert page.inner_text("#n-open") == "3"
    assert page.inner_text("#n-fixed") == "1"
    assert page.inner_text("#site-score") == "96.5"
    office = page.locator('#scores tr[data-department="办公室"] td.score')
    assert office.inner_text() == "98.5"
    veto_grade = page.locator('#scores tr[data-department="宣传科"] td').last.inner_text()
    assert veto_grade == "单项否决"
    assert page.locator("#vetoes tbody tr").count() == 1
    assert page.locator("#fixed tbody tr").count() == 1
    for chart in ("#chart-departments", "#chart-categories", "#chart-trend"):
        assert page.locator(chart).count() == 1


def test_filters_and_search(page):
    assert len(visible_ids(page)) == 6
    page.select_option("#filter-department", "办公室")
    assert len(visible_ids(page)) == 3
    assert page.inner_text("#shown-count") == "3"
    page.select_option("#filter-category", "typo")
    assert len(visible_ids(page)) == 1
    page.click("#filter-reset")
    page.select_option("#filter-severity", "veto")
    assert len(visible_ids(page)) == 1
    page.click("#filter-reset")
    page.select_option("#filter-status", "new")
    assert len(visible_ids(page)) == 3
    page.click("#filter-reset")
    page.fill("#filter-text", "工商总局")
    assert len(visible_ids(page)) == 1
    page.fill("#filter-text", "")
    assert len(visible_ids(page)) == 6


def test_sorting(page):
    first_column = "rows => rows.map(r => r.cells[0].textContent.trim())"
    assert page.eval_on_selector_all("#findings tbody tr", first_column)[0] == "1"
    page.click("#findings thead th:first-child")  # ascending
    page.click("#findings thead th:first-child")  # descending
    numbers = page.eval_on_selector_all("#findings tbody tr", first_column)
    assert numbers == ["6", "5", "4", "3", "2", "1"]
    page.click("#findings thead th:nth-child(4)")  # 责任单位, by Chinese collation
    departments = page.eval_on_selector_all(
        "#findings tbody tr", "rows => rows.map(r => r.cells[3].textContent.trim())")
    runs = [d for i, d in enumerate(departments) if i == 0 or d != departments[i - 1]]
    assert len(runs) == len(set(departments)) == 4  # each department's rows together


def test_department_link_opens_filtered(browser, report):
    page = browser.new_page()
    page.goto(report.as_uri() + "#department=" + "财政局")
    assert page.inner_text("#shown-count") == "1"
    page.close()


def test_page_text_is_shown_as_text_and_runs_nothing(page):
    assert page.events["dialogs"] == []
    assert page.events["errors"] == []
    assert page.title().startswith("江河市人民政府")
    veto_row = page.locator("#findings tbody tr[data-severity=veto]")
    assert XSS in veto_row.locator("td.evidence").inner_text()
    assert veto_row.locator("td.evidence mark").inner_text() == XSS
    assert HOSTILE_TITLE in veto_row.inner_text()
    assert XSS in page.inner_text("#vetoes")
    assert page.locator("#findings script, #findings img, #vetoes script").count() == 0
    assert page.evaluate("document.scripts.length") == 1  # the report's own
    # self-contained: nothing but the file itself is loaded
    assert [u for u in page.events["requests"] if not u.startswith("file:")] == []


def test_escaping_in_the_source(tmp_path):
    store, _, second = two_runs(tmp_path, BASE)
    html = render_html(bundle_for(store, second))
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_only_http_links_are_clickable():
    assert href("https://www.gov.cn/a") == "https://www.gov.cn/a"
    assert href("javascript:alert(1)") == ""
    assert href(" JAVASCRIPT:alert(1)") == ""
    assert href("data:text/html,<script>") == ""
    assert href(None) == ""
