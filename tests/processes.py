"""`govpatrol ARGS` in a new process without a new interpreter's start-up.

A patrol needs a process of its own (Twisted's reactor starts once per process), but most of
what `python -m govpatrol` costs is importing Scrapy, Twisted, aiohttp and pandas: 1-2 s of CPU
per call, on a suite that runs dozens of patrols. Here the calls fork from one multiprocessing
*forkserver* per test process: a fresh interpreter (no threads, no reactor, nothing the tests
did) that imported the CLI's modules once. Each child gets the caller's environment and a
neutral working folder, runs the console-script entry point with its stdout and stderr in files,
and exits with the code the real process would: the same CompletedProcess the tests read.

`GOVPATROL_TEST_SUBPROCESS=1` runs every such call as `python -m govpatrol` instead (the tests
that are about the process itself, signals and crashes, use `subprocess` directly anyway).
"""

from __future__ import annotations

import locale
import multiprocessing
import os
import subprocess
import sys
import tempfile
from pathlib import Path

#: What the forkserver imports once: the CLI and everything a patrol and a report load, the
#: bundled text engine (tests/preload_text.py, from the disk cache conftest filled), and last
#: Scrapy's components, the auditors and the renderers (tests/preload_patrol.py, which then
#: freezes the heap: no forked patrol's garbage collection walks it).
PRELOAD = ["govpatrol.cli", "govpatrol.commands._common", "govpatrol.run",
           "govpatrol.crawler.process", "govpatrol.linkcheck.worker", "govpatrol.reporting",
           "preload_text", "preload_patrol"]

_context: multiprocessing.context.ForkServerContext | None = None
HERE = Path(__file__).resolve().parent


def _forkserver() -> multiprocessing.context.ForkServerContext:
    """The context, its server started with this folder importable.

    Python 3.11's forkserver ignores the `sys_path` it is handed and swallows an ImportError
    of a preloaded module: the server is a new interpreter whose path lacks tests/, so the
    test modules of PRELOAD were silently not loaded. PYTHONPATH is set for its start only:
    the patrols forked from it get the caller's environment (`_child`)."""
    global _context
    if _context is None:
        from multiprocessing import forkserver

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        before = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), before]))
        try:
            forkserver.ensure_running()
        finally:
            if before is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = before
        _context = context
    return _context


def _exit_code(code: object) -> int:
    """What the interpreter does with sys.exit(code)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _child(args: list[str], cwd: str, env: dict[str, str], out: str, err: str) -> None:
    """The forked process: the caller's environment, stdin empty, stdout/stderr to files."""
    import io
    import logging
    import traceback

    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY),
                            (1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                            (2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        opened = os.open(path, flags, 0o600)
        os.dup2(opened, fd)
        os.close(opened)
    encoding = locale.getpreferredencoding(False)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding=encoding)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding=encoding,
                                  write_through=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding=encoding,
                                  errors="backslashreplace", write_through=True)
    sys.argv = ["govpatrol", *args]
    from govpatrol.cli import main

    try:
        main(args, prog_name="govpatrol")
        code = 0
    except SystemExit as stop:
        code = _exit_code(stop.code)
    except BaseException:  # noqa: BLE001 - printed as the interpreter would, exit 1
        traceback.print_exc()
        code = 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)


def run_cli(args: list[str], *, cwd: str, timeout: float) -> subprocess.CompletedProcess:
    """`python -m govpatrol ARGS` from `cwd`, as subprocess.run(capture_output, text) returns it."""
    command = [sys.executable, "-m", "govpatrol", *args]
    if os.environ.get("GOVPATROL_TEST_SUBPROCESS") == "1":
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    with tempfile.TemporaryDirectory(prefix="govpatrol-cli-") as folder:
        out, err = Path(folder, "stdout"), Path(folder, "stderr")
        process = _forkserver().Process(target=_child, name="govpatrol",
                                        args=(list(args), cwd, dict(os.environ), str(out),
                                              str(err)))
        process.start()
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join()
            raise subprocess.TimeoutExpired(command, timeout, _read(out), _read(err))
        return subprocess.CompletedProcess(command, process.exitcode, _read(out), _read(err))


def _read(path: Path) -> str:
    encoding = locale.getpreferredencoding(False)
    return path.read_text(encoding=encoding, errors="replace") if path.exists() else ""
