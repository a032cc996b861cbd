"""Helpers the tests share: running the CLI as a user would, reading its outputs."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock
from processes import run_cli

#: Where subprocess patrols run: not the repository, whose top-level folders (`reports/`,
#: `crawler/`) would be importable from there and hide an import that only works in a checkout.
NEUTRAL_CWD = tempfile.gettempdir()


def govpatrol(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`govpatrol ARGS` in a process of its own (Twisted's reactor starts once per process),
    run from a neutral folder as an installed user would; forked from a preloaded forkserver
    rather than a new interpreter (tests/processes.py)."""
    return run_cli(list(args), cwd=NEUTRAL_CWD, timeout=timeout)


@dataclass
class CliResult:
    """What `govpatrol ARGS` left: the fields of subprocess.CompletedProcess the tests read."""

    returncode: int
    stdout: str
    stderr: str


def cli(*args: str, input: str | bytes | None = None) -> CliResult:
    """`govpatrol ARGS` in this process, for commands that do not crawl (report, prep, config
    errors): the same console-script entry point a user runs, without a new interpreter's
    start-up. An unexpected exception is written to stderr as a traceback, as the real process
    would print it, so "Traceback not in stderr" still means what it says."""
    (script,) = entry_points(group="console_scripts", name="govpatrol")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        result = CliRunner().invoke(script.load(), list(args), input=input,
                                    prog_name="govpatrol")
    finally:  # the CLI points the root logger at the runner's streams, closed after invoke
        root.handlers[:], root.level = handlers, level
    stderr = result.stderr
    if result.exc_info and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return CliResult(result.exit_code, result.stdout, stderr)


def free_port() -> int:
    """A loopback port nothing listens on now (for a server that must keep its port across
    restarts, or a closed port to link to)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every process of this test run sees: under xdist the workers' base temp
    folders (`pytest-N/popen-gwK`) have the run's folder as their common parent."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(tmp_path_factory: pytest.TempPathFactory, name: str,
         make: Callable[[Path], dict]) -> tuple[Path, dict]:
    """`make(folder)` run once per test run, whichever worker asks first; the others wait for
    it and get the same folder and the JSON-able dict it returned."""
    root = shared_folder(tmp_path_factory)
    folder, done = root / name, root / f"{name}.json"
    with FileLock(root / f"{name}.lock"):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            done.write_text(json.dumps(make(folder), ensure_ascii=False), encoding="utf-8")
    return folder, json.loads(done.read_text(encoding="utf-8"))
