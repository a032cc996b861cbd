"""report.xlsx: the rectification ledger (整改台账) offices used to retype by hand.

A summary sheet, a sheet of all findings, one sheet per department and one per scoring rule, in
the columns ledgers use (序号 … 整改状态, 整改措施, 责任人, 完成时间, 复查结果), so the file can
be forwarded as is, filled in by the department and read back (`govpatrol review`). It prints as
it is: landscape A4, fit to the page width, the header row on every page, page numbers.

Written with XlsxWriter row by row (constant memory): 20,000 findings take seconds, not a minute.
Page text is always written as text, never as a formula; a text that starts like a formula
(= + - @) is stored with a leading apostrophe, so neither editing the cell nor exporting the sheet
to CSV can turn a page saying "=HYPERLINK(…)" into a live formula in someone's spreadsheet.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from govpatrol.model import SEVERITY_LABELS
from govpatrol.reports.bundle import ReportBundle
from govpatrol.reports.history import FIXED, REOPENED
from govpatrol.reports.html import href
from govpatrol.reports.naming import sheet_names, unique_filenames
from govpatrol.reports.summary import FindingRow, Summary
from govpatrol.rules.review import REVIEW_STATES
from govpatrol.rules.scoring import format_points, rule_lines

SUMMARY_SHEET = "汇总"
ALL_SHEET = "全部问题"
FIXED_SHEET = "已整改"
SUPPRESSED_SHEET = "已标记误报"
REVIEW_VERSION = "整改记录版本"
RULES_SHEET = "按指标"
DEPARTMENTS_DIR = "departments"
LEDGER_SUFFIX = "整改台账"

#: The columns a department fills in; everything left of them is the patrol's.
FILL_IN = ("整改状态", "整改措施", "责任人", "完成时间", "复查结果")

#: Ledger column -> width in Excel's unit (one digit; a CJK character takes about two).
COLUMNS: dict[str, int] = {
    "序号": 6, "站点": 14, "责任单位": 14, "栏目": 14, "页面标题": 24, "问题类型": 12,
    "严重程度": 9, "问题描述": 44, "原文": 18, "上下文": 36, "修改建议": 16, "页面链接": 40,
    "所在页面": 40,  # a finding in an attachment: the page that links it (page_url)
    "首次发现": 11, "整改时限": 11, "巡检状态": 14, "整改状态": 10, "整改措施": 24, "责任人": 10,
    "完成时间": 11, "复查结果": 14, "备注": 20, "证据截图": 9, "问题编号": 18,
}
WRAP_COLUMNS = {"栏目", "页面标题", "问题描述", "原文", "上下文", "修改建议", "页面链接",
                "所在页面", "巡检状态", "整改措施", "复查结果", "备注"}
DATE_COLUMNS = {"首次发现", "整改时限", "完成时间"}
#: Columns whose text came from a page (or from a department's name): never a formula.
PAGE_TEXT = {"站点", "责任单位", "栏目", "页面标题", "问题描述", "原文", "上下文", "修改建议"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROW_POINTS = 15.0  # one line of 11-point text
MAX_ROW_POINTS = 409.0  # Excel's limit
MAX_CELL = 32_767  # characters Excel keeps in a cell
MAX_URL = 2_079  # characters Excel accepts in a hyperlink
MAX_LINKS = 65_530  # hyperlinks Excel accepts in one sheet
#: Sheets longer than this quote the context as plain text: the offending word is in 原文
#: anyway, and rich text costs a format object per cell (a third of a big ledger's time).
RICH_ROWS = 2_000

HEADER = {"bold": True, "bg_color": "#DDE6F0", "align": "center", "valign": "vcenter",
          "text_wrap": True, "border": 1}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: Any) -> Any:
    """Control characters XML refuses are dropped; a formula-like text gets its apostrophe."""
    if not isinstance(value, str):
        return value
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    value = value[:MAX_CELL]
    return "'" + value if value.startswith(FORMULA_START) else value


def _display_width(text: str) -> int:
    """Excel's width of a text, near enough: ASCII is one unit, anything else (CJK) two."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


def _lines(text: str, width: int) -> int:
    """Lines a wrapped cell of `width` takes (Excel wraps at about the column's width)."""
    usable = max(1, width - 1)
    if 2 * len(text) <= usable and "\n" not in text:
        return 1  # fits whatever its characters (most cells: a label, a date, a short word)
    return sum(max(1, math.ceil(_display_width(part) / usable)) for part in text.split("\n"))


def to_date(value: str | None) -> date | None:
    """A stored ISO date (完成时间), None when empty."""
    return date.fromisoformat(value) if value else None


def _as_datetime(value: date | None) -> datetime | None:
    if value is None:
        return None
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


class _Formats:
    """One set of cell formats per workbook (XlsxWriter keeps formats per workbook)."""

    #: The findings cells, each also in the veto rows' colour.
    CELLS: dict[str, dict[str, Any]] = {
        "top": {"valign": "top"},
        "wrap": {"valign": "top", "text_wrap": True},
        "date": {"valign": "top", "num_format": "yyyy-mm-dd"},
        "link": {"valign": "top", "text_wrap": True, "font_color": "blue", "underline": 1},
    }

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.header = wb.add_format(HEADER)
        self.cells = {name: wb.add_format(props) for name, props in self.CELLS.items()}
        self.veto = {name: wb.add_format({**props, "bg_color": "#FBE3E3"})
                     for name, props in self.CELLS.items()}
        self.top, self.wrap, self.date = self.cells["top"], self.cells["wrap"], self.cells["date"]
        self.highlight = wb.add_format({"bold": True, "font_color": "#C00000"})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.bold = wb.add_format({"bold": True})
        self.alarm = wb.add_format({"bold": True, "font_color": "#B22222", "text_wrap": True})
        self.score = wb.add_format({"num_format": "0.0"})
        self.plain_link = wb.add_format({"font_color": "blue", "underline": 1})

    def of(self, kind: str, veto: bool) -> Any:
        return (self.veto if veto else self.cells)[kind]


def _print_setup(ws: Worksheet, columns: int, header_row: int = 0) -> None:
    """Landscape A4, one page wide, the header repeated, page numbers in the footer."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")


def ledger_row(row: FindingRow, site: str, screenshot: str | None, with_department: bool,
               title: str | None = None) -> dict[str, Any]:
    """One finding in the ledger's columns; the fill-in columns hold the office's last answer
    (`govpatrol review`), or 未整改 (已整改 for a finding gone since the previous run)."""
    f = row.finding
    review = row.review or {}
    record: dict[str, Any] = {"序号": row.number, "站点": site}
    if with_department:
        record["责任单位"] = row.department
    record.update({
        "栏目": f.column or "", "页面标题": title or "", "问题类型": row.category_label,
        "严重程度": row.severity_label, "问题描述": f.message, "原文": row.evidence,
        "上下文": f.context or "", "修改建议": f.suggestion or "", "页面链接": f.url,
        "所在页面": f.page_url or "",
        "首次发现": row.first_seen, "整改时限": row.deadline, "巡检状态": row.status_label,
        "整改状态": row.review_state or ("已整改" if row.status == FIXED else "未整改"),
        "整改措施": review.get("measure") or "", "责任人": review.get("owner") or "",
        "完成时间": to_date(review.get("done_on")), "复查结果": row.recheck,
        "备注": review.get("note") or "", "证据截图": "截图" if screenshot else "",
        "问题编号": f.id,
    })
    return record


#: What a prepared cell asks of a sheet (`_Cells.of`, `_FindingSheet.add`).
_TEXT, _NUMBER, _DATE, _BLANK, _LINK, _MARKED = range(6)
#: A finding's cells: [(position in COLUMNS, kind, value, format)].
Prepared = list[tuple[int, int, Any, Any]]
_POSITION = {name: i for i, name in enumerate(COLUMNS)}


class _Cells:
    """Each finding's cells as every sheet writes them (kind, cleaned value, format) and its
    row height, prepared once per finding: the sheets it is on (全部问题 and its department's)
    are filled side by side, so nothing is kept and nothing is worked out twice."""

    def __init__(self, bundle: ReportBundle, link_prefix: str, fmt: _Formats,
                 is_veto: Callable[[Any], bool]) -> None:
        self.bundle, self.link_prefix, self.fmt, self.is_veto = bundle, link_prefix, fmt, is_veto

    def of(self, row: FindingRow) -> tuple[Any, float | None, Prepared]:
        """(the 序号 cell's format, the row's height or None for one line, the cells)."""
        f, bundle = row.finding, self.bundle
        veto = bool(self.is_veto(f))
        formats = self.fmt.veto if veto else self.fmt.cells
        shot = bundle.screenshots.get(f.url)
        record = ledger_row(row, bundle.site, shot, True, bundle.page_titles.get(f.url))
        cells: Prepared = []
        lines = 1
        for name, value in record.items():
            if name == "序号":
                continue  # numbered within each sheet
            pos = _POSITION[name]
            if name in DATE_COLUMNS:
                if value is not None:
                    cells.append((pos, _DATE, _as_datetime(value), formats["date"]))
                elif veto:  # an empty cell only needs writing for the veto row's colour
                    cells.append((pos, _BLANK, None, formats["date"]))
                continue
            if isinstance(value, int):
                cells.append((pos, _NUMBER, value, formats["top"]))
                continue
            text = _clean(value) if name in PAGE_TEXT else value
            wrap = name in WRAP_COLUMNS
            style = formats["wrap" if wrap else "top"]
            if wrap and text:
                lines = max(lines, _lines(text, COLUMNS[name]))
            target = f.url if name == "页面链接" else f.page_url if name == "所在页面" else None
            if target and href(target) and len(target) <= MAX_URL:
                cells.append((pos, _LINK, (target, text, style), formats["link"]))
            elif name == "证据截图" and text:
                cells.append((pos, _LINK, ("external:" + self.link_prefix + shot, text, style),
                              formats["link"]))
            elif name == "上下文" and f.text and f.text in (f.context or ""):
                cells.append((pos, _MARKED, (f.context or "", f.text, text, veto), style))
            elif text:
                cells.append((pos, _TEXT, text, style))
            elif veto:
                cells.append((pos, _BLANK, None, style))
        height = min(MAX_ROW_POINTS, lines * ROW_POINTS) if lines > 1 else None
        return formats["top"], height, cells


class _FindingSheet:
    """One sheet of findings, filled row by row; several are filled side by side, so each
    finding's cells are prepared once for the 全部问题 sheet and its department's."""

    def __init__(self, wb: xlsxwriter.Workbook, fmt: _Formats, sheet: str, rows: int,
                 with_department: bool) -> None:
        self.ws = ws = wb.add_worksheet(sheet)
        self.fmt = fmt
        self.names = [c for c in COLUMNS if with_department or c != "责任单位"]
        self.index = {name: i for i, name in enumerate(self.names)}
        # position in COLUMNS -> column of this sheet (-1: not on it)
        self.cols = [self.index.get(name, -1) for name in COLUMNS]
        for i, name in enumerate(self.names):
            ws.set_column(i, i, COLUMNS[name])
            ws.write_string(0, i, name, fmt.header)
        ws.set_row(0, 2 * ROW_POINTS)
        self.rich = rows <= RICH_ROWS
        self.row = self.links = 0

    def add(self, number_format: Any, height: float | None, cells: Prepared) -> None:
        ws, cols = self.ws, self.cols
        self.row = r = self.row + 1
        ws.write_number(r, 0, r, number_format)  # numbered within the sheet
        for pos, kind, value, cell_format in cells:
            col = cols[pos]
            if col < 0:
                continue
            if kind == _TEXT:
                ws.write_string(r, col, value, cell_format)
            elif kind == _LINK:
                if self.links < MAX_LINKS:
                    ws.write_url(r, col, value[0], cell_format, string=value[1])
                    self.links += 1
                elif value[1]:
                    ws.write_string(r, col, value[1], value[2])
            elif kind == _DATE:
                ws.write_datetime(r, col, value, cell_format)
            elif kind == _NUMBER:
                ws.write_number(r, col, value, cell_format)
            elif kind == _BLANK:
                ws.write_blank(r, col, None, cell_format)
            elif self.rich:  # _MARKED
                _write_marked(ws, self.fmt.highlight, r, col, value[0], value[1], cell_format)
            elif value[2]:
                ws.write_string(r, col, value[2], cell_format)
            elif value[3]:  # an empty cell only needs writing for the veto row's colour
                ws.write_blank(r, col, None, cell_format)
        if height is not None:  # a one-line row keeps the default height
            ws.set_row(r, height)

    def close(self) -> None:
        """Drop-down lists, filter, frozen header and print setup over the rows written."""
        ws, index = self.ws, self.index
        last = max(1, self.row)
        state = index["整改状态"]
        ws.data_validation(1, state, last, state, {
            "validate": "list", "source": list(REVIEW_STATES),
            "input_title": "整改状态", "input_message": "请从下拉列表选择",
            "error_title": "整改状态", "error_message": "请选择：" + "、".join(REVIEW_STATES)})
        finished = index["完成时间"]
        ws.data_validation(1, finished, last, finished, {
            "validate": "date", "criteria": ">=", "value": datetime(2000, 1, 1),
            "error_message": "请填写日期，如 2026-12-31"})
        ws.freeze_panes(1, 1)
        if self.row:
            ws.autofilter(0, 0, self.row, len(self.names) - 1)
        _print_setup(ws, len(self.names))


def _write_marked(ws: Worksheet, highlight: Any, row: int, col: int, context: str, text: str,
                  cell_format: Any) -> None:
    """The context with the offending text in bold red (a rich string)."""
    before, _, after = context.partition(text)
    before, text, after = _clean(before), text.replace("\x00", ""), after
    if not before and text.startswith(FORMULA_START):
        before = "'"
    parts: list[Any] = []
    if before:
        parts.append(before)
    parts += [highlight, text]
    if after:
        parts.append(after)
    if len(parts) < 3:  # a rich string needs two fragments: the text alone is just bold
        ws.write_string(row, col, text, cell_format)
        return
    ws.write_rich_string(row, col, *parts, cell_format)


def _summary_rows(s: Summary, departments: Sequence[str],
                  sheets: dict[str, str]) -> tuple[list[str], list[list[Any]]]:
    header = ["责任单位", "问题数", *SEVERITY_LABELS.values(), "新发现", "已整改", "已逾期",
              "复查未通过", "误报（已屏蔽）"]
    rows = []
    for dept in departments:
        sc = s.department_scores[dept]
        found = s.rows_for(dept)
        record: list[Any] = [dept, len(found)]
        record += [sum(1 for r in found if r.finding.severity == severity)
                   for severity in SEVERITY_LABELS]
        record += [sum(1 for r in found if r.status == "new"), len(s.fixed_for(dept)),
                   s.overdue_for(dept), sum(1 for r in found if r.status == REOPENED),
                   len(s.suppressed_for(dept))]
        columns = sc.columns(s.rules)
        record += [deduction for _, deduction, _, _ in columns]
        record += [sc.score, sc.grade, sheets.get(dept, "")]
        rows.append(record)
        if len(header) < len(record):
            header += [f"{label}扣分" for label, _, _, _ in columns]
            header += ["估算得分", "等级", "工作表"]
    if not rows:
        header += ["估算得分", "等级", "工作表"]
    return header, rows


def _write_summary(wb: xlsxwriter.Workbook, fmt: _Formats, bundle: ReportBundle, s: Summary,
                   departments: Sequence[str], sheets: dict[str, str], title: str) -> None:
    ws = wb.add_worksheet(SUMMARY_SHEET)
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
        ("持续未整改", sum(1 for r in rows if r.status in ("open", REOPENED))),
        ("已整改", sum(len(s.fixed_for(d)) for d in departments)),
        ("估算得分", f"{format_points(scope.score)}（{scope.grade}）"),
        ("结论", scope.verdict),
        ("复查未通过", sum(1 for r in rows if r.status == REOPENED)),
        ("已逾期", sum(s.overdue_for(d) for d in departments)),
        ("误报（已屏蔽）", sum(1 for r in s.suppressed_rows
                          if r.department in departments or departments == s.departments)),
        # the newest answer this ledger shows: `govpatrol review` compares each row with what
        # was written here, so a sheet left as it was never overrides an answer made since
        (REVIEW_VERSION, max((int(r["id"]) for r in bundle.reviews.values()), default=0)),
    ]
    ws.write_string(0, 0, _clean(title), fmt.title)
    for i, (label, value) in enumerate(facts, start=1):
        ws.write_string(i, 0, label, fmt.bold)
        if isinstance(value, date):
            ws.write_datetime(i, 1, _as_datetime(value), fmt.date)
        elif isinstance(value, int | float):
            ws.write_number(i, 1, value)
        elif value is not None:
            ws.write_string(i, 1, _clean(str(value)), fmt.alarm if label == "结果不完整" else None)
    header, table = _summary_rows(s, departments, sheets)
    start = len(facts) + 2
    for c, name in enumerate(header):
        ws.write_string(start, c, name, fmt.header)
        ws.set_column(c, c, 22 if c == 0 else 14)
    sheet_col = header.index("工作表")
    for r, record in enumerate(table, start=start + 1):
        for c, value in enumerate(record):
            if c == sheet_col and value:
                ws.write_url(r, c, f"internal:'{value}'!A1", fmt.plain_link, string=value)
            elif isinstance(value, float):
                ws.write_number(r, c, value, fmt.score)
            elif isinstance(value, int):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, _clean(str(value)))
    ws.freeze_panes(start + 1, 1)
    if table:
        ws.autofilter(start, 0, start + len(table), len(header) - 1)
    _print_setup(ws, len(header), start)


def _write_rules(wb: xlsxwriter.Workbook, fmt: _Formats, s: Summary,
                 departments: Sequence[str]) -> None:
    """The score rule by rule (indicator, unit, count, points, cap), as the HTML and Word reports
    print it: where the points went, so a department sees which rule to work on first."""
    scope = s.site_score if len(departments) != 1 else s.department_scores[departments[0]]
    lines = [line for line in rule_lines(scope, s.rules) if line.count]
    ws = wb.add_worksheet(RULES_SHEET)
    header = ["领域", "指标", "扣分规则", "计分方式", "问题数", "扣分", "指标封顶", "判定"]
    widths = [12, 24, 30, 26, 8, 8, 9, 16]
    for c, (name, width) in enumerate(zip(header, widths, strict=True)):
        ws.write_string(0, c, name, fmt.header)
        ws.set_column(c, c, width)
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate((line.area, line.indicator, line.rule, line.unit_text)):
            ws.write_string(r, c, _clean(value), fmt.wrap)
        ws.write_number(r, 4, line.count, fmt.top)
        ws.write_number(r, 5, line.points, fmt.score)
        ws.write_number(r, 6, line.cap, fmt.score)
        ws.write_string(r, 7, line.note, fmt.wrap)
    total = len(lines) + 1
    ws.write_string(total, 0, "合计", fmt.bold)
    ws.write_number(total, 4, sum(line.count for line in lines), fmt.bold)
    ws.write_number(total, 5, scope.deduction, fmt.score)
    ws.write_string(total, 7, f"估算得分{format_points(scope.score)}分（{scope.grade}）")
    ws.freeze_panes(1, 0)
    _print_setup(ws, len(header))


def write_ledger(bundle: ReportBundle, path: Path, departments: Sequence[str] | None = None,
                 link_prefix: str = "") -> Path:
    """The ledger of `departments` (None: all) at `path`; links to screenshots get the prefix."""
    s = bundle.summary
    whole = departments is None
    departments = list(s.departments if departments is None else departments)
    sheets = sheet_names(departments,
                         reserved=(SUMMARY_SHEET, ALL_SHEET, FIXED_SHEET, RULES_SHEET,
                                   SUPPRESSED_SHEET))
    title = f"{bundle.site}网站巡检整改台账" + ("" if whole else f"（{'、'.join(departments)}）")
    tmp = path.with_name(path.stem + ".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd"})
    fmt = _Formats(wb)
    vetoes = {r.finding.id for r in (*s.rows, *s.fixed_rows, *s.suppressed_rows)
              if s.rules.is_veto(r.finding)}

    def is_veto(finding: Any) -> bool:
        return finding.id in vetoes

    _write_summary(wb, fmt, bundle, s, departments, sheets, title)
    _write_rules(wb, fmt, s, departments)
    _write_finding_sheets(wb, fmt, s, departments, sheets, whole,
                          _Cells(bundle, link_prefix, fmt, is_veto))
    wb.close()
    tmp.replace(path)
    return path


def _write_finding_sheets(wb: xlsxwriter.Workbook, fmt: _Formats, s: Summary,
                          departments: list[str], sheets: dict[str, str], whole: bool,
                          cells: _Cells) -> None:
    """全部问题, one sheet per department (its current, then fixed, then 误报 findings), 已整改
    and 已标记误报, in that tab order, filled in one pass over the findings."""
    parts = [(s.rows, ALL_SHEET if whole else None), (s.fixed_rows, FIXED_SHEET if whole else None),
             (s.suppressed_rows, SUPPRESSED_SHEET if whole else None)]
    counts = Counter(r.department for rows, _ in parts for r in rows)
    overall = {sheet: _FindingSheet(wb, fmt, sheet, len(rows), True)
               for rows, sheet in parts[:1] if sheet}
    own = {dept: _FindingSheet(wb, fmt, sheets[dept], counts[dept], False)
           for dept in departments}
    # 已整改 and 已标记误报 exist only when they have rows (全部问题 always does)
    overall |= {sheet: _FindingSheet(wb, fmt, sheet, len(rows), True)
                for rows, sheet in parts[1:] if sheet and rows}
    for rows, sheet in parts:
        for row in rows:
            dept_sheet = own.get(row.department)
            if sheet is None and dept_sheet is None:
                continue
            prepared = cells.of(row)
            if sheet is not None:
                overall[sheet].add(*prepared)
            if dept_sheet is not None:
                dept_sheet.add(*prepared)
    for sheet in (*overall.values(), *own.values()):
        sheet.close()


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
