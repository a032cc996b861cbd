"""Working days in mainland China: the unit every freshness limit is measured in.

The limits (2 / 7 / 10 / 20 working days, findings.md) only mean something with the real
calendar: official holidays are days off and adjusted weekend days (调休) are working days, so
counting Monday to Friday is wrong around every Spring Festival and National Day. The official
arrangement comes from the `chinesecalendar` package (module `chinese_calendar`); a user holiday
file covers years the package does not know yet (the State Council publishes each year's
arrangement only in November or December of the year before) and regional extras.

Holiday file format (TOML, one table per year)::

    [2027]
    source = "国务院办公厅关于2027年部分节假日安排的通知"   # optional, free text
    holidays = ["2027-01-01", "2027-02-06..2027-02-12"]  # days off: dates or inclusive ranges
    workdays = ["2027-02-14"]                            # adjusted weekend working days (调休)

- Dates are ISO strings (`"2027-01-01"`), inclusive ranges `"YYYY-MM-DD..YYYY-MM-DD"`, or bare
  TOML dates (`2027-01-01`). Every date must lie in its table's year.
- Entries override the package date by date: a date under `holidays` is a day off, one under
  `workdays` a working day, whatever the package says; every other date of that year keeps the
  package's status (or Monday-Friday when the package has no data for the year). So a region can
  add a local holiday to a year the package knows, and a new year can be filled in completely.
- A year that has a table counts as known: no warning for it.

A date in a year that neither the package nor the file covers is counted Monday-Friday, with
one warning per year through the `warn` callback (the run shows it in its log and at the top of
the report). Nothing here raises for an unknown year: a patrol must not die on 1 January.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import logging
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar
from chinese_calendar import constants as _cc_constants

from govpatrol.errors import GovpatrolError

log = logging.getLogger(__name__)

Warn = Callable[[str], None]

#: Years the installed chinesecalendar has official data for (it raises outside them).
PACKAGE_YEARS: range = range(min(_cc_constants.holidays).year, max(_cc_constants.holidays).year + 1)

_RANGE_SEPARATOR = ".."


class HolidayFileError(GovpatrolError, ValueError):
    """A holiday file that cannot be used; names the file and the key, like every input error."""

    def __init__(self, path: str | Path, key: str, problem: str) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        super().__init__(
            f"节假日文件 {self.path} 的 {key} 有误：{problem} "
            f"(invalid holiday file {self.path}, key {key}: {problem})"
        )


@dataclass(frozen=True)
class YearAdjustments:
    """The user's corrections for one year: days off and adjusted working days."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    source: str | None = None


def load_holiday_file(path: str | Path) -> dict[int, YearAdjustments]:
    """Read a holiday file (format in the module docstring); raises HolidayFileError."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise HolidayFileError(path, "-", "文件不存在 (file not found)") from None
    except tomllib.TOMLDecodeError as exc:
        raise HolidayFileError(path, "-", f"TOML 格式错误 (TOML syntax): {exc}") from None
    return parse_holiday_data(data, path)


def parse_holiday_data(data: Mapping[str, Any], source: str | Path) -> dict[int, YearAdjustments]:
    """Validate parsed holiday-file data; `source` only names the file in errors."""
    years: dict[int, YearAdjustments] = {}
    for key, table in data.items():
        if not (isinstance(key, str) and len(key) == 4 and key.isdigit()):
            raise HolidayFileError(
                source, key, "顶层只能是年份表，如 [2027] (top-level keys must be years)"
            )
        if not isinstance(table, Mapping):
            raise HolidayFileError(source, key, "应为表 [年份] (must be a table)")
        year = int(key)
        unknown = set(table) - {"holidays", "workdays", "source", "note"}
        if unknown:
            bad = sorted(unknown)[0]
            raise HolidayFileError(
                source,
                f"{key}.{bad}",
                "未知的键，可用 holidays / workdays / source / note (unknown key)",
            )
        off = _expand_dates(table.get("holidays", []), year, f"{key}.holidays", source)
        on = _expand_dates(table.get("workdays", []), year, f"{key}.workdays", source)
        both = off & on
        if both:
            first = min(both).isoformat()
            raise HolidayFileError(
                source, key, f"{first} 同时出现在 holidays 和 workdays 中 (date listed as both)"
            )
        note = table.get("source")
        years[year] = YearAdjustments(frozenset(off), frozenset(on), str(note) if note else None)
    return years


def _expand_dates(values: Any, year: int, key: str, source: str | Path) -> set[date]:
    if not isinstance(values, list):
        raise HolidayFileError(source, key, "应为列表 (must be a list)")
    out: set[date] = set()
    for value in values:
        if isinstance(value, date) and not isinstance(value, datetime):
            first = last = value
        elif isinstance(value, str):
            start, sep, end = value.strip().partition(_RANGE_SEPARATOR)
            try:
                first = date.fromisoformat(start.strip())
                last = date.fromisoformat(end.strip()) if sep else first
            except ValueError:
                raise HolidayFileError(
                    source, key, f"{value!r} 不是日期或 YYYY-MM-DD..YYYY-MM-DD 区间 (not a date)"
                ) from None
        else:
            raise HolidayFileError(source, key, f"{value!r} 不是日期 (not a date)")
        if last < first:
            raise HolidayFileError(source, key, f"{value!r} 区间结束早于开始 (range reversed)")
        if first.year != year or last.year != year:
            raise HolidayFileError(source, key, f"{value!r} 不在 {year} 年内 (outside the year)")
        out.update(first + timedelta(days=i) for i in range((last - first).days + 1))
    return out


class _YearTable:
    """Working-day flags of one year and their running totals, so any span costs O(years)."""

    __slots__ = ("flags", "prefix")

    def __init__(self, flags: list[bool]) -> None:
        self.flags = flags
        prefix = [0]
        for flag in flags:
            prefix.append(prefix[-1] + flag)
        self.prefix = prefix  # prefix[n] = working days among the year's first n days

    @property
    def total(self) -> int:
        return self.prefix[-1]


class WorkCalendar:
    """Mainland-China working days from chinesecalendar plus an optional user holiday file.

    Each year's table is built once, on first use, so the tens of thousands of calls a patrol
    makes are a few list look-ups each.
    """

    def __init__(
        self,
        holidays_file: str | Path | None = None,
        warn: Warn | None = None,
        *,
        adjustments: Mapping[int, YearAdjustments] | None = None,
    ) -> None:
        self._warn = warn or log.warning
        self._adjustments: dict[int, YearAdjustments] = dict(adjustments or {})
        if holidays_file:
            self._adjustments.update(load_holiday_file(holidays_file))
        self._years: dict[int, _YearTable] = {}
        self.warned_years: set[int] = set()

    def has_data(self, year: int) -> bool:
        """True when the package or the holiday file knows this year's arrangement."""
        return year in PACKAGE_YEARS or year in self._adjustments

    def is_workday(self, d: date) -> bool:
        """Whether `d` is a working day in mainland China (holidays off, 调休 on)."""
        d = _as_date(d)
        return self._table(d.year).flags[d.timetuple().tm_yday - 1]

    def working_days(self, a: date, b: date) -> int:
        """Count the working days d with a < d <= b; 0 when b <= a (findings.md)."""
        a, b = _as_date(a), _as_date(b)
        if b <= a:
            return 0
        start = self._table(a.year)
        end = self._table(b.year)
        a_done = start.prefix[a.timetuple().tm_yday]
        b_done = end.prefix[b.timetuple().tm_yday]
        if a.year == b.year:
            return b_done - a_done
        middle = sum(self._table(y).total for y in range(a.year + 1, b.year))
        return start.total - a_done + middle + b_done

    def _table(self, year: int) -> _YearTable:
        table = self._years.get(year)
        if table is None:
            table = self._years[year] = self._build(year)
        return table

    def _build(self, year: int) -> _YearTable:
        days = 366 if _stdlib_calendar.isleap(year) else 365
        first = date(year, 1, 1)
        dates = [first + timedelta(days=i) for i in range(days)]
        if year in PACKAGE_YEARS:
            flags = [bool(chinese_calendar.is_workday(d)) for d in dates]
        else:
            flags = [d.weekday() < 5 for d in dates]
            if year not in self._adjustments:
                self._warn_year(year)
        extra = self._adjustments.get(year)
        if extra:
            for i, d in enumerate(dates):
                if d in extra.holidays:
                    flags[i] = False
                elif d in extra.workdays:
                    flags[i] = True
        return _YearTable(flags)

    def _warn_year(self, year: int) -> None:
        if year in self.warned_years:
            return
        self.warned_years.add(year)
        self._warn(
            f"{year}年没有法定节假日安排数据（chinesecalendar 仅含 {PACKAGE_YEARS.start}-"
            f"{PACKAGE_YEARS.stop - 1} 年，节假日文件中也没有），该年按周一至周五计算工作日；"
            f"请在规则配置的 holidays_file 中补充该年安排。"
            f" (No holiday data for {year}: counting Monday-Friday;"
            f" add the year to a holidays file.)"
        )


def months_before(d: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day where it has no such
    day: 31 March minus one month is 28/29 February). The 19号 tables count some ages in
    calendar months ("not updated in the 2 months before the check"), not in days."""
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - date.resolution).day
    return date(year, month, min(d.day, last))


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


_default: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """A shared package-only calendar that warns through logging."""
    global _default
    if _default is None:
        _default = WorkCalendar()
    return _default


def working_days(a: date, b: date) -> int:
    """`WorkCalendar.working_days` on the shared default calendar."""
    return default_calendar().working_days(a, b)


def is_workday(d: date) -> bool:
    """`WorkCalendar.is_workday` on the shared default calendar."""
    return default_calendar().is_workday(d)


__all__ = [
    "HolidayFileError",
    "PACKAGE_YEARS",
    "WorkCalendar",
    "YearAdjustments",
    "default_calendar",
    "is_workday",
    "load_holiday_file",
    "months_before",
    "parse_holiday_data",
    "working_days",
]
