"""TRS WCM (拓尔思) static lists: `index.html`, `index_1.html` ... with a script pager.

The pager is `createPageHTML(total, current, "index", "html")`, with the numbers written as
literals or, as often, in variables declared just before (`var countPage = 3//共多少页`,
`var currentPage = 0`). There are no `<a>` tags to follow, so a link-following crawler sees page 1
only and every older item is missed. A list page that is missing (404) costs only its own items:
every page number is requested from the first page.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from govpatrol.crawler.adapters.base import FollowUp, ListInput, ListPage, items_in

NAME = "trs"
_ARG = r"\s*(?:['\"]?(\d+)['\"]?|([A-Za-z_$][\w$]*))\s*"
_PAGER = re.compile(
    rf"createPageHTML\s*\({_ARG},{_ARG},\s*(?:['\"]([\w-]+)['\"]|([A-Za-z_$][\w$]*))\s*,"
    r"\s*['\"](\w+)['\"]"
)
_COUNT = re.compile(r"var\s+countPage\s*=\s*['\"]?(\d+)")


def _value(text: str, literal: str | None, name: str | None) -> int | None:
    """A literal argument, or the number the script assigned to the named variable."""
    if literal is not None:
        return int(literal)
    assigned = re.findall(rf"\b{re.escape(name or '')}\s*=\s*['\"]?(\d+)", text)
    return int(assigned[-1]) if assigned else None


def _prefix(text: str, literal: str | None, name: str | None) -> str:
    if literal is not None:
        return literal
    assigned = re.findall(rf"\b{re.escape(name or '')}\s*=\s*['\"]([\w-]+)['\"]", text)
    return assigned[-1] if assigned else "index"


def read(page: ListInput) -> ListPage | None:
    match = _PAGER.search(page.text)
    if not match:
        return None
    total = _value(page.text, match[1], match[2])
    current = _value(page.text, match[3], match[4])
    if total is None or current is None:
        return None
    prefix, ext = _prefix(page.text, match[5], match[6]), match[7]
    count = _COUNT.search(page.text)
    if count:
        total = max(total, int(count[1]))
    follow = []
    if current == 0:
        follow = [FollowUp(urljoin(page.url, f"{prefix}_{n}.{ext}")) for n in range(1, total)]
    return ListPage(NAME, items_in(page.root, page.url, page.today), follow)
