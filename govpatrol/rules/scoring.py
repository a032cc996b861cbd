"""Estimated scores under the rules profile's `[scoring]` section (rules.md section 2).

A department needs to know what its findings would cost in a third-party evaluation, not just
how many there are. Weights, caps, grades and rectification deadlines are data: they are read
from `profile.raw["scoring"]`, merged over the bundled default profile's section, so a profile
without the section (an older user file) still scores the same way. No number lives here.

Every finding counts toward the first scoring item it matches; an item's deductions are capped
at its points; a veto-severity finding marks the scope 单项否决 whatever its score.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
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


_ITEM_KEYS = {"label", "points", "per_finding", "categories", "rules", "exclude_rules"}
_TOP_KEYS = {"base", "count_severities", "veto_severities", "veto_grade", "veto_below", "grades",
             "rectify_days", "items"}


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

    def matches(self, finding: Finding) -> bool:
        if finding.rule in self.exclude_rules:
            return False
        return finding.category in self.categories or finding.rule in self.rules


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
            items.append(ScoreItem(
                name=name,
                label=_string(spec.get("label", name), fail, f"items.{name}.label"),
                points=_number(spec.get("points"), fail, f"items.{name}.points"),
                per_finding=_number(spec.get("per_finding"), fail, f"items.{name}.per_finding"),
                categories=_strings(spec.get("categories", []), fail, f"items.{name}.categories"),
                rules=_strings(spec.get("rules", []), fail, f"items.{name}.rules"),
                exclude_rules=_strings(spec.get("exclude_rules", []), fail,
                                       f"items.{name}.exclude_rules"),
            ))
        grades = []
        if not isinstance(data["grades"], list) or not data["grades"]:
            raise fail("grades", "应为非空列表 (must be a non-empty list)")
        for i, grade in enumerate(data["grades"]):
            if not isinstance(grade, Mapping):
                raise fail(f"grades[{i}]", "应为 {label, min} (must be {label, min})")
            grades.append(Grade(_string(grade.get("label"), fail, f"grades[{i}].label"),
                                _number(grade.get("min"), fail, f"grades[{i}].min")))
        severities = {}
        for key in ("count_severities", "veto_severities"):
            values = _strings(data[key], fail, key)
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
        )

    def item_for(self, finding: Finding) -> ScoreItem | None:
        """The first item that counts this finding, or None (not scored)."""
        if finding.severity not in self.count_severities:
            return None
        return next((item for item in self.items if item.matches(finding)), None)

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

    @property
    def deduction(self) -> float:
        """Deductions never exceed the item's points (rules.md: 扣完为止)."""
        return min(self.raw_deduction, self.item.points)

    @property
    def capped(self) -> bool:
        return self.raw_deduction > self.item.points


@dataclass
class Score:
    """The estimated score of one scope: a department or the whole site."""

    scope: str
    base: float
    items: list[ItemScore]
    findings: int = 0
    vetoes: list[Finding] = field(default_factory=list)
    grade: str = ""

    @property
    def deduction(self) -> float:
        return sum(i.deduction for i in self.items)

    @property
    def score(self) -> float:
        return max(self.base - self.deduction, 0.0)

    @property
    def veto(self) -> bool:
        return bool(self.vetoes)

    def item(self, name: str) -> ItemScore | None:
        return next((i for i in self.items if i.item.name == name), None)


def score(findings: Iterable[Finding], rules: ScoringRules, scope: str) -> Score:
    """Deductions of `findings` under `rules`, as one scope."""
    result = Score(scope=scope, base=rules.base, items=[ItemScore(i) for i in rules.items])
    by_name = {s.item.name: s for s in result.items}
    for finding in findings:
        result.findings += 1
        if finding.severity in rules.veto_severities:
            result.vetoes.append(finding)
        item = rules.item_for(finding)
        if item is not None:
            by_name[item.name].count += 1
            by_name[item.name].raw_deduction += item.per_finding
    result.grade = rules.grade(result.score, result.veto)
    return result


def department_of(finding: Finding) -> str:
    return finding.department or UNASSIGNED


def score_by_department(findings: Iterable[Finding], rules: ScoringRules,
                        departments: Iterable[str] = ()) -> dict[str, Score]:
    """One Score per department; `departments` adds those without findings (full marks)."""
    groups: dict[str, list[Finding]] = {name: [] for name in departments}
    for finding in findings:
        groups.setdefault(department_of(finding), []).append(finding)
    return {name: score(group, rules, name) for name, group in groups.items()}


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
