"""`unreachable`: pages of the site itself that could not be fetched.

Server errors (5xx) and network failures are the site's availability problem. A 404 is not:
it means a link points nowhere, which the link auditor reports as `broken_link` on the page
that carries the link. Nor is a firewall's challenge (error in model.BLOCKED_ERRORS): the page is
there, the patrol was kept out; auditors/blocked.py reports that.

A page of the site that is down is usually also linked from other pages (a menu entry, the home
page). That is one problem, fixed once on the server: one `unreachable` finding carrying both
facts, its own fetch failure (`status`) and the pages that link to it (`linked_from`), instead
of a `broken_link` per linking page besides it. `merged_target` tells the link auditor which
targets this auditor answers for; both decide from the same fetch facts, so nothing is lost and
nothing counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.model import BLOCKED_ERRORS, Finding, LinkStatus, Page, SiteRecords

_REASONS = {
    "timeout": "请求超时",
    "connection_refused": "连接被拒绝",
    "connection_lost": "连接中断",
    "dns": "域名无法解析",
    "tls": "证书或加密连接错误",
    "redirect_loop": "重定向循环",
    "too_large": "页面过大",
    "extract_failed": "页面内容无法解析",  # the extractor raised or its worker died on it
}
#: Linking pages named in the message; `linked_from` has them all.
EXAMPLES = 3


@dataclass(slots=True)
class _Down:
    """What is kept of an unreachable page until every page has been seen."""

    url: str
    kind: str
    column: str | None
    department: str | None
    status: str
    http: int | None


class Unreachable(PageAuditor):
    """One finding per page of the site that could not be fetched, with the pages linking it."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.down: list[_Down] = []
        # unreachable page URL -> linking page URL -> (its kind, the link's anchor)
        self.linkers: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        # link URL -> the unreachable page it leads to: found once, not per link of each page
        self.merged: dict[str, str] = {
            url: status.page_url for url, status in records.link_status.items()
            if status.page_url is not None and merged_target(status)}

    def page(self, page: Page) -> Iterator[Finding]:
        merged = self.merged
        if merged:
            for link in page.links:
                target = merged.get(link.url)
                if target is not None:
                    self.linkers[target].setdefault(page.url, (page.kind, link.anchor))
        status = fetch_failure(page.status, page.error)
        if status is not None:
            self.down.append(_Down(page.url, page.kind, page.column, page.department, status,
                                   page.status))
        return iter(())

    def finish(self, facts: object) -> Iterator[Finding]:
        for down in self.down:
            yield self._finding(down, self.linkers.get(down.url, {}))

    def _finding(self, down: _Down, linkers: dict[str, tuple[str, str]]) -> Finding:
        reason = _REASONS.get(down.status, f"HTTP {down.http}" if down.http else down.status)
        from_home = any(kind == "home" for kind, _ in linkers.values())
        # home pages first: the link an inspector clicks first
        ordered = sorted(linkers, key=lambda url: (linkers[url][0] != "home", url))
        severity = "major" if down.kind in ("home", "list") or from_home else "minor"
        if ordered:
            shown = "、".join(ordered[:EXAMPLES]) + ("等" if len(ordered) > EXAMPLES else "")
            message = (f"本站页面无法访问（{reason}），本站有{len(ordered)}个页面链接到它"
                       f"（{shown}），请检查服务器或删除指向该页面的链接。")
        else:
            message = f"本站页面无法访问（{reason}），请检查服务器或删除指向该页面的链接。"
        anchor = next((linkers[url][1] for url in ordered if linkers[url][1]), None)
        return Finding(
            site=self.records.site, category="unreachable", rule=f"unreachable.{down.status}",
            severity=severity, url=down.url, column=down.column, department=down.department,
            status=down.status, context=anchor, message=message,
            linked_from=sorted(linkers) or None,
        )


def fetch_failure(status: int | None, error: str | None) -> str | None:
    """The status label of a page of the site that could not be fetched, or None when it
    was fetched, is simply missing (4xx: a broken link), or was not ours to judge."""
    # the site asked us to wait (unchecked, the run is incomplete), or a firewall kept us out
    if error == "rate_limited" or error in BLOCKED_ERRORS:
        return None
    if status is not None and status >= 500:
        return str(status)
    if status is None and error and error not in ("robots_forbidden", "ignored"):
        return error
    return None


def merged_target(status: LinkStatus) -> bool:
    """A link target that is a page of the site the crawl could not fetch: reported once as
    `unreachable` with its linking pages, not as a broken link on each of them."""
    return (status.broken and status.page_url is not None
            and fetch_failure(status.page_status, status.page_error) is not None)
