"""Pages parsed and extracted in worker processes (crawler.extractors) give exactly what the
inline extractor gives, a worker that fails on a page costs that page only, and an interrupted
crawl leaves no worker behind.

Real crawls of real servers on 127.0.0.1: the demo portal and the county portal of
tests/cms_site.py (nested columns, every pagination family, Hanweb's dataproxy), each patrolled
once inline (GOVPATROL_EXTRACT_WORKERS=0) and once with two workers, on the same port so the
finding ids (which contain URLs) compare.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cms_site import AS_OF, SITE_NAME, CmsSite
from helpers import NEUTRAL_CWD, free_port, govpatrol
from integrity_site import IntegritySite
from test_run_integrity import patrol_args, stored_pages

OUTPUTS = ("columns.jsonl", "items.jsonl", "findings.jsonl")
#: Every stored column of a page but when it was fetched.
VOLATILE = frozenset({"run_id", "fetched_at"})


def dump_pages(db: Path) -> list[tuple]:
    """Every page row and, per page, its links in page order."""
    with sqlite3.connect(db) as conn:
        names = ["url"] + [row[1] for row in conn.execute("PRAGMA table_info(pages)")
                           if row[1] not in VOLATILE | {"url"}]
        assert {"url", "kind", "status", "text", "title", "mirror_of", "soft_404"} <= set(names)
        pages = conn.execute(f"SELECT {', '.join(names)} FROM pages ORDER BY url").fetchall()
        links: dict[str, list[tuple]] = {}
        for page_url, *link in conn.execute(
                "SELECT page_url, url, kind, anchor FROM links ORDER BY rowid"):
            links.setdefault(page_url, []).append(tuple(link))
    assert sum(map(len, links.values())) > 100
    return [(*page, links.get(page[0], [])) for page in pages]


def crawl_stats(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return json.loads(conn.execute("SELECT stats FROM runs").fetchone()[0])["crawl"]


def patrol(tmp: Path, url: str, config_text: str, workers: int, as_of: str,
           monkeypatch: pytest.MonkeyPatch) -> dict:
    tmp.mkdir(parents=True, exist_ok=True)
    config = tmp / "sites.toml"
    config.write_text(config_text, encoding="utf-8")
    out, db = tmp / "out", tmp / "govpatrol.db"
    monkeypatch.setenv("GOVPATROL_EXTRACT_WORKERS", str(workers))
    result = govpatrol("patrol", url, "--config", str(config), "--as-of", as_of,
                       "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]
    found = read_patrol(out, db)
    assert found["stats"]["extract_workers"] == workers  # the component the setting chose
    return found


def read_patrol(out: Path, db: Path) -> dict:
    outputs = {name: (out / name).read_text(encoding="utf-8").splitlines() for name in OUTPUTS}
    return {"outputs": outputs, "pages": dump_pages(db), "stats": crawl_stats(db)}


def assert_same(inline: dict, pooled: dict, order_bound: tuple[str, ...] = ()) -> None:
    """`order_bound`: URL prefixes of pages no crawl fetches the same way twice (a calendar
    trap's first N variants depend on arrival order, and its pages carry session ids); their
    number must still agree."""
    for found in (inline, pooled):
        bounded = [p for p in found["pages"] if p[0].startswith(order_bound)] \
            if order_bound else []
        found["bounded"] = len(bounded)
        found["pages"] = [p for p in found["pages"] if not (order_bound
                                                             and p[0].startswith(order_bound))]
    assert pooled["bounded"] == inline["bounded"]
    assert len(inline["pages"]) > 20
    assert [p[0] for p in pooled["pages"]] == [p[0] for p in inline["pages"]]
    for left, right in zip(inline["pages"], pooled["pages"], strict=True):
        assert left == right, left[0]
    for name in OUTPUTS:
        assert inline["outputs"][name], name
        assert pooled["outputs"][name] == inline["outputs"][name], name
    for counter in ("fetched", "columns", "items"):
        assert pooled["stats"]["counters"][counter] == inline["stats"]["counters"][counter]


def test_pool_and_inline_crawl_the_demo_portal_alike(demo_patrol, tmp_path, monkeypatch):
    """The shared demo patrol ran with the machine's default (a pool on two cores or more)."""
    from conftest import TIMEOUT, with_site_keys

    from govpatrol.crawler.extractors import default_workers
    from govpatrol.demo import DEMO_AS_OF, demo_config

    pooled = read_patrol(demo_patrol.out, demo_patrol.db)
    assert pooled["stats"]["extract_workers"] == default_workers()
    config = with_site_keys(demo_config(demo_patrol.server.url), timeout=TIMEOUT)
    inline = patrol(tmp_path, demo_patrol.server.url, config, 0, DEMO_AS_OF.isoformat(),
                    monkeypatch)
    trap = [path for path, what in demo_patrol.expected["dynamic"].items() if "trap" in what]
    assert trap
    assert_same(inline, pooled, tuple(demo_patrol.url(path) + "?" for path in trap))


@pytest.mark.e2e
def test_pool_and_inline_crawl_a_county_portal_alike(tmp_path, monkeypatch):
    port = free_port()
    runs = []
    for workers in (0, 2):
        with CmsSite(delay=0.05, seed=workers, port=port) as site:
            config = f'[[sites]]\nname = "{SITE_NAME}"\nurl = "{site.url}"\n'
            runs.append(patrol(tmp_path / str(workers), site.url, config, workers,
                               AS_OF.isoformat(), monkeypatch))
    assert_same(*runs)


#: A crawl whose extractor crashes its worker on one page and raises on another.
FRAGILE = """
import os
import sys
from datetime import date

from govpatrol.crawler.analysis import analyse
from govpatrol.crawler.extractors import ProcessExtractor
from govpatrol.crawler.options import SpiderOptions
from govpatrol.crawler.process import run_crawl
from govpatrol.store import Store


def fragile(job):
    if job.url.endswith(os.environ["CRASH_PATH"]):
        os._exit(3)  # as a segfault in a C library would: no exception, no answer
    if job.url.endswith(os.environ["BOOM_PATH"]):
        raise ValueError("malformed page")
    return analyse(job)


class Fragile(ProcessExtractor):
    function = staticmethod(fragile)


if __name__ == "__main__":
    db, url = sys.argv[1], sys.argv[2]
    store = Store(db)
    run_id = store.start_run("fragile", url, date(2025, 6, 30), {})
    store.close()
    options = SpiderOptions(site="fragile", start_url=url, today=date(2025, 6, 30), db=db)
    crawl = run_crawl(options, db=db, run_id=run_id, robots=False, extract_workers=2,
                      extra_settings={"GOVPATROL_EXTRACTOR": "__main__.Fragile"})
    print(crawl["counters"].get("extract_failed", 0), crawl["extract_workers"])
"""


@pytest.mark.e2e
def test_a_worker_that_dies_or_raises_on_a_page_costs_that_page_only(tmp_path):
    script = tmp_path / "fragile.py"
    script.write_text(FRAGILE, encoding="utf-8")
    db = tmp_path / "fragile.db"
    with CmsSite() as site:
        # the newest policy document (an item of the first list page), and a further list page
        crash = max(p for p in site.routes if p.startswith("/zwgk/zcwj/2"))
        boom = "/zwgk/zcwj/index_2.html"
        assert boom in site.routes
        env = os.environ | {"CRASH_PATH": crash, "BOOM_PATH": boom}
        done = subprocess.run([sys.executable, str(script), str(db), site.url], env=env,
                              capture_output=True, text=True, timeout=180, cwd=NEUTRAL_CWD)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["2", "2"]
    rows = {url.removeprefix(site.url.rstrip("/")): (status, error)
            for url, status, error in sqlite3.connect(db).execute(
                "SELECT url, status, error FROM pages")}
    assert rows[crash] == (None, "extract_failed")
    assert rows[boom] == (None, "extract_failed")
    others = {path: row for path, row in rows.items() if path not in (crash, boom)}
    assert sum(row == (200, None) for row in others.values()) > 50
    assert not [path for path, (_, error) in others.items() if error == "extract_failed"]


#: A crawl whose workers cannot start: the script they must import exits there.
UNSTARTABLE = """
import multiprocessing
import sys
from datetime import date

if multiprocessing.current_process().name == "govpatrol-extract":
    raise SystemExit("not in a worker")

from govpatrol.crawler.options import SpiderOptions
from govpatrol.crawler.process import run_crawl
from govpatrol.store import Store

if __name__ == "__main__":
    db, url = sys.argv[1], sys.argv[2]
    store = Store(db)
    run_id = store.start_run("unstartable", url, date(2025, 6, 30), {})
    store.close()
    options = SpiderOptions(site="unstartable", start_url=url, today=date(2025, 6, 30), db=db)
    crawl = run_crawl(options, db=db, run_id=run_id, robots=False, extract_workers=2)
    print(crawl["counters"].get("extract_failed", 0), crawl["extract_workers"])
"""


@pytest.mark.e2e
def test_workers_that_cannot_start_leave_the_pages_to_the_crawl_process(tmp_path):
    script = tmp_path / "unstartable.py"
    script.write_text(UNSTARTABLE, encoding="utf-8")
    db = tmp_path / "unstartable.db"
    with CmsSite() as site:
        done = subprocess.run([sys.executable, str(script), str(db), site.url],
                              capture_output=True, text=True, timeout=180, cwd=NEUTRAL_CWD)
    assert done.returncode == 0, done.stderr[-3000:]
    # no page failed, and the extractor says it fell back: no worker did the work
    assert done.stdout.split() == ["0", "0"]
    rows = sqlite3.connect(db).execute("SELECT status, error FROM pages").fetchall()
    assert sum(row == (200, None) for row in rows) > 50
    assert not [row for row in rows if row[1] == "extract_failed"]


def test_a_page_that_could_not_be_analysed_is_a_finding():
    from govpatrol.auditors.unreachable import _REASONS, fetch_failure

    assert fetch_failure(None, "extract_failed") == "extract_failed"
    assert _REASONS["extract_failed"] == "页面内容无法解析"  # the message says why, in Chinese


def test_a_closed_pool_s_workers_end_on_their_own():
    """Closing the pool inside the running loop (as the crawl's end does) ends each worker by
    the end of its input: before, the pipe was closed only on the loop's next turn, which the
    join blocked, so every crawl waited 5 s and then killed its worker."""
    import asyncio
    from datetime import date

    from scrapy.http import HtmlResponse

    from govpatrol.crawler.analysis import PageJob
    from govpatrol.crawler.extractors import ProcessExtractor

    page = "<html><head><title>通知公告</title></head><body><a href='/a.html'>甲</a></body></html>"
    job = PageJob(url="http://127.0.0.1/", page_url="http://127.0.0.1/",
                  body=page.encode("utf-8"), encoding="utf-8", response_class=HtmlResponse,
                  kind="page", follow_up=False, hint=None, today=date(2026, 11, 20),
                  may_render=False)

    async def crawl_and_close() -> ProcessExtractor:
        pool = ProcessExtractor(1)
        analysed = await pool.analyse(job)
        assert analysed.data.title == "通知公告"
        pool.close()
        return pool

    pool = asyncio.run(crawl_and_close())
    assert [w.process.exitcode for w in pool._pool] == [0]  # not -9: it was not killed


def children(pid: int) -> set[int]:
    """Every descendant of `pid` (Linux /proc)."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        current = pending.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                if kid not in found:
                    found.add(kid)
                    pending.append(kid)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.e2e
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_or_killed_crawl_leaves_no_worker_behind(tmp_path, signum):
    with IntegritySite(columns=6, items=30, delay=0.3) as site:
        args = [sys.executable, "-m", "govpatrol", *patrol_args(site, tmp_path,
                                                                "--concurrency", "2")]
        env = os.environ | {"GOVPATROL_EXTRACT_WORKERS": "2"}
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=NEUTRAL_CWD, env=env)
        deadline = time.monotonic() + 120
        while stored_pages(tmp_path / "govpatrol.db", 1) < 6:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.2)
        spawned = children(proc.pid)
        assert len(spawned) >= 3  # the forkserver and two workers (and the link checker)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=120)
        if signum == signal.SIGINT:
            assert proc.returncode == 130, err[-2000:]
            assert "Traceback" not in err
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in spawned) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in spawned if alive(pid)]
