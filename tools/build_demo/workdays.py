"""The official mainland-China calendar, as the generator uses it to state freshness facts.

Kept apart from govpatrol.rules.calendar on purpose: the truth the demo's tests compare the
product with must not be computed by the product's own code.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def is_workday(day: date) -> bool:
    return chinese_calendar.is_workday(day)


def working_days(a: date, b: date) -> int:
    """Working days d with a < d <= b (findings.md), official holidays and 调休 included."""
    return sum(1 for n in range(1, (b - a).days + 1) if is_workday(a + timedelta(days=n)))


def workday_on_or_before(day: date) -> date:
    while not is_workday(day):
        day -= timedelta(days=1)
    return day


def back_workdays(day: date, count: int) -> date:
    """The working day `count` working days before `day` (itself when count is 0)."""
    day = workday_on_or_before(day)
    for _ in range(count):
        day = workday_on_or_before(day - timedelta(days=1))
    return day


def add_workdays(day: date, count: int) -> date:
    for _ in range(count):
        day += timedelta(days=1)
        while not is_workday(day):
            day += timedelta(days=1)
    return day


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
