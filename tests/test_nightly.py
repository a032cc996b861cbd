"""Nightly (incremental) runs, the nightly command's folders, lock and retention, and resume
after kill -9.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import govpatrol

from govpatrol.demo import DEMO_AS_OF
from govpatrol.nightly import nightly_lock

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
#: The generated site of the kill -9 test: big enough that a one-request-at-a-time crawl is
#: still running when KILL_AT pages are stored (the store commits every 0.2 s), small enough
#: to patrol three times quickly.
SITE_PAGES = 96
KILL_AT = 32


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy of a WAL database (the backup API, not a file copy)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def runs(db: Path) -> list[tuple[int, str, dict]]:
    with sqlite3.connect(db) as conn:
        return [(i, status, json.loads(stats or "{}")) for i, status, stats in conn.execute(
            "select id, status, stats from runs order by id")]


def finding_ids(db: Path, run_id: int) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {i for (i,) in conn.execute("select id from findings where run_id = ?",
                                           [run_id])}


def test_nightly_reuses_unchanged_pages(demo_patrol, tmp_path) -> None:
    db = tmp_path / "nightly.db"
    copy_db(demo_patrol.db, db)
    out = tmp_path / "nightly"
    (out / "2026-01-01" / "old").mkdir(parents=True)  # older than --keep: removed
    (out / "notes").mkdir()  # not a dated folder: never touched
    result = govpatrol("nightly", "--config", str(demo_patrol.config), "--out", str(out),
                       "--db", str(db), "--as-of", DEMO_AS_OF.isoformat(), "--keep", "30")
    assert result.returncode == 0, result.stderr[-3000:]
    (first_id, _, first), (second_id, status, second) = runs(db)
    assert status == "done"
    full, nightly = first["crawl"]["requests"], second["crawl"]["requests"]
    assert nightly <= 0.5 * full, (full, nightly)
    assert second["crawl"]["counters"]["reused"] > 200
    assert second["crawl"]["not_modified"] > 0  # other pages: conditional requests, 304
    assert finding_ids(db, second_id) == finding_ids(db, first_id)
    assert second["counts"]["pages"] == first["counts"]["pages"]
    day = out / DEMO_AS_OF.isoformat()
    site_dirs = [p for p in day.iterdir() if p.is_dir()]
    assert len(site_dirs) == 1 and (site_dirs[0] / "report.html").exists()
    index = (day / "index.html").read_text(encoding="utf-8")
    assert "夜间巡检汇总" in index and f"{site_dirs[0].name}/report.html" in index
    # per site: state, findings by severity, the veto and the change since the first run
    (entry,) = json.loads((day / "index.json").read_text(encoding="utf-8"))
    summary = entry["summary"]
    assert entry["state"] == "完成" and summary["findings"] == len(finding_ids(db, second_id))
    assert sum(summary["by_severity"].values()) == summary["findings"]
    assert summary["veto"] and any("台湾政府" in item for item in summary["veto_items"])
    assert summary["previous_run"] == first_id and summary["new"] == 0
    assert "单项否决" in index and "台湾政府" in index and "新 0" in index
    assert not (out / "2026-01-01").exists() and (out / "notes").exists()


def test_nightly_runs_never_overlap(demo_patrol, tmp_path) -> None:
    with nightly_lock(tmp_path):
        result = govpatrol("nightly", "--config", str(demo_patrol.config), "--out",
                           str(tmp_path), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "另一次夜间巡检正在运行" in result.stderr
    assert not (tmp_path / "x.db").exists()


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory):
    sys.path.insert(0, str(BENCH))
    from nginx import Nginx
    from sitegen import generate

    root = tmp_path_factory.mktemp("gen")
    root.chmod(0o755)
    site = root / "site"
    generate(site, SITE_PAGES, columns=6)
    site.chmod(0o755)
    with Nginx(site) as server:
        yield server.url


def _live_members(pgid: int) -> list[int]:
    """Processes of a group that still run (zombies left to an init that does not reap them
    do not count)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def _describe(pids: list[int]) -> list[str]:
    found = []
    for pid in pids:
        with contextlib.suppress(OSError):
            found.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                         .decode()[:150] + " " + Path(f"/proc/{pid}/wchan").read_text())
    return found


def _group_gone(pgid: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while _live_members(pgid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def test_resume_after_kill_9(generated_site, tmp_path) -> None:
    url = generated_site
    common = ["--as-of", "2026-11-20", "--max-pages", "5000"]
    ref_db, db = tmp_path / "ref.db", tmp_path / "killed.db"
    # the uninterrupted reference patrol runs meanwhile: the two share nothing but the site
    pool = ThreadPoolExecutor(1)
    reference = pool.submit(govpatrol, "patrol", url, "--db", str(ref_db), "--out",
                            str(tmp_path / "ref"), *common)
    proc = subprocess.Popen([sys.executable, "-m", "govpatrol", "patrol", url, "--db", str(db),
                             "--out", str(tmp_path / "killed"), "--concurrency", "1", *common],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            if db.exists():
                try:
                    with sqlite3.connect(db) as conn:
                        stored = conn.execute("select count(*) from pages").fetchone()[0]
                except sqlite3.OperationalError:
                    continue
                if stored >= KILL_AT:
                    break
        assert proc.poll() is None, "the crawl finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)  # kill -9 of the crawl, mid-crawl
        proc.wait()
        assert _group_gone(proc.pid, 30), ("the link checker outlived its killed crawl",
                                           _describe(_live_members(proc.pid)))
    finally:
        for pid in _live_members(proc.pid):  # only what this test started
            os.kill(pid, signal.SIGKILL)
        proc.wait()
        ref = reference.result()
        pool.shutdown()
    assert ref.returncode == 0, ref.stderr[-3000:]
    (run_id, status, _), = runs(db)
    assert status == "running" and stored >= KILL_AT
    resumed = govpatrol("patrol", url, "--db", str(db), "--out", str(tmp_path / "resumed"),
                        "--resume", str(run_id), *common)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    (same_id, status, stats), = runs(db)
    assert same_id == run_id and status == "done"
    # stored pages were not fetched again (most of them: the last batch may not be committed)
    assert stats["crawl"]["counters"]["reused"] >= 0.8 * KILL_AT

    def content(path: Path) -> dict[str, set]:
        with sqlite3.connect(path) as conn:
            return {
                "pages": set(conn.execute("select url, status, kind, title, content_hash,"
                                          " column_url from pages")),
                "items": set(conn.execute("select column_url, url, title, list_date from items")),
                "columns": set(conn.execute("select url, name from columns")),
                "links": sorted(conn.execute("select page_url, url, kind from links")),
            }

    assert content(db) == content(ref_db)
    assert finding_ids(db, run_id) == finding_ids(ref_db, 1)
    again = govpatrol("patrol", url, "--db", str(db), "--resume", str(run_id), *common)
    assert again.returncode == 1 and "已完成" in again.stderr
