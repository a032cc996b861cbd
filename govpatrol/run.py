"""One patrol: crawl, audit, store findings, render reports. The CLI and the API share it."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from auditors import AuditContext, run_all
from crawler.spiders.portal import SpiderOptions
from govpatrol.audit import column_inventory, make_context
from govpatrol.config import Config, SiteConfig
from govpatrol.store import Store

log = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 5000
DEFAULT_MAX_LIST_PAGES = 100
DEFAULT_CONCURRENCY = 16
DEFAULT_TIMEOUT = 30.0


class RunError(Exception):
    """The patrol could not run (start URL unreachable, ...): a one-line reason for stderr."""


@dataclass
class PatrolResult:
    run_id: int
    out_dir: Path
    counts: dict[str, int]
    findings_by_category: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    crawl: dict[str, Any] = field(default_factory=dict)


def patrol(site: SiteConfig, *, config: Config | None, as_of: date, out_dir: Path, db: Path,
           start_url: str | None = None, mode: str = "site", max_pages: int | None = None,
           concurrency: int | None = None, progress: str = "auto",
           log_level: str = "WARNING") -> PatrolResult:
    from crawler.process import run_crawl

    start_url = start_url or site.url
    max_pages = max_pages or site.max_pages or DEFAULT_MAX_PAGES
    concurrency = concurrency or site.concurrency or DEFAULT_CONCURRENCY
    ctx = make_context(config, site, as_of)  # a bad profile stops us before any crawling
    store = Store(db)
    options = {"mode": mode, "start_url": start_url, "max_pages": max_pages,
               "concurrency": concurrency}
    run_id = store.start_run(site.name, start_url, as_of, options)
    spider_options = SpiderOptions(
        site=site.name, start_url=start_url, today=as_of, mode=mode, max_pages=max_pages,
        max_list_pages=site.max_list_pages or DEFAULT_MAX_LIST_PAGES,
        hosts=tuple(site.hosts), include=tuple(site.include), exclude=tuple(site.exclude),
        department=site.department,
        explicit_columns=tuple(
            {"name": c.name, "url": c.url, "class": c.freshness_class,
             "department": c.department, "parent": c.parent}
            for c in site.columns
        ) if mode == "site" else (),
        departments=site.department_for,
    )
    try:
        crawl = run_crawl(spider_options, db=str(db), run_id=run_id, concurrency=concurrency,
                          robots=site.robots, timeout=site.timeout or DEFAULT_TIMEOUT,
                          progress=progress, log_level=log_level)
    except BaseException:
        store.finish_run(run_id, "interrupted", {}, ctx.warnings)
        raise
    store.attach_pages_to_columns(run_id)
    start = store.page(run_id, start_url)
    if start is None or start["status"] is None or start["status"] >= 400:
        reason = (start or {}).get("error") or f"HTTP {(start or {}).get('status')}"
        store.finish_run(run_id, "failed", {"crawl": crawl}, ctx.warnings)
        raise RunError(f"无法访问起始地址 (start URL unreachable): {start_url} ({reason})")
    audit_started = time.monotonic()
    findings = audit_run(store, run_id, ctx)
    report_started = time.monotonic()
    result = render_run(store, run_id, ctx, out_dir)
    crawl["audit_seconds"] = round(report_started - audit_started, 2)
    crawl["report_seconds"] = round(time.monotonic() - report_started, 2)
    stats = {"crawl": crawl, "counts": result.counts, "findings": len(findings)}
    store.finish_run(run_id, "done", stats, ctx.warnings)
    result.crawl = crawl
    store.close()
    return result


def audit_run(store: Store, run_id: int, ctx: AuditContext) -> list:
    records = store.site_records(run_id)
    findings = list(run_all(records, ctx))
    store.save_findings(run_id, findings)
    return findings


def render_run(store: Store, run_id: int, ctx: AuditContext, out_dir: Path) -> PatrolResult:
    from reports import build_bundle, render_all

    published = store.published_dates(run_id)
    bundle = build_bundle(store, run_id,
                          lambda columns: column_inventory(columns, ctx, published))
    for warning in ctx.warnings:
        if warning not in bundle.warnings:
            bundle.warnings.append(warning)
    render_all(bundle, out_dir)
    by_category: dict[str, int] = {}
    for finding in bundle.findings:
        by_category[finding.category] = by_category.get(finding.category, 0) + 1
    return PatrolResult(run_id=run_id, out_dir=out_dir, counts=bundle.counts,
                        findings_by_category=by_category, warnings=list(bundle.warnings))
