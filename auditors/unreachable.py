"""`unreachable`: pages of the site itself that could not be fetched.

Server errors (5xx) and network failures are the site's availability problem. A 404 is not:
it means a link points nowhere, which the link auditor reports as `broken_link` on the page
that carries the link. Nor is a firewall's challenge (error in model.BLOCKED_ERRORS): the page is
there, the patrol was kept out; auditors/blocked.py reports that.
"""

from __future__ import annotations

from collections.abc import Iterator

from govpatrol.auditors.base import PageAuditor
from govpatrol.model import BLOCKED_ERRORS, Finding, Page

_REASONS = {
    "timeout": "请求超时",
    "connection_refused": "连接被拒绝",
    "connection_lost": "连接中断",
    "dns": "域名无法解析",
    "tls": "证书或加密连接错误",
    "redirect_loop": "重定向循环",
    "too_large": "页面过大",
}


class Unreachable(PageAuditor):
    """One finding per page of the site that could not be fetched."""

    def page(self, page: Page) -> Iterator[Finding]:
        status = _status(page.status, page.error)
        if status is None:
            return
        severity = "major" if page.kind in ("home", "list") else "minor"
        reason = _REASONS.get(status, f"HTTP {page.status}" if page.status else status)
        yield Finding(
            site=self.records.site, category="unreachable", rule=f"unreachable.{status}",
            severity=severity, url=page.url, column=page.column, department=page.department,
            status=status,
            message=f"本站页面无法访问（{reason}），请检查服务器或删除指向该页面的链接。",
        )


def _status(status: int | None, error: str | None) -> str | None:
    # the site asked us to wait (unchecked, the run is incomplete), or a firewall kept us out
    if error == "rate_limited" or error in BLOCKED_ERRORS:
        return None
    if status is not None and status >= 500:
        return str(status)
    if status is None and error and error not in ("robots_forbidden", "ignored"):
        return error
    return None
