"""report.docx, the formal patrol report: opened with python-docx and read back."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from reports_helpers import SITE, XSS, bundle_for, two_runs

from govpatrol.reports import ReportOptions, render_all
from govpatrol.reports.word import write_report

BASE = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("word")
    store, _, second = two_runs(tmp, BASE)
    folder = tmp / "out"
    render_all(bundle_for(store, second, ReportOptions(split_by_department=True)), folder)
    return folder


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_structure_and_figures(out):
    document = docx.Document(out / "report.docx")
    paragraphs = texts(document)
    assert paragraphs[0] == f"{SITE}网站巡检报告"
    assert document.paragraphs[0].style.name == "Title"
    assert "（巡检基准日：2024年5月20日）" in paragraphs
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、巡检范围和时间", "二、总体情况", "三、一票否决（单项否决）问题",
                        "四、各责任单位问题清单", "五、整改要求", "附件：全部问题清单"]
    body = "\n".join(paragraphs)
    assert "统计期为上次巡检基准日2024年5月6日至本次巡检基准日2024年5月20日" in body
    assert "共发现问题6个，其中一票否决1个、严重3个、一般2个、提示0个" in body
    assert "新发现3个，持续未整改3个，已整改1个" in body
    assert "全站得分96.5分，等级为“单项否决”" in body
    assert f"（原文：{XSS}）" in body  # page text stays text
    departments = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert departments[0] == "（一）宣传科：问题1个，估算得分99.5分（单项否决）"
    assert "（二）办公室：问题3个，估算得分98.5分（优秀）" in departments


def test_tables(out):
    document = docx.Document(out / "report.docx")
    tables = document.tables
    score_table = next(t for t in tables if t.rows[0].cells[0].text == "责任单位")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in score_table.rows[1:]}
    assert rows["办公室"] == ["办公室", "3", "0.5", "1", "0", "98.5", "优秀"]
    assert rows["财政局"][-2:] == ["99", "优秀"]
    annex = next(t for t in tables if [c.text for c in t.rows[0].cells][:2] == ["序号", "责任单位"]
                 and len(t.columns) == 11)
    assert len(annex.rows) == 1 + 6
    office = [t for t in tables if t.rows[0].cells[1].text == "栏目"]
    assert sum(len(t.rows) - 1 for t in office) == 6  # every finding in its department's table
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    assert f"{BASE}/a.html" in targets


def test_chinese_fonts_are_explicit(out):
    document = docx.Document(out / "report.docx")
    for name, font in [("Normal", "仿宋"), ("Heading 1", "黑体"), ("Title", "宋体")]:
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == font
        assert fonts.get(qn("w:asciiTheme")) is None
        assert fonts.get(qn("w:eastAsiaTheme")) is None
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    with zipfile.ZipFile(out / "report.docx") as archive:
        font_table = archive.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="仿宋"' in font_table and 'w:val="FangSong"' in font_table
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37


def test_department_report(out):
    document = docx.Document(out / "departments" / "财政局-巡检报告.docx")
    assert document.paragraphs[0].text == f"{SITE}网站巡检问题通报（财政局）"
    body = "\n".join(texts(document))
    assert "共发现问题1个" in body
    assert "本次巡检未发现一票否决问题。" in body
    assert "已整改1个" in body
    departments = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert departments[0] == "（一）财政局：问题1个，估算得分99分（优秀）"
    assert "已整改问题（上次巡检发现、本次未再发现）" in departments


def test_control_characters_in_page_text_do_not_break_the_document(tmp_path):
    store, _, second = two_runs(tmp_path, BASE)
    bundle = bundle_for(store, second)
    bundle.findings[0].message = "坏\x00字\x0b符"
    path = write_report(bundle, tmp_path / "r.docx")
    document = docx.Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "坏字符" in cells


def test_markup_in_page_text_stays_text_in_the_tables(tmp_path):
    """Table bodies are written as XML text: a page's <, &, quotes, line breaks and a
    comment like the one marking where a table body goes all come back as the page wrote them."""
    store, _, second = two_runs(tmp_path, BASE)
    bundle = bundle_for(store, second)
    tricky = "<!--govpatrol-rows-0--> A&B <w:t>\"x\"</w:t> 甲\r\n乙 "
    bundle.findings[0].message = tricky
    document = docx.Document(write_report(bundle, tmp_path / "r.docx"))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert cells.count(tricky) == 2  # its department's table and the annex


def test_long_tables_are_cut_and_point_to_the_ledger(tmp_path, monkeypatch):
    import govpatrol.reports.word as word_module

    monkeypatch.setattr(word_module, "WORD_TABLE_ROWS", 2)
    store, _, second = two_runs(tmp_path, BASE)
    document = docx.Document(write_report(bundle_for(store, second), tmp_path / "r.docx"))
    annex = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2]
                 == ["序号", "责任单位"] and len(t.columns) == 11)
    assert len(annex.rows) == 1 + 2
    assert "（另有4条未列出，完整清单见 Excel 整改台账report.xlsx。）" in texts(document)


def test_a_gongwen_report_has_addressee_signature_and_page_numbers(tmp_path):
    """主送 after the title, 落款 (the issuer from sites.toml and the date) after the body,
    page numbers in every section's footer, the start time in Beijing time."""
    store, _, second = two_runs(tmp_path, BASE)
    bundle = bundle_for(store, second, ReportOptions(issuer="江河市人民政府办公室"))
    document = docx.Document(write_report(bundle, tmp_path / "r.docx"))
    paragraphs = texts(document)
    assert paragraphs[2] == "各责任单位："
    signed = paragraphs.index("江河市人民政府办公室")
    assert paragraphs[signed + 1] == "2024年5月20日"
    assert signed < paragraphs.index("附件：全部问题清单")
    assert "（北京时间）开始" in "\n".join(paragraphs)
    for section in document.sections:
        footer = section.footer._element.xml
        assert 'w:instr="PAGE"' in footer and "— " in section.footer.paragraphs[0].text


def test_the_annex_is_ordered_by_severity_and_numbered_in_order(out):
    document = docx.Document(out / "report.docx")
    annex = next(t for t in document.tables
                 if [c.text for c in t.rows[0].cells][:2] == ["序号", "责任单位"]
                 and len(t.columns) == 11)
    rows = [[c.text for c in r.cells] for r in annex.rows[1:]]
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    order = ["一票否决", "严重", "一般", "提示"]
    ranks = [order.index(r[4]) for r in rows]
    assert ranks == sorted(ranks) and rows[0][4] == "一票否决"


def test_a_department_notice_lists_each_finding_once(out):
    document = docx.Document(out / "departments" / "办公室-巡检报告.docx")
    paragraphs = texts(document)
    assert paragraphs[2] == "办公室："
    messages = [r.cells[4].text for t in document.tables if t.rows[0].cells[1].text == "栏目"
                for r in t.rows[1:]]
    assert len(messages) == 3 and len(set(messages)) == 3
    assert "附件：全部问题清单" not in paragraphs
