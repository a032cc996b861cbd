"""Typed reading of the profile tables the newer auditors own ([interaction], [identity], ...).

profile.py validates the tables the freshness rules use and keeps every other top-level table in
`Profile.raw`; the auditors that own those tables read them here, with the same error as
profile.py (file and dotted key). A profile that does not extend "default" and lacks such a
table gets the bundled default's: the values are data, never constants in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from govpatrol.model import SEVERITIES
from govpatrol.rules.profile import ProfileError, load_profile


@cache
def _default_raw() -> dict[str, Any]:
    return load_profile("default").raw


class Section:
    """One table of a profile, with getters that name the dotted key in every error."""

    def __init__(self, table: Mapping[str, Any], where: str, source: str) -> None:
        self.table = table
        self.where = where
        self.source = source

    def fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(self.source, f"{self.where}.{key}", problem)

    def __contains__(self, key: str) -> bool:
        return key in self.table

    def number(self, key: str, default: float | None = None) -> float:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.fail(key, f"应为非负数，实际为 {value!r} (must be a number >= 0)")
        return value

    def optional_number(self, key: str) -> float | None:
        return None if self.table.get(key) is None else self.number(key)

    def integer(self, key: str, default: int | None = None) -> int:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, f"应为非负整数，实际为 {value!r} (must be a whole number >= 0)")
        return value

    def string(self, key: str, default: str | None = None) -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "缺少或不是非空字符串 (missing or not a string)")
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.string(key, default)
        if value not in allowed:
            raise self.fail(key, f"{value!r} 不是 {' / '.join(allowed)} 之一")
        return value

    def severity(self, key: str, default: str | None = None) -> str:
        return self.choice(key, SEVERITIES, default)

    def strings(self, key: str, default: list[str] | None = None) -> tuple[str, ...]:
        value = self.table.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, "应为字符串列表 (must be a list of strings)")
        return tuple(v.strip() for v in value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "应为 true 或 false (must be a boolean)")
        return value

    def sub(self, key: str) -> Section:
        value = self.table.get(key, {})
        if not isinstance(value, Mapping):
            raise self.fail(key, "应为表 (must be a table)")
        return Section(value, f"{self.where}.{key}", self.source)

    def tables(self) -> dict[str, Section]:
        """The sub-tables of this table (e.g. one per part or veto item)."""
        return {k: Section(v, f"{self.where}.{k}", self.source)
                for k, v in self.table.items() if isinstance(v, Mapping)}

    def table_list(self, key: str) -> list[Section]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(key, "应为表数组 [[...]] (must be an array of tables)")
        return [Section(v, f"{self.where}.{key}[{i}]", self.source) for i, v in enumerate(value)]


def section(profile: Any, name: str, fallback: bool = True) -> Section:
    """The profile's top-level table `name`; the bundled default's when absent and `fallback`."""
    raw = getattr(profile, "raw", None) or {}
    source = str(getattr(profile, "source", "-"))
    value = raw.get(name)
    if value is None and fallback:
        value, source = _default_raw().get(name), "default"
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise ProfileError(source, name, "应为表 (must be a table)")
    return Section(value, name, source)
