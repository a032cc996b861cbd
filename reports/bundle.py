"""Everything a renderer needs for one run: plain data, built by govpatrol.reporting.

Renderers never read the store; what they show is on the bundle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from govpatrol.model import Column, Finding
from govpatrol.reports.history import History
from govpatrol.reports.summary import Summary, summarize

Inventory = Callable[[list[Column]], list[dict[str, Any]]]

#: Default number of pages `--screenshots` captures per run.
DEFAULT_SCREENSHOTS = 20


@dataclass
class ReportOptions:
    """How to render, from the command line: these change the files written, not their data."""

    split_by_department: bool = False  # also one Excel and one Word file per department
    screenshots: int = 0  # pages to capture as evidence (0: none)
    hosts: tuple[str, ...] = ()  # further hosts of the site that screenshots may load
    exclude: tuple[str, ...] = ()  # the site's scope, which screenshots obey (crawler.scope)
    robots: bool = True
    allow_addresses: tuple[str, ...] = ()
    issuer: str = ""  # the office that signs the Word report (落款); sites.toml `issuer`
    workers: int = 2  # processes rendering at once (the ledger on the second core); 1: serial


@dataclass
class ReportBundle:
    run: dict[str, Any]
    site: str
    home_url: str
    as_of: date
    columns: list[dict[str, Any]]  # columns.jsonl rows
    items: Iterable[dict[str, Any]]  # items.jsonl rows, read once (streamed from the store)
    findings: list[Finding]
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    previous_run: dict[str, Any] | None = None
    profile: Any = None  # govpatrol.rules.profile.Profile: scoring and deadlines (None: defaults)
    history: History | None = None
    options: ReportOptions = field(default_factory=ReportOptions)
    screenshots: dict[str, str] = field(default_factory=dict)  # page URL -> path in out_dir
    veto: list[dict[str, Any]] = field(default_factory=list)  # auditors.veto.VetoItem.to_dict()
    external_links: list[dict[str, Any]] = field(default_factory=list)  # 外链清单
    # dead link targets grouped, most widespread first (link_inventory.dead_targets)
    broken_targets: list[dict[str, Any]] = field(default_factory=list)
    # why the run is partial (interrupted, failed, throttled): shown first in every report
    incomplete: list[str] = field(default_factory=list)
    page_titles: dict[str, str] = field(default_factory=dict)  # page URL -> its title
    # the review loop (govpatrol review): finding id -> the office's current decision, and
    # the findings of this run it marked 误报 (kept out of `findings`, listed apart)
    reviews: dict[str, dict[str, Any]] = field(default_factory=dict)
    suppressed: list[Finding] = field(default_factory=list)

    @cached_property
    def summary(self) -> Summary:
        """Scores, totals and history marks, computed once and shared by every renderer."""
        return summarize(self)
