"""`service_stats`: the 19号 办事统计 indicator (办事服务, cap 2).

The table deducts 2 when the statistics of services handled (办件统计) are not published, 1 when
they were not updated in the month before the check and 2 when not in 3 months, counted in
calendar months. The statistics are the columns named like one (`keywords`); their newest item
is the column list's date, else its items' own dates; a column with no dated item counts as
statistics not published. "Not published" is only said of a site that has services (a column
named with one of `service_keywords`): a site without 办事服务 is not the indicator's concern.
One finding per site, the worst that applies: `service_stats.missing`, `.stale_3m` or
`.stale_1m`. A profile without `enabled = true` in [service_stats] (the default) checks
nothing. Pure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from govpatrol.auditors.base import AuditContext, PageAuditor, compact
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.sections import section
from govpatrol.model import Column, Finding, SiteRecords
from govpatrol.rules.calendar import months_before

if TYPE_CHECKING:
    from govpatrol.auditors.facts import SiteFacts



@dataclass(frozen=True)
class StatsRules:
    enabled: bool
    severity: str
    keywords: tuple[str, ...]
    service_keywords: tuple[str, ...]
    months: tuple[int, int]  # (the month of -1, the months of -2)

    @classmethod
    def from_profile(cls, profile) -> StatsRules:
        s = section(profile, "service_stats")
        short, long = s.integer("stale_months", 1), s.integer("missing_months", 3)
        if short > long:
            raise s.fail("stale_months", "不应大于 missing_months (must not exceed it)")
        return cls(enabled=s.flag("enabled"), severity=s.severity("severity", "minor"),
                   keywords=s.strings("keywords", []),
                   service_keywords=s.strings("service_keywords", []), months=(short, long))

    def is_stats(self, name: str | None) -> bool:
        name = compact(name)
        return bool(name) and any(k in name for k in self.keywords)

    def is_service(self, name: str | None) -> bool:
        name = compact(name)
        return bool(name) and any(k in name for k in self.service_keywords)


def newest_item(columns: list[Column], published: dict[str, date]) -> date | None:
    """The newest date the columns show: their lists' dates, else their items' own dates."""
    dates = []
    for column in columns:
        if column.newest is not None:
            dates.append(column.newest)
        else:
            dates += [published[i.url] for i in column.items if i.url in published]
    return max(dates) if dates else None


class ServiceStats(PageAuditor):
    """The 办件统计 columns' newest date against 1 and 3 calendar months."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.rules = StatsRules.from_profile(profile_from(ctx.profile))

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        rules = self.rules
        if not rules.enabled:
            return
        columns = list({c.url: c for c in self.records.columns}.values())
        stats = [c for c in columns if rules.is_stats(c.name)]
        common = {"site": self.records.site, "category": "service_stats",
                  "severity": rules.severity, "department": self.ctx.settings.department}
        if not stats:
            if any(rules.is_service(c.name) for c in columns):
                yield Finding(rule="service_stats.missing", url=self.records.home_url,
                              message="未发现办件统计（办事统计）栏目，全国检查指标要求公开办事"
                                      "服务的统计数据", **common)
            return
        as_of = self.ctx.as_of
        newest = newest_item(stats, facts.published)
        short, long = rules.months
        names = "、".join(f"“{c.name}”" for c in stats)
        shown = stats[0]
        if newest is None:
            yield Finding(rule="service_stats.missing", url=shown.url, column=shown.name,
                          message=f"办件统计栏目{names}没有显示日期的信息，视为未公开办事统计",
                          **common)
            return
        for months, rule in ((long, "service_stats.stale_3m"), (short, "service_stats.stale_1m")):
            line = months_before(as_of, months)
            if newest < line:
                yield Finding(rule=rule, url=shown.url, column=shown.name, last_updated=newest,
                              actual_days=(as_of - newest).days,
                              message=f"办件统计栏目{names}最近更新于{newest.isoformat()}，"
                                      f"检查前{months}个月（{line.isoformat()}以来）未更新",
                              **common)
                return
