"""The veto dashboard of a stored run: records, findings and probes read from the store.

auditors/veto.py is pure; this is where its inputs come from for a run that is already in the
database: the run's records, its findings, and the week of `govpatrol watch` probes before its
as-of day. The patrol (audit), the reports (ReportBundle.veto) and `govpatrol prep` share it, so
they cannot disagree about a line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govpatrol.auditors import AuditContext, AuditSettings
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.sections import section
from govpatrol.auditors.veto import VetoItem, veto_dashboard
from govpatrol.crawler.urls import canonical
from govpatrol.evaluation.probes import probe_stats
from govpatrol.model import Finding, SiteRecords
from govpatrol.store import Store, StoreError


def has_veto_lines(profile: Any) -> bool:
    return bool(section(profile_from(profile), "veto", fallback=False).tables())


def attach_probes(store: Store, records: SiteRecords, ctx: AuditContext) -> None:
    """Put the probe week into the records, where the `veto` auditor looks for it."""
    profile = profile_from(ctx.profile)
    if has_veto_lines(profile):
        records.extra["probes"] = probe_stats(store, records.site, profile, ctx.as_of)


def run_dashboard(store: Store, run_id: int, findings: list[Finding], profile: Any = None,
                  settings: AuditSettings | None = None,
                  records: SiteRecords | None = None) -> list[VetoItem]:
    """The veto items of a stored run under `profile` ([] when it defines no veto lines)."""
    profile = profile_from(profile)
    if not has_veto_lines(profile):
        return []
    run = store.run(run_id)
    if run is None:
        raise StoreError(f"没有这次巡检 (no such run): {run_id}")
    as_of = date.fromisoformat(run["as_of"])
    records = records or store.site_records(run_id, canonical)
    ctx = AuditContext(as_of=as_of, settings=settings or AuditSettings(), profile=profile)
    probes = probe_stats(store, run["site"], profile, as_of)
    return veto_dashboard(records, findings, ctx, probes)
