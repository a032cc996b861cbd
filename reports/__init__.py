"""Renderers: one module per output format, each taking the same ReportBundle.

A new format is one module and one line in `RENDERERS`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from reports.bundle import ReportBundle, build_bundle

#: name -> "module:function(bundle, out_dir) -> list[Path]"
RENDERERS: dict[str, str] = {
    "jsonl": "reports.jsonl:render",
    "html": "reports.html:render",
}


def render_all(bundle: ReportBundle, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for target in RENDERERS.values():
        module_name, _, func = target.partition(":")
        written.extend(getattr(importlib.import_module(module_name), func)(bundle, out_dir))
    return written


__all__ = ["RENDERERS", "ReportBundle", "build_bundle", "render_all"]
