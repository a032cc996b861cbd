"""report.html: one self-contained file (no CDN), opened offline from a USB stick.

Autoescaping is on for everything: page titles and texts come from the sites and may carry
markup or script.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from auditors.finding import CATEGORIES, SEVERITIES, SEVERITY_LABELS
from reports.bundle import ReportBundle

_env = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

CLASS_LABELS = {
    "important_news": "重要动态类",
    "enforcement": "执法公示类",
    "key_areas": "重点领域类",
    "statutory_other": "其他法定公开类",
    "exempt": "概况类（免于时限）",
}


def render(bundle: ReportBundle, out_dir: Path) -> list[Path]:
    severity_rank = {name: i for i, name in enumerate(SEVERITIES)}
    findings = sorted(bundle.findings, key=lambda f: (severity_rank.get(f.severity, 9),
                                                      f.category, f.url))
    by_category = Counter(f.category for f in findings)
    by_severity = Counter(f.severity for f in findings)
    by_department = Counter(f.department or "未指定" for f in findings)
    html = _env.get_template("report.html.j2").render(
        b=bundle,
        findings=findings,
        by_category=by_category,
        by_severity=by_severity,
        by_department=sorted(by_department.items(), key=lambda kv: -kv[1]),
        categories=CATEGORIES,
        severities=SEVERITY_LABELS,
        class_labels=CLASS_LABELS,
    )
    path = out_dir / "report.html"
    path.write_text(html, encoding="utf-8")
    return [path]
