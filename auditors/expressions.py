"""Wrong political expressions (严重表述错误): renamed or abolished institutions named as
current (date-aware) and banned usages. Rules live in auditors/text/expression_rules.py;
the list, with each change's date, in wordlists/expressions.tsv.
"""

from __future__ import annotations

from datetime import date

from govpatrol.auditors.text import TextAuditor, TextOptions, check_text
from govpatrol.model import Finding

CATEGORY = "wrong_expression"  # 严重表述错误


def check(text: str, *, url: str = "-", site: str = "check-text",
          options: TextOptions | None = None, published: date | None = None,
          as_of: date | None = None) -> list[Finding]:
    """严重表述错误 findings for one text (a draft, a page body)."""
    return check_text(text, (CATEGORY,), url=url, site=site, options=options,
                      published=published, as_of=as_of)


class WrongExpression(TextAuditor):
    """严重表述错误 findings for every page of a site."""

    category = CATEGORY
