"""Plain HTML pagination: 首页 上一页 1 2 3 下一页 尾页 as ordinary links.

The pager links are followed as pages of the same column (not as new columns), and only
within the pager, so a calendar's 下一月 or a sidebar cannot drag the column sideways.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from govpatrol.crawler.adapters.base import FollowUp, ListInput, ListPage, items_in
from govpatrol.crawler.extract.text import inline_text

NAME = "plain"
PAGER_WORDS = ("下一页", "下页", "尾页", "末页", "上一页", "上页", "首页", "next", "last")
_PAGER_CLASS = re.compile(r"page|pager|pagination|fenye|pages|pagebar", re.IGNORECASE)
_NUMBER = re.compile(r"^\[?\d{1,4}\]?$")


def read(page: ListInput) -> ListPage | None:
    pager = _pager(page.root)
    if pager is None:
        return None
    urls: list[str] = []
    for anchor in pager.iter("a"):
        href = anchor.get("href")
        text = inline_text(anchor)
        if not href or href.startswith(("javascript:", "#")):
            continue
        if _NUMBER.match(text) or any(word in text.lower() for word in PAGER_WORDS):
            url = urljoin(page.url, href.strip())
            if url != page.url and url not in urls:
                urls.append(url)
    if not urls:
        return None
    items = items_in(page.root, page.url, page.today)
    if not items:  # a paged article or search form, not a list
        return None
    return ListPage(NAME, items, [FollowUp(u) for u in urls], pager_urls=frozenset(urls))


def _pager(root: etree._Element) -> etree._Element | None:
    """The smallest element holding a 下一页 / 尾页 link, or one classed as a pager."""
    for anchor in root.iter("a"):
        text = inline_text(anchor)
        if text in ("下一页", "下页", "尾页", "末页", "下一页>", "下一页 >"):
            element = anchor.getparent()
            while element is not None and len(list(element.iter("a"))) < 2:
                element = element.getparent()
            return element
    for element in root.iter("div", "ul", "p", "td", "span"):
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        if _PAGER_CLASS.search(marker) and any(
            _NUMBER.match(inline_text(a)) for a in element.iter("a")
        ):
            return element
    return None
