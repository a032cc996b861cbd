"""OCR of scanned PDFs (images of text): off unless configured, cached by content hash.

Many 公示 lists and signed 公文 are published as scans: no text layer, so nothing in them is
audited. RapidOCR (`pip install rapidocr-onnxruntime`, whose wheel carries its models: nothing
is downloaded at run time) reads them, page images rendered by poppler's `pdftoppm`. It is
slow on two cores (about 10 s an A4 page at 150 dpi: benchmarks/attachments.py --ocr), hence
off by default (sites.toml `attachment_ocr = true`), a page cap of its own, and a cache keyed
by the file's SHA-1 so a nightly patrol reads each scan once.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any


def available() -> bool:
    """Whether OCR can run here: RapidOCR importable and pdftoppm installed."""
    if shutil.which("pdftoppm") is None:
        return False
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def cache_dir() -> Path:
    """$GOVPATROL_CACHE_DIR, else $XDG_CACHE_HOME/govpatrol, else ~/.cache/govpatrol; /ocr."""
    base = os.environ.get("GOVPATROL_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        base = str(Path(xdg) / "govpatrol")
    return Path(base) / "ocr"


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def ocr_pdf(data: bytes, max_pages: int, timeout: float, dpi: int = 150) -> tuple[str, int]:
    """(text, pages read) of a scanned PDF: one line per text line RapidOCR found, pages in
    order. Cached by content hash and page cap; a broken cache entry is read again."""
    digest = hashlib.sha1(data).hexdigest()
    entry = cache_dir() / f"{digest}-{max_pages}-{dpi}.json"
    try:
        cached = json.loads(entry.read_text(encoding="utf-8"))
        return cached["text"], cached["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    with tempfile.TemporaryDirectory(prefix="govpatrol-ocr-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-l", str(max_pages),
                        str(source), str(Path(tmp) / "page")], check=True, timeout=timeout,
                       capture_output=True, stdin=subprocess.DEVNULL)
        images = sorted(Path(tmp).glob("page*.png"))
        lines: list[str] = []
        for image in images:
            result, _elapsed = _engine()(str(image))
            lines.extend(text for _box, text, _score in result or ())
            lines.append("")
    text = "\n".join(lines)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(json.dumps({"text": text, "pages": len(images)}, ensure_ascii=False),
                         encoding="utf-8")
    except OSError:  # an unwritable cache only costs the next read
        pass
    return text, len(images)
