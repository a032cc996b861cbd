"""report.xlsx: the rectification ledger (整改台账) offices used to retype by hand.

A summary sheet, a sheet of all findings and one sheet per department, in the columns ledgers
use (序号 … 整改状态, 备注), so the file can be forwarded as is and filled in by the department.
Page text is written as text, never as a formula: a page saying "=HYPERLINK(…)" must not
become a live formula in someone's spreadsheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from govpatrol.model import SEVERITY_LABELS
from govpatrol.reports.bundle import ReportBundle
from govpatrol.reports.html import href
from govpatrol.reports.naming import sheet_names, unique_filenames
from govpatrol.reports.summary import FindingRow, Summary
from govpatrol.rules.scoring import format_points

SUMMARY_SHEET = "汇总"
ALL_SHEET = "全部问题"
FIXED_SHEET = "已整改"
DEPARTMENTS_DIR = "departments"
LEDGER_SUFFIX = "整改台账"

#: Ledger column -> width in characters (CJK counts double in Excel's unit).
COLUMNS: dict[str, int] = {
    "序号": 6, "站点": 14, "责任单位": 14, "栏目": 14, "问题类型": 12, "严重程度": 9,
    "问题描述": 44, "原文": 18, "上下文": 36, "修改建议": 16, "页面链接": 40, "首次发现": 11,
    "整改时限": 11, "整改状态": 14, "备注": 20, "证据截图": 9, "问题编号": 18,
}
WRAP_COLUMNS = {"问题描述", "原文", "上下文", "修改建议", "页面链接", "备注"}
DATE_COLUMNS = {"首次发现", "整改时限"}
HEADER_FILL = PatternFill("solid", fgColor="FFDDE6F0")
VETO_FILL = PatternFill("solid", fgColor="FFFBE3E3")
HIGHLIGHT = InlineFont(b=True, color="FFC00000")
#: Shared style objects: openpyxl compares a new one against every style in the workbook.
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)


def _clean(value: Any) -> Any:
    """Strip the control characters XML (and so openpyxl) refuses."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def ledger_row(row: FindingRow, site: str, screenshot: str | None,
               with_department: bool) -> dict[str, Any]:
    f = row.finding
    record: dict[str, Any] = {"序号": row.number, "站点": site}
    if with_department:
        record["责任单位"] = row.department
    record.update({
        "栏目": f.column or "", "问题类型": row.category_label, "严重程度": row.severity_label,
        "问题描述": f.message, "原文": row.evidence, "上下文": f.context or "",
        "修改建议": f.suggestion or "", "页面链接": f.url, "首次发现": row.first_seen,
        "整改时限": row.deadline, "整改状态": row.status_label, "备注": "",
        "证据截图": "截图" if screenshot else "", "问题编号": f.id,
    })
    return {k: _clean(v) for k, v in record.items()}


def _frame(rows: Sequence[FindingRow], bundle: ReportBundle,
           with_department: bool) -> pd.DataFrame:
    columns = [c for c in COLUMNS if with_department or c != "责任单位"]
    records = [ledger_row(r, bundle.site, bundle.screenshots.get(r.finding.url),
                          with_department) for r in rows]
    for i, record in enumerate(records, start=1):
        record["序号"] = i  # numbered within the sheet; the run-wide number is in the HTML
    return pd.DataFrame(records, columns=columns)


def _format_findings(ws: Worksheet, frame: pd.DataFrame, rows: Sequence[FindingRow],
                     bundle: ReportBundle, link_prefix: str) -> None:
    names = list(frame.columns)
    for i, name in enumerate(names, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = COLUMNS[name]
        header = ws.cell(row=1, column=i)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "B2"
    if len(frame):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{len(frame) + 1}"
    index = {name: i + 1 for i, name in enumerate(names)}
    for r, row in enumerate(rows, start=2):
        for name, col in index.items():
            cell = ws.cell(row=r, column=col)
            if cell.data_type == "f":  # page text that looks like a formula stays text
                cell.data_type = "s"
            cell.alignment = TOP_WRAP if name in WRAP_COLUMNS else TOP
            if name in DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
        f = row.finding
        url_cell = ws.cell(row=r, column=index["页面链接"])
        if href(f.url):
            url_cell.hyperlink = f.url
            url_cell.style = "Hyperlink"
            url_cell.alignment = TOP_WRAP
        shot = bundle.screenshots.get(f.url)
        if shot:
            shot_cell = ws.cell(row=r, column=index["证据截图"])
            shot_cell.hyperlink = link_prefix + shot
            shot_cell.style = "Hyperlink"
        context = f.context or ""
        if f.text and f.text in context:
            before, _, after = context.partition(f.text)
            parts = [p for p in (_clean(before), TextBlock(HIGHLIGHT, _clean(f.text)),
                                 _clean(after)) if p]
            ws.cell(row=r, column=index["上下文"]).value = CellRichText(parts)
        if f.severity == "veto":
            for col in index.values():
                ws.cell(row=r, column=col).fill = VETO_FILL


def _write_findings(writer: pd.ExcelWriter, sheet: str, rows: Sequence[FindingRow],
                    bundle: ReportBundle, with_department: bool, link_prefix: str) -> None:
    frame = _frame(rows, bundle, with_department)
    frame.to_excel(writer, sheet_name=sheet, index=False)
    _format_findings(writer.sheets[sheet], frame, rows, bundle, link_prefix)


def _summary_rows(bundle: ReportBundle, s: Summary, departments: Sequence[str],
                  sheets: dict[str, str]) -> pd.DataFrame:
    records = []
    for dept in departments:
        sc = s.department_scores[dept]
        rows = s.rows_for(dept)
        record: dict[str, Any] = {"责任单位": dept, "问题数": len(rows)}
        for severity, label in SEVERITY_LABELS.items():
            record[label] = sum(1 for r in rows if r.finding.severity == severity)
        record["新发现"] = sum(1 for r in rows if r.status == "new")
        record["已整改"] = len(s.fixed_for(dept))
        for label, deduction, _, _ in sc.columns(s.rules):
            record[f"{label}扣分"] = deduction
        record["估算得分"] = sc.score
        record["等级"] = sc.grade
        record["工作表"] = sheets.get(dept, "")
        records.append({k: _clean(v) for k, v in record.items()})
    return pd.DataFrame(records)


def _write_summary(writer: pd.ExcelWriter, bundle: ReportBundle, s: Summary,
                   departments: Sequence[str], sheets: dict[str, str],
                   title: str) -> None:
    previous = s.history.previous_run
    scope = s.site_score if len(departments) != 1 else s.department_scores[departments[0]]
    rows = [r for d in departments for r in s.rows_for(d)]
    # a partial run says so first (interrupted, failed, throttled: reporting.incomplete_notes)
    facts: list[tuple[str, Any]] = [("结果不完整", note) for note in bundle.incomplete] + [
        ("站点", bundle.site), ("首页", bundle.home_url), ("巡检基准日", bundle.as_of),
        ("巡检编号", bundle.run.get("id")),
        ("上次巡检", f"{previous['as_of']}（编号 {previous['id']}）" if previous else "首次巡检"),
        ("问题总数", len(rows)),
        ("一票否决", sum(1 for r in rows if s.rules.is_veto(r.finding))),
        ("新发现", sum(1 for r in rows if r.status == "new")),
        ("持续未整改", sum(1 for r in rows if r.status == "open")),
        ("已整改", sum(len(s.fixed_for(d)) for d in departments)),
        ("估算得分", f"{format_points(scope.score)}（{scope.grade}）"),
        ("结论", scope.verdict),
    ]
    frame = _summary_rows(bundle, s, departments, sheets)
    start = len(facts) + 3
    frame.to_excel(writer, sheet_name=SUMMARY_SHEET, index=False, startrow=start - 1)
    ws = writer.sheets[SUMMARY_SHEET]
    ws.cell(row=1, column=1, value=_clean(title)).font = Font(bold=True, size=14)
    for i, (label, value) in enumerate(facts, start=2):
        ws.cell(row=i, column=1, value=label).font = Font(bold=True)
        cell = ws.cell(row=i, column=2, value=_clean(value))
        if label == "结果不完整":
            cell.font = Font(bold=True, color="B22222")
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        if cell.data_type == "f":
            cell.data_type = "s"
    for col in range(1, len(frame.columns) + 1):
        header = ws.cell(row=start, column=col)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = 14 if col > 1 else 22
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width or 0, 16)
    ws.freeze_panes = ws.cell(row=start + 1, column=2)
    if len(frame):
        ws.auto_filter.ref = f"A{start}:{get_column_letter(len(frame.columns))}{start + len(frame)}"
        sheet_col = list(frame.columns).index("工作表") + 1
        for r in range(start + 1, start + 1 + len(frame)):
            cell = ws.cell(row=r, column=sheet_col)
            if cell.value:
                cell.hyperlink = Hyperlink(ref=cell.coordinate,
                                           location=f"{quote_sheetname(str(cell.value))}!A1")
                cell.style = "Hyperlink"
            for c in range(1, len(frame.columns) + 1):
                value_cell = ws.cell(row=r, column=c)
                if value_cell.data_type == "f":
                    value_cell.data_type = "s"
                if isinstance(value_cell.value, float):
                    value_cell.number_format = "0.0"


def write_ledger(bundle: ReportBundle, path: Path, departments: Sequence[str] | None = None,
                 link_prefix: str = "") -> Path:
    """The ledger of `departments` (None: all) at `path`; links to screenshots get the prefix."""
    s = bundle.summary
    whole = departments is None
    departments = list(s.departments if departments is None else departments)
    sheets = sheet_names(departments, reserved=(SUMMARY_SHEET, ALL_SHEET, FIXED_SHEET))
    title = f"{bundle.site}网站巡检整改台账" + ("" if whole else f"（{'、'.join(departments)}）")
    tmp = path.with_name(path.stem + ".tmp.xlsx")
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        _write_summary(writer, bundle, s, departments, sheets, title)
        if whole:
            _write_findings(writer, ALL_SHEET, s.rows, bundle, True, link_prefix)
        for dept in departments:
            rows = s.rows_for(dept) + s.fixed_for(dept)
            _write_findings(writer, sheets[dept], rows, bundle, False, link_prefix)
        if whole and s.fixed_rows:
            _write_findings(writer, FIXED_SHEET, s.fixed_rows, bundle, True, link_prefix)
    tmp.replace(path)
    return path


def department_files(bundle: ReportBundle, out_dir: Path, suffix: str) -> dict[str, Path]:
    """department -> out_dir/departments/<safe name>-<suffix>: one file per department."""
    names = unique_filenames(bundle.summary.departments)
    folder = out_dir / DEPARTMENTS_DIR
    return {dept: folder / f"{name}-{suffix}" for dept, name in names.items()}


def render(bundle: ReportBundle, out_dir: Path) -> list[Path]:
    written = [write_ledger(bundle, out_dir / "report.xlsx")]
    if bundle.options.split_by_department:
        for dept, path in department_files(bundle, out_dir, f"{LEDGER_SUFFIX}.xlsx").items():
            path.parent.mkdir(parents=True, exist_ok=True)
            written.append(write_ledger(bundle, path, [dept], link_prefix="../"))
    return written
