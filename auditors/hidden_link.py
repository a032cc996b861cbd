"""`hidden_link` (暗链): links hidden from readers that point to gambling, porn or spam sites.

The crawler records every anchor to another host that CSS hides (crawler/extract/hidden.py),
with the evidence. Hidden is not enough: sites hide mobile menus, 无障碍 skip links and
collapsed link lists to other government sites. A hidden link is reported when its anchor text
or its address carries the cues of what injected spam sells: gambling and porn (`veto`, as the
same words in visible text are for the sensitive auditor) or unrelated commercial services
(`major`). Links to the site's own hosts were never recorded; links to *.gov.cn are not spam.
One finding per page and target host: the editor removes the injected block, not each link.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.link_cues import Cues, site_cues
from govpatrol.model import Finding, HiddenLink, Page, SiteRecords

SEVERITY = {"gambling": "veto", "porn": "veto", "commercial": "major"}


def spam_cue(link: HiddenLink, cues: Cues) -> tuple[str, str] | None:
    """(kind, the cue) when the anchor text or the address says what the link sells; `cues`:
    kind -> (label, pattern), the shared cue list (auditors/link_cues.py)."""
    where = f"{link.anchor} {unquote(link.url)}"
    for kind in ("gambling", "porn", "commercial"):
        entry = cues.get(kind)
        match = entry[1].search(where) if entry else None
        if match:
            return kind, match.group(0)
    return None


class HiddenLinks(PageAuditor):
    """One finding per page and spam host its hidden anchors lead to."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        home = urlsplit(records.home_url).hostname or ""
        self.own = {home, *ctx.settings.hosts}
        self.cues = site_cues(ctx.settings.link_cues, ctx.settings.config_dir)

    def _ours(self, host: str) -> bool:
        return host.endswith(".gov.cn") or any(
            host == own or host.endswith("." + own) for own in self.own if own)

    def page(self, page: Page) -> Iterator[Finding]:
        by_host: dict[str, list[tuple[HiddenLink, str, str]]] = {}
        for link in page.hidden_links:
            host = (urlsplit(link.url).hostname or "").lower()
            if not host or self._ours(host):
                continue
            cue = spam_cue(link, self.cues)
            if cue:
                by_host.setdefault(host, []).append((link, *cue))
        for host, links in by_host.items():
            link, kind, cue = links[0]
            label = self.cues[kind][0]
            yield Finding(
                site=self.records.site, category="hidden_link", rule=f"hidden_link.{kind}",
                severity=SEVERITY[kind], url=page.url, column=page.column,
                department=page.department, text=link.anchor or None, link_url=link.url,
                context=link.evidence,
                message=(f"页面含有 {len(links)} 个对读者隐藏的{label}链接（指向 {host}，"
                         f"线索“{cue}”，隐藏方式 {link.evidence}），疑似被植入暗链："
                         "请删除并排查网站是否被入侵。"),
            )
