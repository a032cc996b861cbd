"""Typos (错别字): confusion pairs, misspelt fixed political expressions, doubled characters,
unbalanced paired punctuation and impossible dates. Rules live in auditors/text/typo_rules.py;
this module is the auditor's entry point and the per-text function check-text uses.
"""

from __future__ import annotations

from datetime import date

from govpatrol.auditors.text import TextAuditor, TextOptions, check_text
from govpatrol.model import Finding

CATEGORY = "typo"  # 错别字


def check(text: str, *, url: str = "-", site: str = "check-text",
          options: TextOptions | None = None, published: date | None = None,
          as_of: date | None = None) -> list[Finding]:
    """错别字 findings for one text (a draft, a page body)."""
    return check_text(text, (CATEGORY,), url=url, site=site, options=options,
                      published=published, as_of=as_of)


class Typo(TextAuditor):
    """错别字 findings for every page of a site."""

    category = CATEGORY
