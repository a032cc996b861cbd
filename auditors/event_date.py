"""The event date a news item's lead sentence states: its formation date for the 2-day rule.

rules.md: a news item (重要会议、活动) is formed when the event happened, and government news
states it in the first sentence: "11月18日上午，…召开…". Inspectors compare that date with the
publication date; this module reads it the way they do.

Decisions, each because a wrong date would accuse someone falsely (a late_publication finding):
- The lead starts after what a plain template puts in the same container as the body: the title
  again, the 日期 / 来源 / 作者 / 浏览次数 lines, the 信息索引 table's label lines, and table rows
  flattened into one line (序号 名称 截止时间 …): none of those states an event.
- Only the lead counts: the first sentence, and of it the first LEAD_CHARS characters after a
  press preamble (本网讯, （记者 …）, 新华社北京10月9日电). Later dates are background.
- A date may follow an opening clause ("为贯彻…精神，10月9日，…召开"): official style often
  starts with a purpose clause. The first date-like expression decides; a vague one (近日,
  日前, 近期, 昨日 …) before any date means "unknown" and gives None.
- Dates that are not events are skipped: deadlines and periods (截至10月31日, 10月1日起,
  10月9日以来, 10月9日前), announced future events (将于10月20日), titles (《…》), metadata
  remnants (发布时间：…), datelines (…10月9日电: when the report was filed, not the event).
- A range ("10月8日至9日", "10月30日至11月1日") gives its last day: a multi-day meeting is
  reported when it closes, so the clock starts then; the first day would flag every timely
  closing report as late. A range still running on the publication day gives that day.
- The year comes from the publication date and is never after it: "12月30日" published on
  2027-01-05 is 2026-12-30. A month-day that would fall after publication by less than half a
  year is an announced future event and is skipped (it is not last year's event).
- A day alone ("李强9日主持召开", Xinhua style) is in the publication month, or the month
  before when that day has not come yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

#: How much of the first sentence (after the press preamble) may hold the event date.
LEAD_CHARS = 60

_DIGITS = str.maketrans("０１２３４５６７８９\u3000", "0123456789 ")  # 1:1, keeps offsets

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_PREAMBLE = re.compile(
    r"""^\s*(?:
        【[^】]{0,20}】                              # 【本网讯】
      | [^，。,\s]{0,16}?\d{1,2}\s*月\s*\d{1,2}\s*日\s*电   # 新华社北京10月9日电
      | [^，。,\s（(]{0,12}?讯(?=[\s（(【\d]|$)         # 本网讯, 中国政府网讯
      | [（(][^）)]{0,40}[）)]                        # （记者 张三 通讯员 李四）
    )\s*""",
    re.VERBOSE,
)

_DAY = r"\s*[日号]"
_WEEKDAY = r"(?:\s*[（(](?:星期|周)[一二三四五六日天][）)])"
_TIME_OF_DAY = r"(?:\s*(?:上午|下午|晚上|晚间|早上|早晨|凌晨|中午|傍晚|夜间|晚))"
_RANGE_SEP = r"\s*(?:至|到|——|—|–|－|-|~|～|、|和|及)\s*"
# characters before a bare "9日" that make it a count or a period, not a date
_NOT_BEFORE_DAY = r"\d月第近连续每数个满逾超约共余前后隔过再多几计时期为历半两"

_EXPRESSION = re.compile(
    rf"""
    (?P<vague>近日|(?<![节\d])日前|近期|前不久|不久前|近来|昨天|昨日|前天|前日|今天|今日|上周|本周)
  | (?:
        (?:(?:(?P<y>\d{{4}})\s*年\s*)?(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}}){_DAY}
          | (?<![{_NOT_BEFORE_DAY}])(?P<d0>\d{{1,2}}){_DAY})
        {_WEEKDAY}?
        (?:{_RANGE_SEP}
            (?:(?:(?P<y2>\d{{4}})\s*年\s*)?(?P<m2>\d{{1,2}})\s*月\s*)?(?P<d2>\d{{1,2}}){_DAY}
            {_WEEKDAY}?)?
        {_TIME_OF_DAY}?
    )
    """,
    re.VERBOSE,
)

_SKIP_BEFORE = re.compile(
    r"(?:截至|截止|截止到|截止至|直至|直到|自|从|至|将于|将在|拟于|定于|计划于|将|请于|须于|应于"
    r"|务必于|(?:截止|报名|申报|报送)(?:时间|日期)?\s*[:：为]?|(?:发布|更新|日期|时间|来源)\s*[:：])\s*$"
)
_SKIP_AFTER = re.compile(
    r"^\s*(?:起|以来|以前|以后|之前|之后|前|后|止|期间|内|左右|至今|为止|截止|电|"
    r"(?:\d{1,2}\s*[:：时点]\s*\d{0,2}\s*分?\s*)?(?:前|以前|之前|截止|止))"
)

#: A month-day after publication by less than this is an announced event, not last year's.
_FUTURE_WINDOW = timedelta(days=183)


@dataclass(frozen=True)
class EventDate:
    """The event date and the phrase that stated it, exactly as it stands in the text."""

    date: date
    phrase: str


#: A line that labels page metadata (日期：…, 来源：…, 索引号：…), not news.
_LABEL_LINE = re.compile(
    r"(?:发布|来源|日期|时间|作者|浏览|点击|阅读|字号|编辑|审核|责任编辑|索\s*引\s*号|发文|成文|"
    r"主题|分类|信息来源|文号|有效性|打印|关闭)[^\n]{0,6}?[:：]"
)
_CHROME_LINE = re.compile(r"^(?:[【\[]?\s*(?:打印|关闭|字号|大|中|小|分享|收藏|返回顶部)"
                          r"\s*[】\]]?\s*)+$")


def _preamble_line(line: str, title: str | None) -> bool:
    """A line before the lead: the title, a metadata label line, page tools, a table row."""
    stripped = line.strip()
    if not stripped:
        return True
    squashed = "".join(stripped.split())
    if title and ("".join(title.split()) in squashed and len(squashed) <= len(title) + 12):
        return True
    if _LABEL_LINE.search(stripped[:40]) or _CHROME_LINE.match(stripped):
        return True
    fields = stripped.split()
    # a flattened table row: several short cells side by side, no sentence punctuation
    return len(fields) >= 3 and max(map(len, fields)) <= 24 and not re.search("[，。；]", stripped)


def _skip_preamble_lines(normal: str, title: str | None) -> int:
    start = 0
    for _ in range(12):
        end = normal.find("\n", start)
        line = normal[start:] if end < 0 else normal[start:end]
        if end < 0 or not _preamble_line(line, title):
            break
        start = end + 1
    return start


def lead(text: str, title: str | None = None) -> tuple[int, str]:
    """The lead the event date is read from, and its offset in `text`."""
    normal = text.translate(_DIGITS)
    start = _skip_preamble_lines(normal, title)
    for _ in range(4):  # preambles stack: 【…】本网讯（记者 …）
        match = _PREAMBLE.match(normal, start)
        if not match or match.end() == start:
            break
        start = match.end()
    while start < len(normal) and normal[start] in " \t\r\n":
        start += 1
    end = _SENTENCE_END.search(normal, start)
    stop = end.start() if end else len(normal)
    return start, normal[start:stop]


def find_event_date(text: str, published: date, title: str | None = None) -> EventDate | None:
    """The event date of a news item's lead sentence, or None when it states none clearly.

    `title`: the page's title, skipped when the body container repeats it above the lead."""
    if not text:
        return None
    offset, sentence = lead(text, title)
    for match in _EXPRESSION.finditer(sentence):
        if match.start() >= LEAD_CHARS:
            break
        if match.group("vague"):
            return None
        if _skipped(sentence, match):
            continue
        when = _resolve(match, published)
        if when is not None:
            phrase = text[offset + match.start() : offset + match.end()].strip()
            return EventDate(when, phrase)
    return None


def event_date(text: str, published: date) -> date | None:
    """Just the date of `find_event_date`."""
    found = find_event_date(text, published)
    return found.date if found else None


def _skipped(sentence: str, match: re.Match[str]) -> bool:
    before = sentence[: match.start()]
    if before.count("《") > before.count("》"):
        return True
    return bool(_SKIP_BEFORE.search(before[-8:]) or _SKIP_AFTER.match(sentence[match.end() :]))


def _resolve(match: re.Match[str], published: date) -> date | None:
    groups = match.groupdict()
    if groups["d0"]:
        start = _day_in_month(int(groups["d0"]), published)
    elif groups["y"]:
        start = _safe_date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        if start is not None and start > published:
            return None
    else:
        start = _month_day(int(groups["m"]), int(groups["d"]), published)
    if start is None:
        return None
    if not groups["d2"]:
        return start
    end = _range_end(start, groups)
    if end is None or end < start:
        return start
    return min(end, published)


def _range_end(start: date, groups: dict[str, str | None]) -> date | None:
    day = int(groups["d2"] or 0)
    if groups["y2"]:
        return _safe_date(int(groups["y2"]), int(groups["m2"] or start.month), day)
    if groups["m2"]:
        month = int(groups["m2"])
        year = start.year + (1 if month < start.month else 0)
        return _safe_date(year, month, day)
    if day >= start.day:
        return _safe_date(start.year, start.month, day)
    return _safe_date(start.year + start.month // 12, start.month % 12 + 1, day)


def _month_day(month: int, day: int, published: date) -> date | None:
    this_year = _safe_date(published.year, month, day)
    if this_year is None:
        # 2月29日 outside a leap year: only last year can hold it, and only if it exists
        last = _safe_date(published.year - 1, month, day)
        return last if last and published - last < _FUTURE_WINDOW * 2 else None
    if this_year <= published:
        return this_year
    if this_year - published < _FUTURE_WINDOW:
        return None  # an announced future event
    return _safe_date(published.year - 1, month, day)


def _day_in_month(day: int, published: date) -> date | None:
    if day <= published.day:
        return _safe_date(published.year, published.month, day)
    first = published.replace(day=1)
    previous = first - timedelta(days=1)
    return _safe_date(previous.year, previous.month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
