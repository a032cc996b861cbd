"""`page_tags`: the 19号 页面标签 sampling (功能设计, cap 1).

Inspectors open 5 random article pages and 5 random column pages and deduct 0.1 for each that
lacks its site, column or content meta tags (《政府网站网页设计规范》: SiteName, SiteDomain,
SiteIDCode on every page; ColumnName, ColumnType on column pages; ArticleTitle, PubDate,
ContentSource on article pages: the tag lists are [identity]'s). This auditor draws the same
sample: random, but with a seed made of the site, its home address and the check date, over the
pages sorted by address, so the same site on the same day gives the same sample whatever order
the crawl's responses arrived in. One finding per sampled page lacking tags, naming them.

site_identity reports every page's missing tags per (tag, page kind) for the department to fix;
the national score counts this sample only (`page_tags.*`), never both. A profile without
`enabled = true` in [page_tags] (the default) samples nothing. Pure.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.sections import section
from govpatrol.auditors.site_identity import is_html_page, meta_problem, page_meta
from govpatrol.model import Finding, Page, SiteRecords

if TYPE_CHECKING:
    from datetime import date

    from govpatrol.auditors.facts import SiteFacts

#: The two samples: page kind -> (rule suffix, Chinese name).
SAMPLES = {"column": ("column", "栏目页"), "article": ("article", "文章页")}


@dataclass(frozen=True)
class TagRules:
    enabled: bool
    severity: str
    columns: int
    articles: int
    site_meta: tuple[str, ...]
    column_meta: tuple[str, ...]
    article_meta: tuple[str, ...]

    @classmethod
    def from_profile(cls, profile) -> TagRules:
        s, identity = section(profile, "page_tags"), section(profile, "identity")
        return cls(enabled=s.flag("enabled"), severity=s.severity("severity", "minor"),
                   columns=s.integer("columns", 5), articles=s.integer("articles", 5),
                   site_meta=identity.strings("site_meta"),
                   column_meta=identity.strings("column_meta"),
                   article_meta=identity.strings("article_meta"))

    def required(self, sample: str) -> tuple[str, ...]:
        return self.site_meta + (self.column_meta if sample == "column" else self.article_meta)


def sample_of(page: Page) -> str | None:
    """"column" for a column's list page, "article" for an article page, None for the rest (the
    home page, channel indexes, site maps, single pages such as 联系我们, which site_identity
    also holds to the site tags only)."""
    return {"list": "column", "detail": "article"}.get(page.kind)


def draw(urls: list[str], k: int, seed_text: str) -> list[str]:
    """k of the addresses, at random with a seed from `seed_text`, independent of their order."""
    pool = sorted(set(urls))
    seed = int.from_bytes(hashlib.sha256(seed_text.encode()).digest()[:8], "big")
    return sorted(random.Random(seed).sample(pool, min(k, len(pool))))


def seed_text(site: str, home_url: str, as_of: date, sample: str) -> str:
    return f"{site}\n{home_url}\n{as_of.isoformat()}\n{sample}"


class PageTags(PageAuditor):
    """Keeps each candidate page's missing tags; draws the samples at the end."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.rules = TagRules.from_profile(profile_from(ctx.profile))
        # sample -> url -> (missing tags, column, department)
        self.seen: dict[str, dict[str, tuple[tuple[str, ...], str | None, str | None]]] = {
            key: {} for key in SAMPLES}

    def page(self, page: Page) -> Iterator[Finding]:
        if not self.rules.enabled or not is_html_page(page):
            return iter(())
        sample = sample_of(page)
        if sample is not None:
            url = page.url.split("#", 1)[0]
            meta = page_meta(page)  # once for all the tags asked
            missing = tuple(name for name in self.rules.required(sample)
                            if meta_problem(page, name, meta) == "missing")
            self.seen[sample].setdefault(url, (missing, page.column, page.department))
        return iter(())

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        if not self.rules.enabled:
            return
        site, home_url = self.records.site, self.records.home_url
        sizes = {"column": self.rules.columns, "article": self.rules.articles}
        for sample, (suffix, label) in SAMPLES.items():
            pages = self.seen[sample]
            drawn = draw(list(pages), sizes[sample],
                         seed_text(site, home_url, self.ctx.as_of, sample))
            for url in drawn:
                missing, column, department = pages[url]
                if not missing:
                    continue
                tags = "、".join(missing)
                yield Finding(
                    site=site, category="site_identity", rule=f"page_tags.{suffix}",
                    severity=self.rules.severity, url=url, column=column,
                    department=department or self.ctx.settings.department, text=tags,
                    message=(f"随机抽查的{label}（共抽查{len(drawn)}个，候选{len(pages)}个）缺少"
                             f"网页标签：{tags}"))
