"""A run's ReportBundle, built from the store: what reports show, read through `Store`.

The renderers in govpatrol.reports take plain data and never open the database; this module is
the one place that reads a run for them (findings, columns, items, history, the veto
dashboard, the external-link inventory), so `govpatrol report` and a patrol render the same
bundle.

The review loop is applied here too: the office's decisions (`govpatrol review`) are read with
the run, and findings it marked 误报 are taken out of the findings every renderer lists and
scores (the store keeps them; the bundle carries them apart as `suppressed`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from govpatrol.crawler.urls import canonical
from govpatrol.evaluation import run_dashboard
from govpatrol.model import Finding
from govpatrol.reports.bundle import Inventory, ReportBundle
from govpatrol.reports.history import TREND_RUNS, History, compare, trend_points
from govpatrol.reports.link_inventory import dead_targets, external_links
from govpatrol.rules.review import is_suppressed, split_suppressed
from govpatrol.store import Store, StoreError

#: stats["incomplete"] codes (set by govpatrol.run) -> the line every report starts with.
INCOMPLETE_REASONS = {
    "throttled": "网站限流，部分页面未能检查，本次结果不完整",
    "max_pages": "已达到页面上限（--max-pages / max_pages），部分页面未抓取，本次结果不完整",
    "lost": "分布式巡检中有工作进程失联，其部分页面未能抓取，本次结果不完整",
}
#: Run statuses other than `done` -> the same kind of line.
STATUS_NOTES = {
    "interrupted": "本次巡检被中断{signal}，只检查了部分页面，本次结果不完整，"
                   "未检查的页面不计为已整改",
    "failed": "本次巡检未能完成（运行出错），本次结果不完整",
    "running": "本次巡检尚未结束或已被强制终止，本次结果不完整",
}


def incomplete_notes(run: dict[str, Any]) -> list[str]:
    """Why this run's results are partial, in Chinese, for the top of every report; empty
    for a complete run."""
    stats = json.loads(run.get("stats") or "{}")
    notes = []
    template = STATUS_NOTES.get(run["status"])
    if template:
        signal = stats.get("signal")
        notes.append(template.format(signal=f"（{signal}）" if signal else ""))
    notes += [INCOMPLETE_REASONS.get(code, code) for code in stats.get("incomplete") or []]
    return notes


def build_bundle(store: Store, run_id: int, inventory: Inventory, profile: Any = None,
                 settings: Any = None) -> ReportBundle:
    """`profile` decides the veto lines of the dashboard (`veto`; none under "default");
    `settings` is the site's auditors.AuditSettings (its department, further hosts)."""
    run = store.run(run_id)
    if run is None:
        raise StoreError(f"没有这次巡检 (no such run): {run_id}")
    reviews = store.reviews(run["site"])
    findings, suppressed = split_suppressed(store.findings(run_id), reviews)
    hosts = tuple(settings.hosts) if settings else ()
    return ReportBundle(
        run=run,
        site=run["site"],
        home_url=run["url"],
        as_of=date.fromisoformat(run["as_of"]),
        columns=inventory(store.columns(run_id)),
        items=item_rows(store, run_id),
        findings=findings,
        warnings=json.loads(run.get("warnings") or "[]"),
        counts=store.counts(run_id),
        previous_run=store.previous_run(run_id),
        history=load_history(store, run_id, findings, reviews=reviews),
        veto=[item.to_dict() for item in run_dashboard(store, run_id, findings, profile,
                                                       settings)],
        external_links=external_links(store.link_checks(run_id), store.link_rows(run_id),
                                      run["url"], hosts),
        broken_targets=dead_targets(store.link_statuses(run_id, canonical).values(),
                                    store.link_rows(run_id), store.page_departments(run_id)),
        incomplete=incomplete_notes(run),
        page_titles=store.page_titles(run_id, {f.url for f in findings}),
        reviews=reviews,
        suppressed=suppressed,
    )


def item_rows(store: Store, run_id: int) -> Iterator[dict[str, Any]]:
    """items.jsonl: what the list said joined with what the article page says about itself.

    A generator, read once by the JSONL writer straight from the store: held as a list, a
    portal's items were the reports' largest per-page memory (15 MB at 20,000 pages)."""
    return (
        {key: row[key] for key in ("site", "column", "url", "title", "list_date", "published")}
        | {key: row["metadata"].get(key)
           for key in ("formed", "doc_number", "index_number", "publisher")}
        for row in store.item_rows(run_id)
    )


def load_history(store: Store, run_id: int, findings: list[Finding] | None = None,
                 trend_runs: int = TREND_RUNS,
                 reviews: dict[str, dict[str, Any]] | None = None) -> History:
    """New / open / fixed against the previous comparable run, first-seen days, the trend.
    With `reviews`, a finding marked 误报 is out of the previous run too, so it is not
    counted as fixed (nor in the previous score)."""
    run = store.run(run_id)
    if run is None:
        return History()
    current = findings if findings is not None else store.findings(run_id)
    previous = store.previous_comparable_run(run)
    previous_findings = store.findings(previous["id"]) if previous is not None else []
    if reviews:
        previous_findings = split_suppressed(previous_findings, reviews)[0]
    ids = {f.id for f in current} | {f.id for f in previous_findings}
    runs = store.trend_runs(run, trend_runs)
    counts = store.finding_counts(rid for rid, _ in runs)
    hidden = [fid for fid, review in (reviews or {}).items() if is_suppressed(review)]
    if hidden:  # the trend leaves 误报 out too, in every run it shows
        minus = {(rid, c, sev): n for rid, c, sev, n in store.finding_counts(
            (rid for rid, _ in runs), only=hidden)}
        counts = [(rid, c, sev, n - minus.get((rid, c, sev), 0)) for rid, c, sev, n in counts]
    history = compare(
        current, previous, previous_findings,
        first_seen=store.first_seen(run["site"], run["id"], ids),
        trend=trend_points(runs, counts),
    )
    if run["status"] in STATUS_NOTES:  # interrupted, failed, running: its audit is partial
        history.fixed = []
    elif previous is not None and history.fixed:
        history.fixed = verified_fixed(store, run_id, previous["id"],
                                       still_reported(history.fixed, current))
    return history


def still_reported(gone: list[Finding], current: list[Finding]) -> list[Finding]:
    """Of the findings gone since the previous run, those no current finding carries on: a
    broken link to a page now reported as that page's `unreachable` finding (with the linking
    page in `linked_from`, as runs before that merge reported it twice) is not fixed."""
    folded = {(page, f.url) for f in current for page in f.linked_from or ()}
    return [f for f in gone
            if not (f.category == "broken_link" and (f.url, f.link_url) in folded)]


def verified_fixed(store: Store, run_id: int, previous_id: int,
                   gone: list[Finding]) -> list[Finding]:
    """Of the findings gone since the previous run, those whose page was fetched again and
    answered: a page this run did not reach (interrupted, throttled, page budget, a timeout)
    proves nothing fixed. Findings not tied to a page of the previous run stay fixed."""
    fetched = store.fetched_ok_urls(run_id)
    previous_pages = store.crawled_urls(previous_id)
    return [f for f in gone if f.url not in previous_pages or f.url in fetched]


def run_digest(bundle: ReportBundle) -> dict[str, Any]:
    """The run in a few figures (run.json, the terminal summary, the nightly index): findings by
    severity, whether the site fails a veto line and on what, the score, and what changed since
    the previous comparable run. One computation, so the three never disagree."""
    from govpatrol.auditors.veto import VETO
    from govpatrol.model import CATEGORIES, SEVERITIES

    s = bundle.summary
    by_severity = {severity: s.by_severity.get(severity, 0) for severity in SEVERITIES}
    vetoes: list[str] = []
    for row in s.vetoes:
        f = row.finding
        label = CATEGORIES.get(f.category, f.category)
        quote = f.text or f.link_url or f.url
        vetoes.append(f"{label}：{quote}")
    vetoes += [f"{item['label']}：{item['detail']}" for item in bundle.veto
               if item.get("status") == VETO and not item.get("covered")]
    delta = s.score_delta()
    return {
        "findings": len(bundle.findings), "by_severity": by_severity,
        "veto": bool(vetoes) or s.site_score.veto, "veto_items": vetoes,
        "score": round(s.site_score.score, 1), "grade": s.site_score.verdict,
        "new": s.new_count, "open": s.open_count, "fixed": s.fixed_count,
        "reopened": s.reopened_count, "suppressed": s.suppressed_count,
        "overdue": s.overdue_count,
        "overdue_by_department": {d: s.overdue_for(d) for d in s.departments
                                  if s.overdue_for(d)},
        "score_change": None if delta is None else round(delta, 1),
        "previous_run": (s.history.previous_run or {}).get("id"),
    }
