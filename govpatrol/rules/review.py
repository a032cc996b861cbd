"""The review loop's vocabulary: what an office may answer in a ledger, and what a later run
says back (复查).

An answer (a *decision*, stored by govpatrol.store.reviews) is keyed by the stable finding id.
Two answers change what the reports show: 误报 hides the finding from the findings and the score
(it is listed apart and counted as suppressed), and 已整改 asks the next run to check: still
there means 复查未通过 (reopened), gone from a page fetched again means 复查通过.
"""

from __future__ import annotations

from typing import Any

from govpatrol.model import Finding

#: What a department may answer in 整改状态 (the ledger's drop-down), in the ledger's order.
REVIEW_STATES = ("未整改", "整改中", "已整改", "误报", "暂缓")
NOT_FIXED, IN_PROGRESS, CLAIMED_FIXED, FALSE_ALARM, DEFERRED = REVIEW_STATES

#: 复查结果 texts, written by govpatrol (the department's edits to that column are not read).
RECHECK_PASSED = "复查通过（本次巡检未再发现）"
RECHECK_FAILED = "复查未通过（本次巡检仍发现）"
RECHECK_PENDING = "待复查（下次巡检核验）"


def state_of(review: dict[str, Any] | None) -> str | None:
    """The decision's 整改状态, or None without a decision."""
    return (review or {}).get("state") or None


def is_suppressed(review: dict[str, Any] | None) -> bool:
    return state_of(review) == FALSE_ALARM


def claimed_fixed_before(review: dict[str, Any] | None, run_id: int | None) -> bool:
    """Marked 已整改 before run `run_id` started: that run is the 复查 of the claim."""
    if state_of(review) != CLAIMED_FIXED or run_id is None:
        return False
    return int(run_id) > int((review or {}).get("after_run") or 0)


def split_suppressed(findings: list[Finding], reviews: dict[str, dict[str, Any]]
                     ) -> tuple[list[Finding], list[Finding]]:
    """(findings to report and score, findings the office marked 误报), in the given order:
    the reports, `govpatrol prep` and the history all leave out the same ones."""
    kept = [f for f in findings if not is_suppressed(reviews.get(f.id))]
    hidden = [f for f in findings if is_suppressed(reviews.get(f.id))]
    return kept, hidden
