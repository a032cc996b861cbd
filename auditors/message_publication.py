"""留言公开: the 19号 互动交流 indicator on published messages (rules `interaction.publication.*`).

The indicator samples 5 published messages and deducts 1 for each lacking 留言时间, 答复时间,
答复单位 or 答复内容; 3 when the board has nothing in the 2 months before the check; 3 when no
statistics of the messages handled are published; 6 when no message is published at all (cap 6).
Messages come from the shared facts (auditors/interaction.py reads them off every page); the
sample is the newest answered messages read from their own pages (a list row shows no unit or
content), so the same site gives the same sample. A site with no board at all (no message read,
no column named like one) is not judged: a department without a board is not the indicator's
concern, and guessing would be a false finding. Everything is data ([interaction.publication]).
Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from govpatrol.auditors.base import compact
from govpatrol.auditors.sections import section
from govpatrol.model import Column, Finding, Page
from govpatrol.rules.calendar import months_before

if TYPE_CHECKING:
    from govpatrol.auditors.interaction import Message

#: The four fields a published message must show (the 19号 留言公开 indicator).
FIELDS = ("留言时间", "答复时间", "答复单位", "答复内容")



@dataclass(frozen=True)
class PublicationRules:
    enabled: bool
    severity: str
    sample: int
    stale_months: int
    board_keywords: tuple[str, ...]
    stats_keywords: tuple[str, ...]

    @classmethod
    def from_profile(cls, profile) -> PublicationRules:
        s = section(profile, "interaction").sub("publication")
        return cls(enabled=s.flag("enabled"), severity=s.severity("severity", "minor"),
                   sample=s.integer("sample", 5), stale_months=s.integer("stale_months", 2),
                   board_keywords=s.strings("board_keywords", []),
                   stats_keywords=s.strings("stats_keywords", []))

    def is_board(self, name: str | None) -> bool:
        name = compact(name)
        return bool(name) and any(k in name for k in self.board_keywords)

    def is_stats(self, name: str | None) -> bool:
        name = compact(name)
        return bool(name) and any(k in name for k in self.stats_keywords)


#: Anchors remembered at most (then forgotten all at once): memory stays bounded by it.
_PLAIN_MAX = 4096


class StatsSeen:
    """Whether any page, column or link is named as statistics of the messages handled."""

    def __init__(self, rules: PublicationRules) -> None:
        self.rules = rules
        self.where: str | None = None
        # anchors already found not to name statistics: every page repeats its navigation
        self._plain: set[str] = set()

    def page(self, page: Page) -> None:
        if self.where is not None:
            return
        if self.rules.is_stats(page.title) or self.rules.is_stats(page.column):
            self.where = page.url
            return
        plain = self._plain
        for link in page.links:
            anchor = link.anchor
            if anchor in plain:
                continue
            if self.rules.is_stats(anchor):
                self.where = link.url
                return
            if len(plain) >= _PLAIN_MAX:
                plain.clear()
            plain.add(anchor)

    def columns(self, columns: Iterable[Column]) -> None:
        if self.where is None:
            self.where = next((c.url for c in columns if self.rules.is_stats(c.name)), None)


def publication_findings(site: str, home_url: str, department: str | None,
                         messages: list[Message], columns: list[Column], stats_at: str | None,
                         as_of: date, rules: PublicationRules) -> Iterator[Finding]:
    """The 留言公开 findings of one site (none when it shows no board)."""
    if not rules.enabled:
        return
    messages = [m for m in messages if m.asked <= as_of]
    boards = [c for c in columns if rules.is_board(c.name) and not rules.is_stats(c.name)]
    if not messages and not boards:
        return
    common = {"site": site, "category": "interaction", "severity": rules.severity,
              "department": department}
    board_url = boards[0].url if boards else home_url
    if not messages:
        yield Finding(rule="interaction.publication.none", url=board_url,
                      column=boards[0].name,
                      message=f"留言栏目“{boards[0].name}”未发现公开的留言（全国检查指标：未公开"
                              "任何留言扣6分），请核实是否公开网民留言及答复", **common)
        return
    answered = sorted((m for m in messages if m.own_page and m.replied is not None),
                      key=lambda m: (m.asked, m.url), reverse=True)
    for m in answered[:rules.sample]:
        missing = [name for name in FIELDS if name not in m.fields]
        if missing:
            yield Finding(rule="interaction.publication.fields", url=m.url, column=m.column,
                          text="、".join(missing), formed=m.asked,
                          message=f"公开的留言“{m.title}”缺少{'、'.join(missing)}"
                                  f"（公开留言应显示{'、'.join(FIELDS)}）", **{
                              **common, "department": m.department or department})
    newest = max(max(m.asked, m.replied or m.asked) for m in messages)
    line = months_before(as_of, rules.stale_months)
    if newest < line:
        yield Finding(rule="interaction.publication.stale", url=board_url,
                      column=boards[0].name if boards else None, last_updated=newest,
                      actual_days=(as_of - newest).days,
                      message=f"留言栏目最新的留言或答复为{newest.isoformat()}，检查前"
                              f"{rules.stale_months}个月（{line.isoformat()}以来）未更新", **common)
    if stats_at is None:
        yield Finding(rule="interaction.publication.stats", url=home_url,
                      message="未发现留言办理情况统计（如“留言办理情况统计”“数据统计”页面或"
                              "栏目），全国检查指标要求公开留言办理的统计数据", **common)
