"""The build, step by step, and writing its output: site/** and expected.json.

The steps share one seeded random source (state.py), so their order is part of the output.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from tools.build_demo import articles, checks, planted, portal, truth
from tools.build_demo import content as C
from tools.build_demo.render import render_columns
from tools.build_demo.state import Build


def build(b: Build | None = None) -> tuple[Build, dict[str, Any]]:
    """Build the model, render it and record the truth; the state holds the files."""
    b = b or Build()
    articles.make_news(b, "zwyw", C.NEWS_TEMPLATES, date(2026, 11, 19), 70, (0, 1, 1, 1, 1, 2),
                       (date(2026, 11, 6),))
    articles.make_news(b, "bmdt", C.DEPT_TEMPLATES, date(2026, 11, 16), 30, (0, 1, 1, 2))
    articles.make_pictures(b)
    articles.make_notices(b)
    articles.make_policies(b)
    articles.make_penalties(b)
    articles.make_finance(b)
    articles.add_encoding_sentences(b)
    articles.make_projects(b)
    articles.make_personnel(b)
    articles.make_interpretations(b)
    articles.make_open_government(b)
    planted.plant_problems(b)
    articles.assign_paths(b)
    articles.add_attachments(b)
    render_columns(b)
    portal.render_home(b)
    portal.render_sections(b)
    portal.render_other_pages(b)
    truth.collect_late(b)
    planted.finish_planted(b)
    portal.render_assets(b)
    expected = truth.expected(b)
    checks.check_reachable(b)
    checks.check_text(b)
    return b, expected


def write(site_dir: Path, expected_path: Path) -> dict[str, Any]:
    """Build the model and replace site_dir and expected_path with its output."""
    b, expected = build()
    if site_dir.exists():
        shutil.rmtree(site_dir)
    for path, data in sorted(b.files.items()):
        target = site_dir / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    expected_path.parent.mkdir(parents=True, exist_ok=True)
    expected_path.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    return expected
