"""The machine-readable outputs of findings.md: findings.jsonl, columns.jsonl, items.jsonl, and
suppressed.jsonl (the findings the office marked 误报, kept out of findings.jsonl so a consumer
that counts findings.jsonl counts what the reports count)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from govpatrol.reports.bundle import ReportBundle


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, default=str))
            fh.write("\n")
    tmp.replace(path)  # readers never see half a file
    return path


def render(bundle: ReportBundle, out_dir: Path) -> list[Path]:
    return [
        write_jsonl(out_dir / "findings.jsonl", (f.to_dict() for f in bundle.findings)),
        write_jsonl(out_dir / "columns.jsonl", bundle.columns),
        write_jsonl(out_dir / "items.jsonl", bundle.items),
        write_jsonl(out_dir / "suppressed.jsonl", (
            f.to_dict() | {"review": review_record(bundle.reviews.get(f.id))}
            for f in bundle.suppressed)),
    ]


def review_record(review: dict[str, Any] | None) -> dict[str, Any]:
    """Who marked a finding 误报, when and why."""
    review = review or {}
    return {"state": review.get("state"), "by": review.get("reviewer"),
            "at": review.get("reviewed_at"), "measure": review.get("measure"),
            "note": review.get("note"), "source": review.get("source")}
