"""One scorer: the HTML report, the Excel ledger, the Word report and `prep` give the same run
the same score (prep once said 77.5 where the HTML report said 91)."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from lxml import html as lxml_html
from openpyxl import load_workbook

from tests.helpers import cli
from tests.test_prep import SITE, build


def test_html_excel_word_and_prep_give_the_same_score(tmp_path: Path) -> None:
    config, db = build(tmp_path)  # a stored national run: broken lines, empty columns ...
    reports, prep = tmp_path / "reports", tmp_path / "prep"
    done = cli("report", "--db", str(db), "--config", str(config), "--out", str(reports))
    assert done.returncode == 0, done.stderr
    done = cli("prep", "--config", str(config), "--db", str(db), "--out", str(prep))
    assert done.returncode == 0, done.stderr

    page = lxml_html.fromstring((reports / "report.html").read_text(encoding="utf-8"))
    from_html = page.get_element_by_id("site-score").text_content().strip()
    html_departments = {
        row.get("data-department"): row.xpath("td[contains(@class, 'score')]")[0].text_content()
        for row in page.xpath("//table[@id='scores']//tr[@data-department]")}

    ledger = load_workbook(reports / "report.xlsx")
    summary = ledger.worksheets[0]
    facts = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0]}
    from_excel = re.match(r"([\d.]+)（", facts["估算得分"]).group(1)

    text = "\n".join(p.text for p in Document(str(reports / "report.docx")).paragraphs)
    from_word = re.search(r"全站得分([\d.]+)分", text).group(1)

    site_sheet = load_workbook(prep / SITE / "汇总-迎评材料.xlsx")["各责任单位"]
    rows = list(site_sheet.iter_rows(values_only=True))
    from_prep = next(r[3] for r in rows if r[0] == "全站")
    prep_departments = {r[0]: r[3] for r in rows[1:] if r[0] != "全站"}

    assert float(from_html) == float(from_excel) == float(from_word) == float(from_prep)
    assert float(from_html) < 100  # the run does cost points: the comparison means something
    for department, points in prep_departments.items():
        assert float(html_departments[department]) == float(points), department
