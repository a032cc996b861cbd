"""`govpatrol check-text FILE|-`: audit a draft before it is published, no crawling.

Plain text (UTF-8, GBK/GB18030 and others, detected with charset-normalizer), HTML (the visible
text), .docx, .xlsx, .xls/.et (xlrd), PDF (pdftotext) and .doc/.wps where antiword or catdoc is
installed: the attachment reader of a patrol (crawler/extract/documents.py), with its guards.
The same text engine as a patrol, so a draft that passes here passes there.
Exit 0 when it ran, whatever it found; 1 with a one-line Chinese + English reason when the
input cannot be read (a binary file, a .doc, a missing file, a broken word list).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from govpatrol.auditors.text import TextOptions, located_findings
from govpatrol.crawler.extract.documents import word97_reader
from govpatrol.errors import GovpatrolError
from govpatrol.model import CATEGORIES, SEVERITIES, SEVERITY_LABELS, Finding

SITE = "check-text"
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<(?:p|div|span|br)[\s/>]", re.I)
#: Elements whose text a reader never sees.
INVISIBLE = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg")


class InputError(GovpatrolError):
    """The input cannot be audited; the message is the one line the user sees."""


@dataclass(frozen=True)
class Located:
    """A finding of a draft and where it starts: line and column, both from 1, counted in
    characters of the text that was checked (a .docx's paragraphs are its lines)."""

    finding: Finding
    line: int
    col: int

    def to_dict(self) -> dict:
        return {**self.finding.to_dict(), "line": self.line, "col": self.col}

    @property
    def where(self) -> str:
        return f"第{self.line}行第{self.col}字"


def locate(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of an offset, both from 1."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


@dataclass
class Document:
    text: str
    kind: str  # "text", "html", "docx", "xlsx", "xls", "et", "pdf", "doc", "wps"
    encoding: str | None = None
    note: str | None = None  # read only in part (a PDF past the page cap): said with the result


def read_bytes(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"文件不存在 (file not found): {source}") from None
    except IsADirectoryError:
        raise InputError(f"这是一个目录，不是文件 (is a directory): {source}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件 (cannot read): {source}: {exc.strerror}") from None


#: What stops check-text reading a document, in its one-line error (states of documents.py).
_REFUSED = {"zip_bomb": "decompression bomb", "too_large": "file too large",
            "timeout": "reading timed out", "broken": "cannot read", "no_text": "no text layer",
            "unsupported": "no reader installed"}


def _office(data: bytes, kind: str, name: str) -> Document:
    """A PDF, .docx, .xlsx, .xls or .doc through the patrol's own attachment reader, with its
    guards; text that is mojibake is refused with the reason rather than audited as typos."""
    from govpatrol.auditors.text.readability import garbled
    from govpatrol.crawler.extract.documents import STATES, extract

    got = extract(data, kind)
    if not got.readable:
        raise InputError(f"{STATES[got.state]}：{got.detail} ({_REFUSED[got.state]} "
                         f"{kind.upper()}): {name}")
    verdict = garbled(got.text)
    if verdict is not None:
        raise InputError(f"提取的文字是乱码（{verdict.reason}），无法检查 (garbled text in "
                         f"{kind.upper()}): {name}")
    note = f"{STATES[got.state]}：{got.detail}" if got.state != "ok" else None
    return Document(got.text, kind, note=note)


def _html_text(data: bytes | str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    for tag in soup(INVISIBLE):
        tag.decompose()
    text = soup.get_text("\n")
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Text from bytes: BOMs and UTF-8 first, then charset-normalizer (GBK, GB18030, Big5...)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise InputError(f"不是文本文件，无法检查 (binary file): {name}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # most non-UTF-8 Chinese government files are GB2312/GBK, which GB18030 contains
        text = data.decode("gb18030")
        if _looks_chinese(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"无法识别文件编码，可能不是文本文件 (unknown encoding or binary): {name}")
    text = str(best)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 8:
        raise InputError(f"不是文本文件，无法检查 (binary file): {name}")
    encoding = best.encoding
    if encoding in ("gb2312", "gbk"):  # GB18030 is their superset: never worse, often right
        text, encoding = data.decode("gb18030", "replace"), "gb18030"
    return text, encoding


_READABLE = re.compile("[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f"
                       "\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2460-\u24ff\u2500-\u257f]")


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes almost anything; accept it only when the result reads as Chinese."""
    sample = text[:20000]
    if not sample:
        return True
    readable = len(_READABLE.findall(sample))
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return readable / len(sample) > 0.97 and han > 0


def load_document(source: str) -> Document:
    """Whatever the user handed us, as the text a reader of the published page would see."""
    data = read_bytes(source)
    name = source if source != "-" else "标准输入 (stdin)"
    suffix = Path(source).suffix.lower() if source != "-" else ""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            names = []
        if "word/document.xml" in names:
            return _office(data, "docx", name)
        if "xl/workbook.xml" in names:
            return _office(data, "xlsx", name)
        raise InputError(
            f"不支持的压缩或 Office 文件，请另存为 .docx 或文本 (unsupported file): {name}")
    if data.lstrip()[:5].startswith(b"%PDF"):
        return _office(data, "pdf", name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in (".xls", ".et"):
            return _office(data, suffix[1:], name)
        if suffix in (".doc", ".wps") and word97_reader() is not None:
            return _office(data, suffix[1:], name)
        raise InputError(f"旧版 .doc 文件不支持（未安装 antiword/catdoc）或文件名不是 .doc/.xls，"
                         f"请另存为 .docx (legacy Office file): {name}")
    if suffix in HTML_SUFFIXES or _HTML_SNIFF.search(data[:4096]):
        if b"\x00" in data[:4096]:
            raise InputError(f"不是文本文件，无法检查 (binary file): {name}")
        return Document(_html_text(data), "html")
    text, encoding = _decode(data, name)
    return Document(text, "text", encoding)


def options_from_config(path: Path, site_name: str | None) -> TextOptions:
    """The text settings (wordlists, whitelist, traditional) of one site of a sites.toml,
    validated like a patrol's (a bad config is a ConfigError naming file, line and key)."""
    from govpatrol.config import load_config

    config = load_config(path)
    if site_name is None:
        site = config.sites[0]
    else:
        site = next((s for s in config.sites if s.name == site_name), None)
        if site is None:
            raise InputError(f"配置中没有这个站点 (no such site in config): {site_name}")
    return TextOptions(wordlists=(*config.wordlists, *site.wordlists),
                       whitelist=(*config.whitelist, *site.whitelist),
                       traditional=site.traditional, base=str(path.resolve().parent))


def render_table(located: list[Located], name: str, doc: Document) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if doc.note:
        console.print(f"{name}：{doc.note}（其余部分未检查）", soft_wrap=True)
    if not located:
        console.print(f"{name}：未发现问题 (no findings)", soft_wrap=True)
        return
    # The heading is a line of its own: a long path must not be folded into the middle of a word.
    console.print(f"{name}：发现 {len(located)} 处问题", soft_wrap=True)
    table = Table(show_lines=True)
    table.add_column("位置", no_wrap=True)
    for header in ("级别", "类别", "问题文字", "建议", "上下文", "说明"):
        table.add_column(header, overflow="fold")
    order = {s: i for i, s in enumerate(SEVERITIES)}
    for at in sorted(located, key=lambda at: (order[at.finding.severity], at.line, at.col)):
        f = at.finding
        table.add_row(at.where, SEVERITY_LABELS[f.severity], CATEGORIES.get(f.category, f.category),
                      f.text or "", f.suggestion or "", f.context or "", f.message,
                      style="bold red" if f.severity == "veto" else None)
    console.print(table)


def text_options(config_path: Path | None, site_name: str | None, *,
                 wordlists: tuple[str, ...] = (), whitelist: tuple[str, ...] = (),
                 traditional: bool | None = None) -> TextOptions:
    """The text engine's options: a site's lists from sites.toml, then the command line's."""
    base = options_from_config(config_path, site_name) if config_path else TextOptions()
    return replace(base, wordlists=(*base.wordlists, *wordlists),
                   whitelist=(*base.whitelist, *whitelist),
                   traditional=base.traditional if traditional is None else traditional)


def audit_draft(source: str, options: TextOptions, *, as_of: date,
                published: date | None = None) -> tuple[Document, list[Located]]:
    """Read a draft (a path or "-" for stdin) and run the text and privacy auditors over it,
    each finding with its line and column; personal numbers are masked in whatever is quoted."""
    from govpatrol.auditors import privacy
    from govpatrol.auditors.personal_data import redact_finding

    doc = load_document(source)
    found = located_findings(doc.text, url=source, site=SITE, options=options,
                             published=published, as_of=as_of)
    found += privacy.located(doc.text, url=source, site=SITE, latest_year=as_of.year)
    found.sort(key=lambda pair: pair[0])
    return doc, [Located(redact_finding(f, as_of.year), *locate(doc.text, offset))
                 for offset, f in found]
