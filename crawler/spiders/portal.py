"""The portal spider: from the home page to every column, every item and every internal page.

Lists are read by the CMS adapters (crawler.adapters); their further pages are followed as pages
of the same column. Everything else reachable on the site's hosts is fetched too (up to
max_pages), because text and links are audited site-wide: 专题 pages, 概况 pages, pages linked
only from the footer.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import FormRequest, Request, Response, TextResponse
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from govpatrol.crawler import extractors
from govpatrol.crawler.adapters import FollowUp, ListInput, ListPage, read_list
from govpatrol.crawler.analysis import (
    PageAnalysis,
    PageJob,
    canonical_listing,
    needs_browser,
    page_root,
)
from govpatrol.crawler.errors import RECEIVED, error_name
from govpatrol.crawler.extract.challenge import challenge
from govpatrol.crawler.extract.column import (
    column_name,
    column_parent,
    list_identity,
    list_page_rank,
)
from govpatrol.crawler.incremental import FetchPolicy, fetch_policy
from govpatrol.crawler.middlewares import DECLARED_ENCODING
from govpatrol.crawler.options import SpiderOptions
from govpatrol.crawler.records import ColumnRecord, ItemsRecord, PageRecord, ReusedPageRecord
from govpatrol.crawler.scope import Scope
from govpatrol.crawler.state import CrawlState, LocalState
from govpatrol.crawler.urls import canonical, date_path_key, is_page_like, path_key
from govpatrol.model import Column, Page

log = logging.getLogger(__name__)

#: Seconds a distributed worker waits on an empty queue while others still hold requests.
MAX_SHARED_IDLE = 300.0
__all__ = ["PortalSpider", "SpiderOptions", "needs_browser", "page_root", "scope_of"]
MAX_TEXT = 2_000_000  # characters of main text kept per page: enough for any real article
PAGE_SLOTS = 1000  # item positions per list page: items are numbered by page, then place


@dataclass
class ColumnState:
    column: Column
    list_requests: int = 1  # list pages asked for, the first one included
    first_items: frozenset[str] = frozenset()


@dataclass(slots=True)
class Reuse:
    """Instead of a request: a page taken from the store (see crawler.incremental)."""

    url: str
    kind: str
    column_url: str | None


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, options: SpiderOptions, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.options = options
        self.scope = scope_of(options)
        self.scheduled: set[str] = set()  # this process's requests (the progress line)
        self.columns: dict[str, ColumnState] = {}
        self.counters: Counter[str] = Counter()
        self._cap_logged = False
        self.policy: FetchPolicy = fetch_policy(options.db, options.reuse_run,
                                                resume=options.resume,
                                                recheck=tuple(options.recheck))
        self.js_columns = {canonical(u) for u in options.js_columns}
        self.state: CrawlState = LocalState()
        self._idle_since: float | None = None
        self.maxsize = 0  # DOWNLOAD_MAXSIZE, set by from_crawler
        self._traps_logged: set[str] = set()
        self.extractor: Any = extractors.InlineExtractor()  # from_crawler: the settings' choice

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        """The crawl state is the component `GOVPATROL_STATE` names (local or Redis)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        state_class = load_object(crawler.settings.get("GOVPATROL_STATE",
                                                       "govpatrol.crawler.state.LocalState"))
        spider.state = state_class.from_settings(crawler.settings)
        if isinstance(spider.state, LocalState):  # one process: its claims are this set
            spider.scheduled = spider.state.scheduled
        spider.extractor = extractors.from_settings(crawler.settings)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        crawler.signals.connect(spider._received, signal=signals.bytes_received)
        spider.maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        return spider

    @staticmethod
    def _received(data: bytes, request: Request, spider=None) -> None:
        """Bytes of the body so far: a download Scrapy cancels past DOWNLOAD_MAXSIZE without
        a Content-Length says nothing else about why (crawler.errors.too_large)."""
        request.meta[RECEIVED] = request.meta.get(RECEIVED, 0) + len(data)

    def _opened(self, spider=None) -> None:
        self.state.opened()

    def _closed(self, spider=None) -> None:
        self.extractor.close()
        self.state.closed()

    def _idle(self, spider=None) -> None:
        """A dry queue is not the end while any worker can still add requests."""
        now = time.monotonic()
        self._idle_since = self._idle_since or now
        # never before a dead worker's leases expire and its requests come back (crawler.leases)
        lease_timeout = self.crawler.settings.getfloat("GOVPATROL_LEASE_TIMEOUT", 0.0)
        if now - self._idle_since > max(MAX_SHARED_IDLE, 3 * lease_timeout):
            log.warning("共享队列长时间无进展，工作进程退出 (giving up on an idle shared crawl)")
            return
        if self.state.keep_waiting():
            raise DontCloseSpider

    # -- scheduling ------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        if not self.options.seed:
            return
        async for request in self._seeds():
            yield request
        self.state.seeded()

    async def _seeds(self) -> AsyncIterator[Request]:
        column_mode = self.options.mode == "column"
        request = self._request(self.options.start_url, kind="list" if column_mode else "home",
                                force=True, explicit={"url": self.options.start_url}
                                if column_mode else None)
        if request is not None:
            yield request
        for column in self.options.explicit_columns:
            request = self._request(column["url"], kind="list", force=True, explicit=column)
            if request is not None:
                yield request

    def in_scope(self, url: str) -> bool:
        return self.scope.in_scope(url)

    def _request(self, url: str, *, kind: str, force: bool = False, column_url: str | None = None,
                 anchor: str = "", follow: FollowUp | None = None, adapter: str | None = None,
                 explicit: dict[str, Any] | None = None, referer_column: str | None = None,
                 item: Any = None, is_canonical: bool = False) -> Request | Reuse | None:
        """One request per canonical URL, within scope and the page budget. `is_canonical`:
        the URL is canonical already (a page's targets and list items, see crawler.analysis)."""
        url = url if is_canonical else canonical(url)
        key = url if follow is None or follow.method == "GET" else f"{url} {follow.formdata}"
        if key in self.scheduled or self.state.seen(key):
            return None
        if not force:
            if not self.scope.in_scope(url):
                return None
            if self.state.claimed() >= self.options.max_pages:
                if not self._cap_logged:
                    log.warning("已达到页面上限 (page limit reached): %d", self.options.max_pages)
                    self._cap_logged = True
                    self.state.mark("capped")  # distributed: the coordinator must know too
                self.counters["capped"] += 1
                return None
            if (kind == "page" and urlsplit(url).query and self.state.variant(path_key(url)) - 1
                    >= self.options.max_query_variants):
                self.counters["trap_skipped"] += 1
                return None
            if kind == "page" and self._date_trap(url):
                self.counters["date_trap_skipped"] += 1
                return None
        if not self.state.claim(key):
            return None
        self.scheduled.add(key)
        headers: dict[str, str] = {}
        if follow is None:
            decision = self.policy.decide(url, kind, (item.title, item.list_date)
                                          if item is not None else None)
            if decision == "reuse":
                return Reuse(url, kind, column_url)
            if decision == "conditional":
                headers = self.policy.headers(url)
        meta = {"kind": kind, "column_url": column_url, "anchor": anchor, "adapter": adapter,
                "explicit": explicit, "referer_column": referer_column}
        priority = {"list": 20, "home": 30, "detail": 10}.get(kind, 0)
        if headers:
            meta["conditional"] = True
        if url in self.js_columns and kind == "list":
            meta.update(_playwright_meta())
        common = {"callback": self.parse_page, "errback": self.on_error, "meta": meta,
                  "priority": priority, "dont_filter": True, "headers": headers or None}
        self.state.started()
        if follow is not None and follow.method == "POST":
            return FormRequest(url, formdata=follow.formdata or {}, **common)
        return Request(url, **common)

    def _date_trap(self, url: str) -> bool:
        """Beyond `max_date_variants` date-shaped paths under one template (a calendar's
        endless "next day" links), a link found on a page is not followed. Lists and their
        items are never bounded here: articles filed under dated folders come from lists."""
        key = date_path_key(url)
        if key is None:
            return False
        if self.state.variant("date " + key) - 1 < self.options.max_date_variants:
            return False
        if key not in self._traps_logged:
            self._traps_logged.add(key)
            log.warning("日期路径页面过多，疑似日历陷阱，只抓取前 %d 个 (calendar path trap "
                        "bounded): %s", self.options.max_date_variants, key)
        return True

    # -- parsing ---------------------------------------------------------------------------------
    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """The page's body is analysed by the extractor (maybe in another process, see
        crawler.extractors); what it means for the crawl is decided here, on the reactor."""
        self._idle_since = None
        try:
            analysis: PageAnalysis | BaseException | None = None
            if _analysable(response):
                try:
                    analysis = await self.extractor.analyse(self._job(response))
                except Exception as exc:  # noqa: BLE001 - that page's error, never the run's
                    analysis = exc
            for output in self._parse_page(response, analysis):
                yield output
        finally:  # after its own requests were yielded: see crawler.state
            self.state.finished(response.request)

    def _job(self, response: Response) -> PageJob:
        meta = response.meta
        kind = meta["kind"]
        follow_up = kind == "list" and bool(meta.get("column_url"))
        return PageJob(
            url=response.url, page_url=canonical(response.request.url), body=response.body,
            encoding=response.encoding, response_class=type(response), kind=kind,
            follow_up=follow_up, hint=meta.get("adapter") if follow_up else None,
            today=self.options.today,
            may_render=(self.options.js_auto and not meta.get("js") and kind in ("list", "page")),
        )

    def _parse_page(self, response: Response,
                    analysis: PageAnalysis | BaseException | None) -> Iterator[Any]:
        meta = response.meta
        url = canonical(response.request.url)
        self.counters["fetched"] += 1
        if response.status == 304 and meta.get("conditional"):
            self.counters["not_modified"] += 1
            yield from self._emit(Reuse(url, meta["kind"], meta.get("column_url")))
            return
        if response.status >= 400 or not isinstance(response, TextResponse):
            yield self._failed_page(response, url)
            return
        if meta.get("adapter") == "hanweb" and meta["kind"] == "list-data":
            yield from self._list_data(response, url)
            return
        if not isinstance(analysis, PageAnalysis):
            yield self._unanalysed(response, url, analysis)
            return
        data = analysis.data
        listing = analysis.listing
        kind = meta["kind"]
        # Only a further page of a known column belongs to it before it is read; any other page
        # that turns out to be a column's first page is that column, whoever linked it first
        # (an item link of another list, a header link, the home page): order-independent.
        follow_up = kind == "list" and bool(meta.get("column_url"))
        column_url = meta.get("column_url") if follow_up else None
        if analysis.render:
            self.counters["js_rendered"] += 1
            yield self._render(response.request)
            return
        if kind == "home" or (self.options.mode != "column" and listing is not None
                              and list_identity(url) == list_identity(self.options.start_url)):
            listing = None  # the home page's news blocks are not a column, under any of its URLs
        if listing is None and kind == "list" and meta.get("explicit") and not column_url:
            listing = ListPage(adapter="none")
        pager_urls: frozenset[str] = frozenset()
        alias = self._same_list_as(listing, url) if listing is not None and not column_url \
            else None
        if alias is not None:  # /col/ and /col/index.html: one column, not two
            column_url, listing, kind = alias, None, "list"
        if listing is not None:
            rank = list_page_rank(url) if column_url else 0  # a further page, or the first
            column_url = column_url or self._open_column(url, data, meta, listing)
            yield from self._list_items(column_url, url, listing, rank)
            pager_urls = listing.pager_urls  # canonical (crawler.analysis.canonical_listing)
            kind = "list"
        else:
            column_url = column_url or meta.get("column_url") or self._item_column(url)
            if data.navigation and kind in ("page", "detail"):
                kind = "nav"  # a channel index or site map, even when a list links it
            elif kind == "page" and (data.has_article_body or column_url):
                kind = "detail"
        page = Page(
            site=self.options.site, url=url, status=response.status, title=data.title,
            published=data.published, metadata=_with_declared(data.metadata, meta),
            text=data.text[:MAX_TEXT],
            links=data.links, meta_tags=data.meta_tags, kind=kind,
            encoding=getattr(response, "encoding", None), footer=data.footer,
            hidden_links=data.hidden_links, header=data.header,
            script_redirects=data.script_redirects, scripts=data.scripts,
        )
        extra = self._http_extra(response, analysis.content_hash)
        extra["soft_404"] = analysis.soft_404
        extra["mirror_of"] = analysis.mirror_of
        yield PageRecord(page, column_url, extra)
        if self.options.mode == "column" or extra["soft_404"]:
            return
        referer_column = column_url if kind == "list" else None
        scheduled = self.scheduled
        for target, anchor in analysis.targets:
            # most links of a page are its site-wide navigation, asked for long ago
            if target in scheduled or target in pager_urls:
                continue
            yield from self._emit(self._request(target, kind="page", anchor=anchor,
                                                referer_column=referer_column,
                                                is_canonical=True))

    def _render(self, request: Request) -> Request:
        """The same page again, through Chromium: its list arrives only by script."""
        keep = ("kind", "column_url", "anchor", "adapter", "explicit", "referer_column")
        meta = {k: request.meta.get(k) for k in keep}
        if meta["kind"] == "page":
            meta["kind"] = "list"
        meta.update(_playwright_meta())
        self.state.started()
        return Request(request.url, callback=self.parse_page, errback=self.on_error, meta=meta,
                       priority=20, dont_filter=True)

    def _item_column(self, url: str) -> str | None:
        return self.state.item_column(url)

    def _state(self, column_url: str | None) -> ColumnState | None:
        """A column's state; in a distributed crawl another worker may have opened it."""
        if column_url is None:
            return None
        state = self.columns.get(column_url)
        if state is None:
            column = self.state.column(column_url)
            if column is not None:
                state = self.columns[column_url] = ColumnState(column)
        return state

    def _list_data(self, response: Response, url: str) -> Iterator[Any]:
        """A CMS data endpoint (Hanweb dataproxy): items only, not a page of the site."""
        column_url = response.meta["column_url"]
        form = dict(parse_qsl((response.request.body or b"").decode("utf-8", "replace")))
        listing = canonical_listing(read_list(ListInput(None, response.text, response.url,
                                                        self.options.today, first_page=False,
                                                        form=form), hint="hanweb"))
        if listing is not None:
            yield from self._list_items(column_url, url, listing, list_page_rank(url, form),
                                        base=column_url)

    def _same_list_as(self, listing: ListPage, url: str) -> str | None:
        """The column whose first page lists exactly these items under another URL of the same
        list (`/col/` and `/col/index.html`), if one is known already.

        Same items alone are not enough: a home page block or a parent column showing a column's
        newest five would otherwise swallow the column when it happened to be fetched first.
        """
        first = frozenset(item.url for item in listing.items[:5])  # canonical already
        if not first:
            return None
        known = self.state.column_listing(first)
        return known if known and list_identity(known) == list_identity(url) else None

    def _open_column(self, url: str, data: Any, meta: dict[str, Any], listing: ListPage) -> str:
        explicit = meta.get("explicit") or {}
        crumbs = [c for c in data.breadcrumb if c]
        name = explicit.get("name") or column_name(data.meta_tags, crumbs, data.title,
                                                   meta.get("anchor"), self.options.site)
        parent = explicit.get("parent") or column_parent(name, crumbs)
        referer = self._state(meta.get("referer_column"))
        if parent is None and referer is not None:
            parent = referer.column.name
        department = explicit.get("department") or (
            self.options.departments(name, url) if self.options.departments
            else self.options.department
        )
        column = Column(site=self.options.site, name=name, url=url, parent=parent,
                        department=department, adapter=listing.adapter,
                        configured_class=explicit.get("class"))
        first = frozenset(i.url for i in listing.items[:5])
        column = self.state.open_column(url, column, first)
        self.columns[url] = ColumnState(column, first_items=first)
        self.counters["columns"] += 1
        return url

    def _list_items(self, column_url: str, url: str, listing: ListPage, rank: int,
                    base: str | None = None) -> Iterator[Any]:
        """The new items of one list page, numbered `rank` * PAGE_SLOTS + their place on it
        (their URLs canonical: crawler.analysis.canonical_listing)."""
        state = self._state(column_url)
        assert state is not None
        state.column.list_pages = self.state.add_list_page(column_url, url)
        if listing.adapter not in ("none", state.column.adapter) and state.column.adapter in (
            "none", "empty", "generic"
        ):
            state.column.adapter = listing.adapter
        fresh, _ = self.state.new_items(column_url, [i.url for i in listing.items])
        start = rank * PAGE_SLOTS
        new_items = [i for i, new in zip(listing.items, fresh, strict=True) if new]
        for item in new_items:
            self.state.set_item_column(item.url, column_url)
        self.counters["items"] += len(new_items)
        yield ColumnRecord(state.column)
        if new_items:
            yield ItemsRecord(self.options.site, column_url, new_items, start)
        for follow in listing.follow:
            state.list_requests = 1 + self.state.list_requests(column_url)
            if state.list_requests >= self.options.max_list_pages:
                self.counters["list_capped"] += 1
                break
            kind = "list-data" if follow.method == "POST" else "list"
            request = self._request(follow.url, kind=kind, column_url=column_url, follow=follow,
                                    adapter=listing.adapter, force=kind == "list-data")
            if request is not None:
                state.list_requests = 1 + self.state.list_request(column_url)
                yield request
        for item in new_items:
            yield from self._emit(self._request(item.url, kind="detail", column_url=column_url,
                                                anchor=item.title, item=item, is_canonical=True))

    def _emit(self, first: Request | Reuse | None) -> Iterator[Any]:
        """Requests as they are; a reused page becomes a copy record plus its stored links."""
        pending = [first]
        while pending:
            request = pending.pop()
            if request is None:
                continue
            if not isinstance(request, Reuse):
                yield request
                continue
            self.counters["reused"] += 1
            column_url = request.column_url or self.state.item_column(request.url)
            yield ReusedPageRecord(self.policy.run_id, request.url, column_url)
            if self.options.mode == "column":
                continue
            for link in self.policy.links(request.url):
                if link.kind in ("a", "iframe") and is_page_like(link.url):
                    pending.append(self._request(canonical(link.url), kind="page",
                                                 anchor=link.anchor))

    # -- failures --------------------------------------------------------------------------------
    def _failed_page(self, response: Response, url: str) -> PageRecord:
        self.counters["errors"] += 1 if response.status >= 400 else 0
        set_cookie = b"; ".join(response.headers.getlist(b"Set-Cookie")).decode("latin-1")
        blocked = challenge(response.status, response.body, set_cookie)  # unknown, not dead
        # still 429 / 503 after the throttle retries: not checked, neither broken nor down
        error = "rate_limited" if response.meta.get("rate_limited") else (
            blocked or (f"http_{response.status}" if response.status >= 400 else None))
        page = Page(site=self.options.site, url=url, status=response.status, error=error,
                    kind=response.meta.get("kind", "page"))
        return PageRecord(page, response.meta.get("column_url"), self._http_extra(response))

    def on_error(self, failure: Failure) -> Iterator[Any]:
        try:
            yield from self._on_error(failure)
        finally:
            self.state.finished(failure.request)

    def _on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        self.counters["errors"] += 1
        name = error_name(failure, self.maxsize)
        if name in ("robots_forbidden", "out_of_scope"):  # not fetched on purpose: no page
            self.counters["errors"] -= 1
            self.counters[name] += 1
            return
        log.info("抓取失败 (fetch failed) %s: %s", request.url, name)
        if request.meta.get("kind") == "list-data":
            return
        page = Page(site=self.options.site, url=canonical(request.url), status=None, error=name,
                    kind=request.meta.get("kind", "page"))
        yield PageRecord(page, request.meta.get("column_url"))

    def _unanalysed(self, response: Response, url: str,
                    failure: BaseException | None) -> PageRecord:
        """A page whose body could not be analysed (an extractor raised, or its worker died):
        recorded with the error `extract_failed`, a finding like any page that cannot be read."""
        self.counters["errors"] += 1
        self.counters["extract_failed"] += 1
        log.warning("页面解析失败 (page analysis failed) %s: %r", url, failure)
        page = Page(site=self.options.site, url=url, status=None, error="extract_failed",
                    kind=response.meta.get("kind", "page"),
                    encoding=getattr(response, "encoding", None))
        return PageRecord(page, response.meta.get("column_url"), self._http_extra(response))

    @staticmethod
    def _http_extra(response: Response, content_hash: str | None = None) -> dict[str, Any]:
        headers = response.headers
        return {
            "final_url": response.url,
            "size": len(response.body),
            "etag": (headers.get(b"ETag") or b"").decode("latin-1") or None,
            "last_modified": (headers.get(b"Last-Modified") or b"").decode("latin-1") or None,
            "content_hash": content_hash or hashlib.sha1(response.body).hexdigest(),
        }


def _analysable(response: Response) -> bool:
    """A fetched text page whose body the extractor reads (not a 304, an error page, a binary
    or a CMS data endpoint: the spider handles those itself)."""
    meta = response.meta
    if response.status == 304 and meta.get("conditional"):
        return False
    if response.status >= 400 or not isinstance(response, TextResponse):
        return False
    return not (meta.get("adapter") == "hanweb" and meta["kind"] == "list-data")


def _with_declared(metadata: dict[str, str], meta: dict[str, Any]) -> dict[str, str]:
    """The page's metadata, plus the charset it declared when its bytes are in another one
    (crawler.middlewares.ChineseEncodingMiddleware): the `encoding` auditor reports it."""
    declared = meta.get(DECLARED_ENCODING)
    return {**metadata, "declared_encoding": declared} if declared else metadata


def _playwright_meta() -> dict[str, Any]:
    """Meta that sends one request through Chromium (scrapy-playwright) and waits for its XHRs."""
    from scrapy_playwright.page import PageMethod

    return {"playwright": True, "js": True,
            "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle")]}


def scope_of(options: SpiderOptions, robots: bool = False) -> Scope:
    """The site's scope from the crawl's options (robots.txt is Scrapy's job in the crawl)."""
    return Scope(options.start_url, hosts=options.hosts, include=options.include,
                 exclude=options.exclude, robots=robots,
                 allow_addresses=options.allow_addresses)
