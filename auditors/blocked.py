"""`blocked` (访问受限): what a firewall or anti-bot challenge kept from the patrol.

A 瑞数 412, a 加速乐 521 or a 403/503 challenge page means the content is there for readers and
unknown to the patrol: not dead, not unreachable, and not the editor's fault. What fixes it is
allow-listing the patrol's address in the WAF, so the findings say that, once per kind of
challenge rather than once per page (a WAF that blocks one page blocks hundreds):
- the site's own pages: `major`, because every audit of those pages is missing (and national
  inspection tools are kept out the same way);
- link targets elsewhere: `info`, one per target host: the links may well work for readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from govpatrol.auditors.base import AuditContext
from govpatrol.auditors.facts import SiteFacts
from govpatrol.model import BLOCKED_ERRORS, Finding, Page, SiteRecords

HINT = "请将巡检程序的出口IP地址加入网站防火墙（WAF）白名单后重新巡检"


class Blocked:
    """Counts blocked pages and link targets; reports them grouped in `finish`."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        self.records = records
        self.ctx = ctx
        self.pages: dict[str, list[Page]] = {}  # kind -> the site's own blocked pages
        # target host -> (kind, first linking page, first target, count of targets)
        self.targets = {url: s.status for url, s in records.link_status.items()
                        if s.status in BLOCKED_ERRORS}
        self.hosts: dict[str, list] = {}

    def page(self, page: Page) -> Iterator[Finding]:
        if page.error in BLOCKED_ERRORS:
            self.pages.setdefault(page.error, []).append(page)
        for link in page.links if self.targets else ():
            kind = self.targets.get(link.url)
            if kind is None:
                continue
            host = urlsplit(link.url).netloc
            entry = self.hosts.setdefault(host, [kind, page, link.url, set()])
            entry[3].add(link.url)
        return ()

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        own = set()
        for kind, pages in self.pages.items():
            first = pages[0]
            own.add(urlsplit(first.url).netloc)
            yield Finding(
                site=self.records.site, category="blocked", rule=f"blocked.{kind}",
                severity="major", url=first.url, column=first.column,
                department=first.department or self.ctx.settings.department,
                status=kind, text=None,
                message=(f"本站 {len(pages)} 个页面被{BLOCKED_ERRORS[kind]}挡住，巡检无法读取"
                         f"（内容是否正常未知，不是死链）；{HINT}。"),
            )
        for host, (kind, page, target, urls) in self.hosts.items():
            if host in own:  # the site's own pages already say it
                continue
            yield Finding(
                site=self.records.site, category="blocked", rule=f"blocked.link.{kind}",
                severity="info", url=page.url, column=page.column, department=page.department,
                link_url=target, status=kind,
                message=(f"链接目标 {host} 的 {len(urls)} 个地址被{BLOCKED_ERRORS[kind]}挡住，"
                         f"无法判断是否可用（不是死链）；如需检查，请对方网站将巡检地址加入白名单。"),
            )
