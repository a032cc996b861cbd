"""report.xlsx, the rectification ledger: opened with openpyxl and read back."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from reports_helpers import SITE, XSS, add_run, bundle_for, two_runs

from govpatrol.reports import ReportOptions, render_all
from govpatrol.reports.excel import (
    ALL_SHEET,
    FIXED_SHEET,
    REVIEW_STATES,
    RULES_SHEET,
    SUMMARY_SHEET,
    write_ledger,
)
from govpatrol.reports.naming import safe_filename, sheet_names, unique_filenames
from govpatrol.store import Store

BASE = "http://127.0.0.1:9"
LEDGER_HEADER = ["序号", "站点", "栏目", "页面标题", "问题类型", "严重程度", "问题描述", "原文",
                 "上下文", "修改建议", "页面链接", "所在页面", "首次发现", "整改时限", "巡检状态", "整改状态",
                 "整改措施", "责任人", "完成时间", "复查结果", "备注", "证据截图", "问题编号"]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    """The reports of one stored run, rendered once for the tests that only read them."""
    tmp_path = tmp_path_factory.mktemp("ledger")
    store, _, second = two_runs(tmp_path, BASE)
    out = tmp_path / "out"
    render_all(bundle_for(store, second, ReportOptions(split_by_department=True)), out)
    return out


def rows_of(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def test_sheets_and_columns(ledger):
    wb = openpyxl.load_workbook(ledger / "report.xlsx")
    assert wb.sheetnames[:3] == [SUMMARY_SHEET, RULES_SHEET, ALL_SHEET]
    assert wb.sheetnames[-1] == FIXED_SHEET
    # departments worst first: the veto department leads
    assert wb.sheetnames[3:-1] == ["宣传科", "办公室", "财政局", "未指定责任单位", "人事科"]
    office = wb["办公室"]
    assert [c.value for c in office[1]] == LEDGER_HEADER
    assert [c.value for c in wb[ALL_SHEET][1]][:3] == ["序号", "站点", "责任单位"]
    assert office.freeze_panes == "B2"
    assert office.auto_filter.ref == f"A1:W{office.max_row}"
    assert abs(office.column_dimensions["G"].width - 44) < 1
    assert office.cell(row=2, column=7).alignment.wrap_text


def test_the_ledger_prints_as_it_is(ledger):
    """Landscape A4, one page wide, the header row on every printed page, page numbers."""
    ws = openpyxl.load_workbook(ledger / "report.xlsx")["办公室"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0  # 1 wide
    assert ws.print_title_rows.replace("$", "") == "1:1"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_rows_grow_with_their_wrapped_text(ledger):
    """A long description is not cut to one line: the row is as high as its wrapped text."""
    ws = openpyxl.load_workbook(ledger / "report.xlsx")[ALL_SHEET]
    header = [c.value for c in ws[1]]
    described = header.index("问题描述")
    for row in ws.iter_rows(min_row=2):
        text = row[described].value or ""
        height = ws.row_dimensions[row[0].row].height or 15  # unset: the default, one line
        assert height >= 15
        if len(text) > 22:  # more than one line of a 44-wide column (a CJK character is 2)
            assert height >= 30, (text, height)


def test_departments_answer_in_a_drop_down_and_their_own_columns(ledger):
    """整改状态 is a list to choose from, preset from the patrol (未整改, or 已整改 for a fixed
    finding); 整改措施, 责任人, 完成时间, 复查结果 are left for the department."""
    ws = openpyxl.load_workbook(ledger / "report.xlsx")["财政局"]
    rows = rows_of(ws)
    assert [r["整改状态"] for r in rows] == ["未整改", "已整改"]
    assert all(r["整改措施"] is None and r["责任人"] is None and r["完成时间"] is None
               for r in rows)
    state_col = openpyxl.utils.get_column_letter(LEDGER_HEADER.index("整改状态") + 1)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"' + ",".join(REVIEW_STATES) + '"'
    assert str(lists[0].sqref) == f"{state_col}2:{state_col}{ws.max_row}"


def test_each_finding_shows_its_page_title(ledger):
    rows = rows_of(openpyxl.load_workbook(ledger / "report.xlsx")["办公室"])
    titles = {r["页面链接"]: r["页面标题"] for r in rows}
    assert titles[f"{BASE}/a.html"] == "新闻一"
    assert titles[f"{BASE}/news/"] is None  # a column finding: no page of its own was stored


def test_the_score_rule_by_rule(ledger):
    """按指标 shows where the points went, and its total is the summary's score."""
    wb = openpyxl.load_workbook(ledger / "report.xlsx")
    rows = list(wb[RULES_SHEET].iter_rows(values_only=True))
    header, lines, total = rows[0], rows[1:-1], rows[-1]
    assert header[:3] == ("领域", "指标", "扣分规则")
    assert lines and all(line[4] > 0 for line in lines)
    assert total[0] == "合计" and total[4] == sum(line[4] for line in lines)
    facts = {row[0].value: row[1].value for row in wb[SUMMARY_SHEET].iter_rows(min_row=2,
                                                                              max_row=14)}
    assert total[7].startswith(f"估算得分{facts['估算得分'].split('（')[0]}分")


def test_department_sheet_contents(ledger):
    wb = openpyxl.load_workbook(ledger / "report.xlsx")
    office = rows_of(wb["办公室"])
    assert [r["序号"] for r in office] == [1, 2, 3]
    assert {r["问题类型"] for r in office} == {"栏目更新不及时", "错别字", "不可用链接"}
    typo = next(r for r in office if r["问题类型"] == "错别字")
    assert typo["站点"] == SITE
    assert typo["原文"] == "既使" and typo["修改建议"] == "即使"
    assert typo["首次发现"] == dt.datetime(2024, 5, 6)
    assert typo["整改时限"] == dt.datetime(2024, 5, 17)
    assert typo["巡检状态"] == "持续未整改（已逾期）"
    assert typo["页面链接"] == f"{BASE}/a.html"
    link_cell = next(c for c in wb["办公室"]["K"][1:] if c.value == f"{BASE}/a.html")
    assert link_cell.hyperlink.target == f"{BASE}/a.html"
    finance = rows_of(wb["财政局"])
    assert [r["巡检状态"] for r in finance] == ["新发现", "已整改"]  # fixed rows at the bottom
    veto = rows_of(wb["宣传科"])[0]
    assert veto["原文"] == XSS  # page text is text
    assert veto["严重程度"] == "一票否决"


def test_summary_sheet(ledger):
    ws = openpyxl.load_workbook(ledger / "report.xlsx")[SUMMARY_SHEET]
    facts = {row[0].value: row[1].value for row in ws.iter_rows(min_row=2, max_row=12)}
    assert facts["问题总数"] == 6
    assert facts["一票否决"] == 1
    assert facts["已整改"] == 1
    assert facts["估算得分"] == "96.5（单项否决）"
    header_row = next(r for r in ws.iter_rows() if r[0].value == "责任单位")
    header = [c.value for c in header_row]
    assert header[-3:] == ["估算得分", "等级", "工作表"]
    table = {row[0].value: dict(zip(header, [c.value for c in row], strict=True))
             for row in ws.iter_rows(min_row=header_row[0].row + 1)}
    assert table["办公室"]["估算得分"] == 98.5
    assert table["办公室"]["信息管理扣分"] == 0.5
    assert table["宣传科"]["等级"] == "单项否决"
    assert table["人事科"]["问题数"] == 0
    link = ws.cell(row=header_row[0].row + 1, column=len(header)).hyperlink
    assert link.location == "'宣传科'!A1"  # a link to the department's sheet


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    run = add_run(store, BASE, dt.date(2024, 5, 6), ["formula"])
    path = write_ledger(bundle_for(store, run), tmp_path / "l.xlsx")
    ws = openpyxl.load_workbook(path)["办公室"]
    row = rows_of(ws)[0]
    # a leading apostrophe: editing the cell or exporting the sheet to CSV keeps it text
    assert row["原文"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["上下文"] == "'=1+1"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_split_by_department_files(ledger):
    folder = ledger / "departments"
    names = sorted(p.name for p in folder.glob("*.xlsx"))
    assert names == sorted(f"{d}-整改台账.xlsx" for d in
                           ["宣传科", "办公室", "财政局", "未指定责任单位", "人事科"])
    wb = openpyxl.load_workbook(folder / "财政局-整改台账.xlsx")
    assert wb.sheetnames == [SUMMARY_SHEET, RULES_SHEET, "财政局"]
    rows = rows_of(wb["财政局"])
    assert {r["问题类型"] for r in rows} == {"信息发布不及时", "错别字"}
    assert len(sorted(folder.glob("*.docx"))) == 5


def test_sheet_names_are_valid_and_unique():
    names = ["办公室/信息中心", "a" * 40, "a" * 40 + "b", "[财政]:*?", "History", "汇总", "OFFICE",
             "office", "", "'引号'"]
    result = sheet_names(names, reserved=["汇总"])
    values = list(result.values())
    assert len({v.casefold() for v in values}) == len(values)
    for value in values:
        assert 0 < len(value) <= 31
        assert not set(value) & set("[]:*?/\\")
        assert not value.startswith("'") and not value.endswith("'")
        assert value.casefold() not in {"history", "汇总"}


def test_safe_filenames():
    assert safe_filename('财政局/预算科: "一"') == "财政局_预算科_ _一"
    assert safe_filename("CON") == "_CON"
    assert safe_filename("..") == "未命名"
    assert len(safe_filename("长" * 300)) <= 80
    assert unique_filenames(["a/b", "a:b", "A_b"]) == {"a/b": "a_b", "a:b": "a_b_2", "A_b": "A_b_3"}


def test_a_run_without_findings_or_departments_renders_everything(tmp_path):
    from govpatrol.reports import ReportBundle

    bundle = ReportBundle(run={"id": 1}, site="s", home_url="http://127.0.0.1:9/",
                          as_of=dt.date(2024, 5, 20), columns=[], items=[], findings=[],
                          options=ReportOptions(split_by_department=True))
    written = render_all(bundle, tmp_path)
    assert {p.name for p in written} >= {"report.html", "report.xlsx", "report.docx"}
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames == [SUMMARY_SHEET, RULES_SHEET, ALL_SHEET]
    assert "未发现问题" in (tmp_path / "report.html").read_text(encoding="utf-8")
