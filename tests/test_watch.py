"""`govpatrol watch`: availability probes against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import cli, free_port, govpatrol

from govpatrol.evaluation.probes import Probe, ProbeLog, probe_stats, read_stats
from govpatrol.rules.profile import load_profile
from govpatrol.store import Store


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/slow":
            time.sleep(3)
        status = 500 if self.path == "/error" else 200
        body = "<html><head><title>示例</title></head><body>示例市人民政府</body></html>"
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def write_config(tmp_path: Path, base: str) -> Path:
    config = tmp_path / "sites.toml"
    config.write_text(
        f'[[sites]]\nname = "示例站"\nurl = "{base}/"\n'
        f'probe_urls = ["{base}/error", "{base}/slow"]\n\n'
        f'  [[sites.columns]]\n  name = "要闻"\n  url = "{base}/col/index.html"\n\n'
        f'[[sites]]\nname = "停机站"\nurl = "http://127.0.0.1:{free_port()}/"\n',
        encoding="utf-8")
    return config


def has_probes(db: Path) -> bool:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'probes'"
                            ).fetchone()[0] == 1


def rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT site, url, kind, ok, status, error, day FROM probes"
                            " ORDER BY id").fetchall()


@pytest.mark.e2e
def test_watch_once_records_one_probe_per_page(server: str, tmp_path: Path) -> None:
    db = tmp_path / "govpatrol.db"
    result = govpatrol("watch", "--config", str(write_config(tmp_path, server)), "--db", str(db),
                       "--once", "--timeout", "1", timeout=60)
    assert result.returncode == 0, result.stderr
    found = {(site, url.rsplit("/", 1)[-1] or "/"): (kind, ok, status, error)
             for site, url, kind, ok, status, error, _ in rows(db)}
    assert found[("示例站", "/")] == ("home", 1, 200, None)
    assert found[("示例站", "index.html")] == ("column", 1, 200, None)
    assert found[("示例站", "error")] == ("extra", 0, 500, None)
    assert found[("示例站", "slow")][:3] == ("extra", 0, None)
    assert found[("示例站", "slow")][3] == "timeout"
    assert found[("停机站", "/")] == ("home", 0, None, "connection_refused")
    assert len(found) == 5
    assert "失败 3 个" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.e2e
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_watch_runs_until_stopped_and_exits_cleanly(server: str, tmp_path: Path,
                                                    sig: signal.Signals) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(f'[[sites]]\nname = "示例站"\nurl = "{server}/"\n', encoding="utf-8")
    db = tmp_path / "govpatrol.db"
    proc = subprocess.Popen([sys.executable, "-m", "govpatrol", "watch", "--config", str(config),
                             "--db", str(db), "--interval", "1", "--timeout", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if db.exists() and has_probes(db) and len(rows(db)) >= 2:
                break
            time.sleep(0.2)
        assert len(rows(db)) >= 2, "no second round"
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    assert "已停止" in stderr
    assert all(ok == 1 for _, _, _, ok, *_ in rows(db))


def test_bad_probe_urls_are_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:1/"\n'
                      'probe_urls = ["not a url"]\n', encoding="utf-8")
    result = cli("watch", "--config", str(config), "--db", str(tmp_path / "x.db"),
                       "--once")
    assert result.returncode == 1
    assert "not a url" in result.stderr and "Traceback" not in result.stderr


def test_the_week_of_probes_feeds_the_dashboard(tmp_path: Path) -> None:
    as_of = date(2026, 11, 20)
    log = ProbeLog(tmp_path / "govpatrol.db")
    noon = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)  # 12:00 in Beijing
    probes = [Probe("甲", "http://x/", "home", noon - timedelta(days=i % 7, seconds=i),
                    ok=i >= 51) for i in range(1000)]
    probes += [Probe("甲", "http://x/", "home", noon - timedelta(days=9), ok=False)] * 50
    probes += [Probe("乙", "http://y/", "home", noon, ok=False)] * 50
    assert log.record(probes) == 1100
    stats = probe_stats(log.store, "甲", load_profile("national"), as_of)
    assert stats is not None
    assert (stats.total, stats.failed, round(stats.rate, 1)) == (1000, 51, 5.1)
    assert stats.start == date(2026, 11, 14)
    assert probe_stats(log.store, "甲", load_profile("default"), as_of) is None
    late = Probe("甲", "http://x/", "home", datetime(2026, 11, 20, 17, 0, tzinfo=UTC), ok=True)
    assert late.day == date(2026, 11, 21)  # 01:00 the next day in Beijing: not in the week
    log.close()
    fresh = Store(tmp_path / "empty.db")
    assert read_stats(fresh, "甲", as_of, as_of).total == 0
