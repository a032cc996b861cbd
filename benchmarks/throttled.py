"""A patrol behind a rate limiter: `python benchmarks/throttled.py [--pages 1000] [--rps 20]`.

Generates an N-page portal (benchmarks/sitegen.py) and serves it on 127.0.0.1 from a threaded
Python server that answers at most `--rps` requests a second and 429 with `Retry-After: 1`
beyond that, as government sites behind a WAF do. Runs `govpatrol patrol` on it and prints
the pages fetched against the pages the site has, the 429s the limiter sent, the 429s that
ended up reported as broken links or unreachable pages (must be 0), the exit status and the
time it took (issue 16: before, 753 false broken links and 32 of 50 columns unreached).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen import generate  # noqa: E402


class Limiter:
    """A sliding one-second window of `rps` answers."""

    def __init__(self, rps: float) -> None:
        self.rps, self.recent, self.lock, self.refused = rps, deque(), threading.Lock(), 0

    def allow(self) -> bool:
        now = time.monotonic()
        with self.lock:
            while self.recent and now - self.recent[0] >= 1.0:
                self.recent.popleft()
            if len(self.recent) >= self.rps:
                self.refused += 1
                return False
            self.recent.append(now)
            return True


def serve(root: Path, limiter: Limiter) -> ThreadingHTTPServer:
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if not limiter.allow():
                body = b"Too Many Requests"
                self.send_response(429)
                self.send_header("Retry-After", "1")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rps", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govpatrol-throttled-") as tmp:
        tmp_path = Path(tmp)
        written = generate(tmp_path / "site", args.pages, columns=max(1, args.pages // 100))
        limiter = Limiter(args.rps)
        server = serve(tmp_path / "site", limiter)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        db = tmp_path / "bench.db"
        cmd = [sys.executable, "-m", "govpatrol", "patrol", url, "--db", str(db), "--out",
               str(tmp_path / "out"), "--as-of", "2026-11-20",
               "--concurrency", str(args.concurrency)]
        started = time.monotonic()
        result = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        server.shutdown()
        with sqlite3.connect(db) as conn:
            fetched = conn.execute("SELECT count(*) FROM pages WHERE status = 200").fetchone()[0]
            throttled = conn.execute("SELECT count(*) FROM pages WHERE status = 429"
                                     ).fetchone()[0]
            reported = conn.execute(
                "SELECT count(*) FROM findings WHERE category IN ('broken_link', 'unreachable')"
                " AND (status = '429' OR message LIKE '%429%')").fetchone()[0]
            stats = json.loads(conn.execute("SELECT stats FROM runs").fetchone()[0] or "{}")
        print(f"pages fetched: {fetched} of {written}; pages left throttled: {throttled}")
        print(f"429s sent by the limiter: {limiter.refused}; retried by the crawler: "
              f"{stats.get('crawl', {}).get('throttled')}; 429s reported as broken or "
              f"unreachable: {reported} (must be 0)")
        print(f"exit status {result.returncode}; {elapsed:.1f} s for {written} pages at "
              f"{args.rps:g} requests/s ({written / args.rps:.1f} s at best)")
        if result.returncode not in (0, 3):
            print(result.stderr[-2000:], file=sys.stderr)


if __name__ == "__main__":
    main()
