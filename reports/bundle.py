"""Everything a renderer needs for one run, read once from the store."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from govpatrol.model import Column, Finding
from govpatrol.reports.history import History, load_history
from govpatrol.store import Store

if TYPE_CHECKING:
    from govpatrol.reports.summary import Summary

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


@dataclass
class ReportBundle:
    run: dict[str, Any]
    site: str
    home_url: str
    as_of: date
    columns: list[dict[str, Any]]  # columns.jsonl rows
    items: list[dict[str, Any]]  # items.jsonl rows
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

    @property
    def broken_targets(self) -> list[dict[str, Any]]:
        """Dead link targets grouped, most widespread first."""
        from govpatrol.reports.link_inventory import broken_by_target

        return broken_by_target(self.findings)

    @cached_property
    def summary(self) -> Summary:
        """Scores, totals and history marks, computed once and shared by every renderer."""
        from govpatrol.reports.summary import summarize

        return summarize(self)


def build_bundle(store: Store, run_id: int, inventory: Inventory, profile: Any = None,
                 settings: Any = None) -> ReportBundle:
    """`profile` decides the veto lines of the dashboard (`veto`; none under "default");
    `settings` is the site's auditors.AuditSettings (its department, further hosts)."""
    from govpatrol.evaluation import run_dashboard
    from govpatrol.reports.link_inventory import external_links

    run = store.run(run_id)
    if run is None:
        from govpatrol.store import StoreError

        raise StoreError(f"没有这次巡检 (no such run): {run_id}")
    columns = store.columns(run_id)
    findings = store.findings(run_id)
    return ReportBundle(
        run=run,
        site=run["site"],
        home_url=run["url"],
        as_of=date.fromisoformat(run["as_of"]),
        columns=inventory(columns),
        items=item_rows(store, run_id),
        findings=findings,
        warnings=json.loads(run.get("warnings") or "[]"),
        counts=store.counts(run_id),
        previous_run=store.previous_run(run_id),
        history=load_history(store, run_id, findings),
        veto=[item.to_dict() for item in run_dashboard(store, run_id, findings, profile,
                                                       settings)],
        external_links=external_links(store, run_id, run["url"],
                                      tuple(settings.hosts) if settings else ()),
    )


def item_rows(store: Store, run_id: int) -> list[dict[str, Any]]:
    """items.jsonl: what the list said joined with what the article page says about itself."""
    sql = """
        SELECT items.site, columns.name AS "column", items.url, items.title, items.list_date,
               pages.published, pages.metadata
        FROM items
        JOIN columns ON columns.run_id = items.run_id AND columns.url = items.column_url
        LEFT JOIN pages ON pages.run_id = items.run_id AND pages.url = items.url
        WHERE items.run_id = ?
        ORDER BY columns.rowid, items.position
    """
    rows = []
    for site, column, url, title, list_date, published, metadata in store.db.execute(
        sql, [run_id]
    ).fetchall():
        meta = json.loads(metadata or "{}")
        rows.append({
            "site": site, "column": column, "url": url, "title": title,
            "list_date": list_date, "published": published, "formed": meta.get("formed"),
            "doc_number": meta.get("doc_number"), "index_number": meta.get("index_number"),
            "publisher": meta.get("publisher"),
        })
    return rows
