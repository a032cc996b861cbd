"""Audit and reports of a kept patrol store, stage by stage: `python benchmarks/memory.py DB`.

`benchmarks/scale.py --keep-db DIR` keeps the store of a benchmark patrol; this re-runs what
the patrol does after its crawl (govpatrol.run.audit_run, then render_run) on a copy of it,
in this one process, and prints each stage's wall and CPU seconds and its peak RSS (VmHWM,
reset between stages: govpatrol/memory.py). `--dump FILE` writes the stored findings as
sorted JSONL lines, to compare two versions of the code finding for finding.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--dump", type=Path, help="sorted JSONL of the stored findings")
    args = parser.parse_args()

    from govpatrol.auditors.context import checked_context
    from govpatrol.config import site_from_url
    from govpatrol.memory import StagePeaks, status_mb
    from govpatrol.run import audit_run, release_audit_memory, render_run
    from govpatrol.store import Store

    peaks = StagePeaks(enabled=True)
    with tempfile.TemporaryDirectory(prefix="govpatrol-memory-") as tmp:
        db = Path(tmp) / "copy.db"
        shutil.copy(args.db, db)
        store = Store(db)
        run = store.run(None)
        as_of = date.fromisoformat(run["as_of"])
        ctx = checked_context(None, site_from_url(run["url"]), as_of)
        peaks.mark("start")
        times = {}
        started, cpu = time.perf_counter(), time.process_time()
        audit_run(store, run["id"], ctx)
        # what the patrol counts: the stored rows; the audit's list may name one problem twice
        # (the same unmatched 》 twice on a page: one id, one row)
        found = sum(count for *_, count in store.finding_counts([run["id"]]))
        release_audit_memory()  # as the patrol does between the stages
        times["audit"] = (time.perf_counter() - started, time.process_time() - cpu)
        peaks.mark("audit")
        started, cpu = time.perf_counter(), time.process_time()
        render_run(store, run["id"], ctx, Path(tmp) / "out")
        times["reports"] = (time.perf_counter() - started, time.process_time() - cpu)
        peaks.mark("reports")
        store.close()
        if args.dump:
            with sqlite3.connect(db) as conn:
                conn.row_factory = sqlite3.Row
                rows = sorted(json.dumps(dict(r), ensure_ascii=False, sort_keys=True)
                              for r in conn.execute("SELECT * FROM findings"))
            args.dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{found} findings; RSS at the end {status_mb('VmRSS') or 0:.0f} MB")
    print(f"before the audit (imports, store): peak {peaks.figures['start']:.0f} MB")
    for stage, (wall, cpu) in times.items():
        print(f"{stage}: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {peaks.figures[stage]:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
