"""The fallback: any page whose main part is a run of dated item links is a list page.

Section landing pages (several blocks of five items, each with 更多) are not columns: the
largest run must hold most of the page's dated links.
"""

from __future__ import annotations

from govpatrol.crawler.adapters.base import ListInput, ListPage, dated_rows

NAME = "generic"
MIN_ITEMS = 3
DOMINANCE = 0.6


def read(page: ListInput) -> ListPage | None:
    groups = dated_rows(page.root, page.url, page.today)
    if not groups or len(groups[0]) < MIN_ITEMS:
        return None
    total = sum(len(group) for group in groups)
    if len(groups[0]) / total < DOMINANCE:
        return None
    return ListPage(NAME, groups[0])
