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

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.model import Finding, HiddenLink, Page, SiteRecords

CUES: dict[str, tuple[str, re.Pattern[str]]] = {
    "gambling": ("博彩赌博", re.compile(
        r"博彩|赌场|赌博|赌球|百家乐|时时彩|六合彩|北京赛车|pk10|棋牌|娱乐城|真人娱乐|老虎机"
        r"|电子游艺|体育投注|澳门(?:赌|新?葡京|威尼斯人|金沙|银河|永利)|葡京|威尼斯人|太阳城"
        r"|皇冠体育|bet365|开户送|彩金|网投|casino|baccarat|bocai|dubo|\bbet\b", re.I)),
    "porn": ("色情", re.compile(
        r"色情|成人(?:网站|视频|电影|影院|直播)|裸聊|约炮|一夜情|三级片|伦理片|av女优|无码"
        r"|porn|xxx|\bsex", re.I)),
    "commercial": ("商业推广", re.compile(
        r"代孕|代开发票|发票代开|办证|网贷|套现|刷单|快排|外链|蜘蛛池|减肥|壮阳|伟哥|男科"
        r"|妇科|无痛人流|私服|传奇|外挂|代写|配资|荐股|\bseo\b", re.I)),
}
SEVERITY = {"gambling": "veto", "porn": "veto", "commercial": "major"}


def spam_cue(link: HiddenLink) -> tuple[str, str] | None:
    """(kind, the cue) when the anchor text or the address says what the link sells."""
    where = f"{link.anchor} {unquote(link.url)}"
    for kind, (_label, pattern) in CUES.items():
        match = pattern.search(where)
        if match:
            return kind, match.group(0)
    return None


class HiddenLinks(PageAuditor):
    """One finding per page and spam host its hidden anchors lead to."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        home = urlsplit(records.home_url).hostname or ""
        self.own = {home, *ctx.settings.hosts}

    def _ours(self, host: str) -> bool:
        return host.endswith(".gov.cn") or any(
            host == own or host.endswith("." + own) for own in self.own if own)

    def page(self, page: Page) -> Iterator[Finding]:
        by_host: dict[str, list[tuple[HiddenLink, str, str]]] = {}
        for link in page.hidden_links:
            host = (urlsplit(link.url).hostname or "").lower()
            if not host or self._ours(host):
                continue
            cue = spam_cue(link)
            if cue:
                by_host.setdefault(host, []).append((link, *cue))
        for host, links in by_host.items():
            link, kind, cue = links[0]
            label = CUES[kind][0]
            yield Finding(
                site=self.records.site, category="hidden_link", rule=f"hidden_link.{kind}",
                severity=SEVERITY[kind], url=page.url, column=page.column,
                department=page.department, text=link.anchor or None, link_url=link.url,
                context=link.evidence,
                message=(f"页面含有 {len(links)} 个对读者隐藏的{label}链接（指向 {host}，"
                         f"线索“{cue}”，隐藏方式 {link.evidence}），疑似被植入暗链："
                         "请删除并排查网站是否被入侵。"),
            )
