"""report.html: one self-contained file (no CDN), opened offline from a USB stick.

Autoescaping is on for everything: page titles and texts come from the sites and may carry
markup or script. Nothing from a page is ever marked safe; links from pages are only made
clickable for http(s) (a `javascript:` URL stays text), and a Content-Security-Policy that only
admits the report's own script (by its hash) keeps anything that slipped through inert.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from govpatrol.model import CATEGORIES, SEVERITY_LABELS
from govpatrol.reports import charts
from govpatrol.reports.bundle import ReportBundle
from govpatrol.reports.clock import beijing
from govpatrol.reports.history import STATUS_LABELS
from govpatrol.reports.summary import CLASS_LABELS, SEVERITY_RANK, FindingRow
from govpatrol.rules.review import REVIEW_STATES
from govpatrol.rules.scoring import column_labels, format_points, rule_lines

_env = Environment(
    loader=PackageLoader("govpatrol.reports", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def href(url: str | None) -> str:
    """A URL fit for href: http(s) only, or a relative path of ours; anything else is ''."""
    if not url:
        return ""
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in ("http", "https") else ""


def delta(value: float) -> str:
    if abs(value) < 1e-9:
        return "持平"
    return ("+" if value > 0 else "−") + format_points(abs(value))


_env.filters["href"] = href
_env.filters["points"] = format_points
_env.filters["delta"] = delta
_env.filters["beijing"] = beijing


#: Findings of one rule, one text and one department on at least this many pages are one row
#: of the table ("「布署」 on 245 pages"): the same fix, made once in the CMS or page by page.
GROUP_MIN = 3
#: Rows of the findings table at most; the ledger and findings.jsonl always have every finding.
HTML_ROWS = 2000
#: Pages listed under one grouped row.
GROUP_PAGES = 50


@dataclass
class DisplayRow:
    """One row of the findings table: a finding, or a group of findings that differ only in the
    page they are on."""

    rows: list[FindingRow]

    @property
    def first(self) -> FindingRow:
        return self.rows[0]

    @property
    def grouped(self) -> bool:
        return len(self.rows) > 1

    @property
    def columns(self) -> list[str]:
        return list(dict.fromkeys(r.finding.column for r in self.rows if r.finding.column))

    @property
    def statuses(self) -> list[str]:
        return list(dict.fromkeys(r.status for r in self.rows))

    @property
    def pages(self) -> list[str]:
        return list(dict.fromkeys(r.finding.url for r in self.rows))


def display_rows(rows: list[FindingRow], group_min: int = GROUP_MIN) -> list[DisplayRow]:
    """Rows in report order, a repeated finding (same rule, text, suggestion, department and
    severity on `group_min` pages or more) folded into its first place."""

    def key(r: FindingRow) -> tuple | None:
        f = r.finding
        quote = f.text or f.link_url
        if not quote:
            return None  # a column or site finding: each is its own
        return (f.category, f.rule, f.severity, r.department, quote, f.suggestion)

    keys = [key(r) for r in rows]
    groups: dict[tuple, list[FindingRow]] = {}
    for r, k in zip(rows, keys, strict=True):
        if k is not None:
            groups.setdefault(k, []).append(r)
    out: list[DisplayRow] = []
    placed: set[tuple] = set()
    for r, k in zip(rows, keys, strict=True):
        members = groups.get(k) if k is not None else None
        if members is None or len(members) < group_min:
            out.append(DisplayRow([r]))
        elif k not in placed:
            placed.add(k)
            out.append(DisplayRow(members))
    return out


def worst_columns_first(columns: list[dict]) -> list[dict]:
    """The column table as an inspector reads it: the most overdue first, then empty columns,
    undated ones, those within their limit, and columns exempt from a limit last."""

    def rank(c: dict) -> tuple:
        limit, days = c.get("limit_days"), c.get("working_days_since_newest")
        if not c.get("item_count"):
            return (1, 0, c.get("name") or "")
        if limit is None:
            return (4, 0, c.get("name") or "")
        if days is None:
            return (2, 0, c.get("name") or "")
        over = days - limit
        return (0 if over > 0 else 3, -over, c.get("name") or "")

    return sorted(columns, key=rank)


def _script() -> tuple[Markup, str]:
    """The report's own JavaScript and its CSP hash: the only script the page may run."""
    script = resources.files("govpatrol.reports").joinpath("templates/report.js")
    text = script.read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"sha256-{digest}"


def _profile_name(bundle: ReportBundle) -> str:
    return getattr(bundle.profile, "name", None) or "default"


def render_html(bundle: ReportBundle) -> str:
    s = bundle.summary
    script, script_hash = _script()
    category_series = {name: label for name, label in CATEGORIES.items()
                       if s.by_category.get(name)}
    for name in s.by_category:  # categories added later than this module
        category_series.setdefault(name, name)
    filter_values = {
        "department": sorted({r.department for r in s.rows}),
        "column": sorted({r.finding.column for r in s.rows if r.finding.column}),
        "category": [c for c in category_series],
        "severity": [v for v in SEVERITY_LABELS if s.by_severity.get(v)],
        "status": [v for v in STATUS_LABELS if any(r.status == v for r in s.rows)],
    }
    shown = display_rows(s.rows)
    return _env.get_template("report.html.j2").render(
        b=bundle,
        s=s,
        columns=worst_columns_first(bundle.columns),
        display=shown[:HTML_ROWS],
        hidden_rows=sum(len(d.rows) for d in shown[HTML_ROWS:]),
        group_pages=GROUP_PAGES,
        categories=CATEGORIES,
        severities=SEVERITY_LABELS,
        severity_rank=SEVERITY_RANK,
        status_labels=STATUS_LABELS,
        review_states=REVIEW_STATES,
        class_labels=CLASS_LABELS,
        filter_values=filter_values,
        profile_name=_profile_name(bundle),
        score_columns=column_labels(s.rules),
        rule_lines=rule_lines(s.site_score, s.rules),
        chart_departments=charts.stacked_bars(
            [(d, s.by_department_category.get(d, {})) for d in s.departments],
            category_series, chart_id="chart-departments"),
        chart_categories=charts.bars(
            [(label, s.by_category[name]) for name, label in category_series.items()],
            chart_id="chart-categories"),
        chart_trend=charts.trend(
            [(p.as_of.strftime("%m-%d"), p.total, p.veto)
             for p in (s.history.trend if s.history else [])],
            chart_id="chart-trend"),
        script=script,
        script_hash=script_hash,
    )


def render(bundle: ReportBundle, out_dir: Path) -> list[Path]:
    path = out_dir / "report.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(render_html(bundle), encoding="utf-8")
    tmp.replace(path)
    return [path]
