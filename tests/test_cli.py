"""The command line as a user meets it: one column, re-rendering, bad input, a killed crawl."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import TIMEOUT, with_site_keys
from helpers import cli, free_port, govpatrol, read_jsonl

from govpatrol.demo import DEMO_AS_OF, demo_config

AS_OF = DEMO_AS_OF.isoformat()


@pytest.mark.e2e
def test_column_patrols_one_column_only(demo_server, tmp_path):
    url = demo_server.url + "col/col1001/index.html"
    result = govpatrol("column", url, "--as-of", AS_OF, "--out", str(tmp_path / "out"),
                       "--db", str(tmp_path / "g.db"))
    assert result.returncode == 0, result.stderr
    columns = read_jsonl(tmp_path / "out" / "columns.jsonl")
    assert [c["name"] for c in columns] == ["政策文件"]
    assert columns[0]["item_count"] == 40  # inline records plus every dataproxy page
    with sqlite3.connect(tmp_path / "g.db") as conn:
        paths = {u.removeprefix(demo_server.url) for (u,) in conn.execute("select url from pages")}
    assert all(p.startswith(("col/col1001/", "art/")) for p in paths), sorted(paths)[:5]


def test_report_renders_a_past_run_again(demo_patrol, tmp_path):
    out = tmp_path / "again"
    result = cli("report", "--db", str(demo_patrol.db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert read_jsonl(out / "findings.jsonl") == demo_patrol.jsonl("findings.jsonl")
    assert read_jsonl(out / "columns.jsonl") == demo_patrol.jsonl("columns.jsonl")
    assert (out / "report.html").stat().st_size > 1000


def test_report_on_a_missing_run_is_a_clear_error(demo_patrol):
    result = cli("report", "--db", str(demo_patrol.db), "--run", "999")
    assert result.returncode == 1
    assert "999" in result.stderr and "Traceback" not in result.stderr


def test_bad_config_names_file_line_and_key(tmp_path):
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "x"\nurl = "http://127.0.0.1:9/"\nmax_pages = -1\n',
                      encoding="utf-8")
    result = cli("patrol", "http://127.0.0.1:9/", "--config", str(config),
                 "--db", str(tmp_path / "g.db"))
    assert result.returncode == 1
    assert f"{config}:4 [max_pages]" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.e2e
def test_unreachable_start_url_exits_non_zero(tmp_path):
    port = free_port()  # a port nobody listens on
    result = govpatrol("patrol", f"http://127.0.0.1:{port}/", "--db", str(tmp_path / "g.db"),
                       "--out", str(tmp_path / "out"), "--as-of", AS_OF)
    assert result.returncode == 1
    assert "无法访问起始地址" in result.stderr and "connection_refused" in result.stderr


@pytest.mark.e2e
def test_a_killed_crawl_leaves_a_readable_database(demo_server, tmp_path):
    db = tmp_path / "killed.db"
    config = tmp_path / "sites.toml"
    config.write_text(demo_config(demo_server.url), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "govpatrol", "patrol", demo_server.url, "--config", str(config),
         "--db", str(db), "--out", str(tmp_path / "out"), "--as-of", AS_OF,
         "--concurrency", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    pages = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(db) as conn:
                pages = conn.execute("select count(*) from pages").fetchone()[0]
        except sqlite3.Error:
            pages = 0
        if pages >= 20:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select count(*) from pages").fetchone()[0] >= pages
        assert conn.execute("select status from runs").fetchone()[0] == "running"
        # every stored page has its links: a page and its links are written together
        orphans = conn.execute(
            "select count(*) from links where page_url not in (select url from pages)"
        ).fetchone()[0]
        assert orphans == 0
    # what was kept can still be reported
    result = cli("report", "--db", str(db), "--out", str(tmp_path / "partial"))
    assert result.returncode == 0, result.stderr


@pytest.mark.e2e
def test_page_budget_and_per_column_list_cap(demo_server, tmp_path):
    config = tmp_path / "sites.toml"
    # the timeout of the shared patrol: the slow page is given up on, not waited for
    config.write_text(with_site_keys(demo_config(demo_server.url), max_list_pages=2,
                                     timeout=TIMEOUT), encoding="utf-8")
    db = tmp_path / "g.db"
    result = govpatrol("column", demo_server.url + "xwzx/zwyw/index.html", "--config",
                       str(config), "--db", str(db), "--out", str(tmp_path / "col"),
                       "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    [column] = read_jsonl(tmp_path / "col" / "columns.jsonl")
    assert column["item_count"] == 40  # two list pages of 20, not all four pages' 70

    plain = tmp_path / "plain.toml"
    plain.write_text(with_site_keys(demo_config(demo_server.url), timeout=TIMEOUT),
                     encoding="utf-8")
    result = govpatrol("patrol", demo_server.url, "--config", str(plain),
                       "--db", str(tmp_path / "budget.db"), "--out", str(tmp_path / "budget"),
                       "--as-of", AS_OF, "--max-pages", "40")
    assert result.returncode == 3, result.stderr  # truncated by the budget: not complete
    assert "已达到页面上限" in result.stdout
    with sqlite3.connect(tmp_path / "budget.db") as conn:
        assert conn.execute("select count(*) from pages").fetchone()[0] <= 40
