"""Attachment throughput: PDF pages a second through text extraction and the audit.

    python benchmarks/attachments.py [--files 20] [--pages 10] [--ocr 3]

Makes --files 公文 PDFs of about --pages A4 pages each (宋体 CID text, seed documents'
paragraphs; tests/office_files.py), then times, one file after the other as the link checker
does (one reader at a time):
- extraction: `pdftotext -layout` in a subprocess (crawler/extract/documents.py);
- audit: the garbled-text detector, the four text auditors and privacy over the text, through
  the driver's attachment pass exactly as a patrol runs it.
Prints pages/s for each and for both together, and the files' sizes. `--ocr N` also times
RapidOCR on N scanned pages (when rapidocr-onnxruntime is installed), with an empty cache.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from office_files import gongwen_pdf, scanned_pdf  # noqa: E402

from govpatrol.auditors import AuditContext, audit  # noqa: E402
from govpatrol.auditors.text import TextOptions, get_engine  # noqa: E402
from govpatrol.crawler.extract import ocr  # noqa: E402
from govpatrol.crawler.extract.documents import Limits, extract  # noqa: E402
from govpatrol.model import Attachment, SiteRecords  # noqa: E402

SEEDS = ROOT / "tests" / "data" / "seeds"
AUDITORS = ("typo", "sensitive", "wrong_expression", "script_mix", "privacy", "unreadable_text")
CHARS_PER_PAGE = 560  # 26 characters x ~21 lines of a 公文 page at 15 pt


def paragraphs() -> list[str]:
    out: list[str] = []
    for seed in sorted(SEEDS.glob("*.txt")):
        if seed.name.startswith("003"):  # the traditional one: a simplified site's files
            continue
        out += [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    return out


def make_files(count: int, pages: int) -> list[bytes]:
    pool = paragraphs()
    files = []
    for i in range(count):
        chosen: list[str] = []
        size, j = 0, i * 7
        while size < pages * CHARS_PER_PAGE:
            chosen.append(pool[j % len(pool)])
            size += len(chosen[-1])
            j += 1
        files.append(gongwen_pdf(f"关于印发第{i + 1}号工作要点的通知", chosen))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--ocr", type=int, default=0, help="scanned pages to OCR")
    args = parser.parse_args()
    files = make_files(args.files, args.pages)
    get_engine(TextOptions())  # the word lists' compile is start-up, not throughput
    started = time.perf_counter()
    read = [extract(data, "pdf") for data in files]
    extract_s = time.perf_counter() - started
    pages = sum(r.pages or 0 for r in read)
    assert all(r.state == "ok" for r in read), {r.state for r in read}
    attachments = [Attachment(site="bench", url=f"http://127.0.0.1/P{i}.pdf", text=r.text,
                              pages=r.pages, page_url="http://127.0.0.1/t.html", anchor=f"{i}.pdf")
                   for i, r in enumerate(read)]
    records = SiteRecords("bench", "http://127.0.0.1/", [], lambda: iter(()),
                          attachments=lambda: iter(attachments))
    ctx = AuditContext(as_of=date(2026, 11, 20))
    started = time.perf_counter()
    findings = audit(records, ctx, AUDITORS, strict=True)
    audit_s = time.perf_counter() - started
    chars = sum(len(r.text) for r in read)
    print(f"files: {len(files)}, PDF pages: {pages}, "
          f"{sum(map(len, files)) / len(files) / 1024:.0f} KB a file, {chars} characters")
    print(f"extraction (pdftotext -layout): {extract_s:.2f} s, {pages / extract_s:.1f} pages/s")
    print(f"audit (5 text auditors + garbled check): {audit_s:.2f} s, "
          f"{pages / audit_s:.1f} pages/s, {len(findings)} findings")
    print(f"together: {pages / (extract_s + audit_s):.1f} PDF pages/s")
    if args.ocr:
        time_ocr(args.ocr)


def time_ocr(count: int) -> None:
    if not ocr.available():
        print("OCR: rapidocr-onnxruntime not installed (pip install '.[ocr]')")
        return
    import os
    import tempfile

    os.environ["GOVPATROL_CACHE_DIR"] = tempfile.mkdtemp(prefix="govpatrol-bench-")
    lines = paragraphs()[:40]
    scans = [scanned_pdf([line[:28] for line in lines[i * 8:(i + 1) * 8]]) for i in range(count)]
    started = time.perf_counter()
    ocr._engine()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    read = [extract(scan, "pdf", Limits(ocr=True, ocr_pages=1)) for scan in scans]
    ocr_s = time.perf_counter() - started
    assert all(r.state == "ocr" for r in read), {r.state for r in read}
    print(f"OCR (RapidOCR, 150 dpi, model load {load_s:.1f} s): {count} scanned pages in "
          f"{ocr_s:.1f} s, {ocr_s / count:.1f} s a page")


if __name__ == "__main__":
    main()
