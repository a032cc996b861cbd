"""`govpatrol prep`: the evaluation-prep pack handed to each department before an evaluation.

Per site and per department, from a stored run: the single-veto dashboard (how close the site is
to each line, and which of the department's columns or messages are behind an item), the
findings that cost points under the chosen rules profile, and the estimated score; as an Excel
workbook and a Word document each (reports/prep.py, a renderer), ready to hand out.

The profile is the site's own unless `--profile` names another; a site whose profile has no veto
lines is prepared under "national" (the inspection every site faces). When the profile is not
the one the run was audited with, the stored records are audited again in memory under it
(auditors are pure: no crawl), so the pack never mixes two profiles' severities.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govpatrol.auditors import run_all
from govpatrol.auditors.veto import VETO, VetoItem
from govpatrol.config import Config, SiteConfig
from govpatrol.crawler.urls import canonical
from govpatrol.model import Finding
from govpatrol.rules.review import split_suppressed
from govpatrol.rules.scoring import (
    UNASSIGNED,
    Score,
    ScoreItem,
    ScoringRules,
    department_of,
    score,
    score_by_department,
)
from govpatrol.store import Store

FALLBACK_PROFILE = "national"


@dataclass
class DepartmentPack:
    """Everything one department's files say."""

    site: str
    department: str
    home_url: str
    as_of: date
    run_id: int
    profile_name: str
    veto: list[VetoItem]
    rules: ScoringRules
    score: Score
    costing: list[tuple[Finding, ScoreItem | None]]  # findings that cost points (or veto)
    notes: list[str] = field(default_factory=list)

    def related(self, item: VetoItem) -> list[dict[str, Any]]:
        """The entries of a veto item that are this department's."""
        return [e for e in item.entries if (e.get("department") or UNASSIGNED) == self.department]

    @property
    def site_vetoes(self) -> int:
        return sum(1 for item in self.veto if item.status == VETO)


@dataclass
class SitePack:
    site: str
    run_id: int
    as_of: date
    profile_name: str
    veto: list[VetoItem]
    departments: list[DepartmentPack]
    notes: list[str] = field(default_factory=list)
    score: Score | None = None  # the whole site's, as the reports' 全站 score


def _configured_profile(config: Config, site: SiteConfig) -> str:
    return site.profile or config.profile or "default"


def choose_profile(config: Config, site: SiteConfig, requested: str | None) -> tuple[str, str]:
    """(profile to use, note): the requested one, else the site's own when it has veto lines,
    else the national inspection's."""
    from govpatrol.evaluation import has_veto_lines
    from govpatrol.rules.profile import load_profile

    own = _configured_profile(config, site)
    if requested:
        return requested, f"按指定的规则配置“{requested}”评估"
    if has_veto_lines(load_profile(own)):
        return own, f"按站点的规则配置“{own}”评估"
    return FALLBACK_PROFILE, (f"站点的规则配置“{own}”未设单项否决指标，按全国政府网站抽查指标"
                              f"（{FALLBACK_PROFILE}）评估")


def site_pack(store: Store, config: Config, site: SiteConfig, run: dict[str, Any],
              requested_profile: str | None = None) -> SitePack:
    from govpatrol.auditors.context import checked_context
    from govpatrol.evaluation import attach_probes, run_dashboard

    name, note = choose_profile(config, site, requested_profile)
    as_of = date.fromisoformat(run["as_of"])
    chosen = site.model_copy(update={"profile": name})
    ctx = checked_context(config, chosen, as_of)
    records = store.site_records(run["id"], canonical)
    notes = [note]
    if name == _configured_profile(config, site):
        findings = store.findings(run["id"])
    else:
        attach_probes(store, records, ctx)
        findings = list(run_all(records, ctx))
        notes.append("问题按该规则配置对数据库中的巡检记录重新审计得出（未重新抓取）")
    notes.extend(ctx.warnings)
    findings, suppressed = split_suppressed(findings, store.reviews(run["site"]))
    if suppressed:  # the office's 误报 answers (govpatrol review) count nowhere
        notes.append(f"已按各单位的整改台账排除标记为误报的问题 {len(suppressed)} 个")
    if site.department:  # site-wide findings belong to the site's own office
        findings = [f if f.department else dataclasses.replace(f, department=site.department)
                    for f in findings]
    veto = run_dashboard(store, run["id"], findings, ctx.profile, ctx.settings, records)
    rules = ScoringRules.from_profile(ctx.profile)
    known = {c.department for c in records.columns if c.department}
    known.update(site.departments)
    if site.department:
        known.add(site.department)
    scores = score_by_department(findings, rules, sorted(known), run["url"])
    departments = []
    for dept in sorted(scores, key=lambda d: (d == UNASSIGNED, d)):
        costing = [(f, rules.item_for(f, run["url"])) for f in findings
                   if department_of(f) == dept
                   and (rules.item_for(f, run["url"]) is not None or rules.is_veto(f))]
        departments.append(DepartmentPack(
            site=site.name, department=dept, home_url=run["url"], as_of=as_of,
            run_id=run["id"], profile_name=ctx.profile.name, veto=veto, rules=rules,
            score=scores[dept], costing=costing, notes=notes))
    return SitePack(site.name, run["id"], as_of, ctx.profile.name, veto, departments, notes,
                    score(findings, rules, site.name, run["url"]))


def runs_to_prepare(store: Store, config: Config,
                    run_id: int | None) -> list[tuple[SiteConfig, dict]]:
    """(site, run) pairs: the given run, or each configured site's newest completed run."""
    from govpatrol.config import site_from_url
    from govpatrol.store import StoreError

    if run_id is not None:
        run = store.run(run_id)
        if run is None:
            raise StoreError(f"数据库中没有这次巡检 (no such run): {run_id}")
        site = next((s for s in config.sites if s.name == run["site"]), None)
        return [(site or config.site_for(run["url"]) or site_from_url(run["url"]), run)]
    pairs = []
    for site in config.sites:
        run = store.latest_done_run(site.name)
        if run is not None:
            pairs.append((site, run))
    return pairs
