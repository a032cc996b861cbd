"""Estimated scores under the rules profile's `[scoring]` section (rules.md section 2).

A department needs to know what its findings would cost in a third-party evaluation, not just
how many there are. Weights, caps, grades and rectification deadlines are data: they are read
from `profile.raw["scoring"]`, merged over the bundled default profile's section, so a profile
without the section (an older user file) still scores the same way. No number lives here.

Every finding counts toward the first scoring item it matches (so nothing is deducted twice);
an item's deductions are capped at its points, and items of one second-level indicator
(`indicator`, the national tables' 二级指标) share the indicator's cap. A finding at a veto
severity, or of a veto category or rule (`veto_categories`, `veto_rules`: 台湾政府, gambling
links, leaked personal data ...), marks the scope 单项否决 whatever its score. Items say how
sure the estimate is (`method`: M machine, P partly, H a person), so a report never passes a
guess off as a finding.

This is the one scorer: the HTML report, the Excel ledger, the Word report and `prep` all call
`score` / `score_by_department` here, so they cannot disagree.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from fnmatch import fnmatchcase
from functools import cache, lru_cache
from typing import Any

from govpatrol.model import SEVERITIES, Finding
from govpatrol.rules.profile import ProfileError, load_profile

#: The label reports use for findings without a responsible department.
UNASSIGNED = "未指定责任单位"


@cache
def _bundled_scoring() -> dict[str, Any]:
    return load_profile("default").raw["scoring"]


def default_scoring() -> dict[str, Any]:
    """`[scoring]` of the bundled default profile (rules/profiles/default.toml): the one place
    the default weights, grades and deadlines live. A copy: callers may change it."""
    return copy.deepcopy(_bundled_scoring())


_ITEM_KEYS = {"label", "points", "per_finding", "categories", "rules", "exclude_rules",
              "indicator", "method", "unit", "per_home", "pages", "column_keywords",
              "exclude_column_keywords", "note"}
_INDICATOR_KEYS = {"label", "area", "cap", "method"}
_BONUS_KEYS = {"area", "label", "cap", "rule", "method"}
_TOP_KEYS = {"base", "count_severities", "veto_severities", "veto_grade", "veto_below", "grades",
             "rectify_days", "items", "veto_categories", "veto_rules", "veto_label",
             "veto_match_severities", "fail_label",
             "areas", "indicators", "bonus", "bonus_above", "bonus_cap"}
METHODS = ("M", "P", "H")
#: What a report says about an item's estimate, by method.
METHOD_NOTES = {"M": "机器检查", "P": "疑似，需人工核查", "H": "需人工核查"}
#: An M or P rule no auditor checks yet: said, never guessed.
UNCHECKED_NOTE = "本工具尚未检查，需人工核查"


@lru_cache(maxsize=16384)
def _rule_matches(rule: str, patterns: tuple[str, ...]) -> bool:
    """Rule ids match exactly or by a shell pattern ("veto.*", "sensitive.*"); cached, since a
    run has a few dozen rules and tens of thousands of findings."""
    return any(rule == p or fnmatchcase(rule, p) for p in patterns)


@dataclass(frozen=True)
class ScoreItem:
    """One deduction item (信息管理, 主动公开 ...): the findings it counts, what each costs."""

    name: str
    label: str
    points: float
    per_finding: float
    categories: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    exclude_rules: tuple[str, ...] = ()
    indicator: str = ""  # the second-level indicator whose cap it shares ("" : its own cap)
    method: str = "M"  # M: a crawler decides; P: suspected, a person confirms; H: a person
    unit: str = "个"  # what one count is: 个 (finding), 栏目, 页 ...
    per_home: float | None = None  # per finding on the home page, when it costs more there
    pages: str = ""  # "home": home-page findings only; "other": all but the home page
    column_keywords: tuple[str, ...] = ()  # only findings of columns named with one of these
    exclude_column_keywords: tuple[str, ...] = ()  # ... never of columns named with these
    note: str = ""

    @property
    def checked(self) -> bool:
        """Whether any finding can reach it (an H rule, or one no auditor checks yet, cannot)."""
        return self.method != "H" and bool(self.categories or self.rules)

    @property
    def method_note(self) -> str:
        return METHOD_NOTES[self.method] if self.checked or self.method == "H" else UNCHECKED_NOTE

    def matches(self, finding: Finding, home_url: str | None = None) -> bool:
        if not self.checked or _rule_matches(finding.rule, self.exclude_rules):
            return False
        if not (finding.category in self.categories or _rule_matches(finding.rule, self.rules)):
            return False
        if self.column_keywords and not any(k in (finding.column or "")
                                            for k in self.column_keywords):
            return False
        if any(k in (finding.column or "") for k in self.exclude_column_keywords):
            return False
        if self.pages:
            return _on_home(finding, home_url) == (self.pages == "home")
        return True

    def cost(self, finding: Finding, home_url: str | None = None) -> float:
        if self.per_home is not None and _on_home(finding, home_url):
            return self.per_home
        return self.per_finding


def _same_page(url: str, home_url: str) -> bool:
    return url.rstrip("/") == home_url.rstrip("/")


def _on_home(finding: Finding, home_url: str | None) -> bool:
    """On the home page, or (an unreachable page) linked from it: the dead link an inspector
    meets on the home page costs the home page's price, counted once."""
    if home_url is None:
        return False
    return any(_same_page(url, home_url) for url in (finding.url, *(finding.linked_from or ())))


@dataclass(frozen=True)
class Indicator:
    """A second-level indicator (二级指标) of the national tables: its items share `cap`."""

    name: str
    label: str
    area: str
    cap: float
    method: str = "M"


@dataclass(frozen=True)
class BonusItem:
    """A line of the bonus table (加分指标): listed for a person to judge, never guessed."""

    area: str
    label: str
    cap: float
    rule: str
    method: str


@dataclass(frozen=True)
class Grade:
    label: str
    min_score: float


@dataclass(frozen=True)
class ScoringRules:
    """The `[scoring]` section, validated."""

    base: float
    items: tuple[ScoreItem, ...]
    grades: tuple[Grade, ...]  # highest threshold first
    count_severities: frozenset[str]
    veto_severities: frozenset[str]
    veto_grade: str
    veto_below: float | None
    rectify_days: dict[str, int]
    veto_categories: frozenset[str] = frozenset()  # findings of these categories are vetoes
    veto_rules: tuple[str, ...] = ()  # ... and of these rules (patterns), whatever severity
    veto_label: str = "一票否决"
    veto_match_severities: frozenset[str] = frozenset(SEVERITIES)  # for categories and rules
    fail_label: str = "不合格"  # the verdict of a vetoed scope
    indicators: dict[str, Indicator] = field(default_factory=dict)
    areas: dict[str, float] = field(default_factory=dict)  # 一级指标 -> points
    bonus: tuple[BonusItem, ...] = ()
    bonus_above: float | None = None  # bonus points only above this score
    bonus_cap: float = 0
    # finding's (severity, category, rule, column, on the home page) -> its item: the only
    # facts `ScoreItem.matches` reads, and a run has a few hundred such keys for 30,000 findings
    _items_by_key: dict[tuple[Any, ...], ScoreItem | None] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_profile(cls, profile: Any) -> ScoringRules:
        """From a loaded Profile (None: the defaults)."""
        if profile is None:
            return cls.from_mapping({})
        raw = getattr(profile, "raw", {}) or {}
        return cls.from_mapping(raw.get("scoring") or {}, source=getattr(profile, "source", "-"))

    @classmethod
    def from_mapping(cls, section: Mapping[str, Any], source: str = "-") -> ScoringRules:
        """Merge a `[scoring]` table over the defaults; errors name the file and dotted key."""

        def fail(key: str, problem: str) -> ProfileError:
            return ProfileError(source, f"scoring.{key}", problem)

        if not isinstance(section, Mapping):
            raise fail("-", "应为表 (must be a table)")
        for key in section:
            if key not in _TOP_KEYS:
                raise fail(key, f"未知的键，可用：{', '.join(sorted(_TOP_KEYS))} (unknown key)")
        defaults = default_scoring()
        data = {**defaults, **section}
        items_raw = data["items"]
        if "items" in section:  # user items replace or extend the defaults item by item
            items_raw = {**defaults["items"], **section["items"]}
        items = []
        for name, spec in items_raw.items():
            if spec is None or spec is False:  # `items.x = false` switches an item off
                continue
            if not isinstance(spec, Mapping):
                raise fail(f"items.{name}", "应为表 (must be a table)")
            for key in spec:
                if key not in _ITEM_KEYS:
                    raise fail(f"items.{name}.{key}", "未知的键 (unknown key)")
            method = spec.get("method", "M")
            if method not in METHODS:
                raise fail(f"items.{name}.method", f"应为 {' / '.join(METHODS)} 之一")
            pages = spec.get("pages", "")
            if pages not in ("", "home", "other"):
                raise fail(f"items.{name}.pages", '应为 "home" 或 "other"')
            per_home = spec.get("per_home")
            items.append(ScoreItem(
                name=name,
                label=_string(spec.get("label", name), fail, f"items.{name}.label"),
                points=_number(spec.get("points"), fail, f"items.{name}.points"),
                per_finding=_number(spec.get("per_finding"), fail, f"items.{name}.per_finding"),
                categories=_strings(spec.get("categories", []), fail, f"items.{name}.categories"),
                rules=_strings(spec.get("rules", []), fail, f"items.{name}.rules"),
                exclude_rules=_strings(spec.get("exclude_rules", []), fail,
                                       f"items.{name}.exclude_rules"),
                indicator=str(spec.get("indicator", "")),
                method=method,
                unit=_string(spec.get("unit", "个"), fail, f"items.{name}.unit"),
                per_home=None if per_home is None else _number(per_home, fail,
                                                                f"items.{name}.per_home"),
                pages=pages,
                column_keywords=_strings(spec.get("column_keywords", []), fail,
                                         f"items.{name}.column_keywords"),
                exclude_column_keywords=_strings(spec.get("exclude_column_keywords", []), fail,
                                                 f"items.{name}.exclude_column_keywords"),
                note=str(spec.get("note", "")),
            ))
        indicators = _indicators(data.get("indicators") or {}, fail)
        for item in items:
            if item.indicator and item.indicator not in indicators:
                raise fail(f"items.{item.name}.indicator",
                           f"未定义的指标 {item.indicator!r}（见 scoring.indicators）")
        areas = {str(k): _number(v, fail, f"areas.{k}")
                 for k, v in (data.get("areas") or {}).items()}
        bonus = []
        if not isinstance(data.get("bonus", []), list):
            raise fail("bonus", "应为表的列表 [[scoring.bonus]] (must be a list of tables)")
        for i, spec in enumerate(data.get("bonus") or []):
            if not isinstance(spec, Mapping) or set(spec) - _BONUS_KEYS:
                raise fail(f"bonus[{i}]", f"应为含 {', '.join(sorted(_BONUS_KEYS))} 的表")
            bonus.append(BonusItem(
                area=_string(spec.get("area"), fail, f"bonus[{i}].area"),
                label=_string(spec.get("label", spec.get("area")), fail, f"bonus[{i}].label"),
                cap=_number(spec.get("cap"), fail, f"bonus[{i}].cap"),
                rule=_string(spec.get("rule"), fail, f"bonus[{i}].rule"),
                method=_string(spec.get("method", "H"), fail, f"bonus[{i}].method")))
        grades = []
        if not isinstance(data["grades"], list) or not data["grades"]:
            raise fail("grades", "应为非空列表 (must be a non-empty list)")
        for i, grade in enumerate(data["grades"]):
            if not isinstance(grade, Mapping):
                raise fail(f"grades[{i}]", "应为 {label, min} (must be {label, min})")
            grades.append(Grade(_string(grade.get("label"), fail, f"grades[{i}].label"),
                                _number(grade.get("min"), fail, f"grades[{i}].min")))
        severities = {}
        for key in ("count_severities", "veto_severities", "veto_match_severities"):
            values = _strings(data.get(key, list(SEVERITIES)), fail, key)
            for value in values:
                if value not in SEVERITIES:
                    raise fail(key, f"{value!r} 不是 {' / '.join(SEVERITIES)} 之一")
            severities[key] = frozenset(values)
        rectify = {**defaults["rectify_days"], **(data["rectify_days"] or {})}
        for severity, days in rectify.items():
            if isinstance(days, bool) or not isinstance(days, int) or days < 0:
                raise fail(f"rectify_days.{severity}", "应为非负整数 (must be a whole number >= 0)")
        veto_below = data.get("veto_below")
        return cls(
            base=_number(data["base"], fail, "base"),
            items=tuple(items),
            grades=tuple(sorted(grades, key=lambda g: -g.min_score)),
            count_severities=severities["count_severities"],
            veto_severities=severities["veto_severities"],
            veto_grade=_string(data["veto_grade"], fail, "veto_grade"),
            veto_below=None if veto_below is None else _number(veto_below, fail, "veto_below"),
            rectify_days=dict(rectify),
            veto_categories=frozenset(_strings(data.get("veto_categories", []), fail,
                                               "veto_categories")),
            veto_rules=_strings(data.get("veto_rules", []), fail, "veto_rules"),
            veto_label=_string(data.get("veto_label", "一票否决"), fail, "veto_label"),
            veto_match_severities=severities["veto_match_severities"],
            fail_label=_string(data.get("fail_label", "不合格"), fail, "fail_label"),
            indicators=indicators,
            areas=areas,
            bonus=tuple(bonus),
            bonus_above=(None if data.get("bonus_above") is None
                         else _number(data["bonus_above"], fail, "bonus_above")),
            bonus_cap=_number(data.get("bonus_cap", 0), fail, "bonus_cap"),
        )

    def item_for(self, finding: Finding, home_url: str | None = None) -> ScoreItem | None:
        """The first item that counts this finding, or None (not scored)."""
        if finding.severity not in self.count_severities:
            return None
        key = (finding.severity, finding.category, finding.rule, finding.column,
               _on_home(finding, home_url))
        try:
            return self._items_by_key[key]
        except KeyError:
            item = next((i for i in self.items if i.matches(finding, home_url)), None)
            self._items_by_key[key] = item
            return item

    def is_veto(self, finding: Finding) -> bool:
        """Whether the finding alone fails the site (单项否决): a veto severity, or a category
        or rule the profile maps to the 安全、泄密事故 veto (台湾政府, gambling links ...)."""
        if finding.severity in self.veto_severities:
            return True
        return finding.severity in self.veto_match_severities and (
            finding.category in self.veto_categories
            or _rule_matches(finding.rule, self.veto_rules))

    def cap_of(self, item: ScoreItem) -> float:
        """The most the item's indicator (or the item alone) can cost."""
        indicator = self.indicators.get(item.indicator)
        return min(item.points, indicator.cap) if indicator else item.points

    def grade(self, score: float, veto: bool) -> str:
        if veto or (self.veto_below is not None and score < self.veto_below):
            return self.veto_grade
        for grade in self.grades:
            if score >= grade.min_score:
                return grade.label
        return self.grades[-1].label

    def deadline(self, severity: str, as_of: date, calendar: Any = None) -> date | None:
        """The rectification deadline: as_of plus the severity's working days (整改时限)."""
        days = self.rectify_days.get(severity)
        if days is None:
            return None
        return add_working_days(as_of, days, calendar)


@dataclass
class ItemScore:
    item: ScoreItem
    count: int = 0
    raw_deduction: float = 0.0
    findings: list[Finding] = field(default_factory=list)  # the evidence

    @property
    def deduction(self) -> float:
        """Deductions never exceed the item's points (rules.md: 扣完为止). Rounded: ten
        findings of 0.1 are 1 point, not 0.9999999999999999 (which is below a cap of 1)."""
        return round(min(self.raw_deduction, self.item.points), 6)

    @property
    def capped(self) -> bool:
        return round(self.raw_deduction, 6) > self.item.points


@dataclass
class IndicatorScore:
    """A second-level indicator: its items' deductions together, never above its cap."""

    indicator: Indicator
    items: list[ItemScore]

    @property
    def raw_deduction(self) -> float:
        return round(sum(i.deduction for i in self.items), 6)

    @property
    def deduction(self) -> float:
        return min(self.raw_deduction, self.indicator.cap)

    @property
    def capped(self) -> bool:
        return self.raw_deduction > self.indicator.cap

    @property
    def count(self) -> int:
        return sum(i.count for i in self.items)


@dataclass
class Score:
    """The estimated score of one scope: a department or the whole site."""

    scope: str
    base: float
    items: list[ItemScore]
    findings: int = 0
    vetoes: list[Finding] = field(default_factory=list)
    grade: str = ""
    indicators: list[IndicatorScore] = field(default_factory=list)
    fail_label: str = "不合格"

    @property
    def deduction(self) -> float:
        grouped = {id(i) for ind in self.indicators for i in ind.items}
        return round(sum(ind.deduction for ind in self.indicators)
                     + sum(i.deduction for i in self.items if id(i) not in grouped), 6)

    @property
    def verdict(self) -> str:
        """合格 / 不合格 in one word: a veto fails the site whatever its points."""
        return self.fail_label if self.veto else self.grade

    @property
    def score(self) -> float:
        return max(self.base - self.deduction, 0.0)

    @property
    def veto(self) -> bool:
        return bool(self.vetoes)

    def item(self, name: str) -> ItemScore | None:
        return next((i for i in self.items if i.item.name == name), None)

    def columns(self, rules: ScoringRules) -> list[tuple[str, float, int, bool]]:
        """(label, deduction, count, capped) per column of a score table: the 一级指标 when the
        profile has areas (national), else one per item (default)."""
        if not rules.areas:
            return [(i.item.label, i.deduction, i.count, i.capped) for i in self.items]
        out = []
        for area in rules.areas:
            members = [ind for ind in self.indicators if ind.indicator.area == area]
            out.append((area, sum(m.deduction for m in members), sum(m.count for m in members),
                        any(m.capped for m in members)))
        return out


@dataclass(frozen=True)
class RuleLine:
    """One deduction rule as every report shows it: count, unit, points, cap, and how sure."""

    area: str
    indicator: str
    rule: str
    method: str  # M / P / H
    note: str  # 机器检查 / 疑似，需人工核查 / 需人工核查 / 本工具尚未检查，需人工核查
    count: int
    unit: str
    per_finding: float
    per_home: float | None
    points: float  # what the rule costs, within its own limit
    cap: float  # the cap of its indicator (or of the rule)
    indicator_points: float  # what the whole indicator costs, within its cap
    evidence: tuple[str, ...]  # the offending text or URL of each counted finding

    @property
    def unit_text(self) -> str:
        text = f"每{self.unit}扣{format_points(self.per_finding)}分"
        if self.per_home is not None:
            text = f"首页每{self.unit}扣{format_points(self.per_home)}分，其他" + text
        return text


def column_labels(rules: ScoringRules) -> list[str]:
    """Headers of a score table, matching Score.columns."""
    return list(rules.areas) if rules.areas else [i.label for i in rules.items]


def rule_lines(result: Score, rules: ScoringRules) -> list[RuleLine]:
    """Per rule: the count, unit, points and cap behind `result` (the HTML report, the ledger,
    the Word report and prep print these same lines)."""
    lines = []
    totals = {ind.indicator.name: ind.deduction for ind in result.indicators}
    for entry in result.items:
        item = entry.item
        indicator = rules.indicators.get(item.indicator)
        note = item.method_note
        if item.method == "M" and indicator is not None and indicator.method == "P":
            note = METHOD_NOTES["P"]
        lines.append(RuleLine(
            area=indicator.area if indicator else "", rule=item.label,
            indicator=indicator.label if indicator else item.label,
            method=item.method, note=note, count=entry.count, unit=item.unit,
            per_finding=item.per_finding, per_home=item.per_home, points=entry.deduction,
            cap=rules.cap_of(item) if indicator is None else indicator.cap,
            indicator_points=totals.get(item.indicator, entry.deduction),
            evidence=tuple(f.text or f.link_url or f.url for f in entry.findings)))
    return lines


def score(findings: Iterable[Finding], rules: ScoringRules, scope: str,
          home_url: str | None = None) -> Score:
    """Deductions of `findings` under `rules`, as one scope. `home_url` tells home-page findings
    from the others where a rule costs more on the home page (可用性, 我为政府网站找错)."""
    result = Score(scope=scope, base=rules.base, items=[ItemScore(i) for i in rules.items],
                   fail_label=rules.fail_label)
    by_name = {s.item.name: s for s in result.items}
    for name, indicator in rules.indicators.items():
        members = [s for s in result.items if s.item.indicator == name]
        result.indicators.append(IndicatorScore(indicator, members))
    for finding in findings:
        result.findings += 1
        if rules.is_veto(finding):
            result.vetoes.append(finding)
        item = rules.item_for(finding, home_url)
        if item is not None:
            entry = by_name[item.name]
            entry.count += 1
            entry.raw_deduction += item.cost(finding, home_url)
            entry.findings.append(finding)
    result.grade = rules.grade(result.score, result.veto)
    return result


def department_of(finding: Finding) -> str:
    return finding.department or UNASSIGNED


def score_by_department(findings: Iterable[Finding], rules: ScoringRules,
                        departments: Iterable[str] = (),
                        home_url: str | None = None) -> dict[str, Score]:
    """One Score per department; `departments` adds those without findings (full marks)."""
    groups: dict[str, list[Finding]] = {name: [] for name in departments}
    for finding in findings:
        groups.setdefault(department_of(finding), []).append(finding)
    return {name: score(group, rules, name, home_url) for name, group in groups.items()}


def add_working_days(start: date, days: int, calendar: Any = None) -> date:
    """The day `days` working days after `start` (calendar: anything with is_workday)."""
    if calendar is None:
        from govpatrol.rules.calendar import default_calendar

        calendar = default_calendar()
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if calendar.is_workday(current):
            remaining -= 1
    return current


def format_points(value: float) -> str:
    """87.5 -> "87.5", 90.0 -> "90": the way scores are written in notices."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _indicators(raw: Any, fail) -> dict[str, Indicator]:
    if not isinstance(raw, Mapping):
        raise fail("indicators", "应为表 (must be a table)")
    out = {}
    for name, spec in raw.items():
        if not isinstance(spec, Mapping):
            raise fail(f"indicators.{name}", "应为表 (must be a table)")
        for key in spec:
            if key not in _INDICATOR_KEYS:
                raise fail(f"indicators.{name}.{key}", "未知的键 (unknown key)")
        method = spec.get("method", "M")
        if method not in METHODS:
            raise fail(f"indicators.{name}.method", f"应为 {' / '.join(METHODS)} 之一")
        out[name] = Indicator(
            name=name, label=_string(spec.get("label", name), fail, f"indicators.{name}.label"),
            area=_string(spec.get("area"), fail, f"indicators.{name}.area"),
            cap=_number(spec.get("cap"), fail, f"indicators.{name}.cap"), method=method)
    return out


def _number(value: Any, fail, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise fail(key, f"应为非负数，实际为 {value!r} (must be a number >= 0)")
    return float(value)


def _string(value: Any, fail, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "缺少或不是非空字符串 (missing or not a string)")
    return value


def _strings(value: Any, fail, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise fail(key, "应为字符串列表 (must be a list of strings)")
    return tuple(value)
