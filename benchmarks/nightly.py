"""Nightly benchmark: `python benchmarks/nightly.py [--pages 5000]`.

Generates an N-page portal, serves it with Debian's nginx on 127.0.0.1 (which sends ETag and
Last-Modified for static files), patrols it once in full and once with `--incremental`, and
prints both request counts and their ratio. Target (issue #6): the second run, over an
unchanged site, sends at most 15% of the first run's requests.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nginx import Nginx  # noqa: E402
from sitegen import generate  # noqa: E402


def patrol(url: str, db: Path, out: Path, pages: int, *extra: str) -> tuple[dict, float]:
    cmd = [sys.executable, "-m", "govpatrol", "patrol", url, "--db", str(db), "--out", str(out),
           "--as-of", "2026-11-20", "--max-pages", str(pages * 2), *extra]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"govpatrol exited {proc.returncode}")
    with sqlite3.connect(db) as conn:
        row = conn.execute("select id, stats from runs order by id desc limit 1").fetchone()
        stats = json.loads(row[1])
        stats["pages"] = conn.execute("select count(*) from pages where run_id = ?",
                                      [row[0]]).fetchone()[0]
        stats["findings_ids"] = {r[0] for r in conn.execute(
            "select id from findings where run_id = ?", [row[0]])}
    return stats, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--keep-db", default=None, help="work in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govpatrol-bench-") as tmp:
        if args.keep_db:
            tmp = args.keep_db
            Path(tmp).mkdir(parents=True, exist_ok=True)
        tmp_path = Path(tmp)
        site = tmp_path / "site"
        written = generate(site, args.pages)
        site.chmod(0o755)
        tmp_path.chmod(0o755)
        db = tmp_path / "bench.db"
        with Nginx(site) as server:
            first, t1 = patrol(server.url, db, tmp_path / "out1", written)
            second, t2 = patrol(server.url, db, tmp_path / "out2", written, "--incremental")
    r1, r2 = first["crawl"]["requests"], second["crawl"]["requests"]
    print(f"site: {written} pages generated")
    print(f"first run (full):        {r1} requests, {first['pages']} pages stored, {t1:.1f} s")
    print(f"second run (incremental): {r2} requests, {second['pages']} pages stored, {t2:.1f} s"
          f" ({second['crawl']['counters'].get('reused', 0)} pages reused,"
          f" {second['crawl'].get('not_modified', 0)} answered 304)")
    print(f"ratio: {r2 / r1:.1%}  (target <= 15%)")
    print(f"audit: {first['crawl']['audit_seconds']} s, then {second['crawl']['audit_seconds']} s"
          " (every page audited, in one pass)")
    same = first["findings_ids"] == second["findings_ids"]
    print(f"findings: {len(first['findings_ids'])} then {len(second['findings_ids'])}"
          f" ({'identical' if same else 'DIFFERENT'})")


if __name__ == "__main__":
    main()
