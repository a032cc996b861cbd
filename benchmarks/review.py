"""Review benchmark: `python benchmarks/review.py [--findings 20000] [--answered 0.2]`.

A run of --findings findings (benchmarks/ledger.py's mix) is stored twice: in one store with the
offices' answers on a share of them (--answered: 误报, 整改中, 已整改 in turn), in the other
without. The ledger of the first (written as a patrol writes it, answers in their columns) is
then read into the second with `govpatrol review`'s code, and the ledger is written again from
it. Prints the time of each step and checks the answers came back whole.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ledger import HOME, SITE, findings

from govpatrol.reporting import build_bundle
from govpatrol.reports.excel import write_ledger
from govpatrol.reports.ledger_reader import read_ledger
from govpatrol.review import import_ledger
from govpatrol.rules.profile import load_profile
from govpatrol.store import Store

STATES = ("误报", "整改中", "已整改")


def stored(path: Path, found: list) -> tuple[Store, int]:
    store = Store(path)
    run = store.start_run(SITE, HOME, date(2026, 11, 20), {"mode": "site"})
    store.save_findings(run, found)
    store.finish_run(run, "done", {}, [])
    return store, run


def ledger_of(store: Store, run: int, path: Path) -> float:
    started = time.perf_counter()
    bundle = build_bundle(store, run, lambda columns: [])
    bundle.profile = load_profile("national")
    write_ledger(bundle, path)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=20_000)
    parser.add_argument("--answered", type=float, default=0.2)
    args = parser.parse_args()
    found = findings(args.findings, 12)
    step = max(1, round(1 / args.answered))
    answers = [{"finding_id": f.id, "state": STATES[i % 3], "measure": f"已处理第{i}项",
                "owner": "张三", "done_on": "2026-11-25", "note": None}
               for i, f in enumerate(found[::step])]
    with tempfile.TemporaryDirectory(prefix="govpatrol-review-bench-") as tmp:
        office, run = stored(Path(tmp) / "office.db", found)
        office.save_reviews(SITE, answers, by="bench", source="bench", run_id=run)
        filled = Path(tmp) / "filled.xlsx"
        written = ledger_of(office, run, filled)
        ours, run = stored(Path(tmp) / "ours.db", found)
        started = time.perf_counter()
        ledger = read_ledger(filled)
        read = time.perf_counter() - started
        started = time.perf_counter()
        result = import_ledger(ours, ledger, "bench")
        imported = time.perf_counter() - started
        again = ledger_of(ours, run, Path(tmp) / "again.xlsx")
        back = {fid: r["state"] for fid, r in ours.reviews(SITE).items()}
        whole = back == {a["finding_id"]: a["state"] for a in answers}
    print(f"findings: {len(found)}, answered: {len(answers)} ({'、'.join(STATES)})")
    print(f"ledger with answers written in {written:.2f} s")
    print(f"read back (openpyxl read-only, {len(ledger.answers)} rows in "
          f"{len(ledger.sheets)} sheets) in {read:.2f} s")
    print(f"answers compared and stored in {imported:.2f} s ({len(result.changed)} stored)")
    print(f"ledger written again (误报 left out) in {again:.2f} s")
    print("answers came back whole" if whole else "ANSWERS LOST")
    return 0 if whole else 1


if __name__ == "__main__":
    sys.exit(main())
