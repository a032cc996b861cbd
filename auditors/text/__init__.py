"""The shared text engine behind the typo, sensitive, expression and script_mix auditors.

Public API:
- `TextOptions.from_config(site_config)`: the site's `wordlists`, `whitelist`, `traditional`.
- `check_text(text, categories=..., url=..., ...) -> list[Finding]`: any text, no records
  (what each auditor's `check()` uses); `located_findings` is the same with each finding's
  offset in the text (what `govpatrol check-text` shows as line and column).
- `TextAuditor`: the visitor every text auditor is (one `category` each).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.text.engine import TextOptions, clear_caches, get_engine, scan_text
from govpatrol.auditors.text.hits import Hit, to_finding
from govpatrol.auditors.text.wordlist import WordlistError
from govpatrol.model import Attachment, Finding, Page, SiteRecords

__all__ = [
    "TEXT_CATEGORIES", "Hit", "TextAuditor", "TextOptions", "WordlistError", "check_text",
    "clear_caches", "get_engine", "located_findings",
]

#: Finding categories the text engine produces, in report order.
TEXT_CATEGORIES = ("sensitive", "wrong_expression", "typo", "script_mix")


def located_findings(text: str, categories: Iterable[str] = TEXT_CATEGORIES, *, url: str = "-",
                     site: str = "check-text", options: TextOptions | None = None,
                     published: date | None = None, as_of: date | None = None,
                     column: str | None = None,
                     department: str | None = None) -> list[tuple[int, Finding]]:
    """(offset in `text`, finding) for the given categories, in the order they occur."""
    wanted = set(categories)
    hits = scan_text(text, options or TextOptions(), published=published, as_of=as_of)
    return [(h.start, to_finding(h, text, site=site, url=url, column=column,
                                 department=department))
            for h in sorted(hits, key=lambda h: (h.start, h.end)) if h.category in wanted]


def check_text(text: str, categories: Iterable[str] = TEXT_CATEGORIES, *, url: str = "-",
               site: str = "check-text", options: TextOptions | None = None,
               published: date | None = None, as_of: date | None = None,
               column: str | None = None, department: str | None = None) -> list[Finding]:
    """Findings of the given categories for one text, in the order they occur."""
    return [finding for _, finding in located_findings(
        text, categories, url=url, site=site, options=options, published=published,
        as_of=as_of, column=column, department=department)]


class TextAuditor(PageAuditor):
    """One text auditor (its `category`) as a visitor. The four text auditors see the same page
    one after the other: it is scanned for all four categories by the first of them, and the
    others take their share (`_scan_once`)."""

    category: ClassVar[str]

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        _LAST.clear()  # a new audit: nothing of the previous one is handed out again
        self.options: TextOptions | None = None
        try:
            settings = ctx.settings
            self.options = TextOptions(wordlists=settings.wordlists, whitelist=settings.whitelist,
                                       traditional=settings.traditional, base=settings.config_dir)
            get_engine(self.options)
        except WordlistError as exc:
            ctx.warn(f"词表有误，文字检查未运行 (word list error): {exc}")
            self.options = None

    def page(self, page: Page) -> list[Finding]:
        if self.options is None or not page.text:
            return []
        return _scan_once(page, self.options, self.ctx)[self.category]

    def attachment(self, attachment: Attachment, page: Page | None,
                   verdict: object) -> list[Finding]:
        """An attachment's readable text, audited as a page (auditors/attachments.py)."""
        return self.page(page) if page is not None else []


#: The page last scanned, its key and its findings by category: one entry, replaced per page.
_LAST: dict[str, Any] = {}


def _scan_once(page: Page, options: TextOptions, ctx: AuditContext) -> dict[str, list[Finding]]:
    key = (id(ctx), id(page), page.url, options, ctx.as_of)
    if _LAST.get("key") == key and _LAST.get("text") is page.text:
        return _LAST["found"]
    found: dict[str, list[Finding]] = {category: [] for category in TEXT_CATEGORIES}
    for finding in check_text(page.text, TEXT_CATEGORIES, url=page.url, site=page.site,
                              options=options, published=page.published or _formed(page),
                              as_of=ctx.as_of, column=page.column, department=page.department):
        found[finding.category].append(finding)
    _LAST.update(key=key, text=page.text, found=found)
    return found


def _formed(page: Page) -> date | None:
    try:
        return page.formed
    except ValueError:
        return None
