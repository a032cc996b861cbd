"""Scale benchmark (issue 14): `python benchmarks/scale.py --pages 5000 [--pages 50000]`.

For each size: generates an N-page portal (benchmarks/sitegen.py), serves it with nginx, runs
`govpatrol patrol` on it, then a bare Scrapy spider following every link of the same site, and
prints the issue's table side by side: crawl stage pages/s, audit s, reports s, whole patrol
pages/s, peak RSS, the bare spider's pages/s. Wall AND CPU time (user+sys of the process and
everything it waited for, from wait4): on a shared machine the wall figures wander, the CPU
seconds per 1,000 pages do not.

`--prescan on|off` sets the site's `prescan` (the text scan ahead, govpatrol/prescan.py)
through a sites.toml; by default the patrol decides (on with a second core). The worker's own
scans and CPU seconds are printed when it ran.

`--bare-only URL` is the bare spider itself (run as a subprocess: one reactor per process);
`--no-bare` skips it.

Peak RSS is attributed: per process of the patrol (the patrol itself, the extraction workers,
the link checker, the prescan worker; /proc sampled every 0.2 s, each process's VmHWM) and per
stage inside the patrol process (crawl / audit / reports: the patrol resets its VmHWM between
stages when GOVPATROL_STAGE_RSS=1, govpatrol/memory.py; the crawl stage is the forked crawl
process's own peak, "after crawl" the patrol's while it waited for it and settled the
columns). `--keep-db PATH` keeps the patrol's
store (to measure the audit and the reports again without crawling).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nginx import Nginx  # noqa: E402
from sitegen import generate  # noqa: E402


def _proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, start time in clock ticks) of every process."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry.name)] = (int(fields[1]), int(fields[19]))
    return table


def _hwm_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


class TreeSampler:
    """Every 0.2 s, the peak RSS (VmHWM) of each process under `root`: VmHWM only grows (until
    the patrol resets its own between stages), so a process's last sample is its peak but for
    its final 0.2 s. Linux only; elsewhere nothing is sampled."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.procs: dict[int, dict[str, Any]] = {}  # pid -> parent, start, peak, cmdline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        if os.path.isdir("/proc"):
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            table = _proc_table()
            children: dict[int, list[int]] = {}
            for pid, (ppid, _) in table.items():
                children.setdefault(ppid, []).append(pid)
            todo = [self.root]
            while todo:
                pid = todo.pop()
                todo += children.get(pid, [])
                peak = _hwm_mb(pid)
                if peak is None:
                    continue
                seen = self.procs.get(pid)
                if seen is None or seen["start"] != table[pid][1]:
                    seen = self.procs[pid] = {"parent": table[pid][0], "start": table[pid][1],
                                              "peak": 0.0, "cmdline": _cmdline(pid)}
                seen["peak"] = max(seen["peak"], peak)
            self._stop.wait(0.2)

    def by_role(self) -> dict[str, float]:
        """role -> peak MB of its largest process. The patrol starts the link checker, then
        the prescan worker (both spawned); the crawl runs in a forked copy of the patrol
        (govpatrol/forked.py), the first one; the extraction workers are forked by the
        forkserver (crawler/extractors.py) the crawl starts; the ledger is rendered in a later
        forked copy of the patrol (reports/__init__.py)."""
        roles: dict[str, float] = {}
        spawned = sorted((p for pid, p in self.procs.items()
                          if p["parent"] == self.root and "spawn_main" in p["cmdline"]),
                         key=lambda p: p["start"])
        names = dict(zip((id(p) for p in spawned), ("link checker", "prescan worker"), strict=False))
        root = self.procs.get(self.root, {}).get("cmdline")
        forked = sorted((p for p in self.procs.values()
                         if p["parent"] == self.root and p["cmdline"] == root),
                        key=lambda p: p["start"])
        crawl = id(forked[0]) if forked else None
        for pid, proc in self.procs.items():
            if pid == self.root:
                role = "patrol"
            elif id(proc) == crawl:
                role = "crawl process (forked)"
            elif proc["parent"] == self.root and proc["cmdline"] == root:
                role = "ledger renderer (forked: shares the patrol's pages)"
            elif "multiprocessing.forkserver" in proc["cmdline"]:
                parent = self.procs.get(proc["parent"], {}).get("cmdline", "")
                role = ("extraction worker (largest)"
                        if "multiprocessing.forkserver" in parent else "forkserver")
            elif "resource_tracker" in proc["cmdline"]:
                role = "resource tracker"
            else:
                role = names.get(id(proc), "other")
            roles[role] = max(roles.get(role, 0.0), proc["peak"])
        return roles


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Popen + os.wait4: this child's own rusage (its waited-for descendants included), and
    the peak RSS of each of its processes (TreeSampler.by_role)."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, env=env)
        with TreeSampler(proc.pid) as sampler:
            _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "user": usage.ru_utime,
                "sys": usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                "rss_by_process": sampler.by_role(),
                "returncode": proc.returncode, "stdout": out.read(), "stderr": err.read()}


def patrol(url: str, tmp: Path, pages: int, concurrency: int,
           prescan: str | None = None, keep_db: Path | None = None) -> dict[str, Any]:
    db = tmp / "bench.db"
    cmd = [sys.executable, "-m", "govpatrol", "patrol", url, "--db", str(db),
           "--out", str(tmp / "out"), "--as-of", "2026-11-20",
           "--max-pages", str(2 * pages), "--concurrency", str(concurrency)]
    if prescan is not None:
        config = tmp / "sites.toml"
        config.write_text(f'[[sites]]\nname = "示例市人民政府"\nurl = "{url}"\n'
                          f"prescan = {'true' if prescan == 'on' else 'false'}\n",
                          encoding="utf-8")
        cmd += ["--config", str(config)]
    result = run_measured(cmd, env=os.environ | {"GOVPATROL_STAGE_RSS": "1"})
    if result["returncode"] != 0:
        print(result["stderr"][-3000:], file=sys.stderr)
        raise SystemExit(f"govpatrol exited {result['returncode']}")
    with sqlite3.connect(db) as conn:
        result["pages"] = conn.execute("select count(*) from pages").fetchone()[0]
        result["findings"] = conn.execute("select count(*) from findings").fetchone()[0]
        crawl = json.loads(conn.execute("select stats from runs").fetchone()[0])["crawl"]
    result["crawl_s"] = crawl["elapsed"]
    result["crawl_cpu"] = crawl.get("cpu_seconds")
    result["extract_cpu"] = crawl.get("extract_cpu_seconds", 0.0)
    result["extract_workers"] = crawl.get("extract_workers", 0)
    result["audit_s"] = crawl["audit_seconds"]
    result["audit_cpu"] = crawl.get("audit_cpu_seconds")
    result["report_s"] = crawl["report_seconds"]
    result["link_wait_s"] = crawl["link_check_wait_seconds"]
    result["prescan"] = crawl.get("prescan")
    if (result["prescan"] or {}).get("error"):  # a worker that died says why on the patrol's stderr
        print(result["stderr"][-3000:], file=sys.stderr)
    result["rss_by_stage"] = crawl.get("peak_rss_mb") or {}
    if keep_db is not None:  # the folder is made if missing; moved, as it may be another disk
        keep_db.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(db, keep_db)
    else:
        db.unlink()
    return result


def bare(url: str, concurrency: int) -> dict[str, Any]:
    result = run_measured([sys.executable, __file__, "--bare-only", url,
                           "--concurrency", str(concurrency)])
    if result["returncode"] != 0:
        print(result["stderr"][-3000:], file=sys.stderr)
        raise SystemExit(f"bare spider exited {result['returncode']}")
    result["pages"] = int(result["stdout"].split()[-1])
    return result


PAGER = re.compile(r'createPageHTML\((\d+),\s*(\d+),\s*"index",\s*"(\w+)"\)')


def bare_spider(url: str, concurrency: int) -> None:
    """A bare Scrapy spider: every same-host link followed, nothing extracted, nothing stored."""
    from urllib.parse import urlsplit

    import scrapy
    from scrapy.crawler import CrawlerProcess

    host = urlsplit(url).netloc

    class Bare(scrapy.Spider):
        name = "bare"
        start_urls = [url]
        pages = 0

        def parse(self, response):
            Bare.pages += 1
            if not hasattr(response, "css"):
                return
            hrefs = response.css("a::attr(href)").getall()
            # the CMS pager is written by script (sitegen: createPageHTML(pages, current, ...)):
            # its further list pages are links all the same, as the patrol's TRS adapter reads
            pager = PAGER.search(response.text)
            if pager:
                hrefs += [f"index_{n}.{pager[3]}" for n in range(1, int(pager[1]))]
            for href in hrefs:
                target = response.urljoin(href)
                if urlsplit(target).netloc == host and not target.endswith(".pdf"):
                    yield scrapy.Request(target, callback=self.parse)

    process = CrawlerProcess({"LOG_LEVEL": "ERROR", "CONCURRENT_REQUESTS": concurrency,
                              "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
                              "TELNETCONSOLE_ENABLED": False, "ROBOTSTXT_OBEY": False})
    process.crawl(Bare)
    process.start()
    print("pages", Bare.pages)


def measure(pages: int, concurrency: int, prescan: str | None = None, bare_too: bool = True,
            keep_db: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="govpatrol-scale-") as tmp:
        tmp_path = Path(tmp)
        site = tmp_path / "site"
        written = generate(site, pages)
        site.chmod(0o755)
        tmp_path.chmod(0o755)
        with Nginx(site) as server:
            gp = patrol(server.url, tmp_path, written, concurrency, prescan, keep_db)
            base = bare(server.url, concurrency) if bare_too else None
    return {"written": written, "patrol": gp, "bare": base}


def table(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, cell) -> None:
        rows.append((label, [cell(results[n]) for n in sizes]))

    def per_k(cpu: float | None, pages: int) -> str:
        return "?" if cpu is None else f"{cpu * 1000 / pages:.1f} CPU s/1k pages"

    row("pages crawled", lambda r: f"{r['patrol']['pages']}")
    row("crawl stage (fetch, extract, store)",
        lambda r: f"{r['patrol']['pages'] / r['patrol']['crawl_s']:.0f} pages/s "
                  f"({r['patrol']['crawl_s']:.1f} s)")
    row("crawl stage CPU (patrol process)",
        lambda r: per_k(r["patrol"]["crawl_cpu"], r["patrol"]["pages"]))
    row("extraction workers CPU",
        lambda r: per_k(r["patrol"]["extract_cpu"], r["patrol"]["pages"]) +
        f" ({r['patrol']['extract_workers']} workers)")
    row("link checks after the crawl", lambda r: f"{r['patrol']['link_wait_s']:.1f} s")
    row("audit", lambda r: f"{r['patrol']['audit_s']:.1f} s" + (
        f" ({r['patrol']['audit_cpu']:.1f} CPU s)" if r["patrol"]["audit_cpu"] is not None
        else ""))
    row("text prescan worker (beside crawl and audit)",
        lambda r: "off" if not r["patrol"]["prescan"] else
        f"{r['patrol']['prescan']['scanned']} texts, {r['patrol']['prescan']['cpu_seconds']:.1f}"
        " CPU s" + (f", {r['patrol']['prescan']['error']}"
                    if r["patrol"]["prescan"].get("error") else ""))
    row("reports", lambda r: f"{r['patrol']['report_s']:.1f} s")
    row("whole patrol (wall)",
        lambda r: f"{r['patrol']['pages'] / r['patrol']['wall']:.0f} pages/s "
                  f"({r['patrol']['wall']:.1f} s)")
    row("whole patrol CPU (all processes)",
        lambda r: per_k(r["patrol"]["cpu"], r["patrol"]["pages"]) +
        f" (user {r['patrol']['user']:.0f} + sys {r['patrol']['sys']:.0f} s)")
    row("peak RSS (largest process)", lambda r: f"{r['patrol']['rss_mb']:.0f} MB")
    roles = sorted({role for r in results.values() for role in r["patrol"]["rss_by_process"]})
    for role in roles:
        row(f"peak RSS: {role}",
            lambda r, role=role: f"{r['patrol']['rss_by_process'].get(role, 0):.0f} MB")
    for stage in ("crawl", "after crawl", "audit", "reports"):
        row(f"peak RSS of the patrol process: {stage} stage",
            lambda r, stage=stage: (f"{r['patrol']['rss_by_stage'][stage]:.0f} MB"
                                    if stage in r["patrol"]["rss_by_stage"] else "?"))
    row("findings", lambda r: f"{r['patrol']['findings']}")
    if any(r["bare"] is None for r in results.values()):
        return _render(rows, sizes)
    row("bare Scrapy spider (wall)",
        lambda r: f"{r['bare']['pages'] / r['bare']['wall']:.0f} pages/s "
                  f"({r['bare']['pages']} pages, {r['bare']['wall']:.1f} s)")
    row("bare Scrapy spider CPU", lambda r: per_k(r["bare"]["cpu"], r["bare"]["pages"]))
    row("bare Scrapy spider peak RSS", lambda r: f"{r['bare']['rss_mb']:.0f} MB")
    return _render(rows, sizes)


def _render(rows: list[tuple[str, list[str]]], sizes: list[int]) -> str:
    header = ["benchmark"] + [f"{n:,} pages" for n in sizes]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join([label, *cells]) + " |" for label, cells in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, action="append",
                        help="site size (repeatable); default 5000")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--prescan", choices=("on", "off"),
                        help="the site's prescan setting (default: the patrol decides)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare Scrapy spider")
    parser.add_argument("--keep-db", metavar="DIR", type=Path,
                        help="keep each size's patrol store as DIR/scale-<pages>.db")
    parser.add_argument("--bare-only", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_only:
        bare_spider(args.bare_only, args.concurrency)
        return
    results = {}
    for pages in args.pages or [5000]:
        keep = args.keep_db / f"scale-{pages}.db" if args.keep_db else None
        results[pages] = measure(pages, args.concurrency, args.prescan, not args.no_bare, keep)
        print(f"{pages} pages done", file=sys.stderr, flush=True)
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} "
          "(wall figures depend on the load; CPU seconds per 1,000 pages much less)")
    print(table(results))


if __name__ == "__main__":
    main()
