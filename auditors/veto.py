"""The single-veto dashboard (单项否决指标): every veto item, its value, its line, and how close.

The national inspection (国办秘函〔2019〕19号, rules.md 1b) fails a site on any one veto item,
whatever else is good; commercial monitoring platforms warn before the line (home page 10 days
without an update against 14, more than 2 empty columns against 5, 3% failed probes against
5%). This module computes, per site, each item's count or days against its veto line and its
warning level, the status (合格 / 预警 / 单项否决, or 无数据 when nothing was measured), and
the findings behind it; and, as the `veto` auditor, findings for the items at a line.

Lines, warning levels, column groups and severities are data: the `[veto]` table of the rules
profile (govpatrol/rules/profiles/national.toml documents it). A profile without it has no
veto lines, and the dashboard is empty. Probe statistics come from `govpatrol watch` through the
caller (records.extra["probes"] for the auditor): this module reads no database. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from govpatrol.auditors.account_health import account_view
from govpatrol.auditors.base import AuditContext, PageAuditor, compact
from govpatrol.auditors.facts import SiteFacts
from govpatrol.auditors.freshness import classify, profile_from
from govpatrol.auditors.interaction import InteractionRules, Message
from govpatrol.auditors.sections import Section, section
from govpatrol.model import CATEGORIES, Column, Finding, Page, SiteRecords
from govpatrol.rules.profile import Profile
from govpatrol.rules.scoring import ScoringRules

PASS, WARN, VETO, NO_DATA = "合格", "预警", "单项否决", "无数据"
#: An estimate at the veto line that only a person can confirm (服务不实用 from the 办事指南
#: elements): shown on the dashboard, never a veto finding, never 不合格 by itself.
SUSPECT = "疑似（需人工核查）"
STATUSES = (PASS, WARN, VETO, NO_DATA, SUSPECT)
COMPARES: dict[str, Callable[[float, float], bool]] = {
    ">": lambda value, line: value > line,
    ">=": lambda value, line: value >= line,
}
_NUMERIC_DATE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_TODAY_WIDGET = ("今天是", "今日", "星期", "当前时间")
#: Categories whose veto findings stand behind another item (availability, freshness, messages).
_OTHER_ITEMS = frozenset({"unreachable", "stale_column", "empty_column", "interaction"})


# --- probe statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProbeStats:
    """Availability probes of one site over the inspection window (`govpatrol watch`)."""

    start: date
    end: date
    per_day: dict[date, tuple[int, int]] = field(default_factory=dict)  # day -> (probes, failed)
    failed_urls: dict[str, int] = field(default_factory=dict)  # url -> failed probes

    @property
    def total(self) -> int:
        return sum(n for n, _ in self.per_day.values())

    @property
    def failed(self) -> int:
        return sum(f for _, f in self.per_day.values())

    @property
    def rate(self) -> float | None:
        """Failed probes in percent of all probes (None: no probe)."""
        return 100.0 * self.failed / self.total if self.total else None

    def full_days(self, minimum: int) -> int:
        return sum(1 for n, _ in self.per_day.values() if n >= minimum)

    @classmethod
    def from_probes(cls, probes: Iterable[tuple[date, str, bool]], start: date,
                    end: date) -> ProbeStats:
        """From (local day, url, ok) triples; probes outside [start, end] are left out."""
        per_day: dict[date, list[int]] = {}
        failed_urls: dict[str, int] = {}
        for day, url, ok in probes:
            if not start <= day <= end:
                continue
            counts = per_day.setdefault(day, [0, 0])
            counts[0] += 1
            if not ok:
                counts[1] += 1
                failed_urls[url] = failed_urls.get(url, 0) + 1
        return cls(start, end, {d: (n, f) for d, (n, f) in sorted(per_day.items())}, failed_urls)


# --- the dashboard ----------------------------------------------------------------------------


@dataclass
class VetoItem:
    """One single-veto item of one site, as the dashboard shows it."""

    key: str
    label: str
    category: str
    value: float | None  # count, days or percent; None when undated or not measured
    unit: str  # "个", "天", "%"
    veto_line: float
    warn_line: float | None
    compare: str  # how the value meets the veto line: ">" or ">="
    status: str  # PASS / WARN / VETO / NO_DATA
    detail: str  # one Chinese sentence: what was measured
    finding_ids: list[str] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)  # the columns, messages ...
    covered: bool = False  # the findings behind it are veto findings already

    @property
    def value_text(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "%":
            return f"{self.value:.1f}%"
        return f"{_num(self.value)}{self.unit}"

    @property
    def line_text(self) -> str:
        word = "超过" if self.compare == ">" else "达到"
        return f"{word}{_num(self.veto_line)}{self.unit}"

    @property
    def warn_text(self) -> str:
        return "—" if self.warn_line is None else f"达到{_num(self.warn_line)}{self.unit}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(value_text=self.value_text, line_text=self.line_text,
                    warn_text=self.warn_text)
        return data


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def status_of(value: float | None, veto: float, warn: float | None, compare: str) -> str:
    """VETO when the value meets the veto line, WARN from the warning level on, else PASS."""
    if value is None:
        return NO_DATA
    if COMPARES[compare](value, veto):
        return VETO
    if warn is not None and value >= warn:
        return WARN
    return PASS


@dataclass
class Facts:
    """What the items are computed from: the records and findings, and the shared facts of the
    pages (auditors/facts.py), gathered in the audit's one pass."""

    records: SiteRecords
    findings: list[Finding]
    profile: Profile
    as_of: date
    probes: ProbeStats | None
    site: SiteFacts

    @property
    def home(self) -> Page | None:
        return self.site.home

    @property
    def published(self) -> dict[str, date]:
        return self.site.published

    @property
    def messages(self) -> list[Message]:
        return self.site.messages

    def ids(self, keep: Callable[[Finding], bool]) -> list[str]:
        return [f.id for f in self.findings if keep(f)]


def _newest(column: Column, published: dict[str, date]) -> date | None:
    """Newest list date; for a list without dates, the newest date of its items' pages."""
    if column.newest is not None:
        return column.newest
    dates = [published[i.url] for i in column.items if i.url in published]
    return max(dates) if dates else None


def _columns(records: SiteRecords) -> list[Column]:
    seen: set[str] = set()
    out = []
    for column in records.columns:
        if column.url not in seen:
            seen.add(column.url)
            out.append(column)
    return out



@dataclass
class _Spec:
    key: str
    table: Section
    label: str
    category: str
    veto: float
    warn: float | None
    compare: str

    def item(self, value: float | None, unit: str, status: str | None, detail: str,
             **kwargs: Any) -> VetoItem:
        status = status or status_of(value, self.veto, self.warn, self.compare)
        return VetoItem(key=self.key, label=self.label, category=self.category, value=value,
                        unit=unit, veto_line=self.veto, warn_line=self.warn,
                        compare=self.compare, status=status, detail=detail, **kwargs)


def _availability(spec: _Spec, facts: Facts) -> VetoItem:
    stats = facts.probes
    if stats is None or stats.total == 0:
        when = f"{stats.start.isoformat()}至{stats.end.isoformat()}" if stats else ""
        return spec.item(None, "%", NO_DATA, f"{when}没有可用性探测记录：请运行 govpatrol watch"
                                             "持续探测首页和重点栏目")
    minimum = spec.table.integer("min_probes_per_day", 20)
    window = spec.table.integer("window_days", 7)
    timeout = spec.table.number("timeout_seconds", 15)
    rate = stats.rate
    days = stats.full_days(minimum)
    detail = (f"{stats.start.isoformat()}至{stats.end.isoformat()}共探测{stats.total}次，"
              f"{_num(float(timeout))}秒内未能打开{stats.failed}次（{rate:.1f}%）；"
              f"每天探测不少于{minimum}次的天数为{days}/{window}")
    if days < window:
        detail += "，监测尚不满足检查要求"
    entries = [{"url": u, "failed": n} for u, n in
               sorted(stats.failed_urls.items(), key=lambda kv: -kv[1])]
    return spec.item(rate, "%", None, detail, entries=entries,
                     finding_ids=facts.ids(lambda f: f.category == "unreachable"
                                           and f.url in stats.failed_urls))


def _home_dates(facts: Facts) -> list[date]:
    home = facts.home
    assert home is not None
    listed = {item.url: item.list_date for c in facts.records.columns for item in c.items
              if item.list_date}
    dates = []
    for link in home.links:
        url = link.url.split("#", 1)[0]
        found = listed.get(url) or facts.published.get(url)
        if found:
            dates.append(found)
    for line in home.text.split("\n"):
        if any(word in line for word in _TODAY_WIDGET):
            continue
        for match in _NUMERIC_DATE.finditer(line):
            try:
                dates.append(date(int(match[1]), int(match[2]), int(match[3])))
            except ValueError:
                continue
    return [d for d in dates if d <= facts.as_of]


def _home_page(spec: _Spec, facts: Facts) -> VetoItem:
    if facts.home is None:
        return spec.item(None, "天", NO_DATA, "本次巡检未抓取首页（按栏目巡检），无法判断首页更新")
    dates = _home_dates(facts)
    if not dates:
        return spec.item(None, "天", VETO, "首页信息均未显示发布日期，按检查指标视为未更新")
    newest = max(dates)
    days = (facts.as_of - newest).days
    return spec.item(days, "天", None, f"首页最新信息日期为{newest.isoformat()}，距今{days}天",
                     entries=[{"url": facts.home.url, "newest": newest.isoformat()}])


@dataclass(frozen=True)
class _Group:
    label: str
    keywords: tuple[str, ...]
    first_level_only: bool
    max_days: int

    def holds(self, column: Column) -> bool:
        if self.first_level_only and column.parent:
            return False
        name = compact(column.name)
        return not self.keywords or any(k in name for k in self.keywords)


def _groups(spec: _Spec) -> list[_Group]:
    return [_Group(t.string("label"), t.strings("keywords", []), t.flag("first_level_only"),
                   t.integer("max_days")) for t in spec.table.table_list("groups")]


def _stale_entry(column: Column, group: _Group, facts: Facts) -> dict[str, Any] | None:
    """The column's entry when it has not been updated within the group's days."""
    newest = _newest(column, facts.published)
    days = (facts.as_of - newest).days if newest else None
    if days is not None and days <= group.max_days:
        return None
    return {"name": column.name, "url": column.url, "department": column.department,
            "group": group.label, "max_days": group.max_days,
            "newest": newest.isoformat() if newest else None, "days": days}


def _column_item(spec: _Spec, facts: Facts, entries: list[dict[str, Any]],
                 what: str) -> VetoItem:
    urls = {e["url"] for e in entries}
    names = "、".join(e["name"] for e in entries[:8]) + ("等" if len(entries) > 8 else "")
    detail = f"{what}{len(entries)}个" + (f"：{names}" if entries else "")
    ids = facts.ids(lambda f: f.category in ("stale_column", "empty_column") and f.url in urls)
    return spec.item(len(entries), "个", None, detail, entries=entries, finding_ids=ids)


def _group_of(column: Column, groups: list[_Group]) -> _Group | None:
    return next((g for g in groups if g.holds(column)), None)


def _stale_columns(spec: _Spec, facts: Facts) -> VetoItem:
    groups = _groups(spec)
    entries = []
    for column in _columns(facts.records):
        group = _group_of(column, groups)
        if group is None or not column.items:
            continue
        entry = _stale_entry(column, group, facts)
        if entry:
            entries.append(entry)
    labels = "；".join(f"{g.label}{g.max_days}天" for g in groups)
    return _column_item(spec, facts, entries, f"超期未更新的栏目（{labels}）")


def _long_unupdated(spec: _Spec, facts: Facts) -> VetoItem:
    stale_spec = section(facts.profile, "veto", fallback=False).sub("stale_columns")
    groups = _groups(_Spec("stale_columns", stale_spec, "", "", 0, None, ">="))
    keywords = spec.table.strings("keywords", [])
    rule = _Group(spec.label, keywords, False, spec.table.integer("max_days"))
    entries = []
    for column in _columns(facts.records):
        if not column.items or _group_of(column, groups) or not rule.holds(column):
            continue
        if classify(column, facts.profile).limit_days is None:
            continue  # 概况类: not expected to change
        entry = _stale_entry(column, rule, facts)
        if entry:
            entries.append(entry)
    return _column_item(spec, facts, entries, f"超过{rule.max_days}天未更新的栏目")


def _empty_columns(spec: _Spec, facts: Facts) -> VetoItem:
    entries = [{"name": c.name, "url": c.url, "department": c.department}
               for c in _columns(facts.records) if not c.items]
    return _column_item(spec, facts, entries, "空白栏目")


def _content(spec: _Spec, facts: Facts) -> VetoItem:
    """Findings that fail the site by themselves: the listed categories at veto severity, and
    whatever the scorer maps to the 安全、泄密事故 veto (ScoringRules.is_veto: 台湾政府, gambling
    links, leaked personal data, tampering, hidden links), each with its evidence."""
    categories = set(spec.table.strings("categories"))
    rules = ScoringRules.from_profile(facts.profile)
    hits = [f for f in facts.findings if not f.rule.startswith("veto.")
            and ((f.category in categories and f.severity == "veto")
                 or (rules.is_veto(f) and f.category not in _OTHER_ITEMS))]
    entries = [{"url": f.url, "department": f.department, "text": f.text or f.link_url,
                "message": f.message, "rule": f.rule,
                "category": CATEGORIES.get(f.category, f.category)} for f in hits]
    detail = f"严重表述错误、有害内容等一票否决问题{len(hits)}个"
    if hits:
        shown = "、".join(dict.fromkeys(f"“{e['text']}”" for e in entries if e["text"]))
        detail += f"：{shown}" if shown else ""
    return spec.item(len(hits), "个", None, detail, entries=entries,
                     finding_ids=[f.id for f in hits], covered=True)


def _interaction(spec: _Spec, facts: Facts) -> VetoItem:
    rules = InteractionRules.from_profile(facts.profile)
    spec.veto = rules.unanswered_days
    covered = rules.severity_unanswered == "veto"
    ids = facts.ids(lambda f: f.rule == "interaction.unanswered")
    if not facts.messages:
        return spec.item(None, "天", NO_DATA, "未发现显示留言时间和回复时间的留言板或信箱页面",
                         covered=covered)
    waiting = sorted((m for m in facts.messages if m.replied is None and m.asked <= facts.as_of),
                     key=lambda m: m.asked)
    entries = [{"url": m.url, "title": m.title, "department": m.department,
                "asked": m.asked.isoformat(), "days": (facts.as_of - m.asked).days}
               for m in waiting]
    if not waiting:
        return spec.item(0, "天", None, f"共{len(facts.messages)}条留言，均已回复",
                         finding_ids=ids, covered=covered)
    oldest = entries[0]
    detail = (f"共{len(facts.messages)}条留言，{len(waiting)}条未回复，最早一条"
              f"“{oldest['title']}”{oldest['asked']}提交，已等待{oldest['days']}天")
    return spec.item(oldest["days"], "天", None, detail, entries=entries, finding_ids=ids,
                     covered=covered)


def _new_media(spec: _Spec, facts: Facts) -> VetoItem:
    """The most silent account among those read from a fresh source (account_health.py); a
    stale-looking account whose source is not fresh is listed as 来源失效/待核实 and never
    reaches the line."""
    spec.veto = facts.profile.wechat_stale_days
    covered = facts.profile.severity.get("wechat") == "veto"
    accounts = facts.records.accounts
    ids = facts.ids(lambda f: f.rule in ("freshness.wechat", "freshness.wechat_source"))
    if not accounts:
        return spec.item(None, "天", NO_DATA, "未配置政务新媒体账号", covered=covered)
    judged, unsure = [], []
    for account in accounts:
        view = account_view(account, facts.published, facts.as_of, int(spec.veto))
        newest = view.newest
        entry = {"name": account.name, "url": account.url, "department": account.department,
                 "newest": newest.isoformat() if newest else None,
                 "days": (facts.as_of - newest).days if newest else None,
                 "source": "；".join(view.problems) or "正常"}
        stale = view.stale(facts.as_of, int(spec.veto))
        (unsure if stale and view.problems else judged).append(entry)
    entries = judged + unsure
    doubt = ("；来源失效/待核实：" + "、".join(f"“{e['name']}”（{e['source']}）" for e in unsure)
             if unsure else "")
    if not judged:
        return spec.item(None, "天", NO_DATA, f"没有来源可靠的账号{doubt}", entries=entries,
                         finding_ids=ids, covered=covered)
    worst = max(judged, key=lambda e: e["days"])  # a fresh source always has a dated article
    detail = (f"{len(judged)}个来源可靠的账号中“{worst['name']}”最久未更新，已{worst['days']}天"
              f"{doubt}")
    return spec.item(worst["days"], "天", None, detail, entries=entries, finding_ids=ids,
                     covered=covered)


def _service_use(spec: _Spec, facts: Facts) -> VetoItem:
    """服务不实用 (2): the guides lacking [service_guide] veto_missing or more of the 10 key
    elements (their service_guide.element.* findings), against veto_guides. Whether a guide
    really is one service, and clauses (1) and (3), are for a person: at the line the item is
    SUSPECT, never VETO."""
    guide = section(facts.profile, "service_guide")
    spec.veto = guide.integer("veto_guides")
    missing_line = guide.integer("veto_missing")
    keywords = guide.strings("keywords", [])
    lacking: dict[str, list[Finding]] = {}
    for f in facts.findings:
        if f.rule.startswith("service_guide.element."):
            lacking.setdefault(f.url, []).append(f)
    has_guides = (any(f.category == "service_guide" for f in facts.findings)
                  or any(k in compact(c.name) for c in facts.records.columns for k in keywords))
    if not has_guides:
        return spec.item(None, "个", NO_DATA, "未发现办事指南页面，无法估算")
    poor = {url: found for url, found in lacking.items() if len(found) >= missing_line}
    entries = [{"url": url, "department": found[0].department, "missing": len(found),
                "title": found[0].message.split("“", 1)[-1].split("”", 1)[0]}
               for url, found in sorted(poor.items())]
    ids = [f.id for found in poor.values() for f in found]
    ids += facts.ids(lambda f: f.rule == "service_guide.veto_estimate")
    detail = f"办事指南缺少{missing_line}项及以上要素的事项{len(entries)}个"
    if entries:
        detail += "：" + "、".join(f"“{e['title']}”缺{e['missing']}项" for e in entries[:5])
    status = None
    if status_of(len(entries), spec.veto, spec.warn, spec.compare) == VETO:
        status = SUSPECT
        detail += "；机器估算，需人工核查是否构成单项否决"
    return spec.item(len(entries), "个", status, detail, entries=entries, finding_ids=ids)


#: item key -> how it is computed. A new veto item is one function and one line here.
ITEMS: dict[str, Callable[[_Spec, Facts], VetoItem]] = {
    "availability": _availability,
    "home_page": _home_page,
    "stale_columns": _stale_columns,
    "long_unupdated": _long_unupdated,
    "empty_columns": _empty_columns,
    "content": _content,
    "interaction": _interaction,
    "new_media": _new_media,
    "service_use": _service_use,
}


def _specs(profile: Profile) -> list[_Spec]:
    veto = section(profile, "veto", fallback=False)
    specs = []
    for key, table in veto.tables().items():
        if key not in ITEMS:
            raise table.fail("-", f"未知的单项否决指标，可用：{', '.join(ITEMS)} (unknown item)")
        # their line lives in another table
        derived = key in ("interaction", "new_media", "service_use")
        specs.append(_Spec(
            key=key, table=table, label=table.string("label"),
            category=table.string("category"),
            veto=0 if derived else table.number("veto"),
            warn=table.optional_number("warn"),
            compare=table.choice("compare", tuple(COMPARES), ">="),
        ))
    return specs


def probe_window(profile: Profile, as_of: date) -> tuple[date, date] | None:
    """The days whose probes count on `as_of` (None: the profile has no availability line)."""
    table = section(profile, "veto", fallback=False).sub("availability")
    if not table.table:
        return None
    days = table.integer("window_days", 7)
    return as_of - timedelta(days=max(days, 1) - 1), as_of


def veto_dashboard(records: SiteRecords, findings: Iterable[Finding], ctx: AuditContext,
                   probes: ProbeStats | None = None,
                   site_facts: SiteFacts | None = None) -> list[VetoItem]:
    """Every veto item of the profile's [veto] table for one site ([] when it has none).

    `site_facts`: the audit's shared facts; without them (the reports, `prep`) the pages are
    read once here."""
    profile = profile_from(ctx.profile)
    specs = _specs(profile)
    if not specs:
        return []
    if site_facts is None:
        site_facts = SiteFacts.gather(records.iter_pages(), profile)
    facts = Facts(records, list(findings), profile, ctx.as_of, probes, site_facts)
    items = [ITEMS[spec.key](spec, facts) for spec in specs]
    for item in items:  # the item's own findings (veto_findings) are behind it too
        own = {f"veto.{item.key}", f"veto.{item.key}.warning"}
        item.finding_ids += [f.id for f in facts.findings
                             if f.rule in own and f.id not in item.finding_ids]
    return items


def veto_findings(items: Iterable[VetoItem], ctx: AuditContext, site: str,
                  home_url: str) -> Iterator[Finding]:
    """A finding per item at its veto line (unless its own findings are vetoes already) and
    per item at its warning level."""
    veto = section(profile_from(ctx.profile), "veto", fallback=False)
    severity = veto.severity("severity", "veto")
    warning = veto.severity("warning_severity", "info")
    for item in items:
        if item.status not in (VETO, WARN) or (item.status == VETO and item.covered):
            continue
        departments = {e.get("department") for e in item.entries}
        department = (departments.pop() if len(departments) == 1 and None not in departments
                      else ctx.settings.department)
        days = item.unit == "天" and item.value is not None
        common = {
            "site": site, "category": item.category, "url": home_url, "department": department,
            "limit_days": int(item.veto_line) if item.unit == "天" else None,
            "actual_days": int(item.value) if days else None,
        }
        if item.status == VETO:
            yield Finding(rule=f"veto.{item.key}", severity=severity,
                          message=f"单项否决：{item.label}，{item.detail}（否决线：{item.line_text}）",
                          **common)
        else:
            yield Finding(rule=f"veto.{item.key}.warning", severity=warning,
                          message=(f"单项否决预警：{item.label}，{item.detail}（预警线："
                                   f"{item.warn_text}，否决线：{item.line_text}），请在检查前整改"),
                          **common)


class Veto(PageAuditor):
    """The `veto` auditor: findings for the items at a line (probes from records.extra)."""

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        records = self.records
        items = veto_dashboard(records, [], self.ctx, probes=records.extra.get("probes"),
                               site_facts=facts)
        yield from veto_findings(items, self.ctx, records.site, records.home_url)
