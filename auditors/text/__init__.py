"""The shared text engine behind the typo, sensitive, expression and script_mix auditors.

Public API:
- `TextOptions.from_config(site_config)`: the site's `wordlists`, `whitelist`, `traditional`.
- `check_text(text, categories=..., url=..., ...) -> list[Finding]`: any text, no records
  (what `govpatrol check-text` and each auditor's `check()` use).
- `audit_pages(category, records, ctx)`: the body of every text auditor's `audit()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from govpatrol.auditors.text.engine import TextOptions, clear_caches, get_engine, scan_text
from govpatrol.auditors.text.hits import Hit, to_finding
from govpatrol.auditors.text.wordlist import WordlistError
from govpatrol.model import Finding

__all__ = [
    "TEXT_CATEGORIES", "Hit", "TextOptions", "WordlistError", "audit_pages", "check_text",
    "clear_caches", "get_engine",
]

#: Finding categories the text engine produces, in report order.
TEXT_CATEGORIES = ("sensitive", "wrong_expression", "typo", "script_mix")


def check_text(text: str, categories: Iterable[str] = TEXT_CATEGORIES, *, url: str = "-",
               site: str = "check-text", options: TextOptions | None = None,
               published: date | None = None, as_of: date | None = None,
               column: str | None = None, department: str | None = None) -> list[Finding]:
    """Findings of the given categories for one text, in the order they occur."""
    wanted = set(categories)
    hits = scan_text(text, options or TextOptions(), published=published, as_of=as_of)
    return [to_finding(h, text, site=site, url=url, column=column, department=department)
            for h in sorted(hits, key=lambda h: (h.start, h.end)) if h.category in wanted]


def audit_pages(category: str, records, ctx) -> Iterator[Finding]:
    """One auditor's walk over a site's pages. The page text is prepared and scanned once for
    all four text auditors (engine.scan_text caches by digest)."""
    try:
        settings = ctx.settings
        options = TextOptions(wordlists=settings.wordlists, whitelist=settings.whitelist,
                              traditional=settings.traditional, base=settings.config_dir)
        get_engine(options)
    except WordlistError as exc:
        ctx.warn(f"词表有误，文字检查未运行 (word list error): {exc}")
        return
    for page in records.iter_pages():
        if not page.text:
            continue
        published = page.published or _formed(page)
        yield from check_text(page.text, (category,), url=page.url, site=page.site,
                              options=options, published=published, as_of=ctx.as_of,
                              column=page.column, department=page.department)


def _formed(page) -> date | None:
    try:
        return page.formed
    except ValueError:
        return None
