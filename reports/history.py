"""Run-to-run history: which findings are new, still open or fixed, and since when.

Findings carry a stable id (findings.md), so the same problem has the same id in every run.
A department is judged on what it fixed, so every report compares the run with the previous
comparable run of the same site: the same site name and start URL (a one-column patrol is not
compared with a whole-site patrol) that completed (a failed or interrupted run holds no findings
and would make everything look new). The first-seen date is the patrol day of the earliest run of
the same site, up to this one, where the id appeared, whatever that run's start URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govpatrol.model import Finding
from govpatrol.store import Store

NEW = "new"
OPEN = "open"
FIXED = "fixed"

#: Status -> label in the reports.
STATUS_LABELS: dict[str, str] = {NEW: "新发现", OPEN: "持续未整改", FIXED: "已整改"}

TREND_RUNS = 10


@dataclass
class TrendPoint:
    """One run in the trend chart."""

    run_id: int
    as_of: date
    total: int
    veto: int
    by_category: dict[str, int] = field(default_factory=dict)


@dataclass
class History:
    previous_run: dict[str, Any] | None = None
    previous_findings: list[Finding] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)  # current finding id -> NEW / OPEN
    fixed: list[Finding] = field(default_factory=list)  # in the previous run, gone now
    first_seen: dict[str, date] = field(default_factory=dict)  # finding id -> patrol day
    trend: list[TrendPoint] = field(default_factory=list)  # oldest first, this run last

    def status_of(self, finding: Finding) -> str:
        return self.status.get(finding.id, NEW)

    @property
    def new_count(self) -> int:
        return sum(1 for s in self.status.values() if s == NEW)

    @property
    def open_count(self) -> int:
        return sum(1 for s in self.status.values() if s == OPEN)


def previous_comparable_run(store: Store, run: dict[str, Any]) -> dict[str, Any] | None:
    rows = store.db.execute(
        "SELECT id FROM runs WHERE site = ? AND url = ? AND id < ? AND status = 'done'"
        " ORDER BY id DESC LIMIT 1", [run["site"], run["url"], run["id"]],
    ).fetchall()
    return store.run(rows[0][0]) if rows else None


def load_history(store: Store, run_id: int, findings: list[Finding] | None = None,
                 trend_runs: int = TREND_RUNS) -> History:
    run = store.run(run_id)
    if run is None:
        return History()
    current = findings if findings is not None else store.findings(run_id)
    previous = previous_comparable_run(store, run)
    history = History(previous_run=previous)
    if previous is not None:
        history.previous_findings = store.findings(previous["id"])
    before = {f.id for f in history.previous_findings}
    now = {f.id for f in current}
    history.status = {f.id: OPEN if f.id in before else NEW for f in current}
    history.fixed = [f for f in history.previous_findings if f.id not in now]
    history.first_seen = _first_seen(store, run, now | before)
    history.trend = _trend(store, run, trend_runs)
    return history


def _first_seen(store: Store, run: dict[str, Any], ids: set[str]) -> dict[str, date]:
    seen: dict[str, date] = {}
    ordered = sorted(ids)
    for at in range(0, len(ordered), 500):  # SQLite caps the number of parameters
        chunk = ordered[at:at + 500]
        marks = ", ".join("?" for _ in chunk)
        for fid, as_of in store.db.execute(
            f"""SELECT findings.id, min(runs.as_of) FROM findings
                JOIN runs ON runs.id = findings.run_id
                WHERE runs.site = ? AND runs.id <= ? AND findings.id IN ({marks})
                GROUP BY findings.id""", [run["site"], run["id"], *chunk],
        ):
            seen[fid] = date.fromisoformat(as_of)
    return seen


def _trend(store: Store, run: dict[str, Any], limit: int) -> list[TrendPoint]:
    run_rows = store.db.execute(
        "SELECT id, as_of FROM runs WHERE site = ? AND url = ? AND id <= ?"
        " AND (status = 'done' OR id = ?) ORDER BY id DESC LIMIT ?",
        [run["site"], run["url"], run["id"], run["id"], limit],
    ).fetchall()
    points = {rid: TrendPoint(rid, date.fromisoformat(as_of), 0, 0) for rid, as_of in run_rows}
    if points:
        marks = ", ".join("?" for _ in points)
        for rid, category, severity, n in store.db.execute(
            f"SELECT run_id, category, severity, count(*) FROM findings WHERE run_id IN ({marks})"
            " GROUP BY run_id, category, severity", list(points),
        ):
            point = points[rid]
            point.total += n
            point.by_category[category] = point.by_category.get(category, 0) + n
            if severity == "veto":
                point.veto += n
    return sorted(points.values(), key=lambda p: p.run_id)
