"""The test suite's wall time and the CPU time of its whole process tree.

    python benchmarks/suite.py [-- PYTEST ARGS]    # default: README's command, -q -n 3

`time pytest` counts only the processes the shell waits for: the patrols a test forks from its
forkserver, the extraction and prescan workers, Chromium, redis-server and nginx are
grandchildren that end as orphans, reaped by init, and their CPU is never added. Here the run
is a child *subreaper* (prctl PR_SET_CHILD_SUBREAPER): every orphan of the suite is reparented to
this process, which waits for all of them, so `RUSAGE_CHILDREN` is the CPU of everything the
suite started. Printed beside the wall time, the load average before and after (the machine is
shared: compare runs made back to back) and the sum of pytest's per-test durations (less
disturbed by load than the wall time). A descendant still running 60 s after pytest exited is
named (the suite should leave nothing behind), then killed.
"""

from __future__ import annotations

import ctypes
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PR_SET_CHILD_SUBREAPER = 36
DEFAULT = ["-q", "-p", "no:cacheprovider", "-n", "3"]
DURATION = re.compile(r"^(\d+\.\d+)s (call|setup|teardown) ", re.M)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def orphans() -> list[str]:
    """This process's children still alive (what the suite left running)."""
    found = []
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[1] == me and fields[0] != "Z":
                found.append(stat.parent.name + " " + (stat.parent / "cmdline").read_bytes()
                             .replace(b"\0", b" ").decode(errors="replace")[:120])
        except OSError:
            continue
    return found


def main(args: list[str]) -> int:
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    args = args or DEFAULT
    command = [sys.executable, "-m", "pytest", *args, "--durations=0", "--durations-min=0"]
    print("+", " ".join(command[1:]), flush=True)
    before, started = load(), time.monotonic()
    log = Path(tempfile.gettempdir()) / f"govpatrol-suite-{os.getpid()}.log"
    with open(log, "w", encoding="utf-8") as out:
        pytest = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        code = None
        while code is None:  # reap orphans as they come, until pytest itself ends
            pid, status = os.wait()
            if pid == pytest.pid:
                code = os.waitstatus_to_exitcode(status)
                pytest.returncode = code
    wall = time.monotonic() - started
    deadline = time.monotonic() + 60
    while True:  # what pytest's processes left: wait for it, then name and kill it
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            if time.monotonic() > deadline:
                left = orphans()
                print("left running after the suite:", *left, sep="\n  ")
                for line in left:
                    os.kill(int(line.split()[0]), signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.1)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = log.read_text(encoding="utf-8", errors="replace")
    durations = sum(float(m.group(1)) for m in DURATION.finditer(text))
    print(text.strip().splitlines()[-1])
    print(f"wall {wall:.0f} s, CPU {usage.ru_utime:.0f} s user + {usage.ru_stime:.0f} s sys "
          f"(every descendant), sum of test durations {durations:.0f} s; load {before} before, "
          f"{load()} after; full output: {log}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] if sys.argv[1:2] != ["--"] else sys.argv[2:]))
