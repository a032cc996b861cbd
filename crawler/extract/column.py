"""A column's name and parent as the site shows them, from the list page alone.

Best evidence first (issue 17): the list page's `<meta name="ColumnName">`, its last breadcrumb
(a link, a `<span>` or plain text), the page title minus the site name, then the link text that
led there. Nothing here depends on which page was fetched first, so the same column gets the
same name in every patrol; the crawl order only decides the last resort, the link text.
"""

from __future__ import annotations

import re

#: Breadcrumb tails that name the page type, not the column.
NOT_A_NAME = frozenset({
    "正文", "详情", "内容", "列表", "首页", "正文内容", "文章详情", "详细内容", "信息详情",
    "网站首页",
})
_MORE = re.compile(r"^(更多|more|查看更多|>>|»)", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s*(?:[-_|｜—]+|&gt;)\s*")
MAX_NAME = 30
UNNAMED = "未命名栏目"


def _usable(name: str | None, site: str | None = None) -> bool:
    if not name:
        return False
    name = name.strip()
    return (0 < len(name) <= MAX_NAME and name not in NOT_A_NAME and not _MORE.match(name)
            and name != site)


def column_name(meta_tags: dict[str, str], crumbs: list[str], title: str | None,
                anchor: str | None, site: str | None = None) -> str:
    """The column's own name: ColumnName meta, last crumb, title minus site, link text."""
    candidates = [meta_tags.get("ColumnName"), crumbs[-1] if crumbs else None,
                  title_without_site(title, site), anchor]
    for candidate in candidates:
        if _usable(candidate, site):
            return candidate.strip()  # type: ignore[union-attr]
    return (title or UNNAMED).strip() or UNNAMED


def column_parent(name: str, crumbs: list[str]) -> str | None:
    """The crumb before the column's own; None for a column right under 首页."""
    trail = [c for c in crumbs if c]
    if name in trail:
        trail = trail[: len(trail) - trail[::-1].index(name) - 1]
    else:  # the trail stops at the parent (some CMSs leave the column itself out)
        while trail and trail[-1] in NOT_A_NAME and trail[-1] != "首页":
            trail.pop()
    if len(trail) >= 2 or (trail and trail[0] not in NOT_A_NAME):
        parent = trail[-1]
        return parent if parent not in NOT_A_NAME else None
    return None


def title_without_site(title: str | None, site: str | None) -> str | None:
    """「行政许可_江河县人民政府」 -> 「行政许可」: the part of the title that is not the site."""
    if not title:
        return None
    parts = [p for p in _TITLE_SPLIT.split(title.strip()) if p]
    if len(parts) < 2:
        return None
    rest = [p for p in parts if not (site and (p in site or site in p))]
    return rest[0] if rest and len(rest) < len(parts) else None


_INDEX_FILE = re.compile(r"/(?:index|default|main)\.(?:s?html?|jsp|php|aspx?)$", re.IGNORECASE)


def list_identity(url: str) -> str:
    """The URL with its directory index file dropped: `/col/`, `/col` and `/col/index.html` are
    one list page, and `/index.html` is the home page again."""
    base = url.split("#", 1)[0].split("?", 1)[0]
    return _INDEX_FILE.sub("/", base).rstrip("/")


def preferred_list_url(urls: list[str] | set[str] | frozenset[str]) -> str:
    """The one URL a column is recorded under, among URLs of the same list page.

    A column linked both as `/col/` and as `/col/index.html` is fetched under both, and the one
    answering first used to open it: the column's URL (and every finding id that contains it)
    depended on arrival order. The choice is a fixed preference instead, made once every URL
    is known: the URL naming the index file (what CMS navigation writes), then the shortest,
    then the first in sort order.
    """
    return min(urls, key=lambda url: (not _INDEX_FILE.search(url.split("#", 1)[0]
                                                              .split("?", 1)[0]),
                                      len(url), url))


#: Where a list page says which page it is: `index_2.html`, `list-3.shtml`, `?page=4`,
#: `pageNo=5`, Hanweb's `startrecord=31` (its data requests are POSTs: the form counts too).
_PAGE_FILE = re.compile(r"[_-](\d{1,6})\.[a-z]+$", re.IGNORECASE)
_PAGE_PARAMS = ("startrecord", "page", "pageno", "pagenum", "pageindex", "curpage", "p",
                "currentpage", "pn")
#: Rank of a list page that says nothing about its place: after every numbered one.
UNNUMBERED = 10**6


def list_page_rank(url: str, form: dict[str, str] | None = None) -> int:
    """A further list page's place in its column, from its address alone.

    Items are numbered by this rank and their place on the page, not by the order the pages
    answered in, so the same column lists its items in the same order in every patrol.
    """
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    params = {k.lower(): v for k, v in parse_qsl(parts.query)}
    params.update({k.lower(): v for k, v in (form or {}).items()})
    for name in _PAGE_PARAMS:
        value = params.get(name, "")
        if value.isdigit():
            return int(value)
    match = _PAGE_FILE.search(parts.path)
    return int(match.group(1)) if match else UNNUMBERED
