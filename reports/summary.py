"""What every report says about a run, computed once: the HTML, the ledger and the Word report
must agree on every number, so none of them counts for itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from govpatrol.model import CATEGORIES, SEVERITIES, SEVERITY_LABELS, Finding
from govpatrol.reports.history import (
    FIXED,
    NEW,
    OPEN,
    REOPENED,
    STATUS_LABELS,
    SUPPRESSED,
    History,
)
from govpatrol.rules.review import (
    CLAIMED_FIXED,
    NOT_FIXED,
    RECHECK_FAILED,
    RECHECK_PASSED,
    RECHECK_PENDING,
    claimed_fixed_before,
    state_of,
)
from govpatrol.rules.scoring import (
    UNASSIGNED,
    Score,
    ScoringRules,
    department_of,
    score,
    score_by_department,
)


class SummaryInput(Protocol):
    """What `summarize` reads of a ReportBundle (a protocol, so this module does not import
    the bundle that imports it)."""

    site: str
    home_url: str
    as_of: date
    columns: list[dict[str, Any]]
    findings: list[Finding]
    profile: Any
    history: History | None

SEVERITY_RANK = {name: i for i, name in enumerate(SEVERITIES)}

#: Freshness class -> label, for columns whose profile is not at hand.
CLASS_LABELS = {
    "important_news": "重要动态类",
    "enforcement": "执法公示类",
    "key_areas": "重点领域类",
    "statutory_other": "其他法定公开类",
    "exempt": "概况类（免于时限）",
}


@dataclass
class FindingRow:
    """A finding as the reports show it: with its department, history mark and deadline."""

    finding: Finding
    number: int  # 序号 in the whole run, veto first
    department: str
    status: str  # history.NEW / OPEN / FIXED
    first_seen: date | None
    deadline: date | None
    overdue: bool = False
    review: dict[str, Any] | None = None  # the office's current decision (store.reviews)

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.finding.category, self.finding.category)

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.finding.severity, self.finding.severity)

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS.get(self.status, self.status)
        return f"{label}（已逾期）" if self.overdue and self.status != FIXED else label

    @property
    def review_state(self) -> str | None:
        """整改状态 as the office answered it (None: no answer yet)."""
        return state_of(self.review)

    @property
    def recheck(self) -> str:
        """复查结果: what this run says of an answer 已整改 (empty when there is none)."""
        if self.status == REOPENED:
            return RECHECK_FAILED
        if self.status == FIXED and self.review_state == CLAIMED_FIXED:
            return RECHECK_PASSED
        if self.review_state == CLAIMED_FIXED and self.status != SUPPRESSED:
            return RECHECK_PENDING
        return ""

    @property
    def evidence(self) -> str:
        """The offending text, or for a link finding its target and status."""
        f = self.finding
        if f.text:
            return f.text
        if f.link_url:
            return f"{f.link_url}（{f.status}）" if f.status else f.link_url
        if f.linked_from:  # an unreachable page that other pages link to: both facts
            return f"{f.url}（{f.status}），链接来源：" + "、".join(f.linked_from)
        return ""


@dataclass
class Summary:
    rules: ScoringRules
    rows: list[FindingRow]
    fixed_rows: list[FindingRow]
    departments: list[str]  # worst score first
    by_category: Counter
    by_severity: Counter
    by_department: Counter
    by_department_category: dict[str, Counter]
    site_score: Score
    department_scores: dict[str, Score]
    previous_site_score: Score | None = None
    previous_department_scores: dict[str, Score] = field(default_factory=dict)
    history: History = field(default_factory=History)
    suppressed_rows: list[FindingRow] = field(default_factory=list)  # 误报, not counted

    @property
    def reopened_count(self) -> int:
        return sum(1 for r in self.rows if r.status == REOPENED)

    @property
    def suppressed_count(self) -> int:
        return len(self.suppressed_rows)

    @property
    def overdue_count(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    def overdue_for(self, department: str) -> int:
        """Findings of `department` still there past their 整改时限."""
        return sum(1 for r in self.rows if r.department == department and r.overdue)

    def suppressed_for(self, department: str) -> list[FindingRow]:
        return [r for r in self.suppressed_rows if r.department == department]

    def review_counts(self, department: str | None = None) -> Counter:
        """整改状态 -> how many current findings (of `department` if given); a finding no one
        answered for counts as 未整改."""
        return Counter(r.review_state or NOT_FIXED for r in self.rows
                       if department is None or r.department == department)

    @property
    def vetoes(self) -> list[FindingRow]:
        """Findings that fail the site: a veto severity, or mapped to the veto by the scorer."""
        return [r for r in self.rows if self.rules.is_veto(r.finding)]

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.rows if r.status == NEW)

    @property
    def open_count(self) -> int:
        """Still there since an earlier run: open, and reopened (marked 已整改 but found)."""
        return sum(1 for r in self.rows if r.status in (OPEN, REOPENED))

    @property
    def fixed_count(self) -> int:
        return len(self.fixed_rows)

    def rows_for(self, department: str) -> list[FindingRow]:
        return [r for r in self.rows if r.department == department]

    def fixed_for(self, department: str) -> list[FindingRow]:
        return [r for r in self.fixed_rows if r.department == department]

    def score_delta(self, department: str | None = None) -> float | None:
        """Score change since the previous run (None: no previous run to compare with)."""
        if self.history.previous_run is None:
            return None
        if department is None:
            before = self.previous_site_score
            now = self.site_score
        else:
            before = self.previous_department_scores.get(department)
            now = self.department_scores.get(department)
            if before is None and now is not None:
                before = score([], self.rules, department)
        if before is None or now is None:
            return None
        return now.score - before.score


def _calendar(profile: Any):
    if profile is not None and hasattr(profile, "calendar"):
        return profile.calendar()
    from govpatrol.rules.calendar import default_calendar

    return default_calendar()


def _status(finding: Finding, history: History, review: dict[str, Any] | None,
            run_id: int | None) -> str:
    """New or open from history, unless the office said 已整改 before this run: reopened."""
    if claimed_fixed_before(review, run_id):
        return REOPENED
    return history.status_of(finding)


def summarize(bundle: SummaryInput) -> Summary:
    rules = ScoringRules.from_profile(bundle.profile)
    history = bundle.history or History()
    calendar = _calendar(bundle.profile)
    home_url = getattr(bundle, "home_url", None)
    reviews: dict[str, dict[str, Any]] = getattr(bundle, "reviews", None) or {}
    run_id = (getattr(bundle, "run", None) or {}).get("id")
    ordered = sorted(bundle.findings, key=lambda f: (
        not rules.is_veto(f), SEVERITY_RANK.get(f.severity, 9), department_of(f), f.category,
        f.column or "", f.url,
    ))
    rows = []
    # (severity, first seen) -> 整改时限: a few dozen pairs, each a walk over the calendar
    deadlines: dict[tuple[str, date], date | None] = {}
    for number, finding in enumerate(ordered, start=1):
        first = history.first_seen.get(finding.id, bundle.as_of)
        key = (finding.severity, first)
        if key not in deadlines:
            deadlines[key] = rules.deadline(finding.severity, first, calendar)
        deadline = deadlines[key]
        review = reviews.get(finding.id)
        rows.append(FindingRow(
            finding=finding, number=number, department=department_of(finding),
            status=_status(finding, history, review, run_id), first_seen=first,
            deadline=deadline, overdue=deadline is not None and deadline < bundle.as_of,
            review=review,
        ))
    fixed_rows = [
        FindingRow(finding=f, number=i, department=department_of(f), status=FIXED,
                   first_seen=history.first_seen.get(f.id), deadline=None,
                   review=reviews.get(f.id))
        for i, f in enumerate(history.fixed, start=1)
    ]
    suppressed_rows = [
        FindingRow(finding=f, number=i, department=department_of(f), status=SUPPRESSED,
                   first_seen=history.first_seen.get(f.id), deadline=None,
                   review=reviews.get(f.id))
        for i, f in enumerate(getattr(bundle, "suppressed", None) or [], start=1)
    ]
    known = [c.get("department") for c in bundle.columns if c.get("department")]
    scores = score_by_department(bundle.findings, rules, known, home_url)
    previous_scores: dict[str, Score] = {}
    previous_site: Score | None = None
    if history.previous_run is not None:
        previous_scores = score_by_department(history.previous_findings, rules, (), home_url)
        previous_site = score(history.previous_findings, rules, bundle.site, home_url)
    departments = sorted(scores, key=lambda d: (
        not scores[d].veto, scores[d].score, -scores[d].findings, d == UNASSIGNED, d,
    ))
    by_department_category: dict[str, Counter] = {d: Counter() for d in departments}
    for finding in bundle.findings:
        by_department_category[department_of(finding)][finding.category] += 1
    return Summary(
        rules=rules,
        rows=rows,
        fixed_rows=fixed_rows,
        departments=departments,
        by_category=Counter(f.category for f in bundle.findings),
        by_severity=Counter(f.severity for f in bundle.findings),
        by_department=Counter(department_of(f) for f in bundle.findings),
        by_department_category=by_department_category,
        site_score=score(bundle.findings, rules, bundle.site, home_url),
        department_scores=scores,
        previous_site_score=previous_site,
        previous_department_scores=previous_scores,
        history=history,
        suppressed_rows=suppressed_rows,
    )
