"""`govpatrol recheck`: a real patrol of a small served town portal, the office's answers read
back, then the 复查: only the home page, the list and the pages of open and 已整改 findings are
requested again, and the reports say which fixes held."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from helpers import cli, govpatrol, read_jsonl
from reports_helpers import LocalSite
from test_review import answers_by_id, fill_in

from govpatrol.reports.excel import FIXED_SHEET

AS_OF = "2026-11-20"
ARTICLES = {  # file -> (title, date, text)
    "t20261118_1.html": ("江河镇召开秋冬季安全生产工作会议", "2026-11-18",
                         "会议要求各村要按步就班抓好安全生产各项工作，确保全镇安全形势稳定。"),
    "t20261116_2.html": ("江河镇开展农村人居环境整治", "2026-11-16",
                         "各村干部群众积极参与，整治工作迫在眉捷，要持续推进。"),
    "t20261112_3.html": ("江河镇组织消防安全演练", "2026-11-12",
                         "演练提高了干部职工的消防安全意识和应急处置能力。"),
}
NAV = '<div class="nav"><a href="/index.html">首页</a> <a href="/xwdt/index.html">工作动态</a></div>'


def article(title: str, day: str, text: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_江河镇人民政府</title>'
            f'<meta name="PubDate" content="{day}"></head><body>{NAV}'
            '<div class="position">当前位置：<a href="/index.html">首页</a> &gt; '
            '<a href="/xwdt/index.html">工作动态</a></div>'
            f'<div class="article"><h1>{title}</h1><div class="info">发布时间：{day}</div>'
            f'<div class="content"><p>{text}</p></div></div></body></html>')


def town_portal(root: Path) -> Path:
    """A town portal as small CMS sites build it: home, one column list, three articles."""
    (root / "xwdt" / "202611").mkdir(parents=True)
    (root / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>江河镇人民政府</title></head>'
        f'<body>{NAV}<div class="main"><p>江河镇人民政府门户网站。</p></div>'
        '<div class="footer">主办单位：江河镇人民政府 联系电话：0000-1234567</div></body></html>',
        encoding="utf-8")
    items = "".join(f'<li><a href="./202611/{name}">{title}</a><span>{day}</span></li>'
                    for name, (title, day, _) in ARTICLES.items())
    (root / "xwdt" / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>工作动态_江河镇人民政府</title>'
        f'<meta name="ColumnName" content="工作动态"></head><body>{NAV}'
        '<div class="position">当前位置：<a href="/index.html">首页</a> &gt; <span>工作动态</span>'
        f'</div><div class="list"><ul>{items}</ul></div></body></html>', encoding="utf-8")
    for name, parts in ARTICLES.items():
        (root / "xwdt" / "202611" / name).write_text(article(*parts), encoding="utf-8")
    return root


@pytest.mark.e2e
def test_recheck_fetches_only_what_it_must_and_reports_which_fixes_held(tmp_path):
    root = town_portal(tmp_path / "site")
    db = tmp_path / "govpatrol.db"
    with LocalSite(root) as site:
        first = tmp_path / "out-1"
        patrol = govpatrol("patrol", site.base + "/", "--db", str(db), "--out", str(first),
                           "--as-of", AS_OF)
        assert patrol.returncode == 0, patrol.stderr[-2000:]
        findings = read_jsonl(first / "findings.jsonl")
        typo = {f["text"]: f["id"] for f in findings if f["category"] == "typo"}
        assert set(typo) == {"按步就班", "迫在眉捷"}
        identity = next(f["id"] for f in findings if f["rule"] == "identity.domain")

        # the office: both typos 已整改 (only one really is), the loopback domain a 误报
        filled = fill_in(first / "report.xlsx", {
            typo["按步就班"]: {"整改状态": "已整改", "整改措施": "已改为「按部就班」"},
            typo["迫在眉捷"]: {"整改状态": "已整改", "整改措施": "已改为「迫在眉睫」"},
            identity: {"整改状态": "误报", "整改措施": "内网测试地址"}})
        fixed_page = root / "xwdt" / "202611" / "t20261116_2.html"
        fixed_page.write_text(fixed_page.read_text(encoding="utf-8").replace("迫在眉捷", "迫在眉睫"),
                              encoding="utf-8")
        answered = cli("review", str(filled), "--db", str(db), "--by", "镇办公室")
        assert answered.returncode == 0, answered.stderr

        site.requests.clear()
        second = tmp_path / "out-2"
        rechecked = govpatrol("recheck", "--db", str(db), "--out", str(second), "--as-of", AS_OF)
        assert rechecked.returncode == 0, rechecked.stderr[-2000:]
        requested = {path.split("?")[0] for path in site.requests}

    assert {"/xwdt/202611/t20261118_1.html", "/xwdt/202611/t20261116_2.html"} <= requested
    assert "/xwdt/202611/t20261112_3.html" not in requested  # no finding there: copied
    assert "复查未通过 1 个" in rechecked.stdout
    assert "整改跟踪：复查未通过 1" in rechecked.stdout and "误报（已屏蔽，不计分） 1" in rechecked.stdout

    run = json.loads((second / "run.json").read_text(encoding="utf-8"))
    assert run["complete"] and run["summary"]["reopened"] == 1 and run["summary"]["suppressed"] == 1
    now = {f["id"] for f in read_jsonl(second / "findings.jsonl")}
    # the same full picture as before, less the fix that held and the false alarm
    assert now == {f["id"] for f in findings} - {typo["迫在眉捷"], identity}
    ledger = answers_by_id(second / "report.xlsx")
    assert ledger[typo["按步就班"]]["复查结果"] == "复查未通过（本次巡检仍发现）"
    assert ledger[typo["按步就班"]]["整改措施"] == "已改为「按部就班」"
    held = answers_by_id(second / "report.xlsx", [FIXED_SHEET])
    assert held[typo["迫在眉捷"]]["复查结果"] == "复查通过（本次巡检未再发现）"
    assert [f["id"] for f in read_jsonl(second / "suppressed.jsonl")] == [identity]
    assert openpyxl.load_workbook(second / "report.xlsx")  # a ledger that opens


def test_recheck_without_a_database_or_a_run_is_one_line(tmp_path):
    missing = govpatrol("recheck", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and "数据库不存在" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
