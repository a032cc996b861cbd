"""Tiny but valid binary files for the demo portal: images and attachments.

The link auditor must see real files behind live links (a PDF that is a PDF, a .docx that Word
opens), and the site is committed to the repository, so every file is small and byte-for-byte
reproducible: zip-based Office files get fixed timestamps, because python-docx and openpyxl stamp
the current time into them.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from datetime import datetime

#: The timestamp written into every generated Office file and zip entry.
FIXED_TIME = datetime(2026, 11, 18, 9, 30, 0)


def png(width: int = 16, height: int = 16, rgb: tuple[int, int, int] = (176, 32, 32)) -> bytes:
    """A solid-colour RGB PNG: the site logo and icons."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    raw = row * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def jpeg(blocks_wide: int = 2, blocks_high: int = 2) -> bytes:
    """A mid-grey baseline JPEG, (8*blocks_wide) x (8*blocks_high) pixels.

    Hand-built because the demo must not depend on Pillow: one quantisation table, one-symbol
    Huffman tables (DC difference 0, end of block), so every 8x8 block is the two bits "00".
    """
    width, height = 8 * blocks_wide, 8 * blocks_high

    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    jfif = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = segment(0xDB, b"\x00" + bytes([1] * 64))
    sof = segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    counts_one_code = bytes([1] + [0] * 15)
    dht_dc = segment(0xC4, b"\x00" + counts_one_code + b"\x00")
    dht_ac = segment(0xC4, b"\x10" + counts_one_code + b"\x00")
    sos = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    bits = "00" * (blocks_wide * blocks_high)
    bits += "1" * (-len(bits) % 8)
    data = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits), 8))
    return b"\xff\xd8" + jfif + dqt + sof + dht_dc + dht_ac + sos + data + b"\xff\xd9"


def pdf(label: str) -> bytes:
    """A one-page PDF with an ASCII label (the standard fonts carry no Chinese glyphs)."""
    text = label.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def docx(title: str, paragraphs: list[str]) -> bytes:
    """A Word document (python-docx) with a heading and paragraphs, fixed timestamps."""
    import docx as python_docx  # imported here: only the generator needs it

    document = python_docx.Document()
    props = document.core_properties
    props.author = "江河市人民政府办公室"
    props.title = title
    props.created = props.modified = FIXED_TIME
    props.last_modified_by = "江河市人民政府办公室"
    props.revision = 1
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def xlsx(title: str, header: list[str], rows: list[list[object]]) -> bytes:
    """An Excel workbook (openpyxl) with one sheet, fixed timestamps."""
    from openpyxl import Workbook  # imported here: only the generator needs it

    book = Workbook()
    book.properties.creator = "江河市人民政府办公室"
    book.properties.created = book.properties.modified = FIXED_TIME
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def doc_bytes(title: str) -> bytes:
    """An old-style .doc attachment: only its presence matters to the link auditor."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + title.encode("gbk") + b"\x00" * 64


_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times (and fixed core-property times) for reproducibility."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIME.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, body)
    return buffer.getvalue()
