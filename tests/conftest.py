"""Shared fixtures: the bundled demo portal served on 127.0.0.1 and one real patrol of it.

The crawl runs `govpatrol` in a subprocess, exactly as a user would: Twisted's reactor starts
once per process, and the subprocess is also what cron runs.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import govpatrol, read_jsonl

from govpatrol.demo import DEMO_AS_OF, demo_config, load_expected
from govpatrol.demo.server import DemoServer

#: Fixtures that crawl (a patrol in a subprocess), drive Chromium or start Redis: every test that
#: uses one is an end-to-end test (`-m e2e`), whether or not it is marked by hand. Tests that
#: start such a process themselves carry `@pytest.mark.e2e`.
E2E_FIXTURES = frozenset({"demo_patrol", "bad_patrol", "mirror_patrol", "generated_site",
                          "redis_url", "browser", "served", "servers", "county"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


#: The demo's slow page answers after this long; the patrol gives up after TIMEOUT.
SLOW_SECONDS = 4.0
TIMEOUT = 1.5


def with_site_keys(config_text: str, **keys) -> str:
    """The demo config with more keys in its [[sites]] table (before any sub-table)."""
    lines = config_text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("url"))
    extra = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in keys.items()]
    return "\n".join(lines[: at + 1] + extra + lines[at + 1 :]) + "\n"


@dataclass
class Patrol:
    server: DemoServer
    out: Path
    db: Path
    config: Path
    result: subprocess.CompletedProcess
    expected: dict

    def jsonl(self, name: str) -> list[dict]:
        return read_jsonl(self.out / name)

    def query(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()

    def url(self, path: str) -> str:
        return self.server.url.rstrip("/") + path


@pytest.fixture(scope="session", autouse=True)
def text_cache_dir(tmp_path_factory):
    """The text engine's disk cache in a folder of this session, never ~/.cache: the suite
    starts cold and leaves nothing behind (subprocesses inherit it)."""
    folder = tmp_path_factory.mktemp("govpatrol-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVPATROL_CACHE_DIR", str(folder))
    yield folder
    mp.undo()


@pytest.fixture(scope="session")
def demo_server():
    with DemoServer(slow_seconds=SLOW_SECONDS) as server:
        yield server


@pytest.fixture(scope="session")
def demo_patrol(demo_server, tmp_path_factory) -> Patrol:
    """One full patrol of the demo portal, shared by the tests that only read its results."""
    tmp = tmp_path_factory.mktemp("patrol")
    config = tmp / "sites.toml"
    config.write_text(with_site_keys(demo_config(demo_server.url), timeout=TIMEOUT),
                      encoding="utf-8")
    out, db = tmp / "out", tmp / "govpatrol.db"
    result = govpatrol("patrol", demo_server.url, "--config", str(config), "--as-of",
                       DEMO_AS_OF.isoformat(), "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]
    return Patrol(demo_server, out, db, config, result, load_expected())
