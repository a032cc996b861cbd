"""The test suite's wall time and the CPU time of its whole process tree.

    python benchmarks/suite.py [-- PYTEST ARGS]    # default: README's command, -q -n 3
    python benchmarks/suite.py --per-file tests/test_a.py tests/test_b.py ...

`time pytest` counts only the processes the shell waits for: the patrols a test forks from its
forkserver, the extraction and prescan workers, Chromium, redis-server and nginx are
grandchildren that end as orphans, reaped by init, and their CPU is never added. Here the run
is a child *subreaper* (prctl PR_SET_CHILD_SUBREAPER): every orphan of the suite is reparented to
this process, which waits for all of them, so `RUSAGE_CHILDREN` is the CPU of everything the
suite started. Printed beside the wall time, the load average before and after (the machine is
shared: compare runs made back to back) and the sum of pytest's per-test durations (less
disturbed by load than the wall time). A descendant still running 60 s after pytest exited is
named (the suite should leave nothing behind), then killed.

`--per-file` runs each file alone, one after the other (no xdist: each file then pays for the
session fixtures it uses, as it would in a run of its own), and prints a table of wall and CPU
seconds per file, the most CPU first: where the suite's CPU goes.
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


def subreaper() -> None:
    """Make this process the reaper of every orphan of its descendants."""
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def per_file(files: list[str]) -> int:
    """Each file alone under the subreaper: its wall and CPU seconds, most CPU first."""
    subreaper()
    rows, worst = [], 0
    for name in files:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", name]
        cpu, started = cpu_seconds(), time.monotonic()
        pytest = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        output = pytest.communicate()[0]
        wall = time.monotonic() - started
        while True:  # the file's orphans: wait for every one, so its CPU is the file's
            try:
                os.wait()
            except ChildProcessError:
                break
        summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
        if pytest.returncode:  # what failed, kept for reading
            log = Path(tempfile.gettempdir()) / f"govpatrol-suite-{os.getpid()}-{Path(name).stem}.log"
            log.write_text(output, encoding="utf-8")
            summary += f" (output: {log})"
        rows.append((cpu_seconds() - cpu, wall, name, summary))
        worst = worst or pytest.returncode
        print(f"{rows[-1][0]:7.1f} CPU s {wall:7.1f} s  {name}  {summary}", flush=True)
    print(f"\n{'CPU s':>7} {'wall s':>7}  file   (load now {load()})")
    for cpu, wall, name, _ in sorted(rows, reverse=True):
        print(f"{cpu:7.1f} {wall:7.1f}  {name}")
    print(f"{sum(r[0] for r in rows):7.1f} {sum(r[1] for r in rows):7.1f}  all {len(rows)} files")
    return worst


def main(args: list[str]) -> int:
    if args[:1] == ["--per-file"]:
        return per_file(args[1:])
    subreaper()
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
