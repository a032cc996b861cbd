"""The application table of a 政府信息公开工作年度报告 (section 三), read from page text.

The national format (国办公开办函〔2021〕30号) states the table's own check in its header: new
applications (一) plus those carried over (二) equal the results (三, its 总计 row) plus those
carried forward (四), column by column; and the 总计 row is the sum of the result rows above it.
Evaluators check both, and a report that does not add up is a finding.

Stored page text has one table cell per line; seed 003 separates cells with "|". Both are read
as one stream of tokens: a run of numbers belongs to the last label before it. Reports in
traditional characters (seed 003) are read through OpenCC t2s. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from govpatrol.auditors.text.normalise import convert_same_length

#: The seven applicant columns of the national format, in order.
COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_SECTION_START = re.compile(r"三\s*、\s*收到和处理政府信息公开申请")
_SECTION_END = re.compile(r"四\s*、\s*政府信息公开行政复议")


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True)
class Mismatch:
    check: str  # "balance": 一+二 = 三+四; "total": 总计 = sum of the result rows
    column: str
    left: Decimal
    right: Decimal
    detail: str  # e.g. "本年新收3＋上年结转1＝4，办理结果总计2＋结转下年度1＝3"


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        for cell in line.split("|"):
            cell = cell.strip()
            if not cell:
                continue
            parts = cell.split()
            if len(parts) > 1 and all(_NUMBER.match(p) for p in parts):
                out.extend(parts)
            else:
                out.append(cell)
    return out


def read_rows(text: str) -> list[Row]:
    """Labelled number rows of the application table (section 三 when it can be found)."""
    simple = convert_same_length(text, "t2s")
    start = _SECTION_START.search(simple)
    if start:
        simple = simple[start.end():]
    end = _SECTION_END.search(simple)
    if end:
        simple = simple[: end.start()]
    rows: list[Row] = []
    label = ""
    values: list[Decimal] = []
    for token in _tokens(simple):
        if _NUMBER.match(token):
            try:
                values.append(Decimal(token))
            except InvalidOperation:
                continue
            continue
        if values:
            rows.append(Row(label, tuple(values)))
            values = []
        label = token
    if values:
        rows.append(Row(label, tuple(values)))
    return rows


def _squash(label: str) -> str:
    return re.sub(r"\s+", "", label)


def _find(rows: list[Row], *needles: str) -> int | None:
    for i, row in enumerate(rows):
        if any(n in _squash(row.label) for n in needles):
            return i
    return None


def _column(i: int, width: int) -> str:
    return COLUMNS[i] if width == len(COLUMNS) else f"第{i + 1}列"


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def check_table(text: str) -> list[Mismatch]:
    """Mismatches of the application table; [] when it adds up or cannot be found."""
    rows = read_rows(text)
    new = _find(rows, "本年新收")
    carried_in = _find(rows, "上年结转")
    total = _find(rows, "(七)总计", "（七）总计", "七)总计", "七）总计")
    forward = _find(rows, "结转下年度", "结转下年")
    if None in (new, carried_in, total, forward):
        return []
    assert new is not None and carried_in is not None and total is not None
    assert forward is not None
    problems: list[Mismatch] = []
    a, b, c, d = rows[new], rows[carried_in], rows[total], rows[forward]
    width = min(len(a.values), len(b.values), len(c.values), len(d.values))
    for i in range(width):
        left = a.values[i] + b.values[i]
        right = c.values[i] + d.values[i]
        if left != right:
            problems.append(Mismatch(
                "balance", _column(i, width), left, right,
                f"本年新收{_fmt(a.values[i])}＋上年结转{_fmt(b.values[i])}＝{_fmt(left)}，"
                f"办理结果总计{_fmt(c.values[i])}＋结转下年度{_fmt(d.values[i])}＝{_fmt(right)}"))
    results = rows[carried_in + 1: total]
    if results and all(len(r.values) >= len(c.values) for r in results):
        for i in range(len(c.values)):
            summed = sum((r.values[i] for r in results), Decimal(0))
            if summed != c.values[i]:
                problems.append(Mismatch(
                    "total", _column(i, len(c.values)), summed, c.values[i],
                    f"各项办理结果之和为{_fmt(summed)}，总计行为{_fmt(c.values[i])}"))
    return problems
