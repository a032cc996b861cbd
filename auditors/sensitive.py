"""Sensitive words (敏感词): reactionary, violent and pornographic words are veto items
(rules.md); gambling, drugs, cult/superstition and insults are major. Rules live in
auditors/text/sensitive_rules.py; lists in wordlists/sensitive.tsv and sensitive_cues.tsv.
"""

from __future__ import annotations

from datetime import date

from govpatrol.auditors.text import TextAuditor, TextOptions, check_text
from govpatrol.model import Finding

CATEGORY = "sensitive"  # 敏感词


def check(text: str, *, url: str = "-", site: str = "check-text",
          options: TextOptions | None = None, published: date | None = None,
          as_of: date | None = None) -> list[Finding]:
    """敏感词 findings for one text (a draft, a page body)."""
    return check_text(text, (CATEGORY,), url=url, site=site, options=options,
                      published=published, as_of=as_of)


class Sensitive(TextAuditor):
    """敏感词 findings for every page of a site."""

    category = CATEGORY
