"""A partial run is never reported as complete: signals, crashes, rate limiters (issue 16).

Every test patrols a real server on 127.0.0.1 (tests/integrity_site.py) with the CLI in a
subprocess, as cron or systemd would run it.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import NEUTRAL_CWD, cli, free_port, govpatrol, once, read_jsonl
from integrity_site import AS_OF, IntegritySite

pytestmark = pytest.mark.e2e  # every test here patrols a real server in a subprocess


def patrol_args(site: IntegritySite, tmp: Path, *extra: str, as_of: str = AS_OF.isoformat(),
                out: str = "out") -> list[str]:
    return ["patrol", site.url, "--as-of", as_of, "--out", str(tmp / out),
            "--db", str(tmp / "govpatrol.db"), *extra]


def query(tmp: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(tmp / "govpatrol.db") as conn:
        return conn.execute(sql, params).fetchall()


def stored_pages(db: Path, run_id: int) -> int:
    """Pages run `run_id` stored so far."""
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM pages WHERE run_id = ?",
                                [run_id]).fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def interrupt(site: IntegritySite, tmp: Path, signum: int, after_pages: int = 8,
              *extra: str, run_id: int = 1) -> subprocess.CompletedProcess:
    """Start a patrol, send `signum` once it stored `after_pages` pages, wait for its end."""
    args = [sys.executable, "-m", "govpatrol", *patrol_args(site, tmp, "--concurrency", "2",
                                                            *extra)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=NEUTRAL_CWD)
    deadline = time.monotonic() + 120
    while stored_pages(tmp / "govpatrol.db", run_id) < after_pages:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.2)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stores_what_was_fetched_marks_the_run_interrupted_and_resume_finishes_it(
        tmp_path, signum, code):
    with IntegritySite(columns=6, items=10, delay=0.3) as site:
        stopped = interrupt(site, tmp_path, signum)
        assert stopped.returncode == code, stopped.stderr[-2000:]
        assert "Traceback" not in stopped.stderr
        reason = stopped.stderr.strip().splitlines()[-1]
        assert "巡检被中断" in reason and "--resume 1" in reason
        [(status, stats)] = query(tmp_path, "SELECT status, stats FROM runs")
        assert status == "interrupted"
        assert json.loads(stats)["signal"] == signal.Signals(signum).name
        fetched = query(tmp_path, "SELECT count(*) FROM pages")[0][0]
        assert 8 <= fetched < site.total_pages
        assert not (tmp_path / "out" / "report.html").exists()  # nothing looks complete

        site.delay = 0
        resumed = govpatrol(*patrol_args(site, tmp_path, "--resume", "1"))
        assert resumed.returncode == 0, resumed.stderr[-2000:]
        assert query(tmp_path, "SELECT id, status FROM runs") == [(1, "done")]
        assert query(tmp_path, "SELECT count(*) FROM pages")[0][0] == site.total_pages
        run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
        assert run["status"] == "done" and run["complete"] is True


def test_report_of_an_interrupted_run_says_so_and_fixes_nothing(tmp_path):
    late = "2027-06-01"  # every column stale: one finding per column page
    with IntegritySite(columns=6, items=10, delay=0.3) as site:
        site.delay = 0
        first = govpatrol(*patrol_args(site, tmp_path, as_of=late, out="first"))
        assert first.returncode == 0, first.stderr[-2000:]
        stale = [f for f in read_jsonl(tmp_path / "first" / "findings.jsonl")
                 if f["category"] == "stale_column"]
        assert len(stale) == 6
        site.delay = 0.3
        assert interrupt(site, tmp_path, signal.SIGINT, 4, "--as-of", late,
                         run_id=2).returncode == 130
    shown = cli("report", "--db", str(tmp_path / "govpatrol.db"), "--run", "2", "--out",
                str(tmp_path / "partial"))
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "本次巡检被中断" in shown.stdout
    html = (tmp_path / "partial" / "report.html").read_text(encoding="utf-8")
    banner = html.index('class="incomplete"')
    assert banner < html.index("<h2>概况</h2>") and "本次结果不完整" in html[banner:banner + 300]
    assert 'id="n-fixed">0<' in html  # the stale columns were not audited again: not fixed
    run = json.loads((tmp_path / "partial" / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "interrupted" and run["complete"] is False

    from docx import Document
    from openpyxl import load_workbook

    doc = Document(str(tmp_path / "partial" / "report.docx"))
    assert any("本次巡检被中断" in p.text for p in doc.paragraphs[:4])
    summary = load_workbook(tmp_path / "partial" / "report.xlsx").worksheets[0]
    assert summary["A2"].value == "结果不完整" and "本次巡检被中断" in summary["B2"].value


def test_a_finding_is_fixed_only_when_its_page_was_fetched_again(tmp_path):
    late = "2027-06-01"
    with IntegritySite(columns=6, items=2) as site:
        assert govpatrol(*patrol_args(site, tmp_path, as_of=late)).returncode == 0
        # the budget reaches the home page and two lists: four stale columns go unchecked
        second = govpatrol(*patrol_args(site, tmp_path, "--max-pages", "3", as_of=late))
        assert second.returncode == 3, second.stderr[-2000:]  # truncated: incomplete
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "out" / "report.xlsx")
    fixed = [str(cell.value) for row in book["已整改"].iter_rows() for cell in row] \
        if "已整改" in book.sheetnames else []
    unchecked = [f"{site.url}c{c}/index.html" for c in range(2, 6)]
    assert not [url for url in unchecked if any(url in value for value in fixed)]
    stale = [f for f in read_jsonl(tmp_path / "out" / "findings.jsonl")
             if f["category"] == "stale_column"]
    assert len(stale) == 2  # the two columns it did read are still stale: open, not fixed


def test_a_crash_of_the_driver_marks_the_run_failed(tmp_path):
    """A report writer that raises (here: report options of the wrong type) must not leave
    the run `running`."""
    with IntegritySite(columns=1, items=1) as site:
        script = (
            "from datetime import date\nfrom pathlib import Path\n"
            "from govpatrol.config import site_from_url\nfrom govpatrol.run import patrol\n"
            f"patrol(site_from_url({site.url!r}), config=None, as_of=date(2026, 11, 20),"
            f" out_dir=Path({str(tmp_path / 'out')!r}), db=Path({str(tmp_path / 'govpatrol.db')!r}),"
            " report_options=object())\n")
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                timeout=300, cwd=NEUTRAL_CWD)
    assert result.returncode != 0
    assert query(tmp_path, "SELECT status FROM runs") == [("failed",)]


def test_429_with_retry_after_is_waited_for_and_retried_never_broken(tmp_path):
    with IntegritySite(columns=6, items=10, rps=20) as site:
        result = govpatrol(*patrol_args(site, tmp_path))
        assert result.returncode == 0, result.stderr[-2000:]
        assert site.throttled > 0  # the limiter did answer 429s
    assert query(tmp_path, "SELECT count(*) FROM pages WHERE status = 200")[0][0] == \
        site.total_pages
    findings = read_jsonl(tmp_path / "out" / "findings.jsonl")
    assert not [f for f in findings if f["category"] in ("broken_link", "unreachable")]
    assert json.loads((tmp_path / "out" / "run.json").read_text())["complete"] is True


def test_a_site_that_keeps_throttling_makes_the_run_incomplete(tmp_path):
    with IntegritySite(columns=3, items=2, always_429=frozenset({"/c1/index.html"})) as site:
        result = govpatrol(*patrol_args(site, tmp_path))
    assert result.returncode == 3, result.stderr[-2000:]
    assert "网站限流，部分页面未能检查，本次结果不完整" in result.stdout
    findings = read_jsonl(tmp_path / "out" / "findings.jsonl")
    assert not [f for f in findings if f["category"] in ("broken_link", "unreachable")]
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "done" and run["complete"] is False
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "网站限流，部分页面未能检查，本次结果不完整" in html
    assert query(tmp_path, "SELECT error FROM pages WHERE url LIKE '%/c1/index.html'") == [
        ("rate_limited",)]


def test_max_rps_spaces_the_requests(tmp_path):
    config = tmp_path / "sites.toml"
    with IntegritySite(columns=2, items=3, rps=5) as site:
        config.write_text(f'[[sites]]\nname = "示例"\nurl = "{site.url}"\nmax_rps = 4\n'
                          'allow_addresses = ["127.0.0.1"]\n', encoding="utf-8")
        result = govpatrol(*patrol_args(site, tmp_path, "--config", str(config)))
        assert result.returncode == 0, result.stderr[-2000:]
        assert site.throttled == 0  # never faster than the site allows


def test_link_checks_keep_to_the_sites_max_rps_too(tmp_path):
    """Images and PDFs on the site's own host are checked after the crawl, at the site's pace:
    the crawl and the checks together never pass its limit, and every file is found live."""
    config = tmp_path / "sites.toml"
    with IntegritySite(columns=2, items=3, rps=5, files=True) as site:
        config.write_text(f'[[sites]]\nname = "示例"\nurl = "{site.url}"\nmax_rps = 4\n'
                          'allow_addresses = ["127.0.0.1"]\nattachment_text = false\n',
                          encoding="utf-8")
        result = govpatrol(*patrol_args(site, tmp_path, "--config", str(config)))
        assert result.returncode == 0, result.stderr[-2000:]
        assert site.throttled == 0  # never faster than the site allows
        files = [path for path in site.hits if path.endswith((".png", ".pdf"))]
    assert len(files) == 2 * 2 * 3  # every image and PDF was asked
    findings = read_jsonl(tmp_path / "out" / "findings.jsonl")
    assert not [f for f in findings if f["category"] in ("broken_link", "unreachable")]


# -- every fetched URL ends as a page or a finding; traps and budgets are said (issue 16) --------

@pytest.fixture(scope="module")
def hostile_patrol(tmp_path_factory):
    """One patrol of a site linking a decompression bomb, an oversized page, a page streamed
    past the size limit, a UTF-8 page with one bad byte and an endless calendar."""
    def run(tmp: Path) -> dict:
        with IntegritySite(columns=2, items=3, extras=True) as site:
            result = govpatrol(*patrol_args(site, tmp))
            return {"args": result.args, "returncode": result.returncode,
                    "stdout": result.stdout, "stderr": result.stderr,
                    "url": site.url, "hits": dict(site.hits)}

    # once per test run, whichever xdist worker asks first: the server's address and what it
    # was asked are kept with the outputs
    tmp, ran = once(tmp_path_factory, "hostile-patrol", run)
    result = subprocess.CompletedProcess(ran["args"], ran["returncode"], ran["stdout"],
                                         ran["stderr"])
    return result, tmp, SimpleNamespace(url=ran["url"], hits=Counter(ran["hits"]))


def test_responses_dropped_for_size_are_too_large_findings(hostile_patrol):
    result, tmp, site = hostile_patrol
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    findings = read_jsonl(tmp / "out" / "findings.jsonl")
    too_large = {f["url"].removeprefix(site.url) for f in findings
                 if f["category"] == "unreachable" and f["status"] == "too_large"}
    assert too_large == {"bomb.html", "huge.html", "stream.html"}
    assert not query(tmp, "SELECT url FROM pages WHERE error = 'ignored'")
    html = (tmp / "out" / "report.html").read_text(encoding="utf-8")
    assert "页面过大" in html


def test_a_utf8_page_with_one_bad_byte_is_read_as_utf8(hostile_patrol):
    _, tmp, site = hostile_patrol
    [(encoding, text)] = query(tmp, "SELECT encoding, text FROM pages WHERE url = ?",
                               site.url + "badbyte.html")
    assert encoding == "utf-8"
    before, after = "本页面介绍政务公开工作的具体安排，请各单位", "认真落实。"
    assert before + "\ufffd" + after in text  # as a browser shows it
    on_page = [f for f in read_jsonl(tmp / "out" / "findings.jsonl")
               if f["url"] == site.url + "badbyte.html"]
    assert on_page == []  # no false traditional characters, typos or encoding problem


def test_a_calendar_path_trap_is_bounded_and_said(hostile_patrol):
    result, tmp, site = hostile_patrol
    days = query(tmp, "SELECT count(*) FROM pages WHERE url LIKE '%/cal/%'")[0][0]
    assert days == 30  # the default bound, not the 5000-page budget
    # the 30 days crawled, the link checker's one check of the next day's link, and the days
    # the cloaking check sampled (each asked as 3 visitors)
    sampled = query(tmp, "SELECT count(*) FROM variants WHERE url LIKE '%/cal/%'")[0][0]
    assert sum(n for path, n in site.hits.items() if path.startswith("/cal/")) == 31 + sampled
    html = (tmp / "out" / "report.html").read_text(encoding="utf-8")
    assert "疑似日历陷阱" in html and "疑似日历陷阱" in result.stdout
    run = json.loads((tmp / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["complete"] is True  # a trap bounded is not a page missed
    assert "所有信息均晚于检查日期" not in html


def test_the_calendar_bound_is_a_setting(tmp_path):
    config = tmp_path / "sites.toml"
    with IntegritySite(columns=1, items=1, extras=True) as site:
        config.write_text(f'[[sites]]\nname = "示例"\nurl = "{site.url}"\nmax_date_pages = 5\n'
                          'allow_addresses = ["127.0.0.1"]\n', encoding="utf-8")
        result = govpatrol(*patrol_args(site, tmp_path, "--config", str(config)))
    assert result.returncode == 0, result.stderr[-2000:]
    assert query(tmp_path, "SELECT count(*) FROM pages WHERE url LIKE '%/cal/%'")[0][0] == 5


def test_a_crawl_stopped_by_max_pages_is_incomplete(tmp_path):
    with IntegritySite(columns=6, items=2) as site:
        result = govpatrol(*patrol_args(site, tmp_path, "--max-pages", "5"))
    assert result.returncode == 3, result.stderr[-2000:]
    banner = "已达到页面上限（--max-pages / max_pages），部分页面未抓取，本次结果不完整"
    assert banner in result.stdout
    assert query(tmp_path, "SELECT count(*) FROM pages")[0][0] == 5
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "done" and run["complete"] is False
    assert run["incomplete"] == [banner]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert banner in html[html.index('class="incomplete"'):html.index("<h2>概况</h2>")]


def test_a_budget_the_site_fits_in_leaves_the_run_complete(tmp_path):
    with IntegritySite(columns=2, items=2) as site:
        result = govpatrol(*patrol_args(site, tmp_path, "--max-pages", str(site.total_pages)))
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads((tmp_path / "out" / "run.json").read_text())["complete"] is True


def test_an_unreachable_start_url_is_one_line(tmp_path):
    port = free_port()  # a port nobody listens on
    result = govpatrol("patrol", f"http://127.0.0.1:{port}/", "--as-of", AS_OF.isoformat(),
                       "--out", str(tmp_path / "out"), "--db", str(tmp_path / "govpatrol.db"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    assert "无法访问起始地址" in lines[0] and "connection_refused" in lines[0]


def test_an_as_of_before_everything_on_the_site_is_a_warning(tmp_path):
    with IntegritySite(columns=3, items=4) as site:
        result = govpatrol(*patrol_args(site, tmp_path, as_of="1999-01-01"))
    assert result.returncode == 0, result.stderr[-2000:]
    warning = "所有信息均晚于检查日期 1999-01-01"
    assert warning in result.stdout
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert warning in html
    [(warnings,)] = query(tmp_path, "SELECT warnings FROM runs")
    assert warning in warnings
