"""`encoding` (网页编码错误): pages whose bytes are not in the charset they declare.

The crawler decodes such a page by detection (crawler/middlewares.py) and keeps the false label
in its metadata (`declared_encoding`): the audit reads the right text, but a browser follows the
label and shows readers mojibake (乱码). A copied template mislabels every page of a site the
same way, so the findings are grouped: one per declared / actual pair, on its first page by URL.
A UTF-8 page with a few invalid bytes is not one of these: it is decoded as UTF-8 with
replacement characters, as browsers show it.
"""

from __future__ import annotations

from collections.abc import Iterator

from govpatrol.auditors.base import AuditContext
from govpatrol.auditors.facts import SiteFacts
from govpatrol.model import Finding, Page, SiteRecords


class EncodingMismatch:
    """Collects mislabelled pages; reports them grouped in `finish`."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        self.records = records
        self.ctx = ctx
        self.pages: dict[tuple[str, str], list[Page]] = {}

    def page(self, page: Page) -> Iterator[Finding]:
        declared = page.metadata.get("declared_encoding")
        if declared and page.encoding and declared != page.encoding:
            self.pages.setdefault((declared, page.encoding), []).append(page)
        return ()

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        for (declared, actual), pages in sorted(self.pages.items()):
            first = min(pages, key=lambda p: p.url)
            more = f"等 {len(pages)} 个页面" if len(pages) > 1 else ""
            yield Finding(
                site=self.records.site, category="encoding",
                rule=f"encoding.mismatch.{declared}", severity="minor", url=first.url,
                column=first.column,
                department=first.department or self.ctx.settings.department,
                status=f"{declared}->{actual}",
                message=(f"本页{more}声明的字符编码为 {declared.upper()}，实际内容为 "
                         f"{actual.upper()} 编码，浏览器按声明显示会出现乱码；"
                         "请修正页面或服务器的 charset 声明。"),
            )
