"""What a crawl can only decide once every page is in: choices that must not follow arrival order.

During the crawl a column is opened under whichever URL of its first list page answered first
(`/col/` or `/col/index.html`); the other URL is then recognised as the same list
(`PortalSpider._same_list_as`). Which one that was depends on the network, so the column's URL,
and every finding id containing it, flapped between patrols of an unchanged site. Here, with
all its URLs known, each column is moved to one fixed choice (`preferred_list_url`).
"""

from __future__ import annotations

from govpatrol.crawler.extract.column import list_identity, preferred_list_url
from govpatrol.store import Store


def settle_columns(store: Store, run_id: int) -> dict[str, str]:
    """Move every column to its preferred URL; returns {old: new} of the columns moved."""
    moved: dict[str, str] = {}
    for column_url, urls in sorted(store.list_page_urls(run_id).items()):
        same = {url for url in urls if list_identity(url) == list_identity(column_url)}
        preferred = preferred_list_url(same)
        if preferred != column_url:
            store.rename_column(run_id, column_url, preferred)
            moved[column_url] = preferred
    return moved
