"""The model at the bottom of every layer: what the crawler stores, auditors read and reports
render (Page, Column, Item, Link, Finding, categories, severities).

Crawler and auditors both depend on this module and never on each other. Auditors are pure
functions over these records (design.md): they never fetch, which is what lets `check-text` audit
a draft with the same code and lets tests feed auditors directly. findings.md is a public contract
(a provincial platform, a ledger spreadsheet and CI jobs read it), so Finding's fields are only
ever added, never renamed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

SEVERITIES = ("veto", "major", "minor", "info")

#: Fixed category names and their Chinese labels (findings.md). Never change a meaning.
CATEGORIES: dict[str, str] = {
    "stale_column": "栏目更新不及时",
    "empty_column": "空白栏目",
    "late_publication": "信息发布不及时",
    "typo": "错别字",
    "sensitive": "敏感词",
    "wrong_expression": "严重表述错误",
    "broken_link": "不可用链接",
    "script_mix": "繁简混用",
    "unreachable": "无法访问",
    "interaction": "互动回应不及时",
    "site_identity": "网站标识不规范",
    "missing_structure": "栏目或要素缺失",
    "privacy": "个人信息泄露",
    "hidden_link": "暗链",
    "cloaking": "网页篡改 / 跳转",
    "external_link": "外链异常",
    "blocked": "访问受限",
    "encoding": "网页编码错误",
    "interpretation_link": "解读关联缺失",
    "service_guide": "办事指南不规范",
    "service_stats": "办事统计未公开或未更新",
    "unreadable_text": "附件无法读取",
    "search": "站内搜索",
    "ipv6": "IPv6改造",
    "https": "HTTPS 与证书",
}

#: Error names of fetches a firewall or anti-bot challenge answered (crawler/extract/challenge.py),
#: with what the patrol tells the site: blocked is unknown, never dead or unreachable.
BLOCKED_ERRORS: dict[str, str] = {
    "js_challenge": "JS 验证拦截（瑞数类，HTTP 412）",
    "cookie_challenge": "Cookie 验证拦截（加速乐类，HTTP 521）",
    "waf_challenge": "防火墙验证或拦截页面",
}

#: Page kinds that are not one article (item) of the site: the home page, a column's list
#: pages, navigation pages (channel index pages, site maps). Only the others are counted as
#: articles: their dates, their article meta tags, their publication delay.
NOT_ARTICLE_KINDS = frozenset({"home", "list", "nav"})

SEVERITY_LABELS = {"veto": "一票否决", "major": "严重", "minor": "一般", "info": "提示"}


def finding_id(category: str, rule: str, url: str, text_or_link: str | None) -> str:
    """A fingerprint stable across runs: fixed / new / persisting can be told apart."""
    key = "\x1f".join((category, rule, url, text_or_link or ""))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Finding:
    site: str
    category: str
    rule: str
    severity: str
    url: str
    message: str
    column: str | None = None
    department: str | None = None
    text: str | None = None
    suggestion: str | None = None
    context: str | None = None
    link_url: str | None = None
    status: str | None = None
    published: date | None = None
    formed: date | None = None
    last_updated: date | None = None
    limit_days: int | None = None
    actual_days: int | None = None
    # pages of the site linking to this one, when it is itself the finding (an unreachable page
    # that is also a broken-link target: one finding with both facts, findings.md)
    linked_from: list[str] | None = None
    # a finding in an attachment: the page that links the attachment (findings.md: the linking
    # page in `page_url`); `url` is the attachment itself
    page_url: str | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if not self.id:
            self.id = finding_id(self.category, self.rule, self.url, self.text or self.link_url)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict in the contract's field order (id first)."""
        raw = asdict(self)
        out: dict[str, Any] = {"id": raw.pop("id")}
        for key, value in raw.items():
            out[key] = value.isoformat() if isinstance(value, date) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        kwargs = dict(data)
        for key in ("published", "formed", "last_updated"):
            if isinstance(kwargs.get(key), str):
                kwargs[key] = date.fromisoformat(kwargs[key])
        if isinstance(kwargs.get("linked_from"), str):  # the store keeps it as JSON text
            kwargs["linked_from"] = json.loads(kwargs["linked_from"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in kwargs.items() if k in known})


#: Keys of the 信息索引 metadata table, normalised from the many labels sites use.
METADATA_KEYS = (
    "index_number",  # 索引号
    "title",  # 标题 / 名称
    "topic",  # 主题分类 / 组配分类
    "publisher",  # 发文机关 / 发布机构
    "formed",  # 成文日期 / 发文日期 / 生成日期 (ISO date string)
    "published",  # 发布日期 / 上载日期 (ISO date string)
    "doc_number",  # 发文字号 / 文号
    "validity",  # 有效性
)


@dataclass(slots=True)
class Link:
    """One link, image, frame or attachment as it appears on a page."""

    url: str
    kind: str  # "a", "img", "iframe", "attachment"
    anchor: str = ""


@dataclass(slots=True)
class HiddenLink:
    """An anchor to another host that CSS hides from readers (crawler/extract/hidden.py): the
    raw-HTML fact the `hidden_link` auditor judges."""

    url: str
    anchor: str
    evidence: str  # what hides it: "<div style> display:none", "<style> .hz{font-size:0}"


@dataclass(slots=True)
class Page:
    """A fetched page of a site (list page, detail page or any other internal page)."""

    site: str
    url: str
    status: int | None = None  # HTTP status; None when no response at all
    error: str | None = None  # "timeout", "connection_refused", "dns", ... when fetching failed
    title: str | None = None
    published: date | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    text: str = ""  # main body text, without navigation, header and footer
    column: str | None = None  # the column this page belongs to (list page or item of it)
    department: str | None = None
    links: list[Link] = field(default_factory=list)
    meta_tags: dict[str, str] = field(default_factory=dict)  # <meta> SiteName, PubDate ...
    kind: str = "page"  # "home", "list", "nav" (channel index, site map), "detail", "page"
    encoding: str | None = None
    footer: str = ""  # footer text: 政府网站标识码, ICP备案号, 公安机关备案号 live here
    hidden_links: list[HiddenLink] = field(default_factory=list)  # 暗链 evidence
    soft_404: str | None = None  # why an answered page is really an error page, if it is
    mirror_of: str | None = None  # a copy of a WeChat article: its original (extract.wechat)
    header: str = ""  # page header text and logo alts: where the site name must show
    script_redirects: list[str] = field(default_factory=list)  # obfuscated redirect evidence
    scripts: list[str] = field(default_factory=list)  # addresses of its external scripts

    @property
    def formed(self) -> date | None:
        value = self.metadata.get("formed")
        return date.fromisoformat(value) if value else None


@dataclass(slots=True)
class Item:
    """An entry of a column's list: what the list page says about one article."""

    url: str
    title: str
    list_date: date | None = None


@dataclass(slots=True)
class Column:
    """A column (栏目): a list page with its items, across all its pagination pages."""

    site: str
    name: str
    url: str  # first list page
    parent: str | None = None
    department: str | None = None
    adapter: str | None = None  # the CMS list adapter that read it ("trs", "hanweb", ...)
    configured_class: str | None = None  # freshness class forced by sites.toml, if any
    items: list[Item] = field(default_factory=list)
    list_pages: int = 0

    @property
    def newest(self) -> date | None:
        dates = [item.list_date for item in self.items if item.list_date]
        return max(dates) if dates else None


@dataclass(slots=True)
class Account:
    """A government new-media (WeChat) account with the articles its sources showed."""

    site: str
    name: str
    url: str  # the source it was read from (feed, mirror list page)
    department: str | None = None
    articles: list[Item] = field(default_factory=list)
    #: how its source read this run: "ok", "empty" (read, no article), "failed" (not read);
    #: None: not recorded (built in code, or stored before schema 8)
    source_state: str | None = None
    source_updated: date | None = None  # the mirror's own update stamp (a feed's lastBuildDate)
    mass_only: bool = False  # the mirror only carries 群发 articles ([[sites.wechat]] mass_only)

    @property
    def newest(self) -> date | None:
        dates = [item.list_date for item in self.articles if item.list_date]
        return max(dates) if dates else None


@dataclass(slots=True)
class Attachment:
    """An attachment (PDF, Word, Excel) of the site with the text read from it
    (crawler/extract/documents.py) and the first page that links it."""

    site: str
    url: str
    text: str = ""
    # ok, truncated, ocr, no_text, too_large, zip_bomb, timeout, broken, unsupported
    state: str = "ok"
    detail: str = ""  # why, when not ok
    pages: int | None = None  # PDF pages read
    page_url: str | None = None  # the page that links it
    anchor: str = ""  # its link text there: usually the document's title
    column: str | None = None  # the linking page's column
    department: str | None = None

    @property
    def name(self) -> str:
        """What a reader calls it: the link text, else the file name."""
        return self.anchor.strip() or self.url.rstrip("/").rsplit("/", 1)[-1]


#: Who a page is fetched again as, to catch cloaking (网页篡改/跳转), with the report's label.
VARIANT_AGENTS: dict[str, str] = {
    "baiduspider": "百度爬虫（Baiduspider）",
    "mobile": "手机浏览器",
    "search_visitor": "从百度搜索结果点入的访客",
}


@dataclass(slots=True)
class Variant:
    """A page fetched again as someone else (VARIANT_AGENTS) after the crawl: what they saw."""

    url: str
    agent: str
    status: int | None = None
    final_url: str | None = None  # where redirects (HTTP, meta refresh, script) led
    title: str = ""
    text: str = ""  # main text, extracted like a crawled page's
    error: str | None = None


#: What one step of the site-search probe (linkcheck/search.py) came to: the probe's state
#: when it could not query (no search, a POST-only or script-driven search, nothing to ask),
#: or one query's outcome. `form`: the search form found and asked; `unchecked` says 未检测:
#: nothing is guessed.
SEARCH_STATES = ("form", "found", "missed", "broken", "no_search", "unchecked")


@dataclass(slots=True)
class SearchProbe:
    """One step of the site-search probe, fetched after the crawl: the search form found on
    the home page (or why none could be asked), or one recently published title queried and
    whether the first results page showed it."""

    state: str  # SEARCH_STATES
    title: str | None = None  # the published title queried
    item_url: str | None = None  # its page
    request_url: str | None = None  # the query as asked (or the form's action)
    status: int | None = None
    error: str | None = None
    detail: str = ""  # Chinese: why unchecked, what the form was, what the page showed


@dataclass(slots=True)
class HostCheck:
    """A host of the site as the resolver and a TLS handshake saw it (linkcheck/network.py).
    None is unknown (未检测: no DNS answer, no handshake), never "no"."""

    host: str
    scheme: str  # the home page's: "http" or "https"
    ipv4: list[str] | None = None  # A answers ([]: none; None: nothing answered)
    ipv6: list[str] | None = None  # AAAA answers, likewise
    cert_expires: str | None = None  # ISO date the certificate expires (https only)
    tls_error: str | None = None  # why the certificate does not verify, or no handshake


@dataclass(slots=True)
class LinkStatus:
    """What became of one link target: checked by the link checker or fetched by the crawl."""

    url: str
    status: str  # HTTP status as text, or an error name (timeout, dns, soft_404, ...)
    broken: bool
    checked: bool = True  # False when the crawl's own fetch of the page is the evidence
    # when the crawl's fetch is the evidence: the page as stored and what its fetch answered
    page_url: str | None = None
    page_status: int | None = None
    page_error: str | None = None
    # an HTML target the link checker fetched (external ones): its title and the start of its
    # text, what the `external_link` auditor judges against the anchor
    title: str | None = None
    sample: str | None = None


#: (page URL, scan key) -> the stored hits of that exact scan (JSON), or None: how the store
#: hands the text auditors the scans the prescan worker made (auditors/text/stored.py).
StoredScans = Callable[[str, str], str | None]


@dataclass
class SiteRecords:
    """Everything stored for one site in one run; pages are streamed, not held in memory."""

    site: str
    home_url: str
    columns: list[Column]
    pages: Callable[[], Iterator[Page]]
    accounts: list[Account] = field(default_factory=list)
    link_status: dict[str, LinkStatus] = field(default_factory=dict)  # target URL -> fate
    extra: dict[str, Any] = field(default_factory=dict)
    variants: list[Variant] = field(default_factory=list)  # pages seen as others see them
    #: the site's own script files read after the crawl: address -> evidence of a hidden
    #: redirect (files found clean are not listed)
    script_files: dict[str, str] = field(default_factory=dict)
    search: list[SearchProbe] = field(default_factory=list)  # the site-search probe's steps
    hosts: list[HostCheck] = field(default_factory=list)  # IPv6 and HTTPS of the site's hosts
    #: the attachments whose text was read, streamed like the pages
    attachments: Callable[[], Iterator[Attachment]] = field(default=lambda: iter(()))
    #: the pages whose text contains any of the given strings, in `pages` order: the store
    #: selects them (a second look at a few pages, not a second read of all); None: `pages`,
    #: filtered here
    pages_with: Callable[[Sequence[str]], Iterator[Page]] | None = None
    #: text scans stored ahead of the audit (govpatrol/prescan.py): None when there are none
    text_scans: StoredScans | None = None

    def iter_pages(self) -> Iterator[Page]:
        return self.pages()

    def pages_containing(self, needles: Sequence[str]) -> Iterator[Page]:
        """The pages, in iter_pages order, whose text contains any of `needles`."""
        if self.pages_with is not None:
            return self.pages_with(needles)
        return (page for page in self.iter_pages()
                if page.text and any(needle in page.text for needle in needles))

    @classmethod
    def from_lists(
        cls, site: str, home_url: str, columns: Iterable[Column], pages: Iterable[Page]
    ) -> SiteRecords:
        """Convenience for tests and `check-text`: records held in memory."""
        page_list = list(pages)
        return cls(site, home_url, list(columns), lambda: iter(page_list))
