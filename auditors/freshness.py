"""Freshness: stale and empty columns, late items, late policy interpretations, silent accounts.

The rules are the ones inspectors apply by hand (rules.md section 1): every column belongs to a
freshness class with a working-day limit (2 / 7 / 10 / 20, or none for 概况类), a column is stale
when its newest item is older than that limit, an item is late when it went online more working
days after it was formed than the limit allows, a policy interpretation is late 5 working days
after its policy, and a WeChat account is a veto after two weeks without an article. Limits,
keywords and severities come from the rules profile (auditors/profile.py); days from the real
Chinese calendar (auditors/calendar.py). Pure: records in, findings out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govpatrol.auditors.base import AuditContext, PageAuditor, compact
from govpatrol.auditors.event_date import find_event_date
from govpatrol.model import NOT_ARTICLE_KINDS, Account, Column, Finding, Page, SiteRecords
from govpatrol.rules.calendar import WorkCalendar
from govpatrol.rules.profile import Profile, load_profile

if TYPE_CHECKING:
    from govpatrol.auditors.facts import SiteFacts

CONFIGURED_REASON = "配置: sites.toml"
_CONTEXT_CHARS = 20
#: An event date from the lead more than this many working days before publication is not taken
#: as the formation date: a news item three months late is far likelier a retrospective or a
#: misread date than a real delay, and a false late_publication accuses someone.
EVENT_PLAUSIBLE_DAYS = 60
#: From here to EVENT_PLAUSIBLE_DAYS the finding says the gap is unusually long: check it by hand.
EVENT_DOUBTFUL_DAYS = 40


@dataclass(frozen=True)
class Classification:
    """A column's freshness class, what decided it (shown in columns.jsonl), and its limit."""

    freshness_class: str
    class_reason: str
    limit_days: int | None


# --- classification ---------------------------------------------------------------------------



def match_keyword(name: str | None, profile: Profile) -> tuple[str, str] | None:
    """(class, keyword) of the first class in profile order with a keyword in `name`."""
    text = compact(name)
    if not text:
        return None
    for cls in profile.classes.values():
        hits = [k for k in cls.keywords if k in text]
        if hits:
            return cls.name, max(hits, key=len)  # the most specific keyword explains best
    return None


def classify(column: Column, profile: Profile) -> Classification:
    """Configured class first, then keywords in the column name, then in its parent's name."""
    prefix = ""
    configured = column.configured_class
    if configured:
        if configured in profile.classes:
            return Classification(configured, CONFIGURED_REASON, profile.limit(configured))
        prefix = f"配置的类别“{configured}”无效，"
    found = match_keyword(column.name, profile)
    if found:
        cls, keyword = found
        reason = f"关键词“{keyword}”"
    else:
        found = match_keyword(column.parent, profile)
        if found:
            cls, keyword = found
            reason = f"上级栏目“{column.parent}”关键词“{keyword}”"
        else:
            cls = profile.default_class
            reason = f"默认: {profile.label(cls)}"
    return Classification(cls, prefix + reason, profile.limit(cls))


def _has_keyword(column: Column | None, name: str | None, keywords: Iterable[str]) -> bool:
    names = [compact(name)] if column is None else [compact(column.name), compact(column.parent)]
    return any(k in n for n in names for k in keywords)


class ColumnKeywords:
    """_has_keyword for interpretation ("interp") or policy keywords, answered once per
    column: a column's pages all ask the same (freshness and interpretation_link both ask)."""

    def __init__(self, profile: Profile) -> None:
        self.words = {"interp": profile.interpretation_keywords,
                      "policy": profile.policy_keywords}
        self._found: dict[tuple[str, str | None, str | None], bool] = {}

    def has(self, what: str, column: Column | None, name: str | None) -> bool:
        key = (what, *((column.name, column.parent) if column else (name, "\0")))
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = _has_keyword(column, name, self.words[what])
        return found


# --- columns ----------------------------------------------------------------------------------


def _newest(column: Column, published: Mapping[str, date] | None) -> date | None:
    """Newest list date; when the list shows none, the newest publication date of its items."""
    newest = column.newest
    if newest is None and published:
        urls = (_strip_fragment(item.url) for item in column.items)
        dates = [published[url] for url in urls if url in published]
        newest = max(dates) if dates else None
    return newest


def column_inventory(
    columns: Iterable[Column],
    as_of: date,
    profile: Profile,
    calendar: WorkCalendar,
    published: Mapping[str, date] | None = None,
) -> list[dict[str, Any]]:
    """One columns.jsonl record per column (findings.md); `published`: item URL -> date."""
    rows = []
    for column in columns:
        cls = classify(column, profile)
        newest = _newest(column, published)
        rows.append(
            {
                "site": column.site,
                "name": column.name,
                "url": column.url,
                "parent": column.parent,
                "freshness_class": cls.freshness_class,
                "class_reason": cls.class_reason,
                "limit_days": cls.limit_days,
                "item_count": len(column.items),
                "newest": newest.isoformat() if newest else None,
                "working_days_since_newest": (
                    calendar.working_days(newest, as_of) if newest else None
                ),
                "department": column.department,
            }
        )
    return rows


def column_findings(
    site: str,
    columns: Iterable[Column],
    as_of: date,
    profile: Profile,
    calendar: WorkCalendar,
    published: Mapping[str, date] | None = None,
) -> Iterator[Finding]:
    """empty_column for columns without items, stale_column for those past their limit."""
    seen: set[str] = set()
    for column in columns:
        if column.url in seen:
            continue
        seen.add(column.url)
        cls = classify(column, profile)
        label = profile.label(cls.freshness_class)
        common = {
            "site": site,
            "url": column.url,
            "column": column.name,
            "department": column.department,
            "limit_days": cls.limit_days,
        }
        if not column.items:
            yield Finding(
                category="empty_column",
                rule="freshness.empty",
                severity=profile.severity["empty_column"],
                message=f"栏目“{column.name}”没有任何信息，属于空白栏目，请补充内容或撤并栏目",
                **common,
            )
            continue
        limit = cls.limit_days
        if limit is None:
            continue
        newest = _newest(column, published)
        rule = f"freshness.{cls.freshness_class}"
        if newest is None:
            yield Finding(
                category="stale_column",
                rule=rule,
                severity=profile.severity["undated_column"],
                message=(
                    f"栏目“{column.name}”的{len(column.items)}条信息均未显示发布日期，"
                    f"按检查指标视为未更新，请在列表中标注发布日期"
                ),
                **common,
            )
            continue
        days = calendar.working_days(newest, as_of)
        if days > limit:
            yield Finding(
                category="stale_column",
                rule=rule,
                severity=profile.severity["stale_column"],
                message=(
                    f"栏目“{column.name}”最近更新于{newest.isoformat()}，已{days}个工作日未更新，"
                    f"超过“{label}”{limit}个工作日的时限"
                ),
                last_updated=newest,
                actual_days=days,
                **common,
            )


# --- pages ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _PageFacts:
    url: str
    title: str
    published: date
    column: str | None
    department: str | None
    #: an interpretation's link targets, each URL one string shared by the whole scan (the
    #: navigation every page repeats is kept once, not once per interpretation)
    links: tuple[str, ...] = ()


@dataclass
class PageScan:
    """What one pass over the streamed pages leaves behind: small, so pages need not be held."""

    late: list[Finding] = field(default_factory=list)
    interpretations: list[_PageFacts] = field(default_factory=list)
    policies: dict[str, _PageFacts] = field(default_factory=dict)
    linked_from_policy: dict[str, list[str]] = field(default_factory=dict)


class _ColumnIndex:
    """Which column a page belongs to: by item URL first (exact), then by the page's column name."""

    def __init__(self, columns: Iterable[Column]) -> None:
        self.by_item: dict[str, Column] = {}
        self.by_name: dict[str, Column] = {}
        for column in columns:
            self.by_name.setdefault(column.name, column)
            for item in column.items:
                self.by_item.setdefault(_strip_fragment(item.url), column)

    def find(self, page: Page) -> Column | None:
        column = self.by_item.get(_strip_fragment(page.url))
        if column is None and page.column:
            column = self.by_name.get(page.column)
        return column

    def urls_in(self, keep: Callable[[Column], bool]) -> set[str]:
        return {url for url, column in self.by_item.items() if keep(column)}


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _formed(page: Page) -> date | None:
    try:
        return page.formed
    except ValueError:  # a metadata value the crawler could not normalise
        return None


def _context(text: str, phrase: str) -> str | None:
    at = text.find(phrase)
    if at < 0:
        return None
    start = max(0, at - _CONTEXT_CHARS)
    return text[start : at + len(phrase) + _CONTEXT_CHARS].strip()


class PageScanner:
    """Page by page: late_publication findings and interpretation/policy pairs (publication
    dates are the shared facts' job)."""

    def __init__(self, site: str, columns: Iterable[Column], profile: Profile,
                 calendar: WorkCalendar) -> None:
        self.site, self.profile, self.calendar = site, profile, calendar
        self.index = _ColumnIndex(columns)
        self.classes: dict[tuple[str, str], Classification] = {}
        self.interp_kw = profile.interpretation_keywords
        self.interp_urls = self.index.urls_in(lambda c: _has_keyword(c, None, self.interp_kw))
        self.scan = PageScan()
        self._column_has = ColumnKeywords(profile).has
        self._urls: dict[str, str] = {}  # one string per link target (_PageFacts.links)

    def add(self, page: Page) -> None:
        if page.published is None:
            return
        site, profile, scan = self.site, self.profile, self.scan
        url = _strip_fragment(page.url)
        column = self.index.find(page)
        name = column.name if column else page.column
        late = None
        if name and page.kind not in NOT_ARTICLE_KINDS:
            key = (column.url, column.name) if column else ("", name)
            if key not in self.classes:
                self.classes[key] = classify(column or Column(site=site, name=name, url=""),
                                             profile)
            late = _late_publication(site, page, column, name, self.classes[key], profile,
                                     self.calendar)
        if late:
            scan.late.append(late)
        facts = _PageFacts(
            url=url,
            title=page.title or page.url,
            published=page.published,
            column=name,
            department=page.department or (column.department if column else None),
        )
        if self._column_has("interp", column, name):
            facts.links = tuple(self._urls.setdefault(u, u) for u in _links(page))
            scan.interpretations.append(facts)
        elif _is_policy(page, column, name, self._column_has("policy", column, name)):
            scan.policies[url] = facts
            for target in _links(page):
                if target in self.interp_urls:
                    scan.linked_from_policy.setdefault(target, []).append(url)


def _links(page: Page) -> list[str]:
    return [_strip_fragment(link.url) for link in page.links if link.kind == "a"]


def _is_policy(page: Page, column: Column | None, name: str | None,
               policy_column: bool) -> bool:
    if page.kind in NOT_ARTICLE_KINDS:
        return False
    meta = page.metadata
    return bool(meta.get("doc_number") or meta.get("formed")) or policy_column


def _late_publication(
    site: str,
    page: Page,
    column: Column | None,
    name: str,
    cls: Classification,
    profile: Profile,
    calendar: WorkCalendar,
) -> Finding | None:
    published = page.published
    if published is None:
        return None
    limit = cls.limit_days
    if limit is None:
        return None
    formed = _formed(page)
    phrase = None
    if formed is None and profile.classes[cls.freshness_class].formed_from_lead:
        event = find_event_date(page.text, published, page.title)
        if event:
            formed, phrase = event.date, event.phrase
    if formed is None:
        return None
    days = calendar.working_days(formed, published)
    if days <= limit or (phrase and days > EVENT_PLAUSIBLE_DAYS):
        return None
    title = page.title or page.url
    label = profile.label(cls.freshness_class)
    doubt = ""
    if phrase and days > EVENT_DOUBTFUL_DAYS:
        doubt = (f"（相隔已接近{EVENT_PLAUSIBLE_DAYS}个工作日的可信上限，"
                 f"请人工核实所述日期是否为活动日期）")
    if phrase:
        when = f"所述活动日期为“{phrase}”（{formed.isoformat()}）"
    else:
        when = f"成文日期为{formed.isoformat()}"
    return Finding(
        site=site,
        category="late_publication",
        rule=f"freshness.{cls.freshness_class}",
        severity=profile.severity["late_publication"],
        url=page.url,
        column=name,
        department=page.department or (column.department if column else None),
        text=phrase,
        context=_context(page.text, phrase) if phrase else None,
        message=(
            f"“{title}”{when}，{published.isoformat()}才发布，用时{days}个工作日，"
            f"超过“{label}”{limit}个工作日的时限{doubt}"
        ),
        published=published,
        formed=formed,
        limit_days=limit,
        actual_days=days,
    )


def interpretation_findings(
    site: str, scan: PageScan, profile: Profile, calendar: WorkCalendar
) -> Iterator[Finding]:
    """Interpretations online more than interpretation_limit working days after their policy.

    The pair comes from a link either way (the interpretation cites the policy, or the policy
    page links its 相关解读). When several policies qualify, the latest published one is taken:
    an interpretation often also cites older documents, and measuring from those would accuse it
    falsely.
    """
    limit = profile.interpretation_limit
    for interp in scan.interpretations:
        candidates = [u for u in interp.links if u in scan.policies and u != interp.url]
        candidates += scan.linked_from_policy.get(interp.url, [])
        if not candidates:
            continue
        policy = max((scan.policies[u] for u in candidates), key=lambda p: p.published)
        days = calendar.working_days(policy.published, interp.published)
        if days <= limit:
            continue
        yield Finding(
            site=site,
            category="late_publication",
            rule="freshness.interpretation",
            severity=profile.severity["interpretation"],
            url=interp.url,
            column=interp.column,
            department=interp.department,
            link_url=policy.url,
            message=(
                f"政策解读“{interp.title}”{interp.published.isoformat()}发布，"
                f"所解读的政策“{policy.title}”{policy.published.isoformat()}已发布，"
                f"相隔{days}个工作日，超过{limit}个工作日的时限"
            ),
            published=interp.published,
            formed=policy.published,
            limit_days=limit,
            actual_days=days,
        )


# --- new-media accounts -----------------------------------------------------------------------


def wechat_findings(
    site: str, accounts: Iterable[Account], as_of: date, profile: Profile,
    published: dict[str, date] | None = None,
) -> Iterator[Finding]:
    """Accounts without an article in wechat_stale_days calendar days: a single veto when the
    source is fresh (auditors/account_health.py), else 来源失效/待核实 (freshness.wechat_source,
    never a veto). `published`: article page URL -> the date read from the page."""
    from govpatrol.auditors.account_health import account_view

    limit = profile.wechat_stale_days
    for account in accounts:
        view = account_view(account, published or {}, as_of, limit)
        if not view.stale(as_of, limit):
            continue
        newest = view.newest
        days = (as_of - newest).days if newest else None
        common = {
            "site": site,
            "category": "stale_column",
            "url": account.url,
            "column": account.name,
            "department": account.department,
            "limit_days": limit,
            "last_updated": newest,
            "actual_days": days,
        }
        if newest is None:
            what = "未发现任何文章" if not account.articles else "的文章均无发布日期"
        else:
            what = f"最近发布于{newest.isoformat()}，已{days}天未更新，超过{limit}天的时限"
        if view.problems:
            yield Finding(
                rule="freshness.wechat_source", severity=profile.severity["wechat_source"],
                message=(f"政务新媒体“{account.name}”{what}，但来源失效/待核实："
                         f"{'；'.join(view.problems)}。请人工核实账号是否更新，不据此判定单项否决"),
                **common,
            )
            continue
        tail = "，按检查指标视为未更新（单项否决）" if newest is None else "（单项否决）"
        yield Finding(
            rule="freshness.wechat", severity=profile.severity["wechat"],
            message=f"政务新媒体“{account.name}”{what}{tail}", **common,
        )


# --- entry point ------------------------------------------------------------------------------


def profile_from(value: Any) -> Profile:
    """The profile an AuditContext carries: a Profile, a name or path, overrides, or None."""
    if isinstance(value, Profile):
        return value
    if value is None:
        return load_profile()
    if isinstance(value, str | Path):
        return load_profile(value)
    if isinstance(value, Mapping):
        return load_profile(None, overrides=value)
    raise TypeError(f"unsupported profile {value!r}")


class Freshness(PageAuditor):
    """All freshness findings of one site's records on ctx.as_of: late items page by page,
    stale and empty columns, late interpretations and silent accounts at the end."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.profile = profile = profile_from(ctx.profile)
        self.calendar = profile.calendar(warn=ctx.warn)
        for column in records.columns:
            wanted = column.configured_class
            if wanted and wanted not in profile.classes:
                ctx.warn(
                    f"栏目“{column.name}”配置的时效类别 {wanted} 不存在，已按关键词分类"
                    f"（可用：{'、'.join(profile.classes)}）"
                )
        self.scanner = PageScanner(records.site, records.columns, profile, self.calendar)

    def page(self, page: Page) -> tuple[()]:
        self.scanner.add(page)  # late items are reported after the columns, as always
        return ()

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        records, profile, calendar = self.records, self.profile, self.calendar
        scan = self.scanner.scan
        yield from column_findings(
            records.site, records.columns, self.ctx.as_of, profile, calendar, facts.published
        )
        yield from scan.late
        yield from interpretation_findings(records.site, scan, profile, calendar)
        yield from wechat_findings(records.site, records.accounts, self.ctx.as_of, profile,
                                   facts.published)
