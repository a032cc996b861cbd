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

`--bare-only URL` is the bare spider itself (run as a subprocess: one reactor per process).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nginx import Nginx  # noqa: E402
from sitegen import generate  # noqa: E402


def run_measured(cmd: list[str]) -> dict[str, Any]:
    """Popen + os.wait4: this child's own rusage (its waited-for descendants included)."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "user": usage.ru_utime,
                "sys": usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                "returncode": proc.returncode, "stdout": out.read(), "stderr": err.read()}


def patrol(url: str, tmp: Path, pages: int, concurrency: int,
           prescan: str | None = None) -> dict[str, Any]:
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
    result = run_measured(cmd)
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


def measure(pages: int, concurrency: int, prescan: str | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="govpatrol-scale-") as tmp:
        tmp_path = Path(tmp)
        site = tmp_path / "site"
        written = generate(site, pages)
        site.chmod(0o755)
        tmp_path.chmod(0o755)
        with Nginx(site) as server:
            gp = patrol(server.url, tmp_path, written, concurrency, prescan)
            base = bare(server.url, concurrency)
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
    row("findings", lambda r: f"{r['patrol']['findings']}")
    row("bare Scrapy spider (wall)",
        lambda r: f"{r['bare']['pages'] / r['bare']['wall']:.0f} pages/s "
                  f"({r['bare']['pages']} pages, {r['bare']['wall']:.1f} s)")
    row("bare Scrapy spider CPU", lambda r: per_k(r["bare"]["cpu"], r["bare"]["pages"]))
    row("bare Scrapy spider peak RSS", lambda r: f"{r['bare']['rss_mb']:.0f} MB")
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
    parser.add_argument("--bare-only", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_only:
        bare_spider(args.bare_only, args.concurrency)
        return
    results = {}
    for pages in args.pages or [5000]:
        results[pages] = measure(pages, args.concurrency, args.prescan)
        print(f"{pages} pages done", file=sys.stderr, flush=True)
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} "
          "(wall figures depend on the load; CPU seconds per 1,000 pages much less)")
    print(table(results))


if __name__ == "__main__":
    main()
