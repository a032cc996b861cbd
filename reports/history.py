"""Run-to-run history: which findings are new, still open or fixed, and since when.

Findings carry a stable id (findings.md), so the same problem has the same id in every run.
A department is judged on what it fixed, so every report compares the run with the previous
comparable run of the same site: the same site name and start URL (a one-column patrol is not
compared with a whole-site patrol) that completed (a failed or interrupted run holds no findings
and would make everything look new). The first-seen date is the patrol day of the earliest run of
the same site, up to this one, where the id appeared, whatever that run's start URL.

What the store holds is read by govpatrol.reporting; this module only compares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govpatrol.model import Finding

NEW = "new"
OPEN = "open"
FIXED = "fixed"
#: Marked 已整改 by the office before this run, yet found again: the 复查 failed.
REOPENED = "reopened"
#: Marked 误报 by the office: listed apart, neither among the findings nor scored.
SUPPRESSED = "suppressed"

#: Status -> label in the reports.
STATUS_LABELS: dict[str, str] = {NEW: "新发现", OPEN: "持续未整改", FIXED: "已整改",
                                 REOPENED: "复查未通过", SUPPRESSED: "误报（已屏蔽）"}

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


def compare(current: list[Finding], previous_run: dict[str, Any] | None,
            previous_findings: list[Finding], first_seen: dict[str, date],
            trend: list[TrendPoint]) -> History:
    """History of a run from its findings and those of the previous comparable run: each
    current finding new or still open, each previous one that is gone fixed."""
    before = {f.id for f in previous_findings}
    now = {f.id for f in current}
    return History(
        previous_run=previous_run, previous_findings=previous_findings,
        status={f.id: OPEN if f.id in before else NEW for f in current},
        fixed=[f for f in previous_findings if f.id not in now],
        first_seen=first_seen, trend=trend,
    )


def trend_points(runs: list[tuple[int, str]],
                 counts: list[tuple[int, str, str, int]]) -> list[TrendPoint]:
    """Trend points, oldest first, from (run id, as_of) pairs and (run id, category,
    severity, count) rows."""
    points = {rid: TrendPoint(rid, date.fromisoformat(as_of), 0, 0) for rid, as_of in runs}
    for rid, category, severity, n in counts:
        point = points[rid]
        point.total += n
        point.by_category[category] = point.by_category.get(category, 0) + n
        if severity == "veto":
            point.veto += n
    return sorted(points.values(), key=lambda p: p.run_id)
