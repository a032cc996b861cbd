"""Everything the portal spider computes from one response's body alone, as one pure function.

`analyse(job)` parses the page once and runs every extractor on the tree: the page data, the
list an adapter reads on it, whether its list arrives only by script (Chromium), soft-404 and
mirror checks, the content hash and the canonical targets of its followable links. It depends
only on the job (body, URL, encoding, page kind and the few request flags it needs), never on
the crawl's state, so it can run in another process (crawler.extractors): the job and the
result are small picklable dataclasses, never an lxml tree.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree
from parsel.selector import create_root_node
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.response import get_base_url

from govpatrol.crawler.adapters import ListInput, ListPage, read_list
from govpatrol.crawler.extract import extract_page
from govpatrol.crawler.extract.page import PageData
from govpatrol.crawler.extract.wechat import copy_of
from govpatrol.crawler.urls import canonical, is_page_like
from govpatrol.linkcheck.soft404 import soft_404_reason

#: Page kinds read as a list when they may be one (crawler.spiders.portal).
LIST_KINDS = ("list", "page", "home", "detail")


@dataclass(slots=True)
class PageJob:
    """One fetched page and what the spider knew when it asked for it."""

    url: str  # the response's URL (after redirects): links resolve against it
    page_url: str  # the canonical URL asked for: the page's identity in the store
    body: bytes
    encoding: str | None  # Scrapy's decision (crawler.middlewares), so the text is the same
    response_class: type[TextResponse]
    kind: str  # what the page was asked for as: home, list, page, detail
    follow_up: bool  # a further page of a known column: always read as a list
    hint: str | None  # that column's adapter
    today: date
    may_render: bool  # js_auto on, not rendered yet, kind list or page


@dataclass(slots=True)
class PageAnalysis:
    data: PageData
    listing: ListPage | None
    render: bool  # the list arrives by script: fetch the page again through Chromium
    soft_404: str | None
    mirror_of: Any
    content_hash: str
    #: canonical URL and anchor of every link the crawl may follow, in page order
    targets: list[tuple[str, str]]


def analyse(job: PageJob) -> PageAnalysis:
    """The whole per-response work of the portal spider, in one place (see module docstring)."""
    response = job.response_class(url=job.url, body=job.body, encoding=job.encoding)
    root = page_root(response)
    text = response.text
    data = extract_page(root, response.url)
    listing = canonical_listing(read_listing(root, text, job, data))
    render = (job.may_render and (listing is None or not listing.items)
              and not data.has_article_body and needs_browser(root, text))
    targets = [(_same(canonical(link.url), link.url), link.anchor) for link in data.links
               if link.kind in ("a", "iframe") and is_page_like(link.url)]
    return PageAnalysis(
        data=data, listing=listing, render=render,
        soft_404=soft_404_reason(title=data.title, text=data.text, url=job.page_url,
                                 final_url=response.url),
        mirror_of=copy_of(root, text, data.meta_tags),
        content_hash=hashlib.sha1(job.body).hexdigest(), targets=targets,
    )


def _same(canonical_url: str, url: str) -> str:
    """The link's own string object when its canonical form is equal: the result is pickled
    back to the crawl, and pickle writes an object it has seen as a reference (most links are
    canonical already: a third less to pickle and unpickle per page)."""
    return url if canonical_url == url else canonical_url


def canonical_listing(listing: ListPage | None) -> ListPage | None:
    """The list with its item and pager URLs canonical (crawler.urls.canonical), as the spider
    uses them: done here, beside the targets, rather than for every new URL on the reactor."""
    if listing is not None:
        for item in listing.items:
            item.url = canonical(item.url)
        listing.pager_urls = frozenset(canonical(u) for u in listing.pager_urls)
    return listing


def read_listing(root: Any, text: str, job: PageJob, data: PageData) -> ListPage | None:
    """The page read as a list, when it may be one.

    A page asked for as an article (another list links it as an item) is still a column's
    first page when a CMS pager or data store says so or it declares its ColumnName without
    being an article; a bare run of dated links on such a page is its 相关文章 box.
    """
    kind = job.kind
    scripted = "<datastore" in text or "createPageHTML" in text
    if kind not in LIST_KINDS:
        return None
    if kind in ("page", "detail") and data.has_article_body and not scripted:
        return None
    listing = read_list(ListInput(root, text, job.url, job.today, first_page=not job.follow_up),
                        hint=job.hint if job.follow_up else None)
    if listing is not None and kind == "detail" and listing.adapter in ("generic", "empty"):
        declared = data.meta_tags.get("ColumnName") and not data.meta_tags.get("ArticleTitle")
        return listing if declared and listing.items else None
    return listing


def page_root(response: TextResponse) -> etree._Element:
    """The page's lxml tree, parsed once and shared by every extractor and list reader.

    Parsed as Scrapy's selector parses it (parsel's own preparation of the text), but with
    lxml's plain HTML parser: `lxml.html`'s element classes send every element the extractors
    touch through a Python-level class lookup, a quarter of the extraction time, and nothing
    here uses their extra methods. A response that is not HTML keeps Scrapy's selector, which
    tells XML and other types apart.
    """
    if not isinstance(response, HtmlResponse):
        return response.selector.root
    return create_root_node(response.text, etree.HTMLParser, base_url=get_base_url(response))


#: A list container: an element whose class or id says it holds the list.
_LIST_CONTAINER = re.compile(r"list|news|article|xxgk|info|data|content|items", re.IGNORECASE)
#: Script that fetches data after load (XHR, fetch, jQuery, axios, Vue/React mounts).
_XHR = re.compile(r"XMLHttpRequest|\bfetch\s*\(|\$\.(ajax|get|post|getJSON)\s*\(|axios\.|"
                  r"\.load\s*\(\s*['\"]/")


def needs_browser(root: Any, html: str) -> bool:
    """Conservative: an empty list container *and* an inline script that loads data.

    Both must hold, so an ordinary page with a script (statistics, menus) or an empty widget
    is never sent to Chromium; a script in an external file is not looked into.
    """
    if not _XHR.search(html):
        return False
    inline = " ".join(s.text or "" for s in root.iter("script") if not s.get("src"))
    if not _XHR.search(inline):
        return False
    for element in root.iter("ul", "ol", "tbody", "table", "div"):
        marker = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _LIST_CONTAINER.search(marker):
            continue
        if len(element) == 0 and not (element.text or "").strip():
            return True
    return False
