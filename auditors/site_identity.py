"""`site_identity`: the page identity every government site must carry.

《政府网站网页设计规范》 asks for `<meta>` tags on every page (SiteName, SiteDomain, SiteIDCode),
on column pages (ColumnName, ColumnType) and on article pages (ArticleTitle, PubDate,
ContentSource); 《政府网站发展指引》 asks for the 政府网站标识码, the ICP record and the public
security record in the footer, and a `.gov.cn` domain. Evaluators check them in 功能设计.

A missing tag is usually missing from a template, so from every page built with it: reporting
it page by page would bury everything else. The home page is checked item by item; elsewhere
there is one finding per (item, page kind) with the count and an example URL. Which tags are
required, and the severities, are data ([identity] in the profile). Pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.freshness import profile_from
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

#: Footer records: key -> (label, pattern).
FOOTER: dict[str, tuple[str, re.Pattern[str]]] = {
    "site_code": ("政府网站标识码",
                  re.compile(r"网站标识码\s*[:：]?\s*((?:bm)?\d+)", re.IGNORECASE)),
    "icp": ("ICP备案号", re.compile(r"[\u4e00-\u9fff]\s*ICP\s*备\s*\d{6,}\s*号(?:\s*-\s*\d+)?",
                                   re.IGNORECASE)),
    "police": ("公安机关备案号", re.compile(r"[\u4e00-\u9fff]\s*公网安备\s*\d{10,}\s*号")),
}

#: Page kinds counted apart; navigation pages ("nav": channel indexes, site maps) are not
#: articles and count as other pages.
KIND_LABELS = {"home": "首页", "list": "栏目页", "detail": "文章页", "page": "其他页面"}


@dataclass(frozen=True)
class IdentityRules:
    site_meta: tuple[str, ...]
    column_meta: tuple[str, ...]
    article_meta: tuple[str, ...]
    footer: tuple[str, ...]
    domain_suffix: str
    severity: str
    domain_severity: str

    @classmethod
    def from_profile(cls, profile) -> IdentityRules:
        s = section(profile, "identity")
        footer = s.strings("footer")
        for key in footer:
            if key not in FOOTER:
                raise s.fail("footer", f"{key!r} 不是 {' / '.join(FOOTER)} 之一")
        return cls(site_meta=s.strings("site_meta"), column_meta=s.strings("column_meta"),
                   article_meta=s.strings("article_meta"), footer=footer,
                   domain_suffix=s.string("domain_suffix"), severity=s.severity("severity"),
                   domain_severity=s.severity("domain_severity"))

    def required(self, kind: str) -> tuple[str, ...]:
        extra = {"list": self.column_meta, "detail": self.article_meta}.get(kind, ())
        return self.site_meta + extra


def _meta(page: Page) -> dict[str, str]:
    return {k.strip().lower(): v for k, v in page.meta_tags.items()}


def meta_problem(page: Page, name: str, meta: dict[str, str] | None = None) -> str | None:
    """"missing", "malformed" or None for one meta tag of a page (`meta`: its _meta, when
    several tags of one page are checked)."""
    value = (_meta(page) if meta is None else meta).get(name.lower(), "").strip()
    if not value:
        return "missing"
    form = FORMATS.get(name)
    if form and not form[0].match(value):
        return "malformed"
    return None


def _is_html_page(page: Page) -> bool:
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
            value = _meta(page)[name.lower()]
            yield Finding(rule=f"identity.meta.{name}.malformed",
                          message=f"首页 <meta name=\"{name}\"> 的值「{value}」不规范，"
                                  f"{FORMATS[name][1]}", **common)
    footer = f"{page.footer}\n{page.text}"
    for key in rules.footer:
        label, pattern = FOOTER[key]
        match = pattern.search(footer)
        if match is None:
            yield Finding(rule=f"identity.footer.{key}",
                          message=f"首页页脚未显示{label}", **common)
        elif key == "site_code" and not SITE_ID_RE.match(match.group(1)):
            yield Finding(rule="identity.footer.site_code.malformed", text=match.group(0),
                          message=f"首页页脚的政府网站标识码「{match.group(1)}」不规范，"
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
    """The home page item by item when it comes by; elsewhere counts per (tag, page kind),
    reported once at the end with an example, and the domain."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.rules = IdentityRules.from_profile(profile_from(ctx.profile))
        self.department = ctx.settings.department  # the site's own office answers
        self.missing: Counter[tuple[str, str, str]] = Counter()  # (name, problem, kind) -> pages
        self.checked: Counter[str] = Counter()
        self.example: dict[tuple[str, str, str], str] = {}
        self.home_seen = False

    def page(self, page: Page) -> Iterator[Finding]:
        if not _is_html_page(page):
            return
        if page.kind == "home" and not self.home_seen:
            self.home_seen = True
            yield from home_findings(self.records.site, page, self.rules, self.department)
            return
        kind = page.kind if page.kind in KIND_LABELS else "page"
        self.checked[kind] += 1
        meta = _meta(page)
        for name in self.rules.required(kind):
            problem = meta_problem(page, name, meta)
            if problem:
                key = (name, problem, kind)
                self.missing[key] += 1
                self.example.setdefault(key, page.url)

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
        finding = domain_finding(site, home_url, rules, self.department)
        if finding:
            yield finding
