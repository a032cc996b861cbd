"""The text scan ahead (govpatrol/prescan.py): the same findings whatever the worker did.

The worker scans pages in a second process and stores the hits under a key of everything the
scan depends on; the audit takes a stored scan only under its exact key and scans the rest
itself. So a patrol with the worker on, off, stopped half-way or crashed writes the same
findings, and a scan made under other word lists, another whitelist or another `as_of` is
never used. Checked on the demo portal (planted typos, sensitive words, outdated names, read
attachments) and on real government text (tests/data/seeds).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TIMEOUT, with_site_keys
from helpers import NEUTRAL_CWD, govpatrol
from integrity_site import IntegritySite

import govpatrol.prescan as prescan_module
from govpatrol.auditors import audit
from govpatrol.auditors.context import make_context
from govpatrol.auditors.text import TextOptions, clear_caches, engine
from govpatrol.auditors.text.stored import dump_hits, load_hits, scan_key
from govpatrol.config import load_config
from govpatrol.crawler.urls import canonical
from govpatrol.demo import DEMO_AS_OF, demo_config
from govpatrol.evaluation import attach_probes
from govpatrol.prescan import PrescanJob, PrescanProcess
from govpatrol.store import Store

SEEDS = Path(__file__).parent / "data" / "seeds"
HEADER = "word\tcategory\tseverity\tsuggestion\tnote\n"  # a word list's first row
#: Planted problems of every text category, in a notice as a county office writes it.
PLANTED = ("关于做好2026年防汛工作的通知\n各乡镇人民政府，县直各部门：\n"
           "为认真贯切落实上级部署，再接再励做好防汛布署工作，现将有关事项通知如下。\n"
           "一、县国土资源局要会同有关部门加强巡查。\n")


def test_stored_hits_are_the_scan_field_for_field():
    """What the worker stores and the audit reads back is the scan itself: planted problems
    and real clean documents alike (their empty lists too)."""
    options = TextOptions()
    texts = [PLANTED] + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    planted = engine.run_scan(PLANTED, options)
    assert {h.category for h in planted} >= {"typo", "wrong_expression"}
    for text in texts:
        hits = tuple(engine.run_scan(text, options))
        assert load_hits(dump_hits(hits)) == hits


def test_the_scan_key_changes_with_everything_the_scan_reads(tmp_path):
    options = TextOptions()
    base = scan_key(PLANTED, options, None, DEMO_AS_OF)
    words = tmp_path / "ours.tsv"
    words.write_text(HEADER + "布署\tconfusion\tminor\t部署\t\n", encoding="utf-8")
    others = [
        scan_key(PLANTED + "。", options, None, DEMO_AS_OF),
        scan_key(PLANTED, options, DEMO_AS_OF, DEMO_AS_OF),
        scan_key(PLANTED, options, None, DEMO_AS_OF.replace(day=21)),
        scan_key(PLANTED, replace(options, whitelist=("再接再励",)), None, DEMO_AS_OF),
        scan_key(PLANTED, replace(options, traditional=True), None, DEMO_AS_OF),
        scan_key(PLANTED, replace(options, wordlists=(str(words),)), None, DEMO_AS_OF),
    ]
    assert base is not None and base not in others and len(set(others)) == len(others)
    assert scan_key(PLANTED, options, None, DEMO_AS_OF) == base  # and nothing else


# -- the audit of a patrolled store -------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_db(demo_patrol, tmp_path_factory) -> Path:
    """A copy of the demo patrol's store, its stored scans dropped."""
    db = tmp_path_factory.mktemp("prescan") / "govpatrol.db"
    shutil.copy(demo_patrol.db, db)
    forget(db)
    return db


def forget(db: Path) -> None:
    store = Store(db)
    store.forget_text_scans(1)
    store.close()


class Scans:
    """Counts the scans the audit makes itself (those it found no stored scan for)."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        real = engine.run_scan

        def counted(*args, **kwargs):
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(engine, "run_scan", counted)


def audited(db: Path, config: Path, scans: Scans, **settings) -> tuple[list[dict], int]:
    """The audit of run 1 as the patrol runs it (fresh caches); its findings and own scans."""
    clear_caches()
    scans.count = 0
    loaded = load_config(config)
    site = loaded.sites[0].model_copy(update=settings.pop("site", {}))
    ctx = make_context(loaded, site, settings.pop("as_of", DEMO_AS_OF))
    store = Store(db)
    try:
        records = store.site_records(1, canonical)
        attach_probes(store, records, ctx)
        found = [f.to_dict() for f in audit(records, ctx, strict=True)]
    finally:
        store.close()
    return found, scans.count


def prescan(db: Path, limit: int | None = None, as_of=DEMO_AS_OF, min_pages: int = 0) -> dict:
    """The worker's stats, and whether a process was started at all (`started`)."""
    worker = PrescanProcess(PrescanJob(db=str(db), run_id=1, options=TextOptions(),
                                       as_of=as_of, limit=limit, min_pages=min_pages)).start()
    worker.join(120)
    return {**worker.stop(), "started": worker.started}


def test_a_site_smaller_than_the_engine_load_is_left_to_the_audit(demo_db, demo_patrol):
    """A run with fewer pages than `min_pages` once the crawl is over starts no worker process
    at all (the audit scans them in less time than the load takes); one page fewer to wait for
    and it is started and scans them all. The demo patrol itself is such a small site."""
    store = Store(demo_db)
    pages = sum(1 for page in store.iter_pages(1) if page.text)
    store.close()
    stats = prescan(demo_db, min_pages=pages + 1)
    assert stats["scanned"] == 0 and "error" not in stats and not stats["started"]
    stats = prescan(demo_db, min_pages=pages)
    assert stats["scanned"] >= pages and stats["started"]
    forget(demo_db)
    shared = run_stats(demo_patrol.db)["crawl"]
    if "prescan" in shared:  # a machine with a second core: the worker was there and waited
        assert pages < prescan_module.MIN_PAGES and shared["prescan"]["scanned"] == 0


@pytest.mark.e2e
def test_the_findings_do_not_depend_on_how_far_the_worker_got(demo_db, demo_patrol, monkeypatch):
    scans = Scans(monkeypatch)
    cold, inline = audited(demo_db, demo_patrol.config, scans)
    assert inline > 100  # every distinct text scanned by the audit itself
    assert sum(f["category"] in ("typo", "sensitive", "wrong_expression") for f in cold) >= 5

    half = prescan(demo_db, limit=inline // 2)
    assert half["scanned"] == inline // 2 and "error" not in half
    found, own = audited(demo_db, demo_patrol.config, scans)
    assert found == cold
    assert 0 < own < inline  # the rest it scanned itself

    rest = prescan(demo_db)
    assert rest["scanned"] > 0 and rest["cpu_seconds"] > 0
    found, own = audited(demo_db, demo_patrol.config, scans)
    assert found == cold
    assert own == 0  # pages and attachments: every scan was the worker's


@pytest.mark.e2e
def test_a_stale_scan_is_never_used(demo_db, demo_patrol, monkeypatch, tmp_path):
    scans = Scans(monkeypatch)
    prescan(demo_db)
    _, inline = audited(demo_db, demo_patrol.config, scans)
    assert inline == 0
    fresh = tmp_path / "fresh.db"

    def without_stored(**settings) -> list[dict]:
        shutil.copy(demo_db, fresh)
        forget(fresh)
        return audited(fresh, demo_patrol.config, scans, **settings)[0]

    cold = without_stored()
    typo = next(f for f in cold if f["rule"] == "typo.confusion")
    # another as_of
    later = DEMO_AS_OF + timedelta(days=1)
    found, own = audited(demo_db, demo_patrol.config, scans, as_of=later)
    assert own > 100 and found == without_stored(as_of=later)
    # the whitelist now allows a planted misspelling: it is no longer reported
    allow = {"whitelist": [typo["text"]]}
    found, own = audited(demo_db, demo_patrol.config, scans, site=allow)
    assert own > 100 and typo["text"] not in {f["text"] for f in found if f["category"] == "typo"}
    assert found == without_stored(site=allow)
    # the office's own word list bans a phrase a demo article uses: it is reported
    word = "顽强拼搏"
    assert word not in {f["text"] for f in cold}
    listed = tmp_path / "ours.tsv"
    listed.write_text(HEADER + f"{word}\tbanned_usage\tmajor\t奋力拼搏\t\n", encoding="utf-8")
    ours = {"wordlists": [str(listed)]}
    found, own = audited(demo_db, demo_patrol.config, scans, site=ours)
    assert own > 100 and any(f["text"] == word for f in found)
    assert found == without_stored(site=ours)


def test_a_worker_that_cannot_start_is_a_warning(tmp_path, caplog):
    (tmp_path / "db").mkdir()  # not a database file: the worker fails opening it
    worker = PrescanProcess(PrescanJob(db=str(tmp_path / "db"), run_id=1,
                                       options=TextOptions(), as_of=DEMO_AS_OF)).start()
    worker.join(60)
    stats = worker.stop()
    # the run's stats say why, not only that it failed
    assert stats["scanned"] == 0
    assert stats["error"].startswith("exit code 1: StoreError: 无法打开数据库")
    assert str(tmp_path / "db") in stats["error"]
    assert "预扫描进程异常退出" in caplog.text and "StoreError" in caplog.text


# -- whole patrols ----------------------------------------------------------------------------

#: Loaded by every Python process of the crashing patrol (PYTHONPATH): the worker stores two
#: batches (at most 40 texts each) and dies; the patrol waits for that before stopping it, so the crash is what ends it.
CRASHING = '''
import govpatrol.prescan as prescan

prescan.BATCH = 40
real, calls = prescan._scan_batch, []


def crashing(*args):
    calls.append(1)
    if len(calls) > 2:
        raise RuntimeError("planted crash of the prescan worker")
    return real(*args)


prescan._scan_batch = crashing
stop = prescan.PrescanProcess.stop


def patient(self):
    self.process.join(120)
    return stop(self)


prescan.PrescanProcess.stop = patient
'''


def findings_of(out: Path) -> list[str]:
    return (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()


def run_stats(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return json.loads(conn.execute("SELECT stats FROM runs").fetchone()[0])


@pytest.mark.e2e
@pytest.mark.parametrize("how", ["off", "crashing"])
def test_a_patrol_writes_the_same_findings_with_the_worker_off_or_crashing(
        demo_patrol, tmp_path, how):
    """The shared demo patrol ran with the default (on where there is a second core)."""
    config = tmp_path / "sites.toml"
    keys = {"timeout": TIMEOUT, "prescan": how != "off"}
    config.write_text(with_site_keys(demo_config(demo_patrol.server.url), **keys),
                      encoding="utf-8")
    args = ["patrol", demo_patrol.server.url, "--config", str(config), "--as-of",
            DEMO_AS_OF.isoformat(), "--out", str(tmp_path / "out"), "--db",
            str(tmp_path / "db")]
    if how == "off":
        result = govpatrol(*args)
    else:
        (tmp_path / "hook").mkdir()
        (tmp_path / "hook" / "sitecustomize.py").write_text(CRASHING, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(tmp_path / "hook")}
        result = subprocess.run([sys.executable, "-m", "govpatrol", *args], env=env,
                                capture_output=True, text=True, cwd=NEUTRAL_CWD, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert findings_of(tmp_path / "out") == findings_of(demo_patrol.out)
    shared = run_stats(demo_patrol.db)["crawl"]
    assert ("prescan" in shared) == ((os.cpu_count() or 1) > 1)
    crawl = run_stats(tmp_path / "db")["crawl"]
    with sqlite3.connect(tmp_path / "db") as conn:
        stored = conn.execute("SELECT count(*) FROM text_scans").fetchone()[0]
    if how == "off":
        assert "prescan" not in crawl and stored == 0
    else:
        assert "planted crash" in result.stderr and "预扫描进程异常退出" in result.stderr
        assert crawl["prescan"]["error"] == ("exit code 1: RuntimeError: planted crash of the"
                                             " prescan worker")
        # two batches stored, then the crash: the audit scanned the rest itself
        assert 0 < stored == crawl["prescan"]["scanned"] <= 80


@pytest.mark.e2e
def test_an_interrupted_patrol_leaves_no_worker_behind(tmp_path):
    config = tmp_path / "sites.toml"
    with IntegritySite(columns=6, items=30, delay=0.3) as site:
        config.write_text(f'[[sites]]\nname = "测试站点"\nurl = "{site.url}"\nprescan = true\n',
                          encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "govpatrol", "patrol", site.url, "--config", str(config),
             "--out", str(tmp_path / "out"), "--db", str(tmp_path / "db"),
             "--concurrency", "2"], stderr=subprocess.PIPE, text=True, cwd=NEUTRAL_CWD)
        deadline = time.monotonic() + 120
        while not _scans(tmp_path / "db"):  # the worker is up and following the crawl
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.2)
        children = _children(proc.pid)
        assert len(children) >= 2  # the link checker and the prescan worker
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err[-2000:]
    assert "Traceback" not in err
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in children):
        assert time.monotonic() < deadline, "a worker outlived its patrol"
        time.sleep(0.2)


def _scans(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM text_scans").fetchone()[0]
    except sqlite3.Error:
        return 0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(p) for p in (task / "children").read_text().split())
    return found
