"""`search` (站内搜索): no site search, a broken one, published titles it cannot find.

The evidence is the site-search probe's (govpatrol/linkcheck/search.py, stored in
`search_probes`): the home page's search form and one query per recently published title. The
auditor only reads it. A run without probe rows (`search_probe = false`, an older run, a
column patrol) gives nothing: not asked is not missing. What the probe could not ask is one
`search.unchecked` finding (info: 未检测, 需人工核查) with its reasons.

Rules: `search.missing` (no search on the home page), `search.broken` (every query answered
an error or a blank page), `search.missed` (one per title the first results page did not show;
a query that failed while others worked counts here too), `search.unchecked`. Severities are
the profile's `[search]` table.
"""

from __future__ import annotations

from collections.abc import Iterator

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.facts import SiteFacts
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.sections import section
from govpatrol.model import Finding, SearchProbe, SiteRecords

CATEGORY = "search"


class SiteSearch(PageAuditor):
    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        s = section(profile_from(ctx.profile), CATEGORY)
        self.severity = {rule: s.severity(f"{rule}_severity", default) for rule, default in (
            ("missing", "major"), ("broken", "major"), ("missed", "minor"),
            ("unchecked", "info"))}
        self.department = ctx.settings.department

    def _finding(self, rule: str, message: str, **fields) -> Finding:
        return Finding(site=self.records.site, category=CATEGORY, rule=f"{CATEGORY}.{rule}",
                       severity=self.severity[rule], url=self.records.home_url,
                       department=self.department, message=message, **fields)

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        steps = self.records.search
        if not steps:
            return
        if steps[0].state == "no_search":
            yield self._finding("missing", "首页未发现站内搜索（无搜索表单、搜索框或搜索页面链接）")
            return
        queries = [step for step in steps if step.title]
        asked = [step for step in queries if step.state != "unchecked"]
        if asked and all(step.state == "broken" for step in asked):
            shown = asked[0]
            yield self._finding(
                "broken", f"站内搜索不可用：查询{len(asked)}个已发布标题，{shown.detail}，"
                f"例如 {shown.request_url}", link_url=steps[0].request_url,
                status=shown.error or (str(shown.status) if shown.status else None))
        else:
            for step in asked:
                if step.state in ("missed", "broken"):
                    yield self._missed(step)
        reasons = sorted({step.detail for step in steps if step.state == "unchecked"})
        if reasons:
            yield self._finding("unchecked", "站内搜索未检测：" + "；".join(reasons))

    def _missed(self, step: SearchProbe) -> Finding:
        why = f"（{step.detail}）" if step.state == "broken" else ""
        return self._finding(
            "missed",
            f"站内搜索查询已发布信息标题“{step.title}”，搜索结果第一页未显示该信息{why}"
            f"（信息地址：{step.item_url}）", text=step.title, link_url=step.request_url,
            status=step.error or (str(step.status) if step.status else None))
