"""服务不实用 on the veto dashboard: five guides lacking four or more of the ten key elements show
「疑似（需人工核查）」 in the HTML report and in prep's workbook and document, and the site is not
不合格 for it (an estimate a person confirms); fewer guides are 合格 or 预警."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from helpers import cli
from lxml import html as lxml_html
from openpyxl import load_workbook

from govpatrol.auditors import run_all
from govpatrol.auditors.context import make_context
from govpatrol.auditors.veto import SUSPECT
from govpatrol.config import load_config
from govpatrol.model import Column, Item, Link, Page
from govpatrol.store import Store

SITE = "江河县人民政府"
HOME = "http://www.jhx.gov.cn/"
AS_OF = date(2026, 11, 20)
LABEL = "服务不实用（办事指南缺少4项及以上要素的事项达到5个）"
MATTERS = ["个体工商户注册登记", "个体工商户变更登记", "食品经营许可", "药品零售许可", "排水许可"]


def guide_text(matter: str) -> str:
    """A guide showing six of the ten elements: no 收费标准, 办理时间, 联系电话, 办理流程."""
    return "\n".join([
        f"事项名称：{matter}",
        "设定依据：《中华人民共和国行政许可法》第十二条：下列事项可以设定行政许可。",
        "申请条件：申请人具有完全民事行为能力，经营场所符合要求。",
        "申请材料：1.申请书（原件1份）；2.身份证明（复印件1份，核验原件）",
        "办理地点：江河县政务服务中心一楼综合窗口",
        "办理机构：江河县市场监督管理局",
    ])


def build(tmp_path: Path, poor: int) -> tuple[Path, Path]:
    config_path = tmp_path / "sites.toml"
    config_path.write_text(f'[[sites]]\nname = "{SITE}"\nurl = "{HOME}"\nprofile = "national"\n'
                           'department = "县政府办公室"\n', encoding="utf-8")
    config = load_config(config_path)
    db = tmp_path / "govpatrol.db"
    store = Store(db)
    run_id = store.start_run(SITE, HOME, AS_OF, {"mode": "site"})
    day = AS_OF - timedelta(days=3)
    items = [Item(f"{HOME}zwfw/bszn/{n}.html", f"{m}办事指南", day)
             for n, m in enumerate(MATTERS[:poor])]
    column = Column(SITE, "办事指南", f"{HOME}zwfw/bszn/index.html", items=items)
    store.save_column(run_id, column)
    store.save_items(run_id, SITE, column.url, column.items)
    store.save_page(run_id, Page(site=SITE, url=HOME, status=200, kind="home", title=SITE,
                                 text=f"办事指南 {day.isoformat()}",
                                 links=[Link(items[0].url, "a", items[0].title)]))
    for item, matter in zip(items, MATTERS, strict=False):
        store.save_page(run_id, Page(site=SITE, url=item.url, status=200, kind="detail",
                                     title=item.title, column="办事指南", published=day,
                                     text=guide_text(matter)), column_url=column.url)
    ctx = make_context(config, config.sites[0], AS_OF)
    store.save_findings(run_id, list(run_all(store.site_records(run_id), ctx)))
    store.finish_run(run_id, "done", {}, [])
    store.close()
    return config_path, db


def veto_rows(path: Path) -> dict[str, dict]:
    rows = [tuple(r) for r in load_workbook(path)["单项否决指标"].iter_rows(values_only=True)]
    return {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}


@pytest.fixture(scope="module")
def five(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("service_use")
    config, db = build(tmp, poor=5)
    for command, out in (("report", "report"), ("prep", "prep")):
        args = ["--db", str(db), "--config", str(config), "--out", str(tmp / out)]
        done = cli(command, *args)
        assert done.returncode == 0, done.stderr
    return tmp


def test_html_dashboard_shows_suspect_and_the_site_is_not_failed(five: Path) -> None:
    page = lxml_html.fromstring((five / "report" / "report.html").read_text(encoding="utf-8"))
    [row] = page.xpath("//table[@id='veto-dashboard']//tr[@data-key='service_use']")
    cells = [td.text_content().strip() for td in row.xpath("td")]
    assert cells[:5] == [LABEL, "5个", "达到3个", "达到5个", SUSPECT]
    assert "个体工商户注册登记" in cells[5] and "需人工核查" in cells[5]
    assert row.get("class") == "veto-suspect"
    assert not page.xpath("//table[@id='vetoes']")  # no veto finding behind it
    card = page.get_element_by_id("site-score").getparent().text_content()
    assert card.endswith("全站估算得分 · 合格"), card


def test_prep_workbook_and_document_show_the_same_row(five: Path) -> None:
    folder = five / "prep" / SITE
    row = veto_rows(folder / "县政府办公室-迎评材料.xlsx")[LABEL]
    assert (row["当前值"], row["状态"]) == ("5个", SUSPECT)
    doc = Document(str(folder / "县政府办公室-迎评材料.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "全站共9项单项否决指标，0项达到否决线" in text
    cells = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert any(r[0] == LABEL and r[4] == SUSPECT for r in cells)
    summary = [tuple(r) for r in load_workbook(folder / "汇总-迎评材料.xlsx")["各责任单位"]
               .iter_rows(values_only=True)]
    whole = next(r for r in summary if r[0] == "全站")
    assert whole[4] == "合格"
    assert float(whole[3]) == float(page_score(five))  # the same score as the HTML report


def page_score(tmp: Path) -> str:
    page = lxml_html.fromstring((tmp / "report" / "report.html").read_text(encoding="utf-8"))
    return page.get_element_by_id("site-score").text_content().strip()


def test_fewer_guides_are_a_warning_not_a_suspicion(tmp_path: Path) -> None:
    config, db = build(tmp_path, poor=3)
    done = cli("prep", "--db", str(db), "--config", str(config), "--out", str(tmp_path / "p"))
    assert done.returncode == 0, done.stderr
    row = veto_rows(tmp_path / "p" / SITE / "县政府办公室-迎评材料.xlsx")[LABEL]
    assert (row["当前值"], row["状态"]) == ("3个", "预警")
