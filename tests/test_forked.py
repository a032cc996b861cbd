"""The crawl's forked child (govpatrol.forked): its memory leaves with it, its answer and its
exceptions come back, signals are passed on once, and it never outlives the patrol."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from govpatrol.forked import ChildDied, call_in_child
from govpatrol.memory import status_mb


def test_what_the_child_allocated_does_not_stay_in_the_patrol():
    survivors: list[str] = []

    def crawl() -> int:
        # as in a crawl: ~150 MB of small objects, a few of them kept (the spider's per-URL
        # sets), which pin the heap pages of all the others in the process that made them
        held = [f"http://127.0.0.1/c{i % 50}/t{i:09d}.html" * 2 for i in range(1_500_000)]
        survivors.extend(held[::200])
        return len(held)

    before = status_mb("VmRSS")
    assert call_in_child(crawl) == 1_500_000
    assert status_mb("VmRSS") - before < 20


def test_the_child_s_exception_is_raised_in_the_patrol_with_its_traceback():
    def crawl() -> None:
        raise ValueError("起始地址无法访问")

    with pytest.raises(ValueError, match="起始地址无法访问") as raised:
        call_in_child(crawl)
    assert any("in the crawl process" in note and "in crawl" in note and "ValueError" in note
               for note in raised.value.__notes__)


def test_a_child_killed_without_an_answer_is_said():
    with pytest.raises(ChildDied) as died:
        call_in_child(lambda: os.kill(os.getpid(), signal.SIGKILL))
    assert died.value.exit_code == -signal.SIGKILL


def test_a_signal_to_the_patrol_reaches_the_child_once_and_the_handlers_come_back():
    mine = signal.getsignal(signal.SIGTERM)
    received: list[int] = []

    def on_start() -> None:  # as the patrol does: the child's own handlers
        signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))

    def crawl() -> list[int]:
        deadline = time.monotonic() + 10
        while not received and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # a second copy of the signal would arrive here
        return received

    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        assert call_in_child(crawl, on_child_start=on_start) == [signal.SIGTERM]
    finally:
        timer.cancel()
    assert signal.getsignal(signal.SIGTERM) is mine


def test_kill_9_of_the_patrol_ends_the_child(tmp_path):
    pid_file = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import os, time
        from govpatrol.forked import call_in_child

        def crawl():
            with open({str(pid_file)!r}, "w") as fh:
                fh.write(str(os.getpid()))
            time.sleep(60)

        call_in_child(crawl)
    """)
    patrol = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert patrol.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    child = int(pid_file.read_text())
    patrol.kill()
    patrol.wait()
    deadline = time.monotonic() + 5
    while _running(child):
        assert time.monotonic() < deadline, "the crawl process outlived the patrol"
        time.sleep(0.05)


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for whoever adopted it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


class _Refused(Exception):
    def __init__(self, url: str, status: int) -> None:  # not rebuilt from its args by pickle
        super().__init__(f"{url}: HTTP {status}")


def test_an_exception_that_cannot_travel_is_still_said():
    def crawl() -> None:
        raise _Refused("http://127.0.0.1/", 403)

    with pytest.raises(RuntimeError, match="HTTP 403"):
        call_in_child(crawl)
