"""One call (the crawl) in a forked child of the patrol, its result sent back through a pipe.

Why: whatever the crawl allocates (Scrapy's engine, the spider's per-URL sets, the requests
it built and freed) stays in the process that ran it: glibc and pymalloc keep freed heap pages
pinned by the few objects still live between them, so gc.collect() and malloc_trim() gave back
little and the audit's peak stood ~90 MB (at 50,000 pages) on the crawl's leftovers. A forked
child starts from the patrol's heap as it was before the crawl and takes its own heap with it
when it ends; fork also costs nothing of a fresh interpreter's imports.

What the patrol promised stays as it was:
- SIGINT / SIGTERM sent to the patrol are passed on to the child, once each (the child has
  its own process group, so a terminal's Ctrl-C reaches it only through the patrol): Scrapy's
  graceful stop on the first, a hard stop on the second, and the crawl's answer says which
  signal stopped it;
- the child dies with the patrol (PR_SET_PDEATHSIG): a kill -9 of the patrol ends the crawl
  at once, as it did when both were one process;
- the child's exceptions are raised again in the patrol (with the child's traceback as a
  note); a child that died without an answer is a `ChildDied`;
- progress lines and logs go to the patrol's own stdout / stderr (inherited).
Only where fork is safe: Linux, the main thread; elsewhere the call runs in this process.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
PR_SET_PDEATHSIG = 1
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class ChildDied(Exception):
    """The child ended without an answer (killed, out of memory)."""

    def __init__(self, status: int) -> None:
        self.exit_code = os.waitstatus_to_exitcode(status)
        super().__init__(f"exit code {self.exit_code}")


def can_fork() -> bool:
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and threading.current_thread() is threading.main_thread())


def call_in_child(call: Callable[[], T], on_child_start: Callable[[], None] | None = None) -> T:
    """`call()` in a forked child; its return value (picklable) or its exception here.

    `on_child_start` runs first in the child (the patrol installs its stop handlers there:
    a signal before Scrapy's own handlers ends the child's call with its exception)."""
    if not can_fork():
        return call()
    read_fd, write_fd = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        stream.flush()
    parent = os.getpid()
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    # held back over the fork: each side's handlers are in place before a signal is taken
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        _child(call, on_child_start, write_fd, parent, mask)
    os.close(write_fd)
    for signum in SIGNALS:
        signal.signal(signum, lambda signum, frame: _forward(pid, signum))
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    try:
        with os.fdopen(read_fd, "rb") as answer:
            data = answer.read()
        _, status = os.waitpid(pid, 0)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if not data:
        raise ChildDied(status)
    kind, value = pickle.loads(data)
    if kind == "raise":
        raise value
    return value


def _forward(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # ended meanwhile: its answer is on the way
        os.kill(pid, signum)


def _child(call: Callable[[], Any], on_start: Callable[[], None] | None, write_fd: int,
           parent: int, mask: Any) -> None:
    code = 0
    try:
        os.setpgid(0, 0)  # a terminal's signals reach the patrol only, which passes them on
        _die_with(parent)
        for signum in SIGNALS:  # not the patrol's handlers: on_start sets the child's own
            signal.signal(signum, signal.SIG_DFL)
        if on_start is not None:
            on_start()
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        try:
            answer: tuple[str, Any] = ("return", call())
        except BaseException as exc:  # noqa: BLE001 - raised again in the patrol
            exc.add_note("(in the crawl process) " + "".join(traceback.format_exc()))
            answer = ("raise", exc)
        try:
            data = pickle.dumps(answer)
            pickle.loads(data)  # an exception whose __init__ cannot take its args back
        except Exception as exc:  # noqa: BLE001 - an answer that cannot travel
            data = pickle.dumps(("raise", RuntimeError(f"{answer[1]!r} ({exc})")))
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
    except BaseException:  # noqa: BLE001 - whatever happens, the child never returns
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _die_with(parent: int) -> None:
    """SIGKILL when the patrol dies (kill -9 included); already dead: end now."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)
