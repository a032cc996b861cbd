"""The files of the evaluation-prep pack: one Excel workbook and one Word document per department,
and a summary workbook per site.

Written with openpyxl and python-docx directly: the pack has its own three parts (veto
dashboard, estimated score, findings that cost points), unlike the rectification ledger. Page
text is always written as text (a page saying "=HYPERLINK(…)" must not become a formula), and
Word runs name their East Asian font so the document opens in 宋体 in WPS and Word alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from govpatrol.auditors.veto import PASS, SUSPECT, VETO, WARN, VetoItem
from govpatrol.evaluation.prep import DepartmentPack, SitePack
from govpatrol.model import CATEGORIES, SEVERITY_LABELS
from govpatrol.reports.naming import safe_filename, unique_filenames
from govpatrol.rules.scoring import format_points, rule_lines

SUFFIX = "迎评材料"
VETO_SHEET, SCORE_SHEET, FINDINGS_SHEET, DEPARTMENTS_SHEET = (
    "单项否决指标", "估算得分", "扣分问题", "各责任单位")
VETO_HEADER = ["指标", "当前值", "预警线", "否决线", "状态", "说明", "本单位相关", "相关问题数"]
SCORE_HEADER = ["扣分项", "上限", "问题数", "单位扣分", "扣分", "核查方式"]
FINDINGS_HEADER = ["序号", "栏目", "问题类型", "严重程度", "扣分项", "扣分", "问题描述", "原文",
                   "页面链接", "问题编号"]
STATUS_FILLS = {VETO: "FFF4CCCC", WARN: "FFFFE8B0", PASS: "FFE2F0D9", SUSPECT: "FFFCE4D6"}
HEADER_FILL = PatternFill("solid", fgColor="FFDDE6F0")
BODY_FONT = "宋体"


def _clean(value: Any) -> Any:
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def related_text(pack: DepartmentPack, item: VetoItem) -> str:
    mine = pack.related(item)
    if not mine:
        return ""
    names = [str(e.get("name") or e.get("title") or e.get("url")) for e in mine[:5]]
    return f"{len(mine)}项：" + "、".join(names) + ("等" if len(mine) > 5 else "")


def veto_rows(pack: DepartmentPack | None, items: Iterable[VetoItem]) -> list[list[Any]]:
    return [[i.label, i.value_text, i.warn_text, i.line_text, i.status, i.detail,
             related_text(pack, i) if pack else "", len(i.finding_ids)] for i in items]


def score_rows(pack: DepartmentPack) -> list[list[Any]]:
    """Per rule: count, unit, points, cap (rule_lines: the HTML report prints the same)."""
    rows: list[list[Any]] = [[f"{line.indicator}：{line.rule}" if line.indicator != line.rule
                              else line.rule, line.cap, line.count, line.unit_text, line.points,
                              line.note] for line in rule_lines(pack.score, pack.rules)]
    rows.append(["合计", pack.rules.base, pack.score.findings, "", pack.score.deduction,
                 f"估算得分{format_points(pack.score.score)}分（{pack.score.grade}）"])
    return rows


def finding_rows(pack: DepartmentPack) -> list[list[Any]]:
    rows = []
    for n, (f, item) in enumerate(pack.costing, start=1):
        rows.append([n, f.column or "", CATEGORIES.get(f.category, f.category),
                     SEVERITY_LABELS.get(f.severity, f.severity),
                     item.label if item else "单项否决", item.per_finding if item else "",
                     f.message, f.text or f.link_url or "", f.url, f.id])
    return rows


# --- Excel ------------------------------------------------------------------------------------


def _sheet(ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Any]],
           widths: Sequence[int], status_column: int | None = None) -> None:
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append([_clean(v) for v in row])
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # page text that looks like a formula stays text
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        if status_column is not None:
            fill = STATUS_FILLS.get(str(row[status_column]))
            if fill:
                for cell in ws[ws.max_row]:
                    cell.fill = PatternFill("solid", fgColor=fill)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def _facts(ws: Worksheet, facts: Sequence[tuple[str, Any]]) -> None:
    for label, value in facts:
        ws.append([label, _clean(value)])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        cell = ws.cell(row=ws.max_row, column=2)
        if cell.data_type == "f":
            cell.data_type = "s"
    ws.append([])


def _grade_text(pack: DepartmentPack) -> str:
    return f"{format_points(pack.score.score)}分（{pack.score.grade}）"


def write_department_xlsx(pack: DepartmentPack, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = VETO_SHEET
    _sheet(ws, VETO_HEADER, veto_rows(pack, pack.veto), [26, 10, 12, 12, 10, 60, 30, 10],
           status_column=4)
    score = wb.create_sheet(SCORE_SHEET)
    _facts(score, [("站点", pack.site), ("责任单位", pack.department),
                   ("巡检基准日", pack.as_of.isoformat()), ("巡检编号", pack.run_id),
                   ("规则配置", pack.profile_name), ("估算得分", _grade_text(pack)),
                   ("全站单项否决", f"{pack.site_vetoes}项达到否决线"),
                   *[("说明", note) for note in pack.notes]])
    start = score.max_row + 1
    for r, row in enumerate([SCORE_HEADER, *score_rows(pack)]):
        for c, value in enumerate(row, start=1):
            cell = score.cell(row=start + r, column=c, value=_clean(value))
            if r == 0:
                cell.font = Font(bold=True)
                cell.fill = HEADER_FILL
    for i, width in enumerate([16, 60, 10, 10, 10], start=1):
        score.column_dimensions[get_column_letter(i)].width = width
    findings = wb.create_sheet(FINDINGS_SHEET)
    _sheet(findings, FINDINGS_HEADER, finding_rows(pack), [6, 16, 14, 9, 12, 7, 60, 20, 40, 18])
    return _save_xlsx(wb, path)


def write_site_xlsx(pack: SitePack, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = VETO_SHEET
    _sheet(ws, VETO_HEADER[:6] + VETO_HEADER[7:], [r[:6] + r[7:] for r in veto_rows(None,
           pack.veto)], [26, 10, 12, 12, 10, 60, 10], status_column=4)
    depts = wb.create_sheet(DEPARTMENTS_SHEET)
    header = ["责任单位", "扣分问题数", "扣分", "估算得分", "等级"]
    rows = [[d.department, len(d.costing), d.score.deduction, d.score.score, d.score.grade]
            for d in pack.departments]
    if pack.score is not None:  # the whole site, as the HTML report's 全站 row
        rows.append(["全站", sum(len(d.costing) for d in pack.departments),
                     pack.score.deduction, pack.score.score, pack.score.grade])
    _sheet(depts, header, rows, [24, 12, 10, 10, 12])
    return _save_xlsx(wb, path)


def _save_xlsx(wb: Workbook, path: Path) -> Path:
    tmp = path.with_name(path.stem + ".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(path)
    return path


# --- Word -------------------------------------------------------------------------------------


def _east_asian(style_or_run: Any, font: str = BODY_FONT) -> None:
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def _doc_table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(_clean("" if value is None else value))


def write_department_docx(pack: DepartmentPack, path: Path) -> Path:
    doc = Document()
    for name in ("Normal", "Title", "Heading 1"):
        _east_asian(doc.styles[name], "黑体" if name != "Normal" else BODY_FONT)
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_paragraph(_clean(f"{pack.site}迎评材料（{pack.department}）"), style="Title")
    doc.add_paragraph(_clean(
        f"巡检基准日：{pack.as_of.isoformat()}；巡检编号：{pack.run_id}；规则配置：{pack.profile_name}。"
        f"{'；'.join(pack.notes)}。"))
    doc.add_paragraph("一、单项否决指标", style="Heading 1")
    doc.add_paragraph(f"全站共{len(pack.veto)}项单项否决指标，{pack.site_vetoes}项达到否决线。"
                      "任一项达到否决线即整站不合格；达到预警线的请在检查前整改；“疑似”为机器"
                      "估算，需人工核查，不单独判定不合格。"
                      if pack.veto else "该规则配置未设单项否决指标。")
    if pack.veto:
        _doc_table(doc, VETO_HEADER[:7], [r[:7] for r in veto_rows(pack, pack.veto)])
    doc.add_paragraph("二、估算得分", style="Heading 1")
    doc.add_paragraph(_clean(f"按规则配置“{pack.profile_name}”估算，{pack.department}得分"
                             f"{_grade_text(pack)}。仅计机器可检查的项目，供迎评准备参考。"))
    _doc_table(doc, SCORE_HEADER, score_rows(pack))
    doc.add_paragraph("三、扣分问题清单", style="Heading 1")
    rows = finding_rows(pack)
    if rows:
        _doc_table(doc, ["序号", "栏目", "问题类型", "严重程度", "扣分项", "问题描述", "页面链接"],
                   [[r[0], r[1], r[2], r[3], r[4], r[6], r[8]] for r in rows])
    else:
        doc.add_paragraph("未发现扣分问题。")
    doc.core_properties.title = _clean(f"{pack.site}迎评材料（{pack.department}）")
    doc.core_properties.author = "govpatrol"
    tmp = path.with_name(path.stem + ".tmp.docx")
    doc.save(str(tmp))
    tmp.replace(path)
    return path


def write_site(pack: SitePack, out_dir: Path) -> list[Path]:
    """out_dir/<site>/: 汇总-迎评材料.xlsx and <department>-迎评材料.xlsx/.docx each."""
    folder = out_dir / safe_filename(pack.site)
    folder.mkdir(parents=True, exist_ok=True)
    written = [write_site_xlsx(pack, folder / f"汇总-{SUFFIX}.xlsx")]
    names = unique_filenames(d.department for d in pack.departments)
    for dept in pack.departments:
        stem = f"{names[dept.department]}-{SUFFIX}"
        written.append(write_department_xlsx(dept, folder / f"{stem}.xlsx"))
        written.append(write_department_docx(dept, folder / f"{stem}.docx"))
    return written
