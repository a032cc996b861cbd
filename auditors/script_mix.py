"""Simplified/traditional mix-ups (繁简混用). A site configured with `traditional = true` is
checked the other way round. Rules live in auditors/text/script_rules.py.
"""

from __future__ import annotations

from datetime import date

from govpatrol.auditors.text import TextAuditor, TextOptions, check_text
from govpatrol.model import Finding

CATEGORY = "script_mix"  # 繁简混用


def check(text: str, *, url: str = "-", site: str = "check-text",
          options: TextOptions | None = None, published: date | None = None,
          as_of: date | None = None) -> list[Finding]:
    """繁简混用 findings for one text (a draft, a page body)."""
    return check_text(text, (CATEGORY,), url=url, site=site, options=options,
                      published=published, as_of=as_of)


class ScriptMix(TextAuditor):
    """繁简混用 findings for every page of a site."""

    category = CATEGORY
