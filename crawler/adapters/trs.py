"""TRS WCM (拓尔思) static lists: `index.html`, `index_1.html` ... with a script pager.

The pager is `createPageHTML(total, current, "index", "html")` (sometimes with
`var countPage = N`): there are no `<a>` tags to follow, so a link-following crawler sees page 1
only and every older item is missed.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from govpatrol.crawler.adapters.base import FollowUp, ListInput, ListPage, items_in

NAME = "trs"
_PAGER = re.compile(
    r"createPageHTML\s*\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,"
    r"\s*['\"](\w+)['\"]"
)
_COUNT = re.compile(r"var\s+countPage\s*=\s*['\"]?(\d+)")


def read(page: ListInput) -> ListPage | None:
    match = _PAGER.search(page.text)
    if not match:
        return None
    total, current, prefix, ext = int(match[1]), int(match[2]), match[3], match[4]
    count = _COUNT.search(page.text)
    if count:
        total = max(total, int(count[1]))
    follow = []
    if current == 0:
        follow = [FollowUp(urljoin(page.url, f"{prefix}_{n}.{ext}")) for n in range(1, total)]
    return ListPage(NAME, items_in(page.root, page.url, page.today), follow)
