"""Working days as findings.md defines them, on the real mainland-China calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from govpatrol.rules import calendar as cal_module
from govpatrol.rules.calendar import (
    PACKAGE_YEARS,
    HolidayFileError,
    WorkCalendar,
    load_holiday_file,
    working_days,
)

EXAMPLE = Path(cal_module.__file__).with_name("profiles") / "holidays.example.toml"


def monday_to_friday(a: date, b: date) -> int:
    """The naive count people get wrong around holidays, to show the real one differs."""
    return sum(1 for i in range(1, (b - a).days + 1) if (a + timedelta(days=i)).weekday() < 5)


@pytest.fixture
def warnings() -> list[str]:
    return []


@pytest.fixture
def cal(warnings: list[str]) -> WorkCalendar:
    return WorkCalendar(warn=warnings.append)


def test_definition_counts_after_a_up_to_and_including_b(cal: WorkCalendar) -> None:
    # 2026-11-02 is a Monday; November 2026 has no holidays
    assert cal.working_days(date(2026, 11, 2), date(2026, 11, 2)) == 0
    assert cal.working_days(date(2026, 11, 2), date(2026, 11, 3)) == 1
    assert cal.working_days(date(2026, 11, 6), date(2026, 11, 9)) == 1  # Fri -> Mon
    assert cal.working_days(date(2026, 11, 2), date(2026, 11, 30)) == 20
    assert cal.working_days(date(2026, 11, 9), date(2026, 11, 2)) == 0  # b before a


def test_national_day_2026_and_the_adjusted_saturday(cal: WorkCalendar) -> None:
    # 2026: 10-01..10-07 off, Saturday 10-10 is a working day (chinese_calendar 1.11 data)
    assert not cal.is_workday(date(2026, 10, 1))
    assert not cal.is_workday(date(2026, 10, 5))  # a Monday inside the holiday
    assert cal.is_workday(date(2026, 10, 10))  # Saturday, 调休
    # an important_news column updated 09-30 is within 2 working days on Friday 10-09
    assert cal.working_days(date(2026, 9, 30), date(2026, 10, 9)) == 2
    assert monday_to_friday(date(2026, 9, 30), date(2026, 10, 9)) == 7
    # the Saturday counts: Thu 10-08 -> Sat 10-10 is 2 working days, not 1
    assert cal.working_days(date(2026, 10, 8), date(2026, 10, 10)) == 2
    assert monday_to_friday(date(2026, 10, 8), date(2026, 10, 10)) == 1


def test_mid_autumn_and_national_day_2026_key_areas_limit(cal: WorkCalendar) -> None:
    # 09-25 (Fri) Mid-Autumn, 10-01..07 National Day: 10 working days from 09-24 to 10-15
    assert cal.working_days(date(2026, 9, 24), date(2026, 10, 15)) == 10
    assert monday_to_friday(date(2026, 9, 24), date(2026, 10, 15)) == 15
    # Sunday 09-20 is a working day
    assert cal.working_days(date(2026, 9, 18), date(2026, 9, 21)) == 2


def test_spring_festival_2026(cal: WorkCalendar) -> None:
    # 02-15..02-23 off, Saturdays 02-14 and 02-28 working days
    assert cal.is_workday(date(2026, 2, 14))
    assert not cal.is_workday(date(2026, 2, 16))
    assert not cal.is_workday(date(2026, 2, 23))
    assert cal.working_days(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert monday_to_friday(date(2026, 2, 13), date(2026, 2, 24)) == 7
    assert cal.working_days(date(2026, 2, 13), date(2026, 3, 2)) == 7


def test_new_year_2026_across_the_year_boundary(cal: WorkCalendar) -> None:
    # 2026-01-01..03 off, Sunday 01-04 working
    assert cal.working_days(date(2025, 12, 31), date(2026, 1, 5)) == 2
    assert monday_to_friday(date(2025, 12, 31), date(2026, 1, 5)) == 3


def test_agrees_with_chinese_calendar_over_whole_years(cal: WorkCalendar) -> None:
    expected = len(chinese_calendar.get_workdays(date(2024, 1, 1), date(2026, 12, 31)))
    assert cal.working_days(date(2023, 12, 31), date(2026, 12, 31)) == expected
    assert not cal.warned_years


def test_2027_without_data_warns_once_and_counts_monday_to_friday(
    cal: WorkCalendar, warnings: list[str]
) -> None:
    assert 2027 not in PACKAGE_YEARS  # revisit this test when chinesecalendar learns 2027
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))
    # 12-31 Thu, 01-01 Fri (a holiday in reality; Mon-Fri fallback), 01-04 Mon, 01-05 Tue
    assert cal.working_days(date(2026, 12, 30), date(2027, 1, 5)) == 4
    assert cal.is_workday(date(2027, 1, 1))
    assert not cal.is_workday(date(2027, 1, 2))
    assert cal.working_days(date(2027, 3, 1), date(2027, 3, 8)) == 5
    assert len(warnings) == 1
    assert "2027" in warnings[0]
    assert "周一至周五" in warnings[0]


def test_2027_with_a_holiday_file(tmp_path: Path, warnings: list[str]) -> None:
    cal = WorkCalendar(EXAMPLE, warn=warnings.append)
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.working_days(date(2026, 12, 30), date(2027, 1, 5)) == 3
    assert cal.is_workday(date(2027, 2, 20))  # Saturday listed under workdays
    assert not cal.is_workday(date(2027, 2, 8))  # Monday inside the listed range
    assert warnings == []


def test_holiday_file_entries_override_the_package(tmp_path: Path, warnings: list[str]) -> None:
    path = tmp_path / "h.toml"
    path.write_text(
        '[2026]\nholidays = ["2026-04-20..2026-04-21"]\nworkdays = [2026-10-05]\n',
        encoding="utf-8",
    )
    cal = WorkCalendar(path, warn=warnings.append)
    assert not cal.is_workday(date(2026, 4, 20))  # a regional holiday added
    assert cal.is_workday(date(2026, 10, 5))  # the package says holiday; the file wins
    assert not cal.is_workday(date(2026, 10, 6))  # untouched package dates stay
    assert cal.is_workday(date(2026, 10, 10))


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('[2027]\nholidays = ["2027-13-01"]\n', "2027.holidays"),
        ('[2027]\nholidays = ["2026-12-31"]\n', "2027.holidays"),
        ('[2027]\nholidays = ["2027-02-10..2027-02-01"]\n', "2027.holidays"),
        ('[2027]\nholiday = ["2027-01-01"]\n', "2027.holiday"),
        ("year = 2027\n", "year"),
        ('[2027]\nholidays = ["2027-01-01"]\nworkdays = ["2027-01-01"]\n', "2027"),
    ],
)
def test_bad_holiday_file_names_file_and_key(tmp_path: Path, content: str, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HolidayFileError) as info:
        load_holiday_file(path)
    assert info.value.key == key
    assert str(path) in str(info.value)


def test_year_tables_are_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = chinese_calendar.is_workday

    def counting(d: date) -> bool:
        nonlocal calls
        calls += 1
        return real(d)

    monkeypatch.setattr(chinese_calendar, "is_workday", counting)
    cal = WorkCalendar()
    start = date(2025, 1, 1)
    for i in range(3000):
        a = start + timedelta(days=i % 600)
        cal.working_days(a, a + timedelta(days=i % 40))
        cal.is_workday(a)
    assert calls == 365 + 365  # 2025 and 2026, each once


def test_accepts_datetimes_and_module_function() -> None:
    assert working_days(date(2026, 9, 30), date(2026, 10, 9)) == 2
    assert WorkCalendar().working_days(datetime(2026, 9, 30, 18), datetime(2026, 10, 9, 9)) == 2
