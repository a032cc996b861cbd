"""The WeChat spider: government new-media accounts read through their article mirrors.

Account histories are hard to get; mirrors (RSS bridges, mirror list pages) show the latest
posts, and the newest publish time per account is all the two-week freshness check needs
(auditors.freshness.wechat_findings). Each article is also stored as a page, so the text and
link auditors read it like any page of the portal. Sources come from `[[sites.wechat]]`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import scrapy
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from govpatrol.crawler.errors import error_name
from govpatrol.crawler.extract.wechat import (
    feed_updated,
    read_article,
    read_feed,
    read_mirror_list,
)
from govpatrol.crawler.records import AccountRecord, ArticleRecord, PageRecord
from govpatrol.crawler.urls import canonical
from govpatrol.model import Item, Page

log = logging.getLogger(__name__)

MAX_ARTICLES = 50  # per source: a mirror's latest posts are all the freshness check needs


@dataclass(frozen=True)
class WechatSource:
    account: str
    kind: str  # "feed", "list" or "articles"
    urls: tuple[str, ...]
    department: str | None = None
    mass_only: bool = False


@dataclass
class WechatOptions:
    site: str
    today: date
    sources: tuple[WechatSource, ...] = ()
    max_articles: int = MAX_ARTICLES
    counters: Counter[str] = field(default_factory=Counter)


def wechat_options(site: Any, today: date) -> WechatOptions | None:
    """From a SiteConfig's `wechat` entries (validated by govpatrol.config); None if none."""
    sources = []
    for account in site.wechat:
        sources.append(WechatSource(account.name, account.kind, account.urls,
                                    account.department or site.department,
                                    account.mass_only))
    return WechatOptions(site.name, today, tuple(sources)) if sources else None


class WechatSpider(scrapy.Spider):
    name = "wechat"

    def __init__(self, options: WechatOptions, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.options = options
        self.counters: Counter[str] = Counter()
        self.seen: set[tuple[str, str]] = set()

    async def start(self) -> AsyncIterator[Any]:
        for source in self.options.sources:
            # the account exists even if its source shows nothing: that is itself a finding
            yield self._account(source, "ok" if source.kind == "articles" else None)
            if source.kind == "articles":
                for url in source.urls:
                    request = self._article(source, Item(url=canonical(url), title=""))
                    if request is not None:
                        yield request
                continue
            callback = self.parse_feed if source.kind == "feed" else self.parse_list
            for url in source.urls:
                yield Request(url, callback=callback, errback=self.on_error,
                              cb_kwargs={"source": source}, dont_filter=True,
                              meta={"wechat_source": source.account})

    def _account(self, source: WechatSource, state: str | None,
                 updated: date | None = None) -> AccountRecord:
        return AccountRecord(self.options.site, source.account, source.urls[0],
                             source.department, source_state=state, source_updated=updated,
                             mass_only=source.mass_only)

    def parse_feed(self, response: Response, source: WechatSource) -> Iterator[Any]:
        ok = response.status < 400
        items = read_feed(response.body, response.url) if ok else []
        updated = feed_updated(response.body) if ok else None
        yield from self._listed(source, items, response, updated)

    def parse_list(self, response: Response, source: WechatSource) -> Iterator[Any]:
        items = (read_mirror_list(response.selector.root, response.url)
                 if isinstance(response, TextResponse) and response.status < 400 else [])
        yield from self._listed(source, items, response)

    def _listed(self, source: WechatSource, items: list[Item], response: Response,
                updated: date | None = None) -> Iterator[Any]:
        if response.status >= 400:
            log.warning("公众号来源无法读取 (WeChat source failed) %s: HTTP %s", response.url,
                        response.status)
            self.counters["source_errors"] += 1
            yield self._account(source, "failed")
            return
        if not items:
            log.warning("公众号来源中没有文章 (no articles in source) %s", response.url)
        yield self._account(source, "ok" if items else "empty", updated)
        for item in items[: self.options.max_articles]:
            yield ArticleRecord(self.options.site, source.account, item)
            request = self._article(source, item)
            if request is not None:
                yield request

    def _article(self, source: WechatSource, item: Item) -> Request | None:
        key = (source.account, item.url)
        if key in self.seen:
            return None
        self.seen.add(key)
        return Request(item.url, callback=self.parse_article, errback=self.on_error,
                       cb_kwargs={"source": source, "item": item}, dont_filter=True,
                       meta={"kind": "wechat"})

    def parse_article(self, response: Response, source: WechatSource, item: Item
                      ) -> Iterator[Any]:
        url = canonical(response.request.url)
        self.counters["articles_fetched"] += 1
        if response.status >= 400 or not isinstance(response, TextResponse):
            page = Page(site=self.options.site, url=url, status=response.status,
                        error=f"http_{response.status}" if response.status >= 400 else None,
                        kind="wechat")
            yield PageRecord(page, source.urls[0], {"final_url": response.url})
            return
        article = read_article(response.selector.root, response.text, response.url)
        if article.failure:
            # a deleted or anti-bot page is not an article: logged, and stored as a failed page
            # so that links to it count as broken
            self.counters[article.failure] += 1
            log.warning("公众号文章无法查看 (WeChat article unavailable) %s: %s", url,
                        article.failure)
            page = Page(site=self.options.site, url=url, status=response.status,
                        error=article.failure, kind="wechat")
            yield PageRecord(page, source.urls[0], {"final_url": response.url})
            return
        if article.account and article.account != source.account:
            log.info("公众号名称不一致 (account name differs) %s: %s ≠ %s", url, article.account,
                     source.account)
        page = Page(site=self.options.site, url=url, status=response.status,
                    title=article.title, published=article.published, text=article.text,
                    links=article.links, kind="wechat",
                    metadata={"account": article.account or source.account},
                    encoding=response.encoding)
        yield PageRecord(page, source.urls[0], {"final_url": response.url,
                                                "size": len(response.body)})
        yield ArticleRecord(self.options.site, source.account,
                            Item(url=url, title=article.title or item.title,
                                 list_date=article.published or item.list_date))

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        name = error_name(failure)
        log.warning("公众号抓取失败 (WeChat fetch failed) %s: %s", request.url, name)
        self.counters["errors"] += 1
        account = request.meta.get("wechat_source")
        if account is not None:  # the mirror itself could not be read
            source = next(s for s in self.options.sources if s.account == account)
            yield self._account(source, "failed")
        if request.meta.get("kind") == "wechat":
            page = Page(site=self.options.site, url=canonical(request.url), status=None,
                        error=name, kind="wechat")
            yield PageRecord(page, None)
