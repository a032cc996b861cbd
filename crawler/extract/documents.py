"""Text of an attachment (PDF, .docx, .xlsx, .xls/.et, .doc/.wps), read with guards.

Government attachments are where 公示 lists and 公文 live, so their text is audited like a
page's. Reading a file a stranger put on a web server is also the riskiest thing the patrol
does, hence the guards, each of which ends in a named state rather than an exception:

- PDF through poppler's `pdftotext -layout` (Debian poppler-utils, with poppler-data for the
  GBK-EUC-H / UniGB CMaps of 公文 PDFs that pure-Python readers garble), in a subprocess with a
  timeout and a page cap (`-l N`);
- .docx (python-docx) and .xlsx (openpyxl, read-only) only after the zip's declared sizes were
  added up from its directory: a decompression bomb is refused before anything is inflated;
- .xls and WPS .et (the binary BIFF format, which WPS writes in its compatible mode) through
  xlrd, with the same cell cap; an .et that is really a zip (newer WPS) is read as .xlsx, and
  one in neither format is `broken` with the reason;
- .doc / .wps through antiword or catdoc where one is installed, else `unsupported` with a note.

Whether the text is readable (mojibake, `(cid:NN)`) is not judged here: that is an auditor's
call (govpatrol.auditors.text.readability).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: Extensions whose text is read, by reader.
READERS = ("pdf", "docx", "xlsx", "xls", "et", "doc", "wps")

#: Outcome names (stored, and turned into findings by the attachment auditor).
OK = "ok"
STATES = {
    OK: "已读取",
    "truncated": "只读取了前面部分",  # page or cell cap reached: the rest was not read
    "ocr": "扫描件，文字经 OCR 识别",  # no text layer; read by OCR (attachment_ocr)
    "no_text": "没有文字层（可能是扫描件）",
    "too_large": "文件过大，未读取",
    "zip_bomb": "压缩数据异常膨胀（疑似压缩炸弹），已拒绝解压",
    "timeout": "读取超时",
    "broken": "文件损坏或加密，无法读取",
    "unsupported": "缺少读取该格式的程序，未读取",
}


@dataclass(frozen=True)
class Limits:
    """The guards; every one is a setting (sites.toml `attachment_*`)."""

    max_bytes: int = 30 * 1024 * 1024  # downloaded size
    max_pages: int = 200  # PDF pages read (pdftotext -l)
    timeout: float = 30.0  # seconds for one external reader
    max_unzipped: int = 200 * 1024 * 1024  # declared uncompressed size of a .docx / .xlsx
    max_ratio: int = 200  # declared uncompressed / compressed size of one zip member
    max_cells: int = 500_000  # .xlsx / .xls cells read
    max_chars: int = 2_000_000  # text kept
    ocr: bool = False  # read scanned PDFs with RapidOCR (slow: off unless configured)
    ocr_pages: int = 5  # pages of a scan read by OCR


@dataclass
class Extracted:
    """What was read from one file. `text` may be partial: `state` says so."""

    text: str = ""
    state: str = OK
    detail: str = ""  # why, for a state other than ok (stderr line, sizes)
    pages: int | None = None  # PDF pages read

    @property
    def readable(self) -> bool:
        return self.state in (OK, "truncated", "ocr")


def extension(name: str) -> str:
    """The lower-case extension of a file name or URL path, without the dot."""
    tail = name.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
    return tail.rsplit(".", 1)[-1].lower() if "." in tail else ""


def extract(data: bytes, ext: str, limits: Limits | None = None) -> Extracted:
    """The text of a file's bytes, by its extension (one of READERS)."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        return Extracted(state="too_large",
                         detail=f"{len(data)} 字节，上限 {limits.max_bytes} 字节")
    reader = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "xls": _xls, "et": _xls,
              "doc": _word97, "wps": _word97}.get(ext)
    if reader is None:
        return Extracted(state="unsupported", detail=f"不支持的格式 .{ext}")
    result = reader(data, limits)
    if len(result.text) > limits.max_chars:
        result.text = result.text[: limits.max_chars]
        if result.state == OK:
            result.state, result.detail = "truncated", f"只保留前 {limits.max_chars} 字"
    return result


def pdftotext_available() -> bool:
    return shutil.which("pdftotext") is not None


def _run(argv: list[str], limits: Limits) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(argv, capture_output=True, timeout=limits.timeout, check=False,
                          stdin=subprocess.DEVNULL)


@contextmanager
def _with_file(data: bytes, suffix: str) -> Iterator[str]:
    """A temporary file holding `data` (the external readers take a path), removed after."""
    with tempfile.NamedTemporaryFile(suffix=suffix, prefix="govpatrol-") as handle:
        handle.write(data)
        handle.flush()
        yield handle.name


def _pdf(data: bytes, limits: Limits) -> Extracted:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        return Extracted(state="broken", detail="不是 PDF 文件")
    if not pdftotext_available():
        return Extracted(state="unsupported",
                         detail="未安装 pdftotext（Debian 软件包 poppler-utils）")
    with _with_file(data, ".pdf") as path:
        argv = ["pdftotext", "-layout", "-enc", "UTF-8", "-l", str(limits.max_pages),
                path, "-"]
        try:
            done = _run(argv, limits)
        except subprocess.TimeoutExpired:
            return Extracted(state="timeout", detail=f"pdftotext 超过 {limits.timeout:g} 秒")
        if done.returncode != 0:
            return Extracted(state="broken", detail=_first_line(done.stderr))
        text = done.stdout.decode("utf-8", "replace")
        pages = text.count("\f")
        total = _pdf_pages(path, limits) if pages >= limits.max_pages else pages
    text = unwrap(text)
    if not text.strip():
        return _scanned(data, limits, pages)
    if total and total > pages:
        return Extracted(text, "truncated", f"共 {total} 页，只读取前 {pages} 页", pages)
    return Extracted(text, OK, pages=pages)


#: A line may continue on the next when it ends inside a sentence: Han, digit, a mid-sentence
#: mark or a closing bracket; the next must start like running text.
_CONTINUES = re.compile(r"[\u3400-\u9fff0-9A-Za-z，、“‘（《〔）》〕”’]$")
_RUNS_ON = re.compile(r"^[\u3400-\u9fff0-9A-Za-z，、。；：？！”’）》〕“‘（《〔]")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def unwrap(text: str) -> str:
    """Lines the PDF's layout wrapped, joined back into their paragraphs (pages end in \\f).

    A 公文 line breaks wherever the line is full, so a word or fixed expression is cut in two
    ("布" / "署工作") and the text rules would not see it. A physical line is joined to the next
    when it starts at the left margin or a paragraph's indent, is full (within a tenth of the
    common full width), ends inside a sentence, and the next line starts at the left margin
    (a new paragraph is indented two characters) with running text, on the same page or at the
    top of the next. Titles, headings, signatures and table rows are short or centred: kept."""
    lines = text.split("\n")
    body = [line.lstrip("\f") for line in lines if line.strip("\f \t")]
    if len(body) < 3:
        return text.replace("\f", "\n")
    widths = sorted(len(line.rstrip()) for line in body)
    full = widths[int(len(widths) * 0.9)]
    margins = sorted(_indent(line) for line in body)
    margin = margins[len(margins) // 4]  # the left edge: most lines start there or deeper
    out: list[str] = []
    blanks: list[str] = []  # blank lines after a joinable line, dropped if a new page joins it
    joinable = False
    for raw in lines:
        new_page = raw.startswith("\f")
        line = raw.lstrip("\f")
        stripped = line.strip()
        if not stripped:
            if joinable:
                blanks.append(line)
            else:
                out.append(line)
            continue
        if (joinable and (new_page or not blanks) and _indent(line) <= margin
                and _RUNS_ON.match(stripped)):
            out[-1] = out[-1].rstrip() + stripped
        else:
            out.extend(blanks)
            out.append(line)
        blanks = []
        joinable = (_indent(line) <= margin + 4 and len(line.rstrip()) >= 0.9 * full
                    and bool(_CONTINUES.search(line.rstrip())))
    out.extend(blanks)
    return "\n".join(out)


def _scanned(data: bytes, limits: Limits, pages: int) -> Extracted:
    """A PDF without a text layer: OCR when configured and installed, else `no_text`."""
    from govpatrol.crawler.extract import ocr

    if not limits.ocr:
        return Extracted(state="no_text", pages=pages,
                         detail="PDF 没有可提取的文字（扫描件；未启用 OCR）")
    if not ocr.available():
        return Extracted(state="no_text", pages=pages,
                         detail="PDF 没有可提取的文字（扫描件；未安装 rapidocr-onnxruntime）")
    try:
        text, read = ocr.ocr_pdf(data, limits.ocr_pages, limits.timeout)
    except (subprocess.SubprocessError, OSError) as exc:
        return Extracted(state="no_text", pages=pages, detail=f"OCR 失败：{exc}"[:200])
    if not text.strip():
        return Extracted(state="no_text", pages=pages, detail="扫描件中未识别出文字")
    return Extracted(text, "ocr", f"文字经 OCR 识别（{read} 页），可能有识别误差", read)


def _pdf_pages(path: str, limits: Limits) -> int | None:
    """The page count pdfinfo declares (only asked when the page cap was reached)."""
    if shutil.which("pdfinfo") is None:
        return None
    try:
        done = _run(["pdfinfo", path], limits)
    except subprocess.TimeoutExpired:
        return None
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("Pages:"):
            value = line.split(":", 1)[1].strip()
            return int(value) if value.isdigit() else None
    return None


def _first_line(stderr: bytes) -> str:
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1][:200] if lines else "读取失败"


def zip_refusal(data: bytes, limits: Limits) -> Extracted | None:
    """A refusal when the zip's directory declares too much data, or cannot be read; None
    when it may be opened. Sizes are the declared ones: nothing is inflated here."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return Extracted(state="broken", detail=f"不是有效的 Office 文件：{exc}")
    with archive:
        infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped:
        return Extracted(state="zip_bomb",
                         detail=f"解压后 {total} 字节，上限 {limits.max_unzipped} 字节")
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
                info.compress_size, 1):
            return Extracted(state="zip_bomb",
                             detail=f"{info.filename} 压缩比 "
                                    f"{info.file_size // max(info.compress_size, 1)}:1")
    return None


def docx_text(data: bytes) -> str:
    """Paragraphs, then each table row with its cells tab-separated (as check-text reads)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _docx(data: bytes, limits: Limits) -> Extracted:
    refused = zip_refusal(data, limits)
    if refused:
        return refused
    try:
        text = docx_text(data)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken files
        return Extracted(state="broken", detail=f"无法解析 .docx：{exc}"[:200])
    return Extracted(text) if text.strip() else Extracted(state="no_text", detail="文档没有文字")


def _workbook_text(sheets: Iterable[tuple[str, Iterable[list[str]]]],
                   limits: Limits) -> Extracted:
    """Every sheet's name, then its non-empty rows tab-separated, up to `max_cells` cells: the
    text of a workbook whatever library reads it (.xlsx and .xls alike)."""
    lines: list[str] = []
    cells = 0
    for name, rows in sheets:
        lines.append(name)
        for values in rows:
            cells += len(values)
            if any(values):
                lines.append("\t".join(values).rstrip("\t"))
            if cells >= limits.max_cells:
                return Extracted("\n".join(lines), "truncated",
                                 f"只读取了前 {limits.max_cells} 个单元格")
    return Extracted("\n".join(lines))


def _xlsx(data: bytes, limits: Limits) -> Extracted:
    refused = zip_refusal(data, limits)
    if refused:
        return refused
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _workbook_text(
                ((sheet.title, (["" if v is None else str(v) for v in row]
                                for row in sheet.iter_rows(values_only=True)))
                 for sheet in workbook.worksheets), limits)
        finally:
            workbook.close()
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        return Extracted(state="broken", detail=f"无法解析 .xlsx：{exc}"[:200])


#: The first bytes of an OLE2 compound file: the container of BIFF workbooks (and .doc).
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _xls(data: bytes, limits: Limits) -> Extracted:
    """A BIFF workbook (.xls, WPS .et): every sheet's non-empty rows, tab-separated, as the
    .xlsx reader gives them. Whole-number cells read as integers (a mobile number typed into a
    number cell is 13645678901, not 13645678901.0) and date cells as ISO dates."""
    if data.startswith(b"PK\x03\x04"):  # an .et of newer WPS: OOXML under another name
        return _xlsx(data, limits)
    if not data.startswith(OLE2_MAGIC):
        return Extracted(state="broken",
                         detail="不是 Excel 97-2003（BIFF）或 .xlsx 格式的表格，无法读取")
    try:
        import xlrd
    except ImportError:
        return Extracted(state="unsupported", detail="未安装 xlrd，.xls/.et 附件未读取")
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True,
                                  logfile=io.StringIO())  # xlrd warns on stdout otherwise
        try:
            return _workbook_text(_xls_sheets(book), limits)
        finally:
            book.release_resources()
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds on broken files
        return Extracted(state="broken", detail=f"无法解析 .xls：{exc}"[:200])


def _xls_sheets(book) -> Iterator[tuple[str, Iterator[list[str]]]]:
    """(name, rows) of each sheet, loaded on demand and unloaded once read."""
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        yield sheet.name, ([_xls_cell(cell, book.datemode) for cell in sheet.row(r)]
                           for r in range(sheet.nrows))
        book.unload_sheet(index)


def _xls_cell(cell, datemode: int) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.XLDateError):
            return str(cell.value)
        return when.date().isoformat() if when.time() == when.min.time() else when.isoformat()
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return str(int(cell.value))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    return str(cell.value)


def word97_reader() -> list[str] | None:
    """The argv prefix of an installed .doc reader (antiword, else catdoc), or None."""
    if shutil.which("antiword"):
        return ["antiword", "-m", "UTF-8.txt", "-w", "0"]
    if shutil.which("catdoc"):
        return ["catdoc", "-d", "utf-8", "-w"]
    return None


def _word97(data: bytes, limits: Limits) -> Extracted:
    argv = word97_reader()
    if argv is None:
        return Extracted(state="unsupported",
                         detail="未安装 antiword 或 catdoc，.doc/.wps 附件未读取")
    with _with_file(data, ".doc") as path:
        try:
            done = _run([*argv, path], limits)
        except subprocess.TimeoutExpired:
            return Extracted(state="timeout", detail=f"{argv[0]} 超过 {limits.timeout:g} 秒")
    if done.returncode != 0:
        return Extracted(state="broken", detail=_first_line(done.stderr))
    text = done.stdout.decode("utf-8", "replace")
    return Extracted(text) if text.strip() else Extracted(state="no_text", detail="文档没有文字")


def read_file(path: Path, limits: Limits | None = None) -> Extracted:
    """A file on disk (check-text), refused before reading when larger than the cap."""
    limits = limits or Limits()
    size = path.stat().st_size
    if size > limits.max_bytes:
        return Extracted(state="too_large", detail=f"{size} 字节，上限 {limits.max_bytes} 字节")
    return extract(path.read_bytes(), extension(path.name), limits)
