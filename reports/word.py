"""report.docx: the formal patrol report (巡检报告 / 通报) offices used to type by hand.

Written with python-docx. Chinese documents open wrong in WPS and Word unless the East Asian
font is set explicitly (w:eastAsia): the template's theme fonts would otherwise pick a Latin
font and the reader's fallback. Styles carry 仿宋 (body), 黑体 (headings) and 宋体 (title,
tables), and the font table names their English aliases (FangSong, SimHei, SimSun) so systems
with only the English names, or neither, substitute sensibly.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from govpatrol.model import CATEGORIES, SEVERITY_LABELS
from govpatrol.reports.bundle import ReportBundle
from govpatrol.reports.clock import beijing
from govpatrol.reports.excel import DEPARTMENTS_DIR, department_files
from govpatrol.reports.html import href
from govpatrol.reports.summary import Summary
from govpatrol.rules.scoring import column_labels, format_points, rule_lines

REPORT_SUFFIX = "巡检报告"
LATIN_FONT = "Times New Roman"
#: Chinese font -> its English alias (the font table's altName).
FONT_ALIASES = {"仿宋": "FangSong", "黑体": "SimHei", "宋体": "SimSun", "楷体": "KaiTi"}
#: style name -> (East Asian font, size in points, bold)
STYLE_FONTS: dict[str, tuple[str, float, bool]] = {
    "Normal": ("仿宋", 14, False),
    "Title": ("宋体", 22, True),
    "Subtitle": ("楷体", 14, False),
    "Heading 1": ("黑体", 16, False),
    "Heading 2": ("楷体", 15, True),
    "Heading 3": ("仿宋", 14, True),
}
TABLE_STYLE = "报告表格文字"
TABLE_FONT = ("宋体", 10.5)
CHINESE_NUMERALS = "一二三四五六七八九十"


def _clean(text: Any) -> str:
    """Text XML accepts: pages may carry control characters lxml refuses."""
    return ILLEGAL_CHARACTERS_RE.sub("", "" if text is None else str(text))


def _set_fonts(rpr_parent: Any, east_asia: str) -> None:
    """Explicit fonts on a style or run: theme fonts removed, East Asian font named."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _setup_styles(doc: DocumentObject) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(attr), None)
                fonts.set(qn("w:eastAsia"), "仿宋")
                fonts.set(qn("w:ascii"), LATIN_FONT)
                fonts.set(qn("w:hAnsi"), LATIN_FONT)
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:eastAsia"), "zh-CN")
    for name, (east_asia, size, bold) in STYLE_FONTS.items():
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False  # the template's subtitle is italic: wrong for Chinese
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(style.element, east_asia)
    for name in ("Title", "Subtitle"):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        borders = styles[name].element.pPr.find(qn("w:pBdr")) if styles[name].element.pPr \
            is not None else None
        if borders is not None:  # the default template underlines the title
            borders.getparent().remove(borders)
    styles["Normal"].paragraph_format.line_spacing = 1.25
    styles["Normal"].paragraph_format.space_after = Pt(4)
    table_style = styles.add_style(TABLE_STYLE, 1)  # WD_STYLE_TYPE.PARAGRAPH
    table_style.base_style = styles["Normal"]
    table_style.font.size = Pt(TABLE_FONT[1])
    table_style.paragraph_format.line_spacing = 1.0
    table_style.paragraph_format.space_after = Pt(0)
    table_style.paragraph_format.first_line_indent = Pt(0)
    _set_fonts(table_style.element, TABLE_FONT[0])


def _font_table_aliases(doc: DocumentObject) -> None:
    """Name the English aliases of the Chinese fonts in word/fontTable.xml (w:altName)."""
    for part in doc.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        try:
            root = parse_xml(part.blob)
        except Exception:  # noqa: BLE001 - a template without a usable font table is fine
            return
        for name, alias in FONT_ALIASES.items():
            font = parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alias}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
                "</w:font>"
            )
            root.append(font)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)
        return


def _page_setup(section: Any, landscape: bool) -> None:
    """A4 with the margins of GB/T 9704 (党政机关公文格式)."""
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin = section.right_margin = Mm(20)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


def _page_numbers(section: Any) -> None:
    """公文 page numbers, "— 1 —", centred in the footer: a PAGE field Word and WPS fill in."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = _sub(paragraph._p, "w:fldSimple", instr="PAGE")
    run = _sub(field, "w:r")
    _sub(run, "w:t").text = "1"
    paragraph.add_run(" —")


class _Links:
    """Hyperlink relationships of one document part, one per URL.

    python-docx's own lookup scans every relationship for each new link, which is quadratic:
    a ledger of 5,000 findings took minutes. Ids get a prefix of ours so they never collide
    with the template's rIdN.
    """

    def __init__(self, part: Any) -> None:
        self.part = part
        self.ids: dict[str, str] = {}

    def rid(self, url: str) -> str:
        r_id = self.ids.get(url)
        if r_id is None:
            r_id = f"rIdGp{len(self.ids) + 1}"
            self.part.rels.add_relationship(RT.HYPERLINK, url, r_id, is_external=True)
            self.ids[url] = r_id
        return r_id


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    element = etree.SubElement(parent, qn(tag))
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _hyperlink_xml(p: Any, r_id: str, text: str) -> None:
    link = _sub(p, "w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = _sub(link, "w:r")
    rpr = _sub(run, "w:rPr")
    _sub(rpr, "w:color", val="0563C1")
    _sub(rpr, "w:u", val="single")
    t = _sub(run, "w:t")
    t.text = _clean(text)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def add_hyperlink(paragraph: Paragraph, url: str, text: str, links: _Links | None = None) -> None:
    """A clickable link (python-docx has no API for it): an external relationship + w:hyperlink."""
    links = links or _Links(paragraph.part)
    _hyperlink_xml(paragraph._p, links.rid(url), text)


def _para(doc: DocumentObject, text: str = "", style: str | None = None,
          indent: bool = True) -> Paragraph:
    paragraph = doc.add_paragraph(_clean(text), style=style)
    if indent and style is None:
        paragraph.paragraph_format.first_line_indent = Pt(28)  # two characters
    return paragraph


def _table(doc: DocumentObject, header: Sequence[str], rows: Sequence[Sequence[Any]],
           widths_mm: Sequence[float], body: _RowsXml, link_columns: Sequence[int] = (),
           links: _Links | None = None) -> Table:
    """A grid table; cells in `link_columns` holding http(s) URLs become hyperlinks.

    Body rows are kept as XML text (`_RowsXml`) and put in place when the file is written:
    python-docx's row and cell objects cost a style look-up and a width walk per cell, and even
    bare lxml elements cost ~300 bytes each (a 6,500-row report held 500,000 of them, 150 MB).
    """
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table)
    for cell, text, width in zip(table.rows[0].cells, header, widths_mm, strict=True):
        cell.text = text
        cell.width = Mm(width)
        paragraph = cell.paragraphs[0]
        paragraph.style = TABLE_STYLE
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in paragraph.runs:
            run.bold = True
        _shade(cell, "DDE6F0")
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    links = links or _Links(doc.part)
    style = _attr(doc.styles[TABLE_STYLE].style_id)
    cell_starts = [f'<w:tc><w:tcPr><w:tcW w:w="{round(w * 1440 / 25.4)}" w:type="dxa"/></w:tcPr>'
                   f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>' for w in widths_mm]
    parts: list[str] = []
    for values in rows:
        parts.append("<w:tr>")
        for i, value in enumerate(values):
            parts.append(cell_starts[i])
            text = _clean(value)
            if i in link_columns and href(text):
                parts.append(_HYPERLINK.format(rid=_attr(links.rid(text)), text=_text(text)))
            elif text:
                parts.append(f'<w:r><w:t xml:space="preserve">{_text(text)}</w:t></w:r>')
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
    table._tbl.append(body.mark("".join(parts)))
    return table


_HYPERLINK = ('<w:hyperlink r:id="{rid}"><w:r><w:rPr><w:color w:val="0563C1"/>'
              '<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
              "</w:hyperlink>")


def _text(text: str) -> str:
    """Element text as lxml writes it."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


class _RowsXml:
    """Table bodies as XML text, each left in the tree as a comment naming it, and written in
    its place when the file is written (`write`): the text costs a tenth of the elements."""

    MARK = re.compile(rb"<!--govpatrol-rows-(\d+)-->")
    PART = "word/document.xml"

    def __init__(self) -> None:
        self.bodies: list[str] = []

    def mark(self, xml: str) -> Any:
        self.bodies.append(xml)
        return etree.Comment(f"govpatrol-rows-{len(self.bodies) - 1}")

    def write(self, doc: DocumentObject, path: Path) -> None:
        """The document as python-docx writes it, with every table body in place."""
        plain = io.BytesIO()
        doc.save(plain)
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
            for info in src.infolist():
                data = src.read(info)
                if info.filename != self.PART:
                    out.writestr(info, data)
                    continue
                with out.open(info, "w") as fh:
                    pieces = self.MARK.split(data)
                    for i, piece in enumerate(pieces):
                        fh.write(self.bodies[int(piece)].encode() if i % 2 else piece)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _numeral(i: int) -> str:
    return CHINESE_NUMERALS[i - 1] if 1 <= i <= 10 else str(i)


def _date(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _iso(d: Any) -> str:
    return d.isoformat() if d else ""


#: Rows per table in the Word report; the ledger (Excel) carries every finding.
WORD_TABLE_ROWS = 500


class _Report:
    """One report: the whole site, or the departments it is addressed to."""

    def __init__(self, bundle: ReportBundle, departments: Sequence[str] | None) -> None:
        self.b = bundle
        self.s: Summary = bundle.summary
        self.whole = departments is None
        self.departments = list(self.s.departments if departments is None else departments)
        self.rows = [r for d in self.departments for r in self.s.rows_for(d)]
        self.fixed = [r for d in self.departments for r in self.s.fixed_for(d)]
        self.doc = Document()
        self.links = _Links(self.doc.part)
        self.bodies = _RowsXml()
        self.section_no = 0

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Any]],
              widths_mm: Sequence[float], link_columns: Sequence[int] = (),
              total: int | None = None) -> Table:
        """A table of at most WORD_TABLE_ROWS rows (most severe first, as the rows come);
        `total`: how many rows there are when only the first ones are given.

        A notice with ten thousand rows helps nobody and costs gigabytes to build; the Excel
        ledger always has every finding, and the note says so.
        """
        shown = rows[:WORD_TABLE_ROWS]
        table = _table(self.doc, header, shown, widths_mm, self.bodies, link_columns, self.links)
        total = len(rows) if total is None else total
        if total > len(shown):
            _para(self.doc, f"（另有{total - len(shown)}条未列出，完整清单见 Excel 整改台账"
                            "report.xlsx。）")
        return table

    def heading(self, text: str) -> None:
        self.section_no += 1
        self.doc.add_paragraph(f"{_numeral(self.section_no)}、{_clean(text)}", style="Heading 1")

    def build(self) -> DocumentObject:
        doc = self.doc
        _setup_styles(doc)
        _font_table_aliases(doc)
        _page_setup(doc.sections[0], landscape=False)
        doc.core_properties.title = _clean(f"{self.b.site}网站巡检报告")
        doc.core_properties.author = "govpatrol"
        doc.core_properties.language = "zh-CN"
        title = f"{self.b.site}网站巡检报告" if self.whole else \
            f"{self.b.site}网站巡检问题通报（{'、'.join(self.departments)}）"
        doc.add_paragraph(_clean(title), style="Title")
        doc.add_paragraph(f"（巡检基准日：{_date(self.b.as_of)}）", style="Subtitle")
        # 主送: whom the notice is addressed to
        addressee = "各责任单位：" if self.whole else f"{'、'.join(self.departments)}："
        doc.add_paragraph(_clean(addressee)).paragraph_format.first_line_indent = Pt(0)
        for note in self.b.incomplete:  # a partial run says so before anything else
            run = doc.add_paragraph().add_run(_clean(f"⚠ {note}"))
            run.bold = True
            run.font.color.rgb = RGBColor(0xB2, 0x22, 0x22)
        self.scope()
        self.overview()
        self.vetoes()
        self.department_tables()
        self.requirements()
        self.signature()
        if self.whole:  # a department's notice lists its findings once, in its own table
            self.annex()
        else:
            self.fixed_list()
        for section in doc.sections:
            _page_numbers(section)
        return doc

    def signature(self) -> None:
        """落款: the issuing office (sites.toml `issuer`) and the date, right-aligned."""
        doc = self.doc
        issuer = self.b.options.issuer or f"{self.b.site}网站巡检工作组"
        for text in ("", _clean(issuer), _date(self.b.as_of)):
            paragraph = doc.add_paragraph(text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.first_line_indent = Pt(0)

    def fixed_list(self) -> None:
        if not self.fixed:
            return
        self.doc.add_paragraph("已整改问题（上次巡检发现、本次未再发现）", style="Heading 2")
        self.table(["序号", "栏目", "问题类型", "问题描述", "页面链接"],
                   [[n, r.finding.column or "", r.category_label, r.finding.message,
                     r.finding.url] for n, r in enumerate(self.fixed, 1)],
                   [10, 30, 24, 110, 70], link_columns=(4,))

    def scope(self) -> None:
        b, s = self.b, self.s
        self.heading("巡检范围和时间")
        mode = "栏目" if (json_options(b.run).get("mode") == "column") else "全站"
        counts = b.counts
        _para(self.doc, f"本次对{b.site}（首页 {b.home_url}）开展{mode}巡检，共抓取页面"
                        f"{counts.get('pages', 0)}个，识别栏目{len(b.columns)}个、信息"
                        f"{counts.get('items', 0)}条。")
        previous = s.history.previous_run
        period = (f"统计期为上次巡检基准日{_date(_parse(previous['as_of']))}至本次巡检基准日"
                  f"{_date(b.as_of)}。" if previous else "本次为首次巡检，无上次结果可比。")
        started = beijing(b.run.get("started"))
        _para(self.doc, f"巡检基准日为{_date(b.as_of)}，巡检于{started}（北京时间）开始，巡检编号"
                        f"{b.run.get('id')}。{period}")
        if not self.whole:
            _para(self.doc, f"本通报仅列出{'、'.join(self.departments)}负责栏目和页面的问题。")

    def overview(self) -> None:
        s = self.s
        self.heading("总体情况")
        rows = self.rows
        by_severity = {sev: sum(1 for r in rows if r.finding.severity == sev)
                       for sev in SEVERITY_LABELS}
        parts = "、".join(f"{label}{by_severity[sev]}个" for sev, label in SEVERITY_LABELS.items())
        new = sum(1 for r in rows if r.status == "new")
        still = sum(1 for r in rows if r.status in ("open", "reopened"))
        text = f"共发现问题{len(rows)}个，其中{parts}。"
        if s.history.previous_run:
            text += (f"与上次巡检相比，新发现{new}个，持续未整改{still}个，"
                     f"已整改{len(self.fixed)}个。")
        # the review loop (govpatrol review): what the departments answered, said once here
        reopened = sum(1 for r in rows if r.status == "reopened")
        overdue = sum(1 for r in rows if r.overdue)
        suppressed = [r for r in s.suppressed_rows
                      if self.whole or r.department in self.departments]
        if reopened:
            text += f"标记为已整改、经复查仍存在的问题{reopened}个。"
        if overdue:
            text += f"已超过整改时限的问题{overdue}个。"
        if suppressed:
            text += f"另有{len(suppressed)}个问题经责任单位核实标记为误报，未列入本报告，不计分。"
        if self.whole:
            sc = s.site_score
            text += f"按评分规则估算，全站得分{format_points(sc.score)}分，等级为“{sc.grade}”。"
            if sc.veto:
                text += f"存在一票否决问题{len(sc.vetoes)}个，整站“{sc.verdict}”。"
        _para(self.doc, text)
        counts = {}
        for r in rows:
            counts[r.finding.category] = counts.get(r.finding.category, 0) + 1
        if counts:
            self.doc.add_paragraph("表1 问题类型统计", style="Heading 3")
            self.table(["问题类型", "数量"],
                   [[CATEGORIES.get(c, c), n] for c, n in counts.items()], [80, 30])
        self.doc.add_paragraph("表2 各责任单位估算得分", style="Heading 3")
        labels = column_labels(s.rules)
        header = ["责任单位", "问题数", *[f"{label}扣分" for label in labels], "估算得分", "等级"]
        body = []
        for dept in self.departments:
            sc = s.department_scores[dept]
            body.append([dept, sc.findings,
                         *[format_points(ded) for _, ded, _, _ in sc.columns(s.rules)],
                         format_points(sc.score), sc.grade])
        widths = [40, 16, *[22] * len(labels), 20, 20]
        self.table(header, body, widths)
        if s.rules.indicators:
            areas = "、".join(f"{a}{format_points(p)}分" for a, p in s.rules.areas.items())
            _para(self.doc, f"评分说明：满分{format_points(s.rules.base)}分（{areas}），"
                            f"每个二级指标扣分不超过其上限，同一问题不重复扣分；有一票否决问题的整站"
                            f"“{s.rules.fail_label}”。标“需人工核查”的指标未计入。")
            if self.whole:
                self.doc.add_paragraph("表3 全站评分明细", style="Heading 3")
                self.table(["二级指标", "扣分规则", "单位扣分", "数量", "扣分", "上限", "核查方式"],
                           [[line.indicator, line.rule, line.unit_text, line.count,
                             format_points(line.points), format_points(line.cap), line.note]
                            for line in rule_lines(s.site_score, s.rules)],
                           [22, 50, 40, 14, 14, 14, 30])
            return
        items = s.rules.items
        rules = "；".join(f"{i.label}每项扣{format_points(i.per_finding)}分、最多扣"
                         f"{format_points(i.points)}分" for i in items)
        _para(self.doc, f"评分说明：满分{format_points(s.rules.base)}分，{rules}；有一票否决问题的"
                        f"评为“{s.rules.veto_grade}”。得分仅计机器可检查的项目，供整改参考。")

    def vetoes(self) -> None:
        self.heading("一票否决（单项否决）问题")
        vetoes = [r for r in self.rows if self.s.rules.is_veto(r.finding)]
        if not vetoes:
            _para(self.doc, "本次巡检未发现一票否决问题。")
            return
        _para(self.doc, f"发现一票否决问题{len(vetoes)}个，须立即整改：")
        for i, r in enumerate(vetoes, start=1):
            f = r.finding
            paragraph = _para(self.doc, f"{i}. {r.department}：{f.message}"
                                        + (f"（原文：{r.evidence}）" if r.evidence else "")
                                        + "。页面：")
            if href(f.url):
                add_hyperlink(paragraph, f.url, f.url, self.links)
            else:
                paragraph.add_run(_clean(f.url))

    def department_tables(self) -> None:
        doc = self.doc
        section = doc.add_section()
        _page_setup(section, landscape=True)
        self.heading("各责任单位问题清单")
        for i, dept in enumerate(self.departments, start=1):
            rows = self.s.rows_for(dept)
            sc = self.s.department_scores[dept]
            doc.add_paragraph(
                _clean(f"（{_numeral(i)}）{dept}：问题{len(rows)}个，估算得分"
                       f"{format_points(sc.score)}分（{sc.grade}）"), style="Heading 2")
            if not rows:
                _para(doc, "未发现问题。")
                continue
            self.table(["序号", "栏目", "问题类型", "严重程度", "问题描述", "修改建议", "页面链接",
                         "整改时限", "状态"],
                   [[n, r.finding.column or "", r.category_label, r.severity_label,
                     r.finding.message, r.finding.suggestion or "", r.finding.url,
                     _iso(r.deadline), r.status_label]
                    for n, r in enumerate(rows[:WORD_TABLE_ROWS], start=1)],
                   [10, 24, 20, 14, 70, 24, 50, 20, 18], link_columns=(6,), total=len(rows))

    def requirements(self) -> None:
        self.heading("整改要求")
        days = self.s.rules.rectify_days
        limits = "，".join(f"{label}问题{days[sev]}个工作日"
                          for sev, label in SEVERITY_LABELS.items() if sev in days)
        _para(self.doc, f"请各责任单位对照问题清单逐条核实整改，整改时限自问题首次发现之日起计算："
                        f"{limits}。一票否决问题须立即整改。整改完成后请在整改台账中填写整改情况，"
                        "下次巡检将自动复核。")

    def annex(self) -> None:
        doc = self.doc
        doc.add_page_break()
        doc.add_paragraph("附件：全部问题清单", style="Heading 1")
        if not self.rows:
            _para(doc, "未发现问题。")
        else:
            # by severity (veto first), then department; numbered in the order shown
            rank = {name: i for i, name in enumerate(SEVERITY_LABELS)}
            ordered = sorted(self.rows, key=lambda r: (
                not self.s.rules.is_veto(r.finding), rank.get(r.finding.severity, 9),
                r.department, r.number))
            self.table(["序号", "责任单位", "栏目", "问题类型", "严重程度", "问题描述", "原文",
                         "修改建议", "页面链接", "首次发现", "状态"],
                   [[n, r.department, r.finding.column or "", r.category_label,
                     r.severity_label, r.finding.message, r.evidence, r.finding.suggestion or "",
                     r.finding.url, _iso(r.first_seen), r.status_label]
                    for n, r in enumerate(ordered[:WORD_TABLE_ROWS], start=1)],
                   [10, 20, 20, 16, 12, 56, 24, 20, 44, 18, 16], link_columns=(8,),
                   total=len(ordered))
        if self.fixed:
            doc.add_paragraph("已整改问题（上次巡检发现、本次未再发现）", style="Heading 2")
            self.table(["序号", "责任单位", "栏目", "问题类型", "问题描述", "页面链接"],
                   [[n, r.department, r.finding.column or "", r.category_label,
                     r.finding.message, r.finding.url] for n, r in enumerate(self.fixed, 1)],
                   [10, 26, 26, 20, 100, 70], link_columns=(5,))


def json_options(run: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(run.get("options") or "{}")
    except (TypeError, ValueError):
        return {}


def _parse(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) and value else value


def write_report(bundle: ReportBundle, path: Path,
                 departments: Sequence[str] | None = None) -> Path:
    """The report of `departments` (None: the whole site) at `path`."""
    report = _Report(bundle, departments)
    doc = report.build()
    tmp = path.with_name(path.stem + ".tmp.docx")
    report.bodies.write(doc, tmp)
    tmp.replace(path)
    return path


def render(bundle: ReportBundle, out_dir: Path) -> list[Path]:
    written = [write_report(bundle, out_dir / "report.docx")]
    if bundle.options.split_by_department:
        (out_dir / DEPARTMENTS_DIR).mkdir(parents=True, exist_ok=True)
        for dept, path in department_files(bundle, out_dir, f"{REPORT_SUFFIX}.docx").items():
            written.append(write_report(bundle, path, [dept]))
    return written

