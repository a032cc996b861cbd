"""Crawl benchmark: `python benchmarks/crawl.py [--pages 5000] [--concurrency 16]`.

Generates an N-page portal, serves it with Debian's nginx on 127.0.0.1 and runs
`govpatrol patrol` on it with extraction and storage on; prints pages/s and peak RSS.
Targets (issue #2): at least 200 pages/s at concurrency 16, peak RSS at most 400 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nginx import Nginx  # noqa: E402
from sitegen import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govpatrol-bench-") as tmp:
        tmp_path = Path(tmp)
        site = tmp_path / "site"
        written = generate(site, args.pages)
        site.chmod(0o755)
        tmp_path.chmod(0o755)
        with Nginx(site) as server:
            db = tmp_path / "bench.db"
            cmd = [sys.executable, "-m", "govpatrol", "patrol", server.url, "--db", str(db),
                   "--out", str(tmp_path / "out"), "--as-of", "2026-11-20",
                   "--max-pages", str(written + 10), "--concurrency", str(args.concurrency)]
            started = time.monotonic()
            proc = subprocess.run(cmd, capture_output=True, text=True)
            elapsed = time.monotonic() - started
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"govpatrol exited {proc.returncode}")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        with sqlite3.connect(db) as conn:
            pages = conn.execute("select count(*) from pages").fetchone()[0]
            items = conn.execute("select count(*) from items").fetchone()[0]
            columns = conn.execute("select count(*) from columns").fetchone()[0]
            stats = json.loads(conn.execute("select stats from runs").fetchone()[0])["crawl"]
    print(f"site: {written} pages generated; crawled {pages} pages, {columns} columns, "
          f"{items} items")
    print(f"wall time (whole patrol, start-up and reports included): {elapsed:.1f} s")
    crawl_s = stats["elapsed"]
    print(f"crawl stage (fetch, extract, store): {crawl_s:.1f} s = {pages / crawl_s:.0f} pages/s"
          "  (target >= 200)")
    print(f"audit {stats['audit_seconds']} s, reports {stats['report_seconds']} s, link checks "
          f"after the crawl {stats['link_check_wait_seconds']} s")
    print(f"whole patrol: {pages / elapsed:.0f} pages/s")
    print(f"peak RSS: {peak_mb:.0f} MB  (target <= 400)")


if __name__ == "__main__":
    main()
