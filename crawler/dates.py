"""Dates as Chinese government pages write them.

Lists and articles use 2026-10-09, 2026年10月9日, 2026/10/09, 2026.10.09, [10-09] (year from
context) and labels such as 发布时间：, 日期：. One module so every extractor agrees.
"""

from __future__ import annotations

import re
from datetime import date

_FULL = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?(?!\d)"
)
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
_MONTH_DAY = re.compile(r"(?<![\d年/.-])(\d{1,2})\s*(?:-|/|月)\s*(\d{1,2})(?:\s*日)?(?![\d])")

PUBLISH_LABELS = (
    "发布时间", "发布日期", "发文日期", "时间", "日期", "发表时间", "更新时间", "上载日期",
    "信息来源时间", "印发日期",
)
_LABELLED = re.compile(
    r"(?:" + "|".join(sorted(PUBLISH_LABELS, key=len, reverse=True)) + r")\s*[:：]\s*"
    r"((?:19|20)\d{2}\s*(?:[-/.]|年)\s*\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2})"
)


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str | None, default_year: int | None = None) -> date | None:
    """The first full date in `text`; a bare month-day takes `default_year` when given."""
    if not text:
        return None
    match = _FULL.search(text)
    if match:
        return _make(int(match[1]), int(match[2]), int(match[3]))
    match = _COMPACT.search(text)
    if match:
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if default_year is not None:
        match = _MONTH_DAY.search(text)
        if match:
            return _make(default_year, int(match[1]), int(match[2]))
    return None


def labelled_date(text: str) -> date | None:
    """A date introduced by a publish label (发布时间：…, 日期：…)."""
    match = _LABELLED.search(text)
    return parse_date(match[1]) if match else None


_URL_DAY_PATHS = (
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # Hanweb /art/2026/11/3/
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),  # news.cn style /2023-12/01/
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})/"),  # /202312/01/
)


def url_date(url: str) -> date | None:
    """Dates CMSs put in article paths: TRS /202305/t20230515_1.html, Hanweb /art/2026/11/3/,
    /2023-12/01/ and /202312/01/ folders. Evidence of last resort: the page's own date wins."""
    match = re.search(r"/t((?:19|20)\d{6})_", url)
    if match:
        return parse_date(match[1])
    for pattern in _URL_DAY_PATHS:
        match = pattern.search(url)
        if match:
            return _make(int(match[1]), int(match[2]), int(match[3]))
    return None
