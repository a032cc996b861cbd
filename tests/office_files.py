"""Attachments as government sites publish them, made at test time (nothing binary is stored).

- `gongwen_pdf`: a 公文 PDF set in 宋体 as Adobe-GB1 CID text (reportlab's STSong-Light with the
  UniGB-UCS2-H CMap, the non-embedded 宋体 of Word-exported 公文), A4, several pages when long;
- `garble`: the same PDF with its CMap name swapped for Identity-H, so the glyph ids no longer
  map to the characters drawn: what a reader gets from a PDF whose font lost its encoding;
- `gongshi_docx`, `gongshi_xlsx`: a 公示 notice with its table (python-docx / openpyxl);
- `zip_bomb_docx`: a .docx whose document.xml inflates to far more than it weighs.
"""

from __future__ import annotations

import io
import textwrap
import zipfile

A4_WIDTH, A4_HEIGHT = 595.27, 841.89
FONT = "STSong-Light"


def gongwen_pdf(title: str, paragraphs: list[str], doc_number: str = "") -> bytes:
    """A 公文: 文号, title, body paragraphs wrapped at 26 characters a line, pages as needed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(A4_WIDTH, A4_HEIGHT))
    pdf.setTitle(title)
    y = A4_HEIGHT - 100

    def line(text: str, size: int = 15, centre: bool = False) -> None:
        nonlocal y
        if y < 80:
            pdf.showPage()
            y = A4_HEIGHT - 80
        pdf.setFont(FONT, size)
        if centre:
            pdf.drawCentredString(A4_WIDTH / 2, y, text)
        else:
            pdf.drawString(80, y, text)
        y -= size * 1.9

    if doc_number:
        line(doc_number, 15, centre=True)
    for part in textwrap.wrap(title, 22):
        line(part, 21, centre=True)
    y -= 10
    for paragraph in paragraphs:
        for i, part in enumerate(textwrap.wrap(paragraph, 26) or [""]):
            line(("\u3000\u3000" if i == 0 else "") + part)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def garble(pdf: bytes) -> bytes:
    """The PDF with the wrong CMap: same length, so the cross-reference table stays valid."""
    assert pdf.count(b"/UniGB-UCS2-H") == 1
    return pdf.replace(b"/UniGB-UCS2-H", b"/Identity-H  ")


def gongshi_docx(title: str, intro: str, header: list[str], rows: list[list[str]],
                 closing: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(intro)
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph(closing)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def gongshi_xlsx(title: str, header: list[str], rows: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "公示名单"
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bomb_docx(inflated_mb: int = 40) -> bytes:
    """A .docx whose word/document.xml is `inflated_mb` MB of one repeated run (about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"<w:t>" + b"\xe5\x95\x8a" * 100_000 + b"</w:t>"
            for _ in range(inflated_mb * 1024 * 1024 // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def scanned_pdf(lines: list[str]) -> bytes:
    """A scan: the lines drawn as a page image (Noto Serif CJK SC, as a 300-dpi-ish raster),
    placed in a PDF with no text layer."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 36,
                              index=2)  # the SC face of the collection
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((100, 150 + i * 70), line, font=font, fill=0)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(A4_WIDTH, A4_HEIGHT))
    pdf.drawImage(ImageReader(image), 0, 0, A4_WIDTH, A4_HEIGHT)
    pdf.save()
    return out.getvalue()
