"""The review loop as an office uses it: the patrol's ledger goes out, comes back filled in
(误报, 整改中, 已整改 with 整改措施, 责任人, 完成时间), `govpatrol review` reads it into the
database, and the next reports hide the false alarms, re-check what was marked fixed, and give
every answer back in the same columns."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import cli, read_jsonl
from reports_helpers import SITE, add_run, two_runs

from govpatrol.reports.excel import ALL_SHEET, FIXED_SHEET, SUMMARY_SHEET, SUPPRESSED_SHEET
from govpatrol.store import SCHEMA_VERSION, Store

BASE = "http://127.0.0.1:9"
THIRD_DAY = dt.date(2024, 6, 3)
ANSWERS = ("整改状态", "整改措施", "责任人", "完成时间", "备注")


@pytest.fixture
def patrolled(tmp_path: Path) -> dict:
    """Two stored runs of 江河市人民政府 and the ledger `govpatrol report` wrote for the second."""
    store, _, second = two_runs(tmp_path, BASE)
    store.close()
    db, out = tmp_path / "govpatrol.db", tmp_path / "out-2"
    result = cli("report", "--db", str(db), "--run", str(second), "--out", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    ids = {f["rule"] + ":" + (f["text"] or f["link_url"] or f["url"]): f["id"]
           for f in read_jsonl(out / "findings.jsonl")}
    return {"db": db, "out": out, "run": second, "tmp": tmp_path, "ids": {
        "typo": ids["typo.word:既使"], "stale": ids[f"freshness.important_news:{BASE}/news/"],
        "link": ids[f"links.page:{BASE}/gone.html"],
        "expr": ids["expression.outdated_institution:国家工商总局"],
        "veto": next(v for k, v in ids.items() if k.startswith("sensitive."))}}


def sheet_rows(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=False)) for row in values[1:]]


def answers_by_id(path: Path, sheets: list[str] | None = None) -> dict[str, dict]:
    """问题编号 -> the department's columns, from every findings sheet (or those named)."""
    wb = openpyxl.load_workbook(path)
    found: dict[str, dict] = {}
    for ws in wb.worksheets:
        if ws.title == SUMMARY_SHEET or (sheets and ws.title not in sheets):
            continue
        for row in sheet_rows(ws):
            if row.get("问题编号"):
                found.setdefault(row["问题编号"], {k: row[k] for k in (*ANSWERS, "复查结果", "巡检状态")})
    return found


def fill_in(path: Path, edits: dict[str, dict], sheet: str = ALL_SHEET, save_as: Path | None = None) -> Path:
    """What the office does in Excel: answer some rows of one sheet, save."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        edit = edits.get(row[header.index("问题编号")].value)
        for name, value in (edit or {}).items():
            row[header.index(name)].value = value
    target = save_as or path.with_name("filled.xlsx")
    wb.save(target)
    return target


def review(*args: str) -> object:
    return cli("review", *args)


def office_answers(ids: dict) -> dict[str, dict]:
    return {
        ids["typo"]: {"整改状态": "已整改", "整改措施": "已将「既使」更正为「即使」",
                      "责任人": "张三", "完成时间": dt.datetime(2024, 5, 22)},
        ids["link"]: {"整改状态": "整改中", "责任人": "李四", "备注": "已联系技术公司"},
        ids["expr"]: {"整改状态": "暂缓", "备注": "待上级确认新名称用法"},
        ids["stale"]: {"整改状态": "误报", "整改措施": "该栏目已按规定停更并公告"},
    }


def test_an_answered_ledger_comes_back_in_the_same_columns(patrolled):
    """Export, edit, import, export again: every answer where the office wrote it, in the whole
    ledger and in the department's sheet; who imported it is on record."""
    ids, db = patrolled["ids"], patrolled["db"]
    edits = office_answers(ids)
    filled = fill_in(patrolled["out"] / "report.xlsx", edits)
    result = review(str(filled), "--db", str(db), "--by", "科员甲")
    assert result.returncode == 0, result.stderr
    assert "本次记录 4 项变更" in result.stdout
    assert "误报 1" in result.stdout and "已整改 1" in result.stdout and "暂缓 1" in result.stdout

    again = patrolled["tmp"] / "again"
    assert cli("report", "--db", str(db), "--run", str(patrolled["run"]), "--out",
               str(again)).returncode == 0
    back = answers_by_id(again / "report.xlsx")
    for fid, edit in edits.items():
        assert {k: back[fid][k] for k in edit} == edit, fid
    office = answers_by_id(again / "report.xlsx", ["办公室"])
    assert office[ids["typo"]]["责任人"] == "张三" and office[ids["link"]]["整改状态"] == "整改中"
    assert back[ids["veto"]]["整改状态"] == "未整改"  # not answered: as the patrol wrote it
    assert back[ids["typo"]]["复查结果"] == "待复查（下次巡检核验）"
    log = Store(db).review_log(SITE, ids["stale"])
    assert [(r["state"], r["reviewer"], r["source"]) for r in log] == [("误报", "科员甲", "filled.xlsx")]


def test_a_false_alarm_is_neither_listed_nor_scored_but_counted(patrolled):
    ids, db = patrolled["ids"], patrolled["db"]
    before = json.loads((patrolled["out"] / "run.json").read_text(encoding="utf-8"))["summary"]
    filled = fill_in(patrolled["out"] / "report.xlsx", {ids["stale"]: {"整改状态": "误报"}})
    assert review(str(filled), "--db", str(db)).returncode == 0
    out = patrolled["tmp"] / "after"
    assert cli("report", "--db", str(db), "--run", str(patrolled["run"]), "--out", str(out)).returncode == 0

    listed = {f["id"] for f in read_jsonl(out / "findings.jsonl")}
    assert ids["stale"] not in listed and len(listed) == before["findings"] - 1
    (hidden,) = read_jsonl(out / "suppressed.jsonl")
    assert hidden["id"] == ids["stale"] and hidden["review"]["state"] == "误报"
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))["summary"]
    assert summary["suppressed"] == 1 and summary["findings"] == before["findings"] - 1
    assert summary["score"] > before["score"]  # the stale column no longer costs points
    assert summary["by_severity"]["major"] == before["by_severity"]["major"] - 1
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="n-suppressed">1<' in html
    assert f"05-20 问题总数：{before['findings'] - 1}<" in html  # the trend leaves it out too
    assert f'<tr data-id="{ids["stale"]}"' in html.split('id="suppressed"')[1]  # listed apart
    assert f'data-id="{ids["stale"]}"' not in html.split('id="findings"')[1].split("</table>")[0]
    (marked,) = Store(db).review_log(SITE, ids["stale"])  # stored in UTC, shown in Beijing time
    stamp = dt.datetime.fromisoformat(marked["reviewed_at"])
    stamp = (stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)).astimezone(
        dt.timezone(dt.timedelta(hours=8)))
    row = html.split('id="suppressed"')[1].split("</table>")[0]
    assert f"<td>{stamp:%Y-%m-%d %H:%M:%S}</td>" in row and f"<td>{marked['reviewer']}</td>" in row
    wb = openpyxl.load_workbook(out / "report.xlsx")
    facts = {r[0]: r[1] for r in wb[SUMMARY_SHEET].iter_rows(min_row=2, max_row=20, values_only=True)}
    assert facts["误报（已屏蔽）"] == 1 and facts["问题总数"] == before["findings"] - 1
    assert [r["问题编号"] for r in sheet_rows(wb[SUPPRESSED_SHEET])] == [ids["stale"]]
    assert ids["stale"] not in {r["问题编号"] for r in sheet_rows(wb[ALL_SHEET])}
    body = "\n".join(p.text for p in docx.Document(out / "report.docx").paragraphs)
    assert "另有1个问题经责任单位核实标记为误报，未列入本报告，不计分。" in body
    assert f"共发现问题{before['findings'] - 1}个" in body


def test_a_false_alarm_is_reversible(patrolled):
    """Undone with --undo, or by answering the row in 已标记误报 again and importing."""
    ids, db, tmp = patrolled["ids"], patrolled["db"], patrolled["tmp"]
    filled = fill_in(patrolled["out"] / "report.xlsx", {ids["stale"]: {"整改状态": "误报"}})
    assert review(str(filled), "--db", str(db)).returncode == 0
    undone = review("--undo", ids["stale"], "--db", str(db), "--by", "科长乙")
    assert undone.returncode == 0 and "已撤销“误报”" in undone.stdout
    out = tmp / "undone"
    assert cli("report", "--db", str(db), "--run", str(patrolled["run"]), "--out", str(out)).returncode == 0
    assert ids["stale"] in {f["id"] for f in read_jsonl(out / "findings.jsonl")}
    assert read_jsonl(out / "suppressed.jsonl") == []

    assert review(str(filled), "--db", str(db)).returncode == 0  # 误报 again
    hidden = tmp / "hidden"
    assert cli("report", "--db", str(db), "--run", str(patrolled["run"]), "--out", str(hidden)).returncode == 0
    changed_back = fill_in(hidden / "report.xlsx", {ids["stale"]: {"整改状态": "整改中"}},
                           sheet=SUPPRESSED_SHEET)
    assert review(str(changed_back), "--db", str(db)).returncode == 0
    shown = tmp / "shown"
    assert cli("report", "--db", str(db), "--run", str(patrolled["run"]), "--out", str(shown)).returncode == 0
    assert ids["stale"] in {f["id"] for f in read_jsonl(shown / "findings.jsonl")}
    assert [r["state"] for r in Store(db).review_log(SITE, ids["stale"])] == ["误报", "未整改", "误报", "整改中"]


def test_a_departments_own_file_reads_back_too(patrolled):
    """--split-by-department: the 办公室 answers in its own 整改台账 and sends it back."""
    ids, db, tmp = patrolled["ids"], patrolled["db"], patrolled["tmp"]
    out = tmp / "split"
    assert cli("report", "--db", str(db), "--run", str(patrolled["run"]), "--out", str(out),
               "--split-by-department").returncode == 0
    own = out / "departments" / "办公室-整改台账.xlsx"
    filled = fill_in(own, {ids["link"]: {"整改状态": "整改中", "责任人": "李四"}}, sheet="办公室")
    result = review(str(filled), "--db", str(db), "--by", "办公室")
    assert result.returncode == 0 and "本次记录 1 项变更" in result.stdout, result.stderr
    (decision,) = Store(db).review_log(SITE, ids["link"])
    assert (decision["state"], decision["owner"], decision["reviewer"]) == ("整改中", "李四", "办公室")


def test_the_next_run_rechecks_what_was_marked_fixed(patrolled):
    """已整改 claims: the next run finds the typo again (复查未通过, reopened) and no longer
    finds the dead link on a page it fetched again (复查通过)."""
    ids, db, tmp = patrolled["ids"], patrolled["db"], patrolled["tmp"]
    filled = fill_in(patrolled["out"] / "report.xlsx", {
        ids["typo"]: {"整改状态": "已整改", "整改措施": "已更正"},
        ids["link"]: {"整改状态": "已整改", "整改措施": "已删除失效链接"}})
    assert review(str(filled), "--db", str(db)).returncode == 0
    store = Store(db)
    third = add_run(store, BASE, THIRD_DAY, ["typo", "veto", "stale", "interp", "expr"])
    store.close()
    out = tmp / "out-3"
    assert cli("report", "--db", str(db), "--run", str(third), "--out", str(out)).returncode == 0

    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))["summary"]
    assert summary["reopened"] == 1 and summary["fixed"] == 1
    ledger = answers_by_id(out / "report.xlsx")
    assert ledger[ids["typo"]]["巡检状态"].startswith("复查未通过")
    assert ledger[ids["typo"]]["复查结果"] == "复查未通过（本次巡检仍发现）"
    assert ledger[ids["typo"]]["整改状态"] == "已整改" and ledger[ids["typo"]]["整改措施"] == "已更正"
    fixed = answers_by_id(out / "report.xlsx", [FIXED_SHEET])
    assert fixed[ids["link"]]["复查结果"] == "复查通过（本次巡检未再发现）"
    html = (out / "report.html").read_text(encoding="utf-8")
    row = html.split(f'<tr data-id="{ids["typo"]}"')[1].split("</tr>")[0]
    assert 'data-status="reopened"' in row and "复查未通过" in row and 'id="n-reopened">1<' in html
    # the run the office answered about is not its own re-check
    again = tmp / "again-2"
    assert cli("report", "--db", str(db), "--run", str(patrolled["run"]), "--out", str(again)).returncode == 0
    assert answers_by_id(again / "report.xlsx")[ids["typo"]]["复查结果"] == "待复查（下次巡检核验）"


def test_overdue_findings_are_counted_per_department(patrolled):
    wb = openpyxl.load_workbook(patrolled["out"] / "report.xlsx")
    table = list(wb[SUMMARY_SHEET].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(table) if row[0] == "责任单位")
    header = table[start]
    per_department = {row[0]: row[header.index("已逾期")] for row in table[start + 1:] if row[0]}
    for department, count in per_department.items():
        marked = [r for r in sheet_rows(wb[department]) if "已逾期" in (r["巡检状态"] or "")]
        assert count == len(marked), department
    assert per_department["办公室"] >= 1  # the typo first seen on 05-06, due 05-17
    facts = {r[0]: r[1] for r in table[1:start] if r[0]}
    assert facts["已逾期"] == sum(per_department.values())
    html = (patrolled["out"] / "report.html").read_text(encoding="utf-8")
    office = html.split('id="progress"')[1].split('<tr data-department="办公室">')[1].split("</tr>")[0]
    assert f'<td class="num overdue">{per_department["办公室"]}</td>' in office


def test_importing_the_same_answers_twice_records_nothing_new(patrolled):
    ids, db = patrolled["ids"], patrolled["db"]
    filled = fill_in(patrolled["out"] / "report.xlsx", office_answers(ids))
    assert review(str(filled), "--db", str(db)).returncode == 0
    again = review(str(filled), "--db", str(db))
    assert again.returncode == 0 and "本次记录 0 项变更" in again.stdout
    out = patrolled["tmp"] / "re-export"
    assert cli("report", "--db", str(db), "--run", str(patrolled["run"]), "--out", str(out)).returncode == 0
    untouched = review(str(out / "report.xlsx"), "--db", str(db))  # a re-exported ledger as is
    assert untouched.returncode == 0 and "本次记录 0 项变更" in untouched.stdout
    assert len(Store(db).review_log(SITE, ids["typo"])) == 1


def test_unknown_ids_are_named_and_not_stored(patrolled):
    ledger = patrolled["out"] / "report.xlsx"
    wb = openpyxl.load_workbook(ledger)
    ws = wb[ALL_SHEET]
    header = [c.value for c in ws[1]]
    row = [None] * len(header)
    row[header.index("问题编号")], row[header.index("整改状态")] = "0123456789abcdef", "已整改"
    ws.append(row)
    wb.save(tmp := patrolled["tmp"] / "extra.xlsx")
    result = review(str(tmp), "--db", str(patrolled["db"]))
    assert result.returncode == 0, result.stderr
    assert "未知的问题编号 1 个" in result.stdout and "0123456789abcdef" in result.stdout
    assert Store(patrolled["db"]).reviews(SITE) == {}


def _not_xlsx(ledger: Path, tmp: Path, ids: dict) -> Path:
    path = tmp / "台账.xlsx"
    path.write_text("序号,问题编号,整改状态\n1,abc,误报\n", encoding="utf-8")
    return path


def _no_summary(ledger: Path, tmp: Path, ids: dict) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "问题描述"])
    wb.save(path := tmp / "other.xlsx")
    return path


def _other_site(ledger: Path, tmp: Path, ids: dict) -> Path:
    wb = openpyxl.load_workbook(ledger)
    for row in wb[SUMMARY_SHEET].iter_rows(min_row=2, max_row=20):
        if row[0].value == "站点":
            row[1].value = "湖山县人民政府"
    wb.save(path := tmp / "湖山县.xlsx")
    return path


def _unknown_state(ledger: Path, tmp: Path, ids: dict) -> Path:
    return fill_in(ledger, {ids["typo"]: {"整改状态": "已完成"}}, save_as=tmp / "state.xlsx")


def _bad_date(ledger: Path, tmp: Path, ids: dict) -> Path:
    return fill_in(ledger, {ids["typo"]: {"整改状态": "整改中", "完成时间": "下周"}},
                   save_as=tmp / "date.xlsx")


def _conflict(ledger: Path, tmp: Path, ids: dict) -> Path:
    first = fill_in(ledger, {ids["typo"]: {"整改状态": "已整改"}}, save_as=tmp / "c1.xlsx")
    return fill_in(first, {ids["typo"]: {"整改状态": "误报"}}, sheet="办公室",
                   save_as=tmp / "conflict.xlsx")


@pytest.mark.parametrize(("make", "says"), [
    (_not_xlsx, "无法读取台账"), (_no_summary, "不是 govpatrol 的整改台账"),
    (_other_site, "湖山县人民政府"), (_unknown_state, "“已完成”无效"),
    (_bad_date, "不是日期"), (_conflict, "填写不一致"),
])
def test_a_bad_ledger_is_one_line_and_stores_nothing(patrolled, make, says):
    ids = patrolled["ids"]
    good = fill_in(patrolled["out"] / "report.xlsx", {ids["link"]: {"整改状态": "误报"}})
    # a bad file with a good answer in it: nothing of it is kept
    path = make(good, patrolled["tmp"], ids)
    result = review(str(path), "--db", str(patrolled["db"]))
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert Store(patrolled["db"]).reviews(SITE) == {}


def test_review_needs_a_ledger_or_undo(patrolled):
    result = review("--db", str(patrolled["db"]))
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    missing = review(str(patrolled["tmp"] / "nope.xlsx"), "--db", str(patrolled["db"]))
    assert missing.returncode == 1 and "台账文件不存在" in missing.stderr
    unknown = review("--undo", "feedface", "--db", str(patrolled["db"]))
    assert unknown.returncode == 1 and "feedface" in unknown.stderr


def test_a_version_5_store_gains_the_reviews_table(tmp_path):
    store, _, second = two_runs(tmp_path, BASE)
    store.close()
    db = tmp_path / "govpatrol.db"
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE reviews")
        conn.execute("PRAGMA user_version = 5")
    store = Store(db)
    assert store.reviews(SITE) == {} and len(store.findings(second)) == 6
    store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "after_run" in {r[1] for r in conn.execute("PRAGMA table_info(reviews)")}
