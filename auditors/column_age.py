"""`column_age`: the national indicators' column updates, in calendar days.

The 19号 tables deduct 5 points when the 动态要闻 columns were not updated in the 2 weeks before
the check, and 5 when the 政策文件 or the 政策解读 first-level column was not updated in 6
months. These are not the day-to-day limits of freshness (2 or 20 working days, which are what
a department fixes), so they are findings of their own, rule `column_age.<group>`, which the
national profile's 动态要闻 / 政策文件 / 政策解读 items count.

A first-level column is the topmost column of its kind (its parent is not one: 政策文件 under
政府信息公开, not 县政府文件 under 政策文件); it is updated when it or any column below it is.
An undated column counts as not updated (the indicator's rule everywhere). The groups are the
profile's `[column_age.<group>]` tables; a profile without them (the default) checks nothing.
Pure.
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

if TYPE_CHECKING:
    from govpatrol.auditors.facts import SiteFacts



@dataclass(frozen=True)
class AgeGroup:
    key: str
    label: str
    keywords: tuple[str, ...]
    exclude: tuple[str, ...]
    first_level_only: bool
    max_days: int
    severity: str

    def holds(self, name: str | None) -> bool:
        name = compact(name)
        return (any(k in name for k in self.keywords)
                and not any(k in name for k in self.exclude))


def groups_from(profile) -> list[AgeGroup]:
    s = section(profile, "column_age", fallback=False)
    return [AgeGroup(key, t.string("label"), t.strings("keywords"), t.strings("exclude", []),
                     t.flag("first_level_only"), t.integer("max_days"),
                     t.severity("severity", "major"))
            for key, t in s.tables().items()]


class ColumnAge(PageAuditor):
    """Column ages against the profile's groups, after every page was seen."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.groups = groups_from(profile_from(ctx.profile))

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        if not self.groups:
            return
        columns = list({c.url: c for c in self.records.columns}.values())
        children: dict[str, list[Column]] = {}
        for column in columns:
            if column.parent:
                children.setdefault(compact(column.parent), []).append(column)
        for group in self.groups:
            for column in columns:
                if not group.holds(column.name):
                    continue
                if group.first_level_only and group.holds(column.parent):
                    continue  # counted with the column above it
                tree = _subtree(column, children)
                if not any(c.items for c in tree):
                    continue  # an empty column is empty_column's finding
                finding = self._finding(group, column, _newest(tree, facts.published))
                if finding:
                    yield finding

    def _finding(self, group: AgeGroup, column: Column, newest: date | None) -> Finding | None:
        as_of = self.ctx.as_of
        days = (as_of - newest).days if newest else None
        if days is not None and days <= group.max_days:
            return None
        when = (f"最近更新于{newest.isoformat()}，已{days}天未更新" if newest
                else "信息均未显示发布日期，视为未更新")
        return Finding(
            site=self.records.site, category="stale_column", rule=f"column_age.{group.key}",
            severity=group.severity, url=column.url, column=column.name,
            department=column.department, last_updated=newest, limit_days=group.max_days,
            actual_days=days,
            message=f"{group.label}栏目“{column.name}”{when}（全国检查指标：{group.max_days}天内"
                    "应有更新）")


def _subtree(column: Column, children: dict[str, list[Column]]) -> list[Column]:
    out, todo, seen = [], [column], set()
    while todo:
        current = todo.pop()
        if current.url in seen:
            continue
        seen.add(current.url)
        out.append(current)
        todo.extend(children.get(compact(current.name), []))
    return out


def _newest(columns: list[Column], published: dict[str, date]) -> date | None:
    """Newest list date of the columns; for lists without dates, their items' page dates."""
    dates = []
    for column in columns:
        if column.newest is not None:
            dates.append(column.newest)
        else:
            dates += [published[i.url] for i in column.items if i.url in published]
    return max(dates) if dates else None
