"""`service_guide`: 办事指南 pages against the national 办事指南 indicator (国办秘函〔2019〕19号).

A guide must show ten key elements (事项名称, 设定依据, 申请条件, 办理材料, 办理地点, 办理机构,
收费标准, 办理时间, 联系电话, 办理流程): each one missing costs 0.5 (cap 8). The materials must
say their form (原件/复印件, 纸质/电子) and number of copies (-1 per guide); a catch-all
「根据有关法律法规规定应提交的其他材料」 costs 2 per guide; a legal basis named without its
content (no article cited) 0.5, a suspicion a person confirms. Five or more guides lacking four
or more elements is the 服务不实用 single veto: reported as 疑似 for a person to confirm, never
as a veto by itself.

A page is read as a guide when its title or column names a guide and it shows at least
`min_elements` element labels, or when it shows `min_elements_alone` of them whatever its name
(guides of a service platform are titled by the matter). An element counts when its label
begins a line (a table cell, a 「一、申请条件」 heading) and something follows it. Labels,
wordings and lines are data ([service_guide] in the profile). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.sections import Section, section
from govpatrol.model import NOT_ARTICLE_KINDS, Finding, Page, SiteRecords

if TYPE_CHECKING:
    from govpatrol.auditors.facts import SiteFacts

_NUMBERING = r"(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])?"
#: What stands after a label when the element is really empty.
_EMPTY = frozenset({"", "/", "-", "—", "——", "暂无", "无内容", "空"})


def _compile(s: Section, key: str, values: tuple[str, ...] | None = None) -> list[re.Pattern]:
    out = []
    for value in s.strings(key) if values is None else values:
        try:
            out.append(re.compile(value))
        except re.error as exc:
            raise s.fail(key, f"正则表达式 {value!r} 无效：{exc}") from exc
    return out


@dataclass(frozen=True)
class Element:
    key: str
    label: str
    line: re.Pattern[str]  # a line that begins with one of its names
    title_counts: bool = False  # the page title shows it (事项名称 as the guide's heading)


@dataclass(frozen=True)
class GuideRules:
    enabled: bool
    severity: str
    veto_severity: str
    keywords: tuple[str, ...]
    min_elements: int
    min_elements_alone: int
    elements: tuple[Element, ...]
    materials: str  # the key of the materials element
    basis: str  # the key of the legal basis element
    vague: tuple[re.Pattern[str], ...]
    forms: tuple[str, ...]
    copies: re.Pattern[str]
    article: re.Pattern[str]
    veto_guides: int
    veto_missing: int

    @classmethod
    def from_profile(cls, profile) -> GuideRules:
        s = section(profile, "service_guide")
        elements = []
        for key, spec in s.sub("elements").tables().items():
            names = spec.strings("names")
            pattern = (rf"^\s*{_NUMBERING}\s*(?:{'|'.join(map(re.escape, names))})"
                       rf"\s*[:：]?\s*(.*)$")
            elements.append(Element(key, spec.string("label"), re.compile(pattern),
                                    spec.flag("title_counts")))
        keys = {e.key for e in elements}
        for key in ("materials", "basis"):
            if s.string(key) not in keys:
                raise s.fail(key, f"{s.string(key)!r} 不是 service_guide.elements 之一")
        return cls(
            enabled=s.flag("enabled", True), severity=s.severity("severity"),
            veto_severity=s.severity("veto_severity"), keywords=s.strings("keywords"),
            min_elements=s.integer("min_elements"),
            min_elements_alone=s.integer("min_elements_alone"), elements=tuple(elements),
            materials=s.string("materials"), basis=s.string("basis"),
            vague=tuple(_compile(s, "vague")), forms=s.strings("forms"),
            copies=_compile(s, "copies", (s.string("copies"),))[0],
            article=_compile(s, "article", (s.string("article"),))[0],
            veto_guides=s.integer("veto_guides"), veto_missing=s.integer("veto_missing"))


def sections(text: str, rules: GuideRules) -> dict[str, str]:
    """Element key -> its content: the rest of its label's line and the lines up to the next
    element label (a table row's cells are lines of the page text)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        for element in rules.elements:
            match = element.line.match(line)
            if match:
                current = found.setdefault(element.key, [])
                current.append(match.group(1).strip())
                break
        else:
            if current is not None:
                current.append(line.strip())
    return {key: "\n".join(part for part in parts if part).strip()
            for key, parts in found.items()}


@dataclass
class Guide:
    """One guide's problems, as `judge` found them."""

    missing: list[str]  # element keys
    vague: str | None  # the catch-all wording
    form_missing: list[str]  # "形式（原件/复印件……）", "份数"
    basis_named_only: bool


def judge(page: Page, rules: GuideRules) -> Guide | None:
    """The guide's problems, or None when the page is not a guide."""
    parts = sections(page.text, rules)
    found = {k: v for k, v in parts.items() if v not in _EMPTY}
    labelled = len(parts)
    named = any(k in (page.title or "") or k in (page.column or "") for k in rules.keywords)
    if labelled < (rules.min_elements if named else rules.min_elements_alone):
        return None
    missing = [e.key for e in rules.elements
               if e.key not in found and not (e.title_counts and page.title)]
    vague = next((m.group(0) for p in rules.vague for m in [p.search(page.text)] if m), None)
    materials = found.get(rules.materials, "")
    form_missing = []
    if materials:
        if not any(word in materials for word in rules.forms):
            form_missing.append("形式（" + "/".join(rules.forms) + "）")
        if not rules.copies.search(materials):
            form_missing.append("份数")
    basis = found.get(rules.basis, "")
    named_only = bool(basis) and "《" in basis and not rules.article.search(basis)
    return Guide(missing, vague, form_missing, named_only)


class ServiceGuides(PageAuditor):
    """Each guide page judged as it comes; the 服务不实用 estimate at the end."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.rules = GuideRules.from_profile(profile_from(ctx.profile))
        self.labels = {e.key: e.label for e in self.rules.elements}
        self.guides = 0
        self.poor: list[tuple[str, str, int]] = []  # (url, title, missing) of guides at the line

    def page(self, page: Page) -> Iterator[Finding]:
        rules = self.rules
        if (not rules.enabled or page.kind in NOT_ARTICLE_KINDS or page.error is not None
                or (page.status is not None and page.status >= 400) or page.soft_404
                or not page.text):
            return
        guide = judge(page, rules)
        if guide is None:
            return
        self.guides += 1
        title = page.title or page.url
        common = {"site": self.records.site, "category": "service_guide", "url": page.url,
                  "column": page.column, "department": page.department,
                  "severity": rules.severity}
        for key in guide.missing:
            yield Finding(rule=f"service_guide.element.{key}", text=self.labels[key],
                          message=f"办事指南“{title}”缺少要素“{self.labels[key]}”", **common)
        if len(guide.missing) >= rules.veto_missing:
            self.poor.append((page.url, title, len(guide.missing)))
        if guide.vague:
            yield Finding(rule="service_guide.vague", text=guide.vague,
                          message=f"办事指南“{title}”含兜底性模糊表述“{guide.vague}”，"
                                  "应列明具体材料", **common)
        if guide.form_missing:
            yield Finding(rule="service_guide.format", text="、".join(guide.form_missing),
                          message=f"办事指南“{title}”的办理材料未注明"
                                  f"{'、'.join(guide.form_missing)}", **common)
        if guide.basis_named_only:
            yield Finding(rule="service_guide.basis", text=self.labels[rules.basis],
                          message=f"办事指南“{title}”的{self.labels[rules.basis]}只列文件名称、"
                                  "未列具体条款（疑似，需人工核查）", **common)

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        rules = self.rules
        if not rules.enabled or len(self.poor) < rules.veto_guides:
            return
        shown = "；".join(f"“{title}”缺{n}项" for _, title, n in sorted(self.poor)[:5])
        yield Finding(
            site=self.records.site, category="service_guide", rule="service_guide.veto_estimate",
            severity=rules.veto_severity, url=self.records.home_url,
            message=(f"疑似触及单项否决“服务不实用”：{len(self.poor)}个事项的办事指南缺少"
                     f"{rules.veto_missing}个及以上要素（{rules.veto_guides}个及以上即否决；"
                     f"已检查办事指南{self.guides}个），需人工核查。例如：{shown}"))
