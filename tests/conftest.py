"""Shared fixtures: the bundled demo portal served on 127.0.0.1 and one real patrol of it.

The crawl runs `govpatrol` in a subprocess, exactly as a user would: Twisted's reactor starts
once per process, and the subprocess is also what cron runs.

Under pytest-xdist (`-n 3`) the expensive things are made once per run, not once per worker:
the demo portal is served by the controlling process (workers inherit its address), the demo
patrol runs in whichever worker asks first while the others wait on a file lock and read its
outputs, and the text engine's disk cache is one folder for all workers.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import govpatrol, once, read_jsonl, shared_folder

from govpatrol.demo import DEMO_AS_OF, demo_config, load_expected
from govpatrol.demo.server import DemoServer

#: Fixtures that crawl (a patrol in a subprocess), drive Chromium or start Redis: every test that
#: uses one is an end-to-end test (`-m e2e`), whether or not it is marked by hand. Tests that
#: start such a process themselves carry `@pytest.mark.e2e`.
E2E_FIXTURES = frozenset({"demo_patrol", "bad_patrol", "mirror_patrol", "generated_site",
                          "redis_url", "browser", "served", "servers", "county", "patrol",
                          "three_patrols"})


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


@dataclass(frozen=True)
class Served:
    """A site served on 127.0.0.1 by some process of this test run: its address."""

    url: str


#: Where the controlling process tells its workers the demo portal's address.
DEMO_URL_VARIABLE = "GOVPATROL_TEST_DEMO_URL"
DEMO_SERVER = pytest.StashKey[DemoServer]()


def pytest_configure(config: pytest.Config) -> None:
    """The controlling process (or the only one) serves the demo portal for the whole run;
    xdist workers, started after this, inherit its address in their environment."""
    if hasattr(config, "workerinput"):
        return
    server = DemoServer(slow_seconds=SLOW_SECONDS).start()
    config.stash[DEMO_SERVER] = server
    os.environ[DEMO_URL_VARIABLE] = server.url


def pytest_unconfigure(config: pytest.Config) -> None:
    server = config.stash.get(DEMO_SERVER, None)
    if server is not None:
        server.stop()
        os.environ.pop(DEMO_URL_VARIABLE, None)


@dataclass
class Patrol:
    server: Served
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
    """The text engine's disk cache in a folder of this test run, never ~/.cache: the suite
    starts cold and leaves nothing behind (subprocesses inherit it). One folder for all xdist
    workers, and under xdist the bundled engine built into it once, by whichever worker starts
    first: the others (and every `govpatrol` process a test starts) load it instead of all
    building it at the same time. A single process builds it when a test first needs it."""
    folder = shared_folder(tmp_path_factory) / "govpatrol-cache"
    folder.mkdir(exist_ok=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVPATROL_CACHE_DIR", str(folder))
    if os.environ.get("PYTEST_XDIST_WORKER"):
        once(tmp_path_factory, "text-engine", build_text_engine)
    yield folder
    mp.undo()


def build_text_engine(folder: Path) -> dict:
    """The bundled engine and the lexicon tables built and stored in the disk cache, and a
    copy of what was stored kept in `folder`, which nothing writes again (the live cache
    keeps only the newest files of each kind, and tests add engines of their own lists)."""
    from govpatrol.auditors.text import TextOptions, cachefile, check_text
    from govpatrol.auditors.text.engine import disk_key

    check_text("各部门要认真做好布署工作。", as_of=DEMO_AS_OF)
    # the bundled lists' engine only: a test of this worker that ran first may have stored
    # an engine of its own lists beside it (tests expecting one engine file then found two)
    bundled = cachefile.path_for("engine", disk_key(TextOptions())).name
    for path in cachefile.cache_dir().glob("*.pickle"):
        if path.name == bundled or not path.name.startswith("engine-"):
            shutil.copy2(path, folder / path.name)
    return {name: dict(counts) for name, counts in cachefile.stats.items()}


@pytest.fixture(scope="session")
def bundled_text_cache(text_cache_dir, tmp_path_factory) -> Path:
    """The disk cache as it was right after the bundled engine was built (read-only)."""
    folder, _ = once(tmp_path_factory, "text-engine", build_text_engine)
    return folder


@pytest.fixture(scope="session")
def demo_server() -> Served:
    """The demo portal (its slow page slower than TIMEOUT), one server for the whole run."""
    return Served(os.environ[DEMO_URL_VARIABLE])


@pytest.fixture(scope="session")
def demo_patrol(demo_server, tmp_path_factory) -> Patrol:
    """One full patrol of the demo portal, shared by the tests that only read its results
    (once per test run: every xdist worker reads the same outputs)."""
    def patrol(tmp: Path) -> dict:
        config = tmp / "sites.toml"
        config.write_text(with_site_keys(demo_config(demo_server.url), timeout=TIMEOUT),
                          encoding="utf-8")
        result = govpatrol("patrol", demo_server.url, "--config", str(config), "--as-of",
                           DEMO_AS_OF.isoformat(), "--out", str(tmp / "out"),
                           "--db", str(tmp / "govpatrol.db"))
        return {"args": result.args, "returncode": result.returncode, "stdout": result.stdout,
                "stderr": result.stderr}

    tmp, ran = once(tmp_path_factory, "demo-patrol", patrol)
    result = subprocess.CompletedProcess(ran["args"], ran["returncode"], ran["stdout"],
                                         ran["stderr"])
    assert result.returncode == 0, result.stderr[-3000:]
    return Patrol(demo_server, tmp / "out", tmp / "govpatrol.db", tmp / "sites.toml", result,
                  load_expected())
