"""Simplified/traditional mix-ups (繁简混用). A site configured with `traditional = true` is
checked the other way round. Rules live in auditors/text/script_rules.py.
"""

from __future__ import annotations

from datetime import date

from govpatrol.auditors.base import AuditContext
from govpatrol.auditors.facts import SiteFacts
from govpatrol.auditors.text import TextAuditor, TextOptions, check_text
from govpatrol.model import Finding, Page, SiteRecords

CATEGORY = "script_mix"  # 繁简混用


def check(text: str, *, url: str = "-", site: str = "check-text",
          options: TextOptions | None = None, published: date | None = None,
          as_of: date | None = None) -> list[Finding]:
    """繁简混用 findings for one text (a draft, a page body)."""
    return check_text(text, (CATEGORY,), url=url, site=site, options=options,
                      published=published, as_of=as_of)


class ScriptMix(TextAuditor):
    """繁简混用 findings for every page of a site.

    A wholly traditional article shows its title on its list page (and the home page) too: the
    same words would be reported twice. A finding on a page that lists items, whose text lies in
    an item's title, is held until the end and dropped only when the item's own page carried the
    same finding; otherwise (the item was not fetched, or its page says it differently) it stands.
    """

    category = CATEGORY

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.titles = {item.title: item.url for column in records.columns
                       for item in column.items if item.title}
        self.held: list[tuple[Finding, list[str]]] = []
        self.on_items: set[tuple[str, str, str | None]] = set()

    def page(self, page: Page) -> list[Finding]:
        found = super().page(page)
        if page.kind == "detail":
            self.on_items.update((page.url, f.rule, f.text) for f in found)
            return found
        standing = []
        for finding in found:
            items = [url for title, url in self.titles.items()
                     if finding.text and finding.text in title and url != page.url]
            if items:
                self.held.append((finding, items))
            else:
                standing.append(finding)
        return standing

    def finish(self, facts: SiteFacts) -> list[Finding]:
        return [finding for finding, items in self.held
                if not any((url, finding.rule, finding.text) in self.on_items for url in items)]
