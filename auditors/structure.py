"""`missing_structure`: required columns, metadata and annual documents that are not there.

Evaluators open the 政府信息公开 column and look for its six parts (001 附件1, 002 四(二)),
open policy documents and read their 信息索引 table, look for last year's annual reports after
31 January (000 附件2), and add up the annual report's application table (003, section 三).
All of it is visible in the stored records; what is required, the keywords that recognise it
and the severities are data ([structure] in the profile, the deadline in [limits]). Pure.

Parts are recognised by name wherever they show: column names, page titles and the link
anchors of the 信息公开 pages and the home page. A site patrolled column by column has no home
page in its records; the site-wide checks are skipped then, since absence cannot be told.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from govpatrol.auditors.annual_report import check_table
from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.sections import section
from govpatrol.auditors.text.normalise import convert_same_length
from govpatrol.model import Column, Finding, Page, SiteRecords
from govpatrol.rules.profile import Profile

if TYPE_CHECKING:
    from govpatrol.auditors.facts import SiteFacts

#: Metadata keys (govpatrol.model.METADATA_KEYS) -> the labels evaluators use.
METADATA_LABELS = {
    "index_number": "索引号", "title": "标题", "topic": "主题分类", "publisher": "发文机关",
    "formed": "成文日期", "published": "发布日期", "doc_number": "发文字号", "validity": "有效性",
}
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_YEAR = re.compile(r"(?:19|20)\d{2}年度?")
_TITLE_SUFFIX = re.compile(r"\s*[_|｜—–-]+\s*")


def normal(text: str | None) -> str:
    """Spaces out, traditional forms simplified: 「信息公開 年報」 -> 「信息公开年报」."""
    return convert_same_length(_SPACES.sub("", text or ""), "t2s")


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class StructureRules:
    hub_keywords: tuple[str, ...]
    parts: tuple[Part, ...]
    annual: tuple[Part, ...]
    severity: str
    metadata_severity: str
    policy_columns: tuple[str, ...]
    policy_exclude: tuple[str, ...]
    required_metadata: tuple[str, ...]
    deadline: tuple[int, int]  # (month, day) of the following year
    #: every keyword `_has` looks for, normalised, as one pattern (made once, in __post_init__)
    keyword_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = {normal(k) for part in (*self.parts, *self.annual) for k in part.keywords}
        # an empty keyword is in every name ("" in name): then every name matters
        pattern = "" if "" in words else "|".join(
            re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!)"
        object.__setattr__(self, "keyword_pattern", re.compile(pattern))

    def name_matters(self, name: str) -> bool:
        """Whether `_has` can ever answer yes for this name: it holds a keyword of a part or of
        an annual document, as it is or with its years taken out (「网站2025年度工作报表」). The
        scan keeps only such names: a site's few disclosure titles, not one title a page (that
        set grew with the site: ~6 MB at 50,000 pages)."""
        search = self.keyword_pattern.search
        return search(name) is not None or search(_YEAR.sub("", name)) is not None

    @classmethod
    def from_profile(cls, profile: Profile) -> StructureRules:
        s = section(profile, "structure")

        def parts(key: str) -> tuple[Part, ...]:
            return tuple(Part(name, t.string("label"), t.strings("keywords"))
                         for name, t in s.sub(key).tables().items())

        required = s.strings("required_metadata")
        for key in required:
            if key not in METADATA_LABELS:
                raise s.fail("required_metadata", f"{key!r} 不是 {', '.join(METADATA_LABELS)} 之一")
        deadline = str(profile.limits.get("annual_report_deadline", "01-31"))
        match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", deadline)
        if not match:
            raise s.fail("limits.annual_report_deadline", "应为 MM-DD (must be MM-DD)")
        return cls(hub_keywords=s.strings("hub_keywords"), parts=parts("parts"),
                   annual=parts("annual"), severity=s.severity("severity"),
                   metadata_severity=s.severity("metadata_severity"),
                   policy_columns=s.strings("policy_columns"),
                   policy_exclude=s.strings("policy_exclude"), required_metadata=required,
                   deadline=(int(match[1]), int(match[2])))

    def part_keywords(self) -> set[str]:
        return {normal(k) for p in self.parts for k in p.keywords}

    def is_hub(self, name: str | None) -> bool:
        """The 信息公开 column itself, not one of its parts (信息公开指南 contains 信息公开 too).
        A page title's site suffix (「政府信息公开_某市人民政府」) is not part of the name."""
        text = normal(_TITLE_SUFFIX.split(name or "", maxsplit=1)[0])
        if not text or not any(normal(k) in text for k in self.hub_keywords):
            return False
        return not any(k in text for k in self.part_keywords()) and len(text) <= 12

    def is_policy_column(self, name: str | None) -> bool:
        text = normal(name)
        return any(normal(k) in text for k in self.policy_columns) and not any(
            normal(k) in text for k in self.policy_exclude)


@dataclass
class _Scan:
    """What one pass over the pages leaves: names and titles, not the pages."""

    home: bool = False  # a home page that loaded was seen
    hub_pages: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # normalised titles and anchors that matter
    metadata: list[Finding] = field(default_factory=list)
    tables: list[Finding] = field(default_factory=list)
    policy_columns: dict[str | None, bool] = field(default_factory=dict)  # name -> is one
    # title or column name -> rules.is_hub: list pages of a column share both (bounded)
    hubs: dict[str | None, bool] = field(default_factory=dict)

    def is_hub(self, rules: StructureRules, name: str | None) -> bool:
        found = self.hubs.get(name)
        if found is None:
            if len(self.hubs) >= _HUBS_MAX:
                self.hubs.clear()
            found = self.hubs[name] = rules.is_hub(name)
        return found


#: Names whose is_hub answer is remembered at most (then forgotten at once).
_HUBS_MAX = 4096


def _hub_url(columns: Iterable[Column], scan: _Scan, rules: StructureRules) -> str | None:
    for column in columns:
        if rules.is_hub(column.name):
            return column.url
    return scan.hub_pages[0] if scan.hub_pages else None


def _metadata_finding(site: str, page: Page, rules: StructureRules) -> Finding | None:
    missing = []
    for key in rules.required_metadata:
        value = page.metadata.get(key)
        if key == "published" and not value and page.published:
            continue  # the date is shown, if not in the 信息索引 table
        if not value or not str(value).strip():
            missing.append(METADATA_LABELS[key])
    if not missing:
        return None
    return Finding(site=site, category="missing_structure", rule="structure.metadata",
                   severity=rules.metadata_severity, url=page.url, column=page.column,
                   department=page.department, published=page.published,
                   message=f"政策文件“{page.title or page.url}”的信息索引缺少："
                           f"{'、'.join(missing)}")


def _table_finding(site: str, page: Page, rules: StructureRules) -> Finding | None:
    if "新收" not in page.text:  # the same in both scripts: a cheap test before OpenCC
        return None
    problems = check_table(page.text)
    if not problems:
        return None
    shown = "；".join(f"{p.column}：{p.detail}" for p in problems[:3])
    more = f"等{len(problems)}处" if len(problems) > 3 else ""
    return Finding(site=site, category="missing_structure", rule="structure.annual_table",
                   severity=rules.severity, url=page.url, column=page.column,
                   department=page.department,
                   message=f"“{page.title or '政府信息公开工作年度报告'}”的政府信息公开申请"
                           f"情况表数据不平衡（应为 本年新收＋上年结转＝办理结果总计＋"
                           f"结转下年度）：{shown}{more}")


def scan_page(scan: _Scan, site: str, page: Page, rules: StructureRules) -> None:
    """What one page adds: its title and anchors, metadata and annual-table findings."""
    if page.error is not None or (page.status is not None and page.status >= 400):
        return
    if page.soft_404:  # an error page answered 200: neither a document nor a part of the site
        return
    title = normal(page.title)
    if title and rules.name_matters(title):
        scan.names.add(title)
    hub = page.kind != "detail" and (scan.is_hub(rules, page.title)
                                     or scan.is_hub(rules, page.column))
    if page.kind == "home":
        scan.home = True
    if hub:
        scan.hub_pages.append(page.url)
    if page.kind == "home" or hub:
        scan.names.update(name for name in (normal(link.anchor) for link in page.links
                                             if link.anchor) if rules.name_matters(name))
    policy = scan.policy_columns.get(page.column)
    if policy is None and page.kind == "detail":
        policy = scan.policy_columns[page.column] = rules.is_policy_column(page.column)
    if page.kind == "detail" and policy:
        finding = _metadata_finding(site, page, rules)
        if finding:
            scan.metadata.append(finding)
    finding = _table_finding(site, page, rules)
    if finding:
        scan.tables.append(finding)


def _has(names: set[str], keywords: Iterable[str], year: int | None = None) -> bool:
    """A name holds one of the keywords (and names the year); years inside a title are
    skipped when matching, as in 「某市人民政府网站2025年度工作报表」."""
    wanted = [normal(k) for k in keywords]
    for name in names:
        if year is not None and str(year) not in name:
            continue
        bare = _YEAR.sub("", name)
        if any(k in name or k in bare for k in wanted):
            return True
    return False


def _department(columns: list[Column], url: str, default: str | None) -> str | None:
    return next((c.department for c in columns if c.url == url and c.department), default)


def disclosure_findings(site: str, columns: list[Column], scan: _Scan, home_url: str,
                        rules: StructureRules, department: str | None = None
                        ) -> Iterator[Finding]:
    names = set(scan.names)
    for column in columns:
        names.update(normal(n) for n in (column.name, column.parent) if n)
    hub = _hub_url(columns, scan, rules)
    if hub is None:
        yield Finding(site=site, category="missing_structure", rule="structure.disclosure",
                      severity=rules.severity, url=home_url, department=department,
                      message="未发现政府信息公开栏目（政府信息公开专栏），请在首页设置统一入口")
        return
    for part in rules.parts:
        if not _has(names, part.keywords):
            yield Finding(site=site, category="missing_structure",
                          rule=f"structure.disclosure.{part.key}", severity=rules.severity,
                          url=hub, column=_column_name(columns, hub),
                          department=_department(columns, hub, department),
                          message=f"政府信息公开栏目缺少“{part.label}”")


def _column_name(columns: list[Column], url: str) -> str | None:
    return next((c.name for c in columns if c.url == url), None)


def annual_findings(site: str, columns: list[Column], scan: _Scan, home_url: str,
                    as_of: date, rules: StructureRules, department: str | None = None
                    ) -> Iterator[Finding]:
    month, day = rules.deadline
    try:
        deadline = date(as_of.year, month, day)
    except ValueError:
        return
    if as_of <= deadline:
        return
    year = as_of.year - 1
    names = set(scan.names)
    for column in columns:
        names.update(normal(item.title) for item in column.items)
    url = _hub_url(columns, scan, rules) or home_url
    for doc in rules.annual:
        if not _has(names, doc.keywords, year):
            yield Finding(site=site, category="missing_structure",
                          rule=f"structure.annual.{doc.key}", severity=rules.severity, url=url,
                          department=_department(columns, url, department),
                          message=f"截至{as_of.isoformat()}未发现{year}年度{doc.label}，"
                                  f"应于{deadline.month}月{deadline.day}日前发布")


class Structure(PageAuditor):
    """Policy metadata and annual tables page by page (reported first, as always), then the
    disclosure parts and annual documents of the whole site."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.rules = StructureRules.from_profile(profile_from(ctx.profile))
        self.scan = _Scan()

    def page(self, page: Page) -> tuple[()]:
        scan_page(self.scan, self.records.site, page, self.rules)
        return ()

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        records, scan, rules = self.records, self.scan, self.rules
        yield from scan.metadata
        yield from scan.tables
        if not scan.home:  # one column patrolled: absence cannot be told
            return
        department = self.ctx.settings.department  # the site's own office answers
        yield from disclosure_findings(records.site, records.columns, scan, records.home_url,
                                       rules, department)
        yield from annual_findings(records.site, records.columns, scan, records.home_url,
                                   self.ctx.as_of, rules, department)
