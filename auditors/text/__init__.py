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

from govpatrol.auditors.base import AuditContext, AuditSettings, PageAuditor
from govpatrol.auditors.text import engine, site_corpus
from govpatrol.auditors.text.engine import TextOptions, get_engine, scan_text
from govpatrol.auditors.text.hits import Hit, to_finding
from govpatrol.auditors.text.stored import load_hits, scan_key
from govpatrol.auditors.text.wordlist import WordlistError
from govpatrol.model import Attachment, Finding, Page, SiteRecords, StoredScans

__all__ = [
    "TEXT_CATEGORIES", "Hit", "TextAuditor", "TextOptions", "WordlistError", "check_text",
    "clear_caches", "get_engine", "located_findings", "page_date", "page_hits", "scan_key",
    "text_options",
]

#: Finding categories the text engine produces, in report order.
TEXT_CATEGORIES = ("sensitive", "wrong_expression", "typo", "script_mix")


def clear_caches() -> None:
    """Forget compiled engines, page results and the site vocabulary's memo of runs cut into
    forms (tests; a long-lived process after edits; a benchmark's audit starting cold)."""
    engine.clear_caches()
    site_corpus.clear_memo()


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
            self.options = text_options(ctx.settings)
            get_engine(self.options)
        except WordlistError as exc:
            ctx.warn(f"词表有误，文字检查未运行 (word list error): {exc}")
            self.options = None

    def page(self, page: Page) -> list[Finding]:
        if self.options is None or not page.text:
            return []
        return _scan_once(page, self.options, self.ctx, self.records.text_scans)[self.category]

    def attachment(self, attachment: Attachment, page: Page | None,
                   verdict: object) -> list[Finding]:
        """An attachment's readable text, audited as a page (auditors/attachments.py)."""
        return self.page(page) if page is not None else []


def text_options(settings: AuditSettings) -> TextOptions:
    """The text engine's options from the site's typed settings (the audit and the prescan
    worker build them alike, so their scans have the same key)."""
    return TextOptions(wordlists=settings.wordlists, whitelist=settings.whitelist,
                       traditional=settings.traditional, base=settings.config_dir)


#: The page last scanned, its key and its findings by category: one entry, replaced per page.
_LAST: dict[str, Any] = {}


def page_hits(page: Page, options: TextOptions, as_of: date | None,
              stored: StoredScans | None = None) -> tuple[Hit, ...]:
    """The page's hits: the stored scan when one carries this page's exact key (the prescan
    worker's, govpatrol/prescan.py), else scanned now. Either way the same hits."""
    when = page_date(page)
    if stored is not None:
        key = scan_key(page.text, options, when, as_of)
        data = stored(page.url, key) if key is not None else None
        if data is not None:
            return load_hits(data)
    return scan_text(page.text, options, published=when, as_of=as_of)


def _scan_once(page: Page, options: TextOptions, ctx: AuditContext,
               stored: StoredScans | None = None) -> dict[str, list[Finding]]:
    key = (id(ctx), id(page), page.url, options, ctx.as_of)
    if _LAST.get("key") == key and _LAST.get("text") is page.text:
        return _LAST["found"]
    found: dict[str, list[Finding]] = {category: [] for category in TEXT_CATEGORIES}
    for hit in sorted(page_hits(page, options, ctx.as_of, stored),
                      key=lambda h: (h.start, h.end)):
        if hit.category in found:
            found[hit.category].append(to_finding(
                hit, page.text, site=page.site, url=page.url, column=page.column,
                department=page.department))
    _LAST.update(key=key, text=page.text, found=found)
    return found


def page_date(page: Page) -> date | None:
    """The date the text rules judge a page by: published, else its formed date (成文日期)."""
    if page.published:
        return page.published
    try:
        return page.formed
    except ValueError:
        return None
