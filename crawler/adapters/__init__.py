"""CMS list-page adapters. Adding a CMS family is adding one module and one line here.

Order matters: specific families first (their markers are unambiguous), the generic dated-link
finder last, then the empty-column recogniser.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from govpatrol.crawler.adapters.base import FollowUp, ListInput, ListPage, items_in

ADAPTERS: list[str] = [
    "govpatrol.crawler.adapters.hanweb",
    "govpatrol.crawler.adapters.trs",
    "govpatrol.crawler.adapters.plain",
    "govpatrol.crawler.adapters.generic",
    "govpatrol.crawler.adapters.empty",
]

_modules: list[ModuleType] = [importlib.import_module(name) for name in ADAPTERS]
BY_NAME: dict[str, ModuleType] = {module.NAME: module for module in _modules}


def read_list(page: ListInput, hint: str | None = None) -> ListPage | None:
    """The first adapter that recognises the page; `hint` (a follow-up's adapter) goes first.

    A further page of a known column is a list whatever it looks like: the last page of a plain
    pager has only 首页 / 上一页 and may hold one or two items, and none of them may be lost.
    """
    order = ([BY_NAME[hint]] if hint in BY_NAME else []) + _modules
    for module in order:
        result = module.read(page)
        if result is not None:
            return result
    if not page.first_page and page.root is not None:
        items = items_in(page.root, page.url, page.today)
        if items:
            return ListPage(hint if hint in BY_NAME else "generic", items)
    return None


__all__ = ["ADAPTERS", "FollowUp", "ListInput", "ListPage", "read_list"]
