"""`govpatrol prep`: per-department Excel and Word evaluation packs from a stored run."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from helpers import cli
from openpyxl import load_workbook

from govpatrol.auditors import run_all
from govpatrol.auditors.context import make_context
from govpatrol.config import load_config
from govpatrol.evaluation.probes import Probe, ProbeLog
from govpatrol.model import Column, Item, Link, Page
from govpatrol.store import Store

SITE = "示例市人民政府"
HOME = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 20)


def config_text(profile: str) -> str:
    return (f'[[sites]]\nname = "{SITE}"\nurl = "{HOME}"\nprofile = "{profile}"\n'
            'department = "市政府办公室"\n\n  [sites.departments]\n'
            '  "市委宣传部" = ["要闻"]\n  "市财政局" = ["财政预决算", "政府采购", "财政专项"]\n')


def build(tmp_path: Path, profile: str = "national") -> tuple[Path, Path]:
    """A stored, audited run: a stale home page and 要闻, three empty columns, 5.1% failed
    probes over the week."""
    config_path = tmp_path / "sites.toml"
    config_path.write_text(config_text(profile), encoding="utf-8")
    config = load_config(config_path)
    site = config.sites[0]
    db = tmp_path / "govpatrol.db"
    store = Store(db)
    run_id = store.start_run(SITE, HOME, AS_OF, {"mode": "site"})
    old = AS_OF - timedelta(days=20)
    news = Column(SITE, "要闻", f"{HOME}yw/index.html", department="市委宣传部",
                  items=[Item(f"{HOME}yw/1.html", "市政府召开常务会议", old)])
    notices = Column(SITE, "通知公告", f"{HOME}tzgg/index.html", department="市政府办公室",
                     items=[Item(f"{HOME}tzgg/1.html", "关于假期安排的通知", AS_OF)])
    empties = [Column(SITE, name, f"{HOME}cz{i}/index.html", department="市财政局")
               for i, name in enumerate(["财政预决算", "政府采购", "财政专项"])]
    for column in [news, notices, *empties]:
        store.save_column(run_id, column)
        store.save_items(run_id, SITE, column.url, column.items)
    store.save_page(run_id, Page(site=SITE, url=HOME, status=200, kind="home", title="首页",
                                 text="欢迎访问", links=[Link(f"{HOME}yw/1.html", "a", "会议")]))
    store.save_page(run_id, Page(site=SITE, url=f"{HOME}yw/1.html", status=200, kind="detail",
                                 title="市政府召开常务会议", published=old,
                                 text="会议研究了有关工作。"), column_url=news.url)
    ctx = make_context(config, site, AS_OF)
    records = store.site_records(run_id)
    log = ProbeLog(db)
    noon = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
    log.record(Probe(SITE, HOME, "home", noon - timedelta(days=i % 7, seconds=i), ok=i >= 51)
               for i in range(1000))
    from govpatrol.evaluation import attach_probes

    attach_probes(store, records, ctx)
    store.save_findings(run_id, list(run_all(records, ctx)))
    store.finish_run(run_id, "done", {}, [])
    store.close()
    return config_path, db


def sheet_rows(path: Path, sheet: str) -> list[tuple]:
    wb = load_workbook(path)
    return [tuple(row) for row in wb[sheet].iter_rows(values_only=True)]


def veto_table(path: Path) -> dict[str, dict]:
    rows = sheet_rows(path, "单项否决指标")
    header = rows[0]
    return {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("prep")
    config, db = build(tmp)
    out = tmp / "out"
    result = cli("prep", "--config", str(config), "--db", str(db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "单项否决 2 项" in result.stdout
    return out / SITE, config, db


def test_one_workbook_and_document_per_department(pack) -> None:
    folder, _, _ = pack
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([
        "汇总-迎评材料.xlsx",
        *[f"{d}-迎评材料.{ext}" for d in ("市委宣传部", "市政府办公室", "市财政局")
          for ext in ("xlsx", "docx")],
    ])


def test_veto_dashboard_in_every_workbook(pack) -> None:
    folder, _, _ = pack
    table = veto_table(folder / "市财政局-迎评材料.xlsx")
    assert table["网站无法访问"]["当前值"] == "5.1%"
    assert table["网站无法访问"]["状态"] == "单项否决"
    assert table["首页栏目信息不更新"]["当前值"] == "20天"
    assert table["首页栏目信息不更新"]["状态"] == "单项否决"
    assert (table["空白栏目"]["当前值"], table["空白栏目"]["状态"]) == ("3个", "预警")
    assert table["空白栏目"]["本单位相关"].startswith("3项：财政预决算")
    assert table["栏目不更新（动态要闻类2周、通知公告政策文件类6个月）"]["状态"] == "合格"
    assert veto_table(folder / "市委宣传部-迎评材料.xlsx")["空白栏目"]["本单位相关"] is None
    summary = sheet_rows(folder / "汇总-迎评材料.xlsx", "各责任单位")
    assert {r[0] for r in summary[1:-1]} == {"市委宣传部", "市政府办公室", "市财政局"}
    assert summary[-1][0] == "全站"  # the whole site's score, as the HTML report's 全站 row


def test_findings_that_cost_points_and_the_score(pack) -> None:
    folder, _, _ = pack
    rows = sheet_rows(folder / "市委宣传部-迎评材料.xlsx", "扣分问题")
    header, body = rows[0], rows[1:]
    assert header[:6] == ("序号", "栏目", "问题类型", "严重程度", "扣分项", "扣分")
    stale = [r for r in body if r[2] == "栏目更新不及时"]
    # 动态要闻 not updated in 2 weeks: -5 under its own indicator (national-indicators.md)
    assert stale and stale[0][1] == "要闻" and stale[0][4] == "动态要闻栏目检查前2周未更新"
    assert stale[0][5] == 5
    assert all(r[3] != "提示" for r in body)  # info findings never cost points
    score = sheet_rows(folder / "市委宣传部-迎评材料.xlsx", "估算得分")
    facts = {r[0]: r[1] for r in score if r[0]}
    assert facts["规则配置"] == "national"
    assert facts["估算得分"].endswith("分（合格）")
    assert "扣分项" in facts and "合计" in facts
    office = dict((r[0], r[1]) for r in sheet_rows(folder / "市政府办公室-迎评材料.xlsx", "估算得分")
                  if r[0])
    assert office["估算得分"].endswith("（单项否决）")  # the site-level veto findings are theirs


def test_word_document_has_the_three_parts(pack) -> None:
    folder, _, _ = pack
    doc = Document(str(folder / "市财政局-迎评材料.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "示例市人民政府迎评材料（市财政局）" in text
    for heading in ("一、单项否决指标", "二、估算得分", "三、扣分问题清单"):
        assert heading in text
    assert "全站共9项单项否决指标，2项达到否决线" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "网站无法访问" in cells and "5.1%" in cells
    assert any(c.startswith("3项：财政预决算") for c in cells)
    assert any("财政预决算" in c and "空白栏目" in c for c in cells)


def test_default_profile_site_is_prepared_under_national(tmp_path: Path) -> None:
    config, db = build(tmp_path, profile="default")
    out = tmp_path / "out"
    result = cli("prep", "--config", str(config), "--db", str(db), "--out", str(out),
                       "--run", "1")
    assert result.returncode == 0, result.stderr
    assert "规则 national" in result.stdout
    score = sheet_rows(out / SITE / "市财政局-迎评材料.xlsx", "估算得分")
    notes = [r[1] for r in score if r[0] == "说明"]
    assert any("按全国政府网站抽查指标" in n for n in notes)
    assert any("重新审计" in n for n in notes)
    assert veto_table(out / SITE / "市财政局-迎评材料.xlsx")["网站无法访问"]["状态"] == "单项否决"


def test_report_html_shows_the_veto_dashboard(pack, tmp_path: Path) -> None:
    _, config, db = pack
    out = tmp_path / "report"
    result = cli("report", "--db", str(db), "--run", "1", "--out", str(out), "--config",
                       str(config))
    assert result.returncode == 0, result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="veto-dashboard"' in html
    assert "单项否决指标" in html and "5.1%" in html


def test_prep_without_runs_fails_in_one_line(tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(config_text("national"), encoding="utf-8")
    Store(tmp_path / "empty.db").close()
    result = cli("prep", "--config", str(config), "--db", str(tmp_path / "empty.db"),
                       "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
