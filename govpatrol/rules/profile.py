"""Rules profiles: every limit, column class and severity the freshness rules use, as data.

rules.md: regions and years differ, so a limit in code is a bug. A profile is a TOML file; the
bundled `govpatrol/rules/profiles/default.toml` documents the structure in its header. A user
names a bundled profile ("default") or gives a path, and may override single values from the
config::

    load_profile("default", overrides={"freshness": {"important_news": {"limit_days": 3}}})

Overrides and `extends` merge tables key by key; lists and scalars replace; a None value in the
overrides removes the key (e.g. `{"limit_days": None}` lifts a class's limit). A relative
`holidays_file` (a top-level key) is relative to the profile file that names it (in overrides:
to the current directory). Every problem raises ProfileError naming the file and the dotted key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from govpatrol.errors import GovpatrolError
from govpatrol.model import SEVERITIES
from govpatrol.rules.calendar import (
    HolidayFileError,
    Warn,
    WorkCalendar,
    YearAdjustments,
    load_holiday_file,
)

PROFILES_DIR = Path(str(resources.files("govpatrol.rules") / "profiles"))
DEFAULT_NAME = "default"

#: Kinds of freshness finding that take their severity from the profile's [severity] table.
SEVERITY_KINDS = (
    "stale_column",
    "undated_column",
    "empty_column",
    "late_publication",
    "interpretation",
    "wechat",
    "wechat_source",
)

_NAME_RE = re.compile(r"^[\w-]+$")


class ProfileError(GovpatrolError, ValueError):
    """A profile that cannot be used; carries the file and the dotted key for the error line."""

    def __init__(self, file: str | Path, key: str, problem: str) -> None:
        self.file = str(file)
        self.key = key
        self.problem = problem
        super().__init__(
            f"规则配置 {self.file} 的 {key} 有误：{problem} "
            f"(invalid profile {self.file}, key {key}: {problem})"
        )


@dataclass(frozen=True)
class FreshnessClass:
    """One freshness class: the columns it covers and how many working days they may wait."""

    name: str
    label: str
    limit_days: int | None  # None: no limit, never stale (概况类)
    keywords: tuple[str, ...]
    formed_from_lead: bool = False  # items formed on the event date of their lead sentence


@dataclass(frozen=True)
class Profile:
    """A validated rules profile. `raw` keeps the merged TOML for other auditors' sections."""

    name: str
    source: str
    classes: dict[str, FreshnessClass]  # in matching order, default class included
    default_class: str
    interpretation_limit: int
    interpretation_keywords: tuple[str, ...]
    policy_keywords: tuple[str, ...]
    wechat_stale_days: int
    limits: dict[str, Any]
    severity: dict[str, str]
    holidays_file: Path | None = None
    holiday_adjustments: dict[int, YearAdjustments] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    def limit(self, freshness_class: str) -> int | None:
        return self.classes[freshness_class].limit_days

    def label(self, freshness_class: str) -> str:
        return self.classes[freshness_class].label

    @property
    def news_release_limit(self) -> int | None:
        return self.limits.get("news_release_limit")

    def calendar(self, warn: Warn | None = None) -> WorkCalendar:
        """The working-day calendar this profile asks for (package plus its holiday file)."""
        return WorkCalendar(warn=warn, adjustments=self.holiday_adjustments)


def load_profile(
    name_or_path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> Profile:
    """Load a bundled profile by name (None = "default") or a profile file by path."""
    path = _locate(name_or_path)
    data = _load_with_extends(path, seen=())
    if overrides:
        overrides = _resolve_override_paths(overrides)
        data = deep_merge(data, overrides)
    label = f"{path}（含配置覆盖 with overrides）" if overrides else str(path)
    return _validate(data, label, path)


def deep_merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; anything else in `extra` replaces; None deletes the key."""
    out = dict(base)
    for key, value in extra.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _locate(name_or_path: str | Path | None) -> Path:
    if name_or_path is None:
        name_or_path = DEFAULT_NAME
    text = str(name_or_path)
    if isinstance(name_or_path, str) and _NAME_RE.match(text):
        path = PROFILES_DIR / f"{text}.toml"
        if not path.is_file():
            known = sorted(p.stem for p in PROFILES_DIR.glob("*.toml") if "." not in p.stem)
            raise ProfileError(
                text, "-", f"没有这个内置规则配置，可用：{', '.join(known)} (no such profile)"
            )
        return path
    path = Path(text).expanduser()
    if not path.is_file():
        raise ProfileError(path, "-", "文件不存在 (file not found)")
    return path


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, "-", f"TOML 格式错误 (TOML syntax): {exc}") from None
    except OSError as exc:
        raise ProfileError(path, "-", f"无法读取 (cannot read): {exc}") from None
    holidays = data.get("holidays_file")
    if isinstance(holidays, str) and holidays.strip():
        resolved = Path(holidays.strip()).expanduser()
        if not resolved.is_absolute():
            resolved = path.parent / resolved
        data["holidays_file"] = str(resolved)
    return data


def _load_with_extends(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    resolved = path.resolve()
    if resolved in seen:
        raise ProfileError(path, "profile.extends", "循环继承 (extends cycle)")
    data = _read(path)
    meta = data.get("profile", {})
    parent = meta.get("extends") if isinstance(meta, dict) else None
    if not parent:
        return data
    if not isinstance(parent, str):
        raise ProfileError(path, "profile.extends", "应为规则配置名或路径 (must be a name or path)")
    if _NAME_RE.match(parent):
        base_path = _locate(parent)
    else:
        base_path = Path(parent).expanduser()
        if not base_path.is_absolute():
            base_path = path.parent / base_path
        if not base_path.is_file():
            raise ProfileError(path, "profile.extends", f"{parent} 不存在 (not found)")
    base = _load_with_extends(base_path, (*seen, resolved))
    base.get("profile", {}).pop("extends", None)
    child_meta = dict(meta)
    child_meta.pop("extends")
    child_meta.setdefault("name", path.stem)
    return deep_merge(base, {**data, "profile": child_meta})


def _resolve_override_paths(overrides: Mapping[str, Any]) -> Mapping[str, Any]:
    holidays = overrides.get("holidays_file")
    if isinstance(holidays, str | Path) and str(holidays).strip():
        resolved = Path(holidays).expanduser().resolve()
        return {**overrides, "holidays_file": str(resolved)}
    return overrides


# --- validation -------------------------------------------------------------------------------


def _validate(data: dict[str, Any], label: str, path: Path) -> Profile:
    check = _Checker(label)
    meta = check.table(data, "profile", required=False)
    check.only(meta, "profile", {"name", "description", "source", "extends"})

    fresh = check.table(data, "freshness")
    classes_raw = {k: v for k, v in fresh.items() if isinstance(v, dict)}
    settings = {k: v for k, v in fresh.items() if not isinstance(v, dict)}
    check.only(settings, "freshness", {"order", "default_class"})
    if not classes_raw:
        raise ProfileError(label, "freshness", "至少需要一个类别表 (no freshness classes)")
    order = check.strings(settings, "freshness.order", "order", required=False)
    for name in order:
        if name not in classes_raw:
            raise ProfileError(label, "freshness.order", f"未定义的类别 {name} (unknown class)")
    default_class = check.string(settings, "freshness.default_class", "default_class")
    if default_class not in classes_raw:
        raise ProfileError(
            label, "freshness.default_class", f"未定义的类别 {default_class} (unknown class)"
        )
    names = list(dict.fromkeys([*order, *classes_raw]))
    classes = {name: check.freshness_class(name, classes_raw[name]) for name in names}

    interp = check.table(data, "interpretation")
    check.only(interp, "interpretation", {"limit_days", "keywords", "policy_keywords"})
    wechat = check.table(data, "wechat")
    check.only(wechat, "wechat", {"stale_days"})
    limits = check.table(data, "limits", required=False)
    for key, value in limits.items():
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ProfileError(label, f"limits.{key}", "应为整数或字符串 (must be int or string)")
    severity = check.table(data, "severity")
    check.only(severity, "severity", set(SEVERITY_KINDS))
    for kind in SEVERITY_KINDS:
        value = check.string(severity, f"severity.{kind}", kind)
        if value not in SEVERITIES:
            raise ProfileError(
                label, f"severity.{kind}", f"{value!r} 不是 {' / '.join(SEVERITIES)} 之一"
            )

    holidays_file: Path | None = None
    adjustments: dict[int, YearAdjustments] = {}
    holidays_value = data.get("holidays_file")
    if holidays_value:
        if not isinstance(holidays_value, str):
            raise ProfileError(label, "holidays_file", "应为路径字符串 (must be a path)")
        holidays_file = Path(holidays_value)
        try:
            adjustments = load_holiday_file(holidays_file)
        except HolidayFileError as exc:
            raise ProfileError(label, "holidays_file", str(exc)) from None

    return Profile(
        name=str(meta.get("name") or path.stem),
        source=str(path),
        classes=classes,
        default_class=default_class,
        interpretation_limit=check.days(interp, "interpretation.limit_days", "limit_days"),
        interpretation_keywords=tuple(check.strings(interp, "interpretation.keywords", "keywords")),
        policy_keywords=tuple(
            check.strings(interp, "interpretation.policy_keywords", "policy_keywords", False)
        ),
        wechat_stale_days=check.days(wechat, "wechat.stale_days", "stale_days"),
        limits=dict(limits),
        severity={kind: severity[kind] for kind in SEVERITY_KINDS},
        holidays_file=holidays_file,
        holiday_adjustments=adjustments,
        raw=data,
    )


class _Checker:
    """Type checks that name the file and the dotted key in every error."""

    def __init__(self, label: str) -> None:
        self.label = label

    def fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(self.label, key, problem)

    def table(self, data: Mapping[str, Any], key: str, required: bool = True) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "缺少此表 (missing table)")
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "应为表 (must be a table)")
        return value

    def only(self, table: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(
                    f"{where}.{key}", f"未知的键，可用：{', '.join(sorted(allowed))} (unknown key)"
                )

    def string(self, table: Mapping[str, Any], dotted: str, key: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(dotted, "缺少或不是非空字符串 (missing or not a string)")
        return value

    def strings(
        self, table: Mapping[str, Any], dotted: str, key: str, required: bool = True
    ) -> list[str]:
        value = table.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(dotted, "应为非空字符串的列表 (must be a list of strings)")
        return [v.strip() for v in value]

    def days(self, table: Mapping[str, Any], dotted: str, key: str) -> int:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(dotted, f"应为非负整数，实际为 {value!r} (must be a whole number >= 0)")
        return value

    def freshness_class(self, name: str, table: Mapping[str, Any]) -> FreshnessClass:
        where = f"freshness.{name}"
        self.only(table, where, {"label", "limit_days", "keywords", "formed_from_lead"})
        limit = None
        if table.get("limit_days") is not None:
            limit = self.days(table, f"{where}.limit_days", "limit_days")
        label = table.get("label", name)
        if not isinstance(label, str):
            raise self.fail(f"{where}.label", "应为字符串 (must be a string)")
        keywords = self.strings(table, f"{where}.keywords", "keywords")
        from_lead = table.get("formed_from_lead", False)
        if not isinstance(from_lead, bool):
            raise self.fail(f"{where}.formed_from_lead", "应为 true 或 false (must be a boolean)")
        return FreshnessClass(name, label, limit, tuple(keywords), from_lead)
