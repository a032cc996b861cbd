"""The bundled sample portal (江河市人民政府, fictional) and its ground truth.

`govpatrol demo` serves it on 127.0.0.1 and patrols it; the crawler tests use it as their
fixture. The static files under `site/` and `expected.json` are written together by
`python -m tools.build_demo` (a developer tool, not shipped) from one model, so the tests can
compare what a crawl found with what is really there. Dates are relative to DEMO_AS_OF, a fixed
"today", so a demo patrol gives the same findings on any day.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from govpatrol.demo.layout import SITE_NAME

#: The static site: HTML, attachments, images, and the server's data files (`_*.json`).
SITE_DIR: Path = Path(__file__).resolve().parent / "site"
#: The ground truth written by tools/build_demo (truth.py).
EXPECTED_PATH: Path = Path(__file__).resolve().parent / "expected.json"
#: The demo's "today" (a Friday): the freshness findings are computed as of this day.
DEMO_AS_OF: date = date(2026, 11, 20)

#: Column -> responsible department (责任单位); unlisted columns fall to the site default.
DEPARTMENTS: dict[str, list[str]] = {
    "市财政局": ["财政预决算"],
    "市司法局": ["行政处罚"],
    "市发展改革委": ["重大建设项目", "规划计划"],
    "市人力资源社会保障局": ["人事信息"],
}
DEFAULT_DEPARTMENT = "市政府办公室"


def demo_config(base_url: str) -> str:
    """The text of a sites.toml that patrols the demo portal served at `base_url`.

    A string rather than a file because the port is only known once the server is up.
    """
    departments = "\n".join(
        f"  {json.dumps(name, ensure_ascii=False)} = {json.dumps(columns, ensure_ascii=False)}"
        for name, columns in DEPARTMENTS.items()
    )
    return (
        "# 江河市人民政府（示例网站）巡检配置，由 govpatrol.demo.demo_config 生成\n"
        "[[sites]]\n"
        f"name = {json.dumps(SITE_NAME, ensure_ascii=False)}\n"
        f"url = {json.dumps(base_url)}\n"
        f"department = {json.dumps(DEFAULT_DEPARTMENT, ensure_ascii=False)}\n"
        'exclude = ["/admin/"]\n'
        "\n"
        "  [sites.departments]\n"
        f"{departments}\n"
    )


def load_expected() -> dict[str, Any]:
    """The ground truth of the demo portal (see tools/build_demo/truth.py for its shape)."""
    return json.loads(EXPECTED_PATH.read_text(encoding="utf-8"))


__all__ = [
    "DEFAULT_DEPARTMENT",
    "DEMO_AS_OF",
    "DEPARTMENTS",
    "EXPECTED_PATH",
    "SITE_DIR",
    "SITE_NAME",
    "demo_config",
    "load_expected",
]
