"""`broken_link`: links, images, frames and attachments that do not lead to real content.

One finding per (page, target), because the person fixing it edits that page; the link checker
already checked each target once. Links on the home page weigh most in inspections (major);
elsewhere they are minor. A target that is a page of the site the crawl could not fetch (5xx,
timeout) is left to the `unreachable` finding of that page, which names every linking page:
one problem, one finding (auditors/unreachable.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.unreachable import merged_target
from govpatrol.model import Finding, Page, SiteRecords

KIND_LABELS = {"a": "链接", "img": "图片", "iframe": "嵌入页面", "attachment": "附件"}
REASONS = {
    "timeout": "访问超时",
    "connection_refused": "连接被拒绝",
    "connection_lost": "连接中断",
    "connection_error": "无法连接",
    "dns": "域名无法解析",
    "tls": "证书或加密连接错误",
    "redirect_loop": "重定向循环",
    "soft_404": "页面显示“不存在”或已删除（软404）",
    "no_route": "网络不可达",
    "invalid_url": "地址格式错误",
}


class Links(PageAuditor):
    """One finding per (page, broken target), from the link checker's statuses."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.broken = {url: s for url, s in records.link_status.items()
                       if s.broken and not merged_target(s)}

    def page(self, page: Page) -> Iterator[Finding]:
        if not self.broken:
            return
        for link in page.links:
            status = self.broken.get(link.url)
            if status is None:
                continue
            kind = KIND_LABELS.get(link.kind, "链接")
            reason = REASONS.get(status.status, f"HTTP {status.status}")
            anchor = f"“{link.anchor}”" if link.anchor else ""
            yield Finding(
                site=self.records.site, category="broken_link", rule=f"links.{link.kind}",
                severity="major" if page.kind == "home" else "minor", url=page.url,
                column=page.column, department=page.department, link_url=link.url,
                status=status.status, context=link.anchor or None,
                message=f"{kind}{anchor}无法访问（{reason}），请修复或删除该{kind}。",
            )
