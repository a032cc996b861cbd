"""A column page that says it has nothing (暂无信息): an empty column, not an ordinary page.

Only with a list-like container or breadcrumb beside the phrase, so a search page saying 暂无数据
in a sidebar widget is not taken for a column.
"""

from __future__ import annotations

import re

from govpatrol.crawler.adapters.base import ListInput, ListPage
from govpatrol.crawler.extract.page import breadcrumb

NAME = "empty"
_NOTHING = re.compile(
    r"暂无(?:相关)?(?:信息|数据|内容|记录|文章)|没有(?:相关|找到)?(?:信息|记录|数据)"
)


def read(page: ListInput) -> ListPage | None:
    if not _NOTHING.search(page.text):
        return None
    if len(breadcrumb(page.root)) < 2:
        return None
    return ListPage(NAME, [])
