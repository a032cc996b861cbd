"""`site_identity`: the page identity every government site must carry.

《政府网站网页设计规范》 asks for `<meta>` tags on every page (SiteName, SiteDomain, SiteIDCode),
on column pages (ColumnName, ColumnType) and on article pages (ArticleTitle, PubDate,
ContentSource); 《政府网站发展指引》 asks for the 政府网站标识码, the ICP record and the public
security record in the footer, and a `.gov.cn` domain. Evaluators check them in 功能设计.

A missing tag is usually missing from a template, so from every page built with it: reporting
it page by page would bury everything else. The home page's meta tags are checked item by item;
elsewhere there is one finding per (item, page kind) with the count and an example URL. The
footer items (the 19号 网站标识: 党政机关网站标识, 网站标识码, ICP备案编号, 公安机关备案标识,
主办单位, 联系方式) are checked on every page and reported once per item for the site, with
the pages lacking it counted and named; the 我为政府网站找错 entry costs per page (home -1,
others -0.2 each), so it is reported for the home page and for each page lacking it, up to the
number that reaches the indicator's cap. Which items are required, how each is recognised and
the severities are data ([identity] in the profile). Pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.literal import Prefiltered
from govpatrol.auditors.sections import section
from govpatrol.model import Finding, Page, SiteRecords

if TYPE_CHECKING:
    from govpatrol.auditors.facts import SiteFacts

#: 10 digits (region code first) or "bm" + 8 digits for central bodies.
SITE_ID_RE = re.compile(r"^(?:\d{10}|bm\d{8})$", re.IGNORECASE)
PUBDATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?$")
#: Values that must have a form, not just be present.
FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    "SiteIDCode": (SITE_ID_RE, "应为10位数字或 bm 加8位数字"),
    "PubDate": (PUBDATE_RE, "应为 YYYY-MM-DD HH:MM 格式"),
}

#: The 网站标识码 as printed in a footer, its value captured for the format check.
SITE_CODE_RE = re.compile(r"网站标识码\s*[:：]?\s*((?:bm)?\d+)", re.IGNORECASE)

#: Page kinds counted apart; navigation pages ("nav": channel indexes, site maps) are not
#: articles and count as other pages.
KIND_LABELS = {"home": "首页", "list": "栏目页", "detail": "文章页", "page": "其他页面"}


@dataclass(frozen=True)
class FooterItem:
    """One footer item ([identity.footer_items.<key>]) and how it is recognised."""

    key: str
    label: str
    text: tuple[re.Pattern[str], ...]
    links: tuple[re.Pattern[str], ...] = ()
    per_page: bool = False

    @cached_property
    def prefiltered(self) -> tuple[Prefiltered, ...]:
        """The text patterns, each skipped on a page without the literal it needs (ICP, 网站标
        识码): most pages lack most footer items, and their text is searched for every one."""
        return tuple(Prefiltered.of(p) for p in self.text)

    def shown(self, page: Page, haystack: str | None = None, memo: LinkMemo | None = None,
              pairs: set[tuple[str, str]] | None = None) -> bool:
        """In the footer (its text, image alts and script addresses), the page text (a footer
        whose class the crawler does not know), or a link's address or anchor. `haystack`:
        footer and text joined, when the caller has joined them already. `memo`: this item's
        answers for (address, anchor) pairs seen before, kept by the caller: a site's
        navigation and footer links are the same on every page. `pairs`: the page's
        (address, anchor) pairs, when the caller has made them for several items."""
        if haystack is None:
            haystack = f"{page.footer}\n{page.text}"
        if any(f.search(haystack) for f in self.prefiltered):
            return True
        if not self.links:
            return False
        if pairs is None:
            pairs = link_pairs(page)
        return (memo or LinkMemo()).any_shown(pairs, self.links)


def link_pairs(page: Page) -> set[tuple[str, str]]:
    """The page's links as (address, anchor) pairs: what a footer item's link patterns read."""
    return {(link.url, link.anchor) for link in page.links}


class LinkMemo:
    """One footer item's answers for the (address, anchor) pairs seen, as two sets: a page's
    pairs are checked against them with set operations (in C), and only the pairs never seen
    are matched against the patterns. Bounded: past _MEMO_MAX pairs it is forgotten at once."""

    def __init__(self) -> None:
        self.hits: set[tuple[str, str]] = set()
        self.misses: set[tuple[str, str]] = set()

    def any_shown(self, pairs: set[tuple[str, str]],
                  patterns: tuple[re.Pattern[str], ...]) -> bool:
        """Does any pair match any pattern (in its address or its anchor)?"""
        if not self.hits.isdisjoint(pairs):
            return True
        for pair in pairs - self.misses:
            if len(self.hits) + len(self.misses) >= _MEMO_MAX:
                self.hits.clear()
                self.misses.clear()
            if any(p.search(pair[0]) or p.search(pair[1]) for p in patterns):
                self.hits.add(pair)
                return True
            self.misses.add(pair)
        return False


#: (address, anchor) answers remembered per footer item at most (then forgotten at once).
_MEMO_MAX = 1 << 16


def _patterns(s, key: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for value in s.strings(key, []):
        try:
            out.append(re.compile(value))
        except re.error as exc:
            raise s.fail(key, f"正则表达式 {value!r} 无效：{exc}") from exc
    return tuple(out)


@dataclass(frozen=True)
class IdentityRules:
    site_meta: tuple[str, ...]
    column_meta: tuple[str, ...]
    article_meta: tuple[str, ...]
    footer: tuple[FooterItem, ...]
    domain_suffix: str
    severity: str
    domain_severity: str
    examples: int = 3
    listed_pages: int = 5
    header_name: bool = True

    @classmethod
    def from_profile(cls, profile) -> IdentityRules:
        s = section(profile, "identity")
        defined = s.sub("footer_items").tables()
        footer = []
        for key in s.strings("footer"):
            if key not in defined:
                raise s.fail("footer", f"{key!r} 不是 {' / '.join(defined)} 之一"
                                       "（见 identity.footer_items）")
            item = defined[key]
            footer.append(FooterItem(key=key, label=item.string("label"),
                                     text=_patterns(item, "text"),
                                     links=_patterns(item, "links"),
                                     per_page=item.flag("per_page")))
        return cls(site_meta=s.strings("site_meta"), column_meta=s.strings("column_meta"),
                   article_meta=s.strings("article_meta"), footer=tuple(footer),
                   domain_suffix=s.string("domain_suffix"), severity=s.severity("severity"),
                   domain_severity=s.severity("domain_severity"),
                   examples=s.integer("examples", 3), listed_pages=s.integer("listed_pages", 5),
                   header_name=s.flag("header_name", True))

    def required(self, kind: str) -> tuple[str, ...]:
        extra = {"list": self.column_meta, "detail": self.article_meta}.get(kind, ())
        return self.site_meta + extra


def _squash(text: str) -> str:
    return "".join(text.split())


def page_meta(page: Page) -> dict[str, str]:
    """The page's meta tags by lower-case name: what meta_problem reads (built once per page
    by callers checking several tags)."""
    return {k.strip().lower(): v for k, v in page.meta_tags.items()}


def meta_problem(page: Page, name: str, meta: dict[str, str] | None = None) -> str | None:
    """"missing", "malformed" or None for one meta tag of a page (`meta`: its page_meta, when
    several tags of one page are checked)."""
    value = (page_meta(page) if meta is None else meta).get(name.lower(), "").strip()
    if not value:
        return "missing"
    form = FORMATS.get(name)
    if form and not form[0].match(value):
        return "malformed"
    return None


def is_html_page(page: Page) -> bool:
    """A page of the site's own templates. Error pages (4xx/5xx, or a 200 that says the page
    does not exist: soft 404), WeChat articles (kind "wechat", fetched from mp.weixin.qq.com)
    and their copies on the portal (政务新媒体 mirrors, which keep WeChat's markup) are not:
    their missing tags are not the site's template's."""
    ok = page.error is None and page.status is not None and page.status < 400
    if not ok or page.soft_404 or page.mirror_of or page.kind == "wechat":
        return False
    return bool(page.title or page.text or page.meta_tags)


def home_findings(site: str, page: Page, rules: IdentityRules,
                  department: str | None = None) -> Iterator[Finding]:
    common = {"site": site, "category": "site_identity", "url": page.url,
              "column": page.column, "department": page.department or department,
              "severity": rules.severity}
    for name in rules.site_meta:
        problem = meta_problem(page, name)
        if problem == "missing":
            yield Finding(rule=f"identity.meta.{name}",
                          message=f"首页缺少 <meta name=\"{name}\"> 网页标签", **common)
        elif problem == "malformed":
            value = page_meta(page)[name.lower()]
            yield Finding(rule=f"identity.meta.{name}.malformed",
                          message=f"首页 <meta name=\"{name}\"> 的值“{value}”不规范，"
                                  f"{FORMATS[name][1]}", **common)
    match = SITE_CODE_RE.search(f"{page.footer}\n{page.text}")
    if match is not None and not SITE_ID_RE.match(match.group(1)):
        yield Finding(rule="identity.footer.site_code.malformed", text=match.group(0),
                      message=f"首页页脚的政府网站标识码“{match.group(1)}”不规范，"
                              f"{FORMATS['SiteIDCode'][1]}", **common)


def domain_finding(site: str, home_url: str, rules: IdentityRules,
                   department: str | None = None) -> Finding | None:
    host = (urlsplit(home_url).hostname or "").lower().rstrip(".")
    if not host or host.endswith(rules.domain_suffix):
        return None
    return Finding(site=site, category="site_identity", rule="identity.domain",
                   severity=rules.domain_severity, url=home_url, department=department,
                   message=f"网站域名 {host} 不以 {rules.domain_suffix} 结尾"
                           f"（政府网站应使用 {rules.domain_suffix} 域名）")


class SiteIdentity(PageAuditor):
    """The home page's meta tags item by item when it comes by; elsewhere counts per (tag, page
    kind), reported once at the end with an example; the footer items of every page; the
    domain."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.rules = IdentityRules.from_profile(profile_from(ctx.profile))
        self.department = ctx.settings.department  # the site's own office answers
        self.missing: Counter[tuple[str, str, str]] = Counter()  # (name, problem, kind) -> pages
        self.checked: Counter[str] = Counter()
        self.example: dict[tuple[str, str, str], str] = {}
        self.home_seen = False
        self.home_url: str | None = None  # the home page as fetched (after redirects)
        self.footer_checked = 0
        self.footer_missing: dict[str, list[str]] = {i.key: [] for i in self.rules.footer}
        self.link_memo = {i.key: LinkMemo() for i in self.rules.footer}
        self.header_checked = 0
        self.header_missing: list[str] = []

    def page(self, page: Page) -> Iterator[Finding]:
        if not is_html_page(page):
            return
        self._footer(page)
        self._header(page)
        if page.kind == "home" and not self.home_seen:
            self.home_seen = True
            self.home_url = page.url
            yield from home_findings(self.records.site, page, self.rules, self.department)
            return
        kind = page.kind if page.kind in KIND_LABELS else "page"
        self.checked[kind] += 1
        meta = page_meta(page)
        for name in self.rules.required(kind):
            problem = meta_problem(page, name, meta)
            if problem:
                key = (name, problem, kind)
                self.missing[key] += 1
                self.example.setdefault(key, page.url)

    def _footer(self, page: Page) -> None:
        self.footer_checked += 1
        haystack = f"{page.footer}\n{page.text}"
        pairs = link_pairs(page)
        for item in self.rules.footer:
            if not item.shown(page, haystack, self.link_memo[item.key], pairs):
                self.footer_missing[item.key].append(page.url)

    def _header(self, page: Page) -> None:
        """The site name in the page header (its text or a logo's alt): the configured name or
        the page's own SiteName. A page where no header was recognised is not judged."""
        if not self.rules.header_name or not page.header.strip():
            return
        self.header_checked += 1
        header = _squash(page.header)
        names = {_squash(self.records.site), _squash(page_meta(page).get("sitename", ""))} - {""}
        if not any(name in header for name in names):
            self.header_missing.append(page.url)

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        site, home_url, rules = self.records.site, self.records.home_url, self.rules
        for (name, problem, kind), count in sorted(self.missing.items()):
            where = f"共{count}个{KIND_LABELS[kind]}（已检查{self.checked[kind]}个）"
            shown = self.example[(name, problem, kind)]
            rule = f"identity.meta.{name}" + (".malformed" if problem == "malformed" else "")
            if problem == "missing":
                message = f"{where}缺少 <meta name=\"{name}\"> 网页标签，例如 {shown}"
            else:
                message = (f"{where}的 <meta name=\"{name}\"> 值不规范（{FORMATS[name][1]}），"
                           f"例如 {shown}")
            yield Finding(site=site, category="site_identity", rule=f"{rule}.{kind}",
                          severity=rules.severity, url=home_url, department=self.department,
                          message=message)
        for item in rules.footer:
            yield from self._footer_findings(item)
        if self.header_missing:
            lacking = sorted(set(self.header_missing))
            home = "，含首页" if self.home_url in lacking else ""
            yield Finding(site=site, category="site_identity", rule="identity.header.site_name",
                          severity=rules.severity, url=home_url, department=self.department,
                          message=(f"页头未显示网站名称“{site}”（文字或标志图片的说明文字）："
                                   f"共{len(lacking)}个页面（已检查{self.header_checked}个页面"
                                   f"{home}），例如 "
                                   + "、".join(lacking[:rules.examples])
                                   + "；页头为图片时请核对并补充 alt 说明"))
        finding = domain_finding(site, home_url, rules, self.department)
        if finding:
            yield finding

    def _footer_findings(self, item: FooterItem) -> Iterator[Finding]:
        """One finding per item for the site (at the home page's address, so it keeps its
        identity from run to run); a per_page item: the home page and each page lacking it, at
        most listed_pages besides the home page, each with the total."""
        lacking = sorted(set(self.footer_missing[item.key]))
        if not lacking:
            return
        home = self.home_url if self.home_url in lacking else None
        others = [url for url in lacking if url != home]
        common = {"site": self.records.site, "category": "site_identity",
                  "severity": self.rules.severity, "department": self.department,
                  "rule": f"identity.footer.{item.key}"}
        total = (f"共{len(lacking)}个页面缺少（已检查{self.footer_checked}个页面"
                 + ("，含首页" if home else "") + "）")
        if item.per_page:
            if home:
                yield Finding(url=self.records.home_url,
                              message=f"首页底部未设置{item.label}。{total}", **common)
            listed = others[:self.rules.listed_pages]
            more = (f"，逐页列出其中{len(listed)}个其他页面" if len(others) > len(listed)
                    else "")
            for url in listed:
                yield Finding(url=url, message=f"页面底部未设置{item.label}。{total}{more}",
                              **common)
            return
        if home and not others:
            message = f"首页页脚未显示{item.label}"
        else:
            names = "、".join(others[:self.rules.examples])
            message = (("首页及其他页面" if home else "") + f"页脚未显示{item.label}："
                       f"{total}，例如 {names}")
        yield Finding(url=self.records.home_url, message=message, **common)
