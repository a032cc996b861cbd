"""Renderers: one module per output format, each taking the same ReportBundle.

A new format is one module and one line in `RENDERERS`. Renderers read no database: the
bundle is built from the store by govpatrol.reporting.build_bundle.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from govpatrol.reports.bundle import ReportBundle, ReportOptions

#: name -> "module:function(bundle, out_dir) -> list[Path]"
RENDERERS: dict[str, str] = {
    "jsonl": "govpatrol.reports.jsonl:render",
    "html": "govpatrol.reports.html:render",
    "excel": "govpatrol.reports.excel:render",
    "word": "govpatrol.reports.word:render",
}

#: Run before the renderers, same signature: they gather evidence (files in out_dir, recorded
#: on the bundle) that every renderer links to, so they cannot be renderers themselves.
EVIDENCE: dict[str, str] = {
    "screenshots": "govpatrol.reports.screenshots:capture",
}


def _call(target: str, bundle: ReportBundle, out_dir: Path) -> list[Path]:
    module_name, _, func = target.partition(":")
    return getattr(importlib.import_module(module_name), func)(bundle, out_dir)


def render_all(bundle: ReportBundle, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for target in EVIDENCE.values():
        written.extend(_call(target, bundle, out_dir))
    for target in RENDERERS.values():
        written.extend(_call(target, bundle, out_dir))
    return written


__all__ = ["EVIDENCE", "RENDERERS", "ReportBundle", "ReportOptions", "render_all"]
