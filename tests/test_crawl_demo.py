"""A real Scrapy crawl of the demo portal (TRS, Hanweb, plain and GBK pages) on 127.0.0.1.

The portal's ground truth (govpatrol/demo/expected.json) is written by the same generator that
writes its pages, so these tests compare what the crawler found with what is really there.
"""

from __future__ import annotations

import json

import pytest

from govpatrol.store import Store


def by_path(patrol, rows, key="url"):
    base = patrol.server.url.rstrip("/")
    return {row[key].removeprefix(base): row for row in rows}


def test_every_column_is_found_with_its_name_and_parent(demo_patrol):
    found = by_path(demo_patrol, demo_patrol.jsonl("columns.jsonl"))
    for column in demo_patrol.expected["columns"]:
        assert column["path"] in found, f"column {column['name']} not discovered"
        row = found[column["path"]]
        assert row["name"] == column["name"]
        assert row["parent"] == column["parent"], column["name"]
    # pagination pages, dataproxy answers and section pages are not columns of their own
    assert len(found) == len(demo_patrol.expected["columns"]), sorted(found)


@pytest.mark.parametrize("adapter", ["trs", "hanweb", "plain", "generic"])
def test_every_item_of_every_list_page_with_its_date(demo_patrol, adapter):
    items = demo_patrol.jsonl("items.jsonl")
    columns = [c for c in demo_patrol.expected["columns"] if c["adapter"] == adapter]
    assert columns, f"the demo has no {adapter} column"
    for column in columns:
        found = {
            row["url"].removeprefix(demo_patrol.server.url.rstrip("/")): row
            for row in items if row["column"] == column["name"]
        }
        expected = {item["path"]: item for item in column["items"]}
        assert set(found) == set(expected), column["name"]
        for path, item in expected.items():
            assert found[path]["title"] == item["title"]
            assert found[path]["list_date"] == item["list_date"]


def test_columns_know_their_adapter_and_size(demo_patrol):
    found = by_path(demo_patrol, demo_patrol.jsonl("columns.jsonl"))
    for column in demo_patrol.expected["columns"]:
        row = found[column["path"]]
        assert row["item_count"] == len(column["items"]), column["name"]
        assert row["newest"] == column["newest"], column["name"]
        if column["adapter"] != "generic":
            assert row["adapter"] == column["adapter"], column["name"]


def test_metadata_tables_are_read(demo_patrol):
    items = by_path(demo_patrol, demo_patrol.jsonl("items.jsonl"))
    details = demo_patrol.expected["details"]
    assert details
    for detail in details:
        meta = detail["metadata"]
        row = items[detail["path"]]
        assert row["published"] == detail["published"], detail["path"]
        assert row["formed"] == meta["formed"], detail["path"]
        assert row["doc_number"] == meta.get("doc_number"), detail["path"]
        assert row["index_number"] == meta["index_number"], detail["path"]
        assert row["publisher"] == meta["publisher"], detail["path"]


def test_gbk_and_gb18030_pages_decode_exactly(demo_patrol):
    for page in demo_patrol.expected["encodings"]:
        [(text,)] = demo_patrol.query("select text from pages where url = ?",
                                      demo_patrol.url(page["path"]))
        assert page["sentence"] in text, page


def test_footer_only_pages_and_topic_pages_are_fetched(demo_patrol):
    fetched = {url for (url,) in demo_patrol.query("select url from pages where status = 200")}
    for path in demo_patrol.expected["footer_only_pages"]:
        assert demo_patrol.url(path) in fetched, path
    html_pages = [p for p in demo_patrol.expected["pages"] if not p.startswith("/admin/")]
    missing = [p for p in html_pages if demo_patrol.url(p) not in fetched]
    assert not missing


def test_robots_txt_is_obeyed(demo_patrol):
    assert not demo_patrol.query("select url from pages where url like '%/admin/%'")


def test_the_calendar_trap_stays_bounded(demo_patrol):
    [(trap_pages,)] = demo_patrol.query("select count(*) from pages where url like '%/hdrl/%'")
    assert 1 <= trap_pages <= 31
    [(sessions,)] = demo_patrol.query(
        "select count(*) from pages where url like '%jsessionid%' or url like '%sid=%'")
    assert sessions == 0


def test_server_errors_and_timeouts_are_findings_not_the_end(demo_patrol):
    findings = demo_patrol.jsonl("findings.jsonl")
    unreachable = {f["url"].removeprefix(demo_patrol.server.url.rstrip("/")): f
                   for f in findings if f["category"] == "unreachable"}
    assert unreachable["/zxft/index.html"]["status"] == "500"
    assert unreachable["/slow/index.html"]["status"] == "timeout"
    [(crawled,)] = demo_patrol.query("select count(*) from pages where status = 200")
    assert crawled >= len(demo_patrol.expected["pages"]) - 5


def test_malformed_html_is_still_read(demo_patrol):
    path = demo_patrol.expected["malformed_page"]["path"]
    [(status, text)] = demo_patrol.query("select status, text from pages where url = ?",
                                         demo_patrol.url(path))
    assert status == 200
    assert demo_patrol.expected["malformed_page"]["sentence"] in text


def test_outputs_follow_the_findings_contract(demo_patrol):
    fields = {"id", "site", "category", "rule", "severity", "url", "column", "department",
              "text", "suggestion", "context", "message", "link_url", "status", "published",
              "formed", "last_updated", "limit_days", "actual_days"}
    findings = demo_patrol.jsonl("findings.jsonl")
    assert findings
    for finding in findings:
        assert fields <= set(finding)
        assert finding["severity"] in ("veto", "major", "minor", "info")
        assert finding["site"] == "江河市人民政府"
    assert len({f["id"] for f in findings}) == len(findings)
    column_fields = {"site", "name", "url", "parent", "freshness_class", "class_reason",
                     "limit_days", "item_count", "newest", "working_days_since_newest",
                     "department"}
    for row in demo_patrol.jsonl("columns.jsonl"):
        assert column_fields <= set(row)
    item_fields = {"site", "column", "url", "title", "list_date", "published", "formed",
                   "doc_number", "index_number", "publisher"}
    for row in demo_patrol.jsonl("items.jsonl"):
        assert item_fields <= set(row)
    html = (demo_patrol.out / "report.html").read_text(encoding="utf-8")
    assert "江河市人民政府 网站巡检报告" in html


def test_departments_come_from_the_config(demo_patrol):
    found = {row["name"]: row for row in demo_patrol.jsonl("columns.jsonl")}
    assert found["财政预决算"]["department"] == "市财政局"
    assert found["政务要闻"]["department"] == "市政府办公室"


def test_freshness_findings_match_the_official_calendar(demo_patrol):
    findings = demo_patrol.jsonl("findings.jsonl")
    base = demo_patrol.server.url.rstrip("/")
    stale = {f["url"].removeprefix(base) for f in findings if f["category"] == "stale_column"}
    empty = {f["url"].removeprefix(base) for f in findings if f["category"] == "empty_column"}
    columns = demo_patrol.expected["columns"]
    assert stale == {c["path"] for c in columns if c["stale"]}
    assert empty == {c["path"] for c in columns if c["empty"]}
    late = {f["url"].removeprefix(base): f for f in findings
            if f["category"] == "late_publication"}
    expected_late = {entry["path"]: entry for entry in demo_patrol.expected["late_publications"]}
    assert set(late) == set(expected_late)
    for path, entry in expected_late.items():
        assert late[path]["formed"] == entry["formed"], path
        assert late[path]["published"] == entry["published"], path


def test_the_run_is_recorded(demo_patrol):
    [(status, stats)] = demo_patrol.query("select status, stats from runs")
    assert status == "done"
    assert json.loads(stats)["counts"]["pages"] > 100


def test_the_terminal_summary_names_the_veto_items_and_every_output(demo_patrol):
    """What an operator reads at the end of a patrol: severities, the veto items by name, the
    score, and where each file went (absolute paths, whatever the working folder)."""
    stdout = demo_patrol.result.stdout
    findings = demo_patrol.jsonl("findings.jsonl")
    veto = sum(1 for f in findings if f["severity"] == "veto")
    assert f"一票否决 {veto}" in stdout
    assert "网站不合格" in stdout and "严重表述错误：台湾政府" in stdout
    for name in ("report.html", "report.xlsx", "report.docx", "findings.jsonl", "run.json"):
        assert str((demo_patrol.out / name).resolve()) in stdout
    run = json.loads((demo_patrol.out / "run.json").read_text(encoding="utf-8"))
    summary = run["summary"]
    assert summary["findings"] == len(findings) and summary["veto"] is True
    # how long each stage took, for an operator tuning a nightly run
    assert set(run["timings"]) == {"crawl", "crawl_cpu", "link_checks_after_crawl", "audit",
                                   "audit_cpu", "reports"}
    assert all(seconds >= 0 for seconds in run["timings"].values())
    assert run["timings"]["crawl"] > 0


def test_report_groups_dead_links_by_target_and_lists_external_links(demo_patrol):
    from lxml import html as lxml_html

    page = lxml_html.fromstring((demo_patrol.out / "report.html").read_text(encoding="utf-8"))
    dead = {row.xpath("td")[0].text_content(): row.xpath("td")[1].text_content()
            for row in page.xpath("//table[@id='broken-targets']/tbody/tr")}
    assert dead[demo_patrol.url("/error/notfound.html")] == "soft_404"
    assert dead[demo_patrol.url("/zxft/index.html")] == "500"
    external = {row.xpath("td")[1].text_content(): row.xpath("td")[2].text_content()
                for row in page.xpath("//table[@id='external-links']/tbody/tr")}
    ext = demo_patrol.server.url.replace("127.0.0.1", "localhost")
    assert external[ext + "bc/"] == "线上博彩 澳门赌场 官方网站"  # the hidden spam link, for review
    assert all(not url.startswith(demo_patrol.server.url) for url in external)


def test_planted_security_problems_veto_the_demo_site(demo_patrol, tmp_path):
    """台湾政府 and the hidden gambling link are 安全、泄密事故 (single veto): the report lists
    them with their evidence and fails the site, and prep's veto dashboard names them."""
    from lxml import html as lxml_html
    from openpyxl import load_workbook

    from govpatrol.demo import SITE_NAME
    from tests.helpers import cli

    text = (demo_patrol.out / "report.html").read_text(encoding="utf-8")
    assert "未发现一票否决问题" not in text
    page = lxml_html.fromstring(text)
    evidence = {row.xpath("td")[5].text_content()
                for row in page.xpath("//table[@id='vetoes']/tbody/tr")}
    assert {"台湾政府", "线上博彩"} <= evidence
    assert page.get_element_by_id("site-verdict").text_content() == "不合格"
    assert int(page.get_element_by_id("n-veto").text_content()) >= 2

    out = tmp_path / "prep"
    done = cli("prep", "--config", str(demo_patrol.config), "--db", str(demo_patrol.db),
               "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(load_workbook(out / SITE_NAME / "汇总-迎评材料.xlsx")["单项否决指标"]
                .iter_rows(values_only=True))
    content = next(r for r in rows if str(r[0]).startswith("安全、泄密事故"))
    assert content[4] == "单项否决"
    assert "台湾政府" in content[5] and "线上博彩" in content[5]



def test_the_demo_search_finds_the_newest_titles(demo_patrol):
    """The demo's search works: the probe asked the newest published titles and found each, so
    the demo's findings carry no 站内搜索 problem of its own making."""
    findings = demo_patrol.jsonl("findings.jsonl")
    assert not [f for f in findings if f["rule"].startswith("search.")]
    store = Store(demo_patrol.db, readonly=True)
    try:
        run = store.latest_done_run("江河市人民政府")
        form, *asked = store.search_probes(run["id"])
    finally:
        store.close()
    assert form.state == "form" and form.request_url.endswith("/search/index.html")
    assert len(asked) == 4 and all(step.state == "found" for step in asked), asked
