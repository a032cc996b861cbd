"""Dates written in Chinese text: impossible ones (2月30日) and a document's sign-off date.

Read from the folded text (full-width digits already ASCII), whose offsets equal the original's.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}

# month day?; the year, when there is one, is read backwards from the month (a pattern that
# starts with an optional year is tried at every position and costs five times as much).
_DATE_RE = re.compile(r"(?<![\d.\-/])(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
_YEAR_BEFORE_RE = re.compile(r"(?<![\d.])(\d{4})\s*年\s*$")
_CN_DATE_RE = re.compile(
    "([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?"
)
_SIGNOFF_RE = re.compile(
    r"^[ \t]*(?:(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    "|([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日)"
    r"[ \t]*$",
    re.M,
)
#: A month not followed by these is a calendar month (6月龄 is an age, 13月薪 a bonus).
_NOT_A_MONTH_AFTER = ("龄", "薪", "工资", "份工资")
_LUNAR = ("农历", "阴历", "正月", "腊月")


def cn_number(text: str) -> int | None:
    """二十一 -> 21, 十二 -> 12, 二〇二二 -> 2022 (digit by digit when there is no 十)."""
    if not text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _CN_DIGITS.get(tens, None) if tens else 1
        u = _CN_DIGITS.get(units, None) if units else 0
        return None if t is None or u is None else t * 10 + u
    value = 0
    for ch in text:
        if ch not in _CN_DIGITS:
            return None
        value = value * 10 + _CN_DIGITS[ch]
    return value


@dataclass(frozen=True, slots=True)
class BadDate:
    start: int
    end: int
    reason: str  # Chinese, for the message


def _problem(year: int | None, month: int, day: int | None) -> str | None:
    if not 1 <= month <= 12:
        return f"不存在{month}月"
    if day is None:
        return None
    if year is not None and 1 <= year <= 9999:
        last = calendar.monthrange(year, month)[1]
        where = f"{year}年{month}月"
    else:
        last = 29 if month == 2 else calendar.monthrange(2001, month)[1]
        where = f"{month}月"
    if not 1 <= day <= last:
        return f"{where}没有{day}日（最多{last}日）"
    return None


def impossible_dates(norm: str) -> Iterator[BadDate]:
    """Every date in the text that cannot exist; lunar dates (农历二月三十) are left alone."""
    if "月" not in norm:
        return
    for match in _DATE_RE.finditer(norm):
        month = int(match.group(1))
        day = int(match.group(2)) if match.group(2) else None
        if 1 <= month <= 12 and (day is None or 1 <= day <= 28):
            continue  # the common case, decided without the year
        start = match.start()
        if day is None and (norm.startswith(_NOT_A_MONTH_AFTER, match.end())
                            or norm[start - 1:start] == "第"):
            continue
        if any(w in norm[max(0, start - 12):start] for w in _LUNAR):
            continue
        year_match = _YEAR_BEFORE_RE.search(norm, max(0, start - 10), start)
        year = int(year_match.group(1)) if year_match else None
        if year_match:
            start = year_match.start()
        reason = _problem(year, month, day)
        if reason:
            yield BadDate(start, match.end(), reason)
    for match in _CN_DATE_RE.finditer(norm):
        year, month = cn_number(match.group(1)), cn_number(match.group(2))
        day = cn_number(match.group(3)) if match.group(3) else None
        if year is None or month is None:
            continue
        reason = _problem(year, month, day)
        if reason:
            yield BadDate(match.start(), match.end(), reason)


def signoff_date(norm: str) -> date | None:
    """The latest date standing alone on a line: a 公文's 成文日期 (落款), e.g. "2016年5月18日".

    Used when a page has no stored date, so that a 2016 notice naming 自治区工商局 is read as
    what it is, a 2016 document.
    """
    best: date | None = None
    for m in _SIGNOFF_RE.finditer(norm):
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            y, mo, d = cn_number(m.group(4)), cn_number(m.group(5)), cn_number(m.group(6))
        try:
            found = date(y, mo, d)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if best is None or found > best:
            best = found
    return best
