"""The fallback: any page whose main part is a run of dated item links is a list page.

Section landing pages (several blocks of five items, each with 更多) are not columns: the
largest run must hold most of the page's dated links.

A column with one or two items is still a column (机构概况 with its one 机构职能 page, 领导信息
with two leaders). Two dated links are also what an article's 相关文章 box looks like, so a run
shorter than MIN_ITEMS counts only when the page says it is a list: no article body, no
ArticleTitle meta, and either its own ColumnName meta or a list container (class/id list, lb,
news...) holding the links under a breadcrumb that ends in a name.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from govpatrol.crawler.adapters.base import ListInput, ListPage, dated_rows
from govpatrol.crawler.extract.column import NOT_A_NAME
from govpatrol.crawler.extract.page import BODY_XPATHS, breadcrumb
from govpatrol.model import Item

NAME = "generic"
MIN_ITEMS = 3
DOMINANCE = 0.6
_LIST_MARK = re.compile(r"list|lb|news|xxgk|column|lanmu", re.IGNORECASE)


def read(page: ListInput) -> ListPage | None:
    groups = dated_rows(page.root, page.url, page.today)
    if not groups:
        return None
    if len(groups[0]) < MIN_ITEMS and not _declared_list(page.root, page.url, groups[0]):
        return None
    total = sum(len(group) for group in groups)
    if len(groups[0]) / total < DOMINANCE:
        return None
    return ListPage(NAME, groups[0])


def _declared_list(root: etree._Element, url: str, items: list[Item]) -> bool:
    """A short run is a list only on a page that presents itself as a column page."""
    metas = {m.get("name"): m.get("content") for m in root.iter("meta") if m.get("name")}
    if metas.get("ArticleTitle") or any(xpath(root) for xpath in BODY_XPATHS[:4]):
        return False
    if metas.get("ColumnName"):
        return True
    crumbs = breadcrumb(root)
    if len(crumbs) < 2 or crumbs[-1] in NOT_A_NAME:
        return False
    wanted = {item.url for item in items}
    for element in root.iter("ul", "ol", "table", "div", "dl"):
        if not _LIST_MARK.search(f"{element.get('class', '')} {element.get('id', '')}"):
            continue
        hrefs = {urljoin(url, a.get("href", "").strip()) for a in element.iter("a")}
        if wanted <= hrefs:
            return True
    return False
