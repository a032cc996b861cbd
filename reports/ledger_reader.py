"""Reading a filled-in ledger (report.xlsx, or a department's 整改台账) back: the office's
answers, row by row, keyed by 问题编号.

Any sheet whose header row has 问题编号 and 整改状态 is a findings sheet (全部问题, a
department's sheet, 已整改, 已标记误报), so a department's own file reads as well as the whole
ledger. The 汇总 sheet says which site and run the ledger is of. Only the department's columns are
read (整改状态, 整改措施, 责任人, 完成时间, 备注); 复查结果 is govpatrol's own and is ignored.
Anything that makes the file unusable is one LedgerError naming the sheet and row to fix.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from govpatrol.errors import GovpatrolError
from govpatrol.reports.history import FIXED, STATUS_LABELS
from govpatrol.rules.review import CLAIMED_FIXED, NOT_FIXED, REVIEW_STATES

KEY = "问题编号"
STATE = "整改状态"
#: ledger column -> decision field (store.reviews.DECISION_FIELDS)
ANSWER_COLUMNS = {"整改状态": "state", "整改措施": "measure", "责任人": "owner",
                  "完成时间": "done_on", "备注": "note"}
SUMMARY_SHEET = "汇总"
REVIEW_VERSION = "整改记录版本"  # reports.excel writes it: the newest answer the ledger shows
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class LedgerError(GovpatrolError):
    """A file `govpatrol review` cannot read as a govpatrol ledger."""


@dataclass
class Answer:
    """One findings row of the ledger: the department's answer and where it stands."""

    finding_id: str
    state: str
    measure: str | None
    owner: str | None
    done_on: str | None  # ISO date
    note: str | None
    sheet: str
    row: int
    default_state: str  # what the ledger said before anyone answered (未整改 / 已整改)

    def decision(self) -> dict[str, Any]:
        return {"finding_id": self.finding_id, "state": self.state, "measure": self.measure,
                "owner": self.owner, "done_on": self.done_on, "note": self.note}

    def where(self) -> str:
        return f"工作表“{self.sheet}”第 {self.row} 行"


@dataclass
class Ledger:
    path: Path
    site: str
    run_id: int | None
    version: int | None = None  # the newest stored answer when written (None: not recorded)
    answers: list[Answer] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the findings sheets read


def _text(value: Any) -> str | None:
    """A cell as stripped text (None when empty); numbers as Excel shows them."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _date(value: Any, where: str) -> str | None:
    """完成时间 as an ISO date: a date cell, or a text such as 2026-12-31 / 2026年12月31日."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    match = _DATE.match(str(value))
    if match:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            pass
    raise LedgerError(f"{where}“完成时间”不是日期 (not a date): {str(value)[:40]!r}，"
                      f"请填写如 2026-12-31")


def _summary(wb: Any, path: Path) -> tuple[str, int | None, int | None]:
    if SUMMARY_SHEET not in wb.sheetnames:
        raise LedgerError(f"不是 govpatrol 的整改台账，缺少“{SUMMARY_SHEET}”工作表 "
                          f"(not a govpatrol ledger: no summary sheet): {path}")
    facts: dict[str, Any] = {}
    for row in wb[SUMMARY_SHEET].iter_rows(min_row=1, max_row=40, max_col=2, values_only=True):
        if row and isinstance(row[0], str) and row[0] not in facts:
            facts[row[0]] = row[1] if len(row) > 1 else None
    site = _text(facts.get("站点"))
    if not site:
        raise LedgerError(f"不是 govpatrol 的整改台账，汇总表中没有“站点”(not a govpatrol "
                          f"ledger: no site in the summary sheet): {path}")
    run, version = facts.get("巡检编号"), facts.get(REVIEW_VERSION)
    return (site, int(run) if isinstance(run, int | float) else None,
            int(version) if isinstance(version, int | float) else None)


def read_ledger(path: Path) -> Ledger:
    """Every answer of every findings sheet of the ledger at `path` (openpyxl, read-only)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise LedgerError(f"无法读取台账，应为 govpatrol 生成的 .xlsx 文件 (cannot read the "
                          f"ledger, expected a govpatrol .xlsx) {path}: {reason}") from None
    try:
        site, run_id, version = _summary(wb, path)
        ledger = Ledger(path=path, site=site, run_id=run_id, version=version)
        for ws in wb.worksheets:
            if ws.title != SUMMARY_SHEET:
                _read_sheet(ws, ledger)
    finally:
        wb.close()
    if not ledger.sheets:
        raise LedgerError(f"不是 govpatrol 的整改台账，没有含“{KEY}”和“{STATE}”列的工作表 "
                          f"(not a govpatrol ledger: no findings sheet): {path}")
    return ledger


def _read_sheet(ws: Any, ledger: Ledger) -> None:
    rows = ws.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    if KEY not in header or STATE not in header:
        return
    ledger.sheets.append(ws.title)
    col = {name: header.index(name) for name in (KEY, "巡检状态", *ANSWER_COLUMNS)
           if name in header}
    fixed_label = STATUS_LABELS[FIXED]
    for number, values in enumerate(rows, start=2):
        def cell(name: str, values: tuple = values) -> Any:
            i = col.get(name)
            return values[i] if i is not None and i < len(values) else None

        finding_id = _text(cell(KEY))
        if not finding_id:
            continue  # a blank row, or a note the office added below the table
        where = f"工作表“{ws.title}”第 {number} 行"
        state = _text(cell("整改状态")) or NOT_FIXED
        if state not in REVIEW_STATES:
            raise LedgerError(f"{where}“整改状态”的值“{state[:20]}”无效，应为 "
                              f"{'/'.join(REVIEW_STATES)} (unknown state)")
        default = CLAIMED_FIXED if _text(cell("巡检状态")) == fixed_label else NOT_FIXED
        ledger.answers.append(Answer(
            finding_id=finding_id, state=state, measure=_text(cell("整改措施")),
            owner=_text(cell("责任人")), done_on=_date(cell("完成时间"), where),
            note=_text(cell("备注")), sheet=ws.title, row=number, default_state=default))
