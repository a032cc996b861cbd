"""One patrol: crawl, audit, store findings, render reports. The CLI and the API share it."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from govpatrol.auditors import AuditContext, audit
from govpatrol.auditors.context import column_inventory, make_context
from govpatrol.config import Config, SiteConfig
from govpatrol.crawler.options import Departments, SpiderOptions
from govpatrol.crawler.urls import canonical
from govpatrol.errors import GovpatrolError
from govpatrol.evaluation import attach_probes
from govpatrol.linkcheck.worker import LinkCheckJob, LinkCheckProcess
from govpatrol.rules.scoring import ScoringRules
from govpatrol.store import Store, check_writable

log = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 5000
DEFAULT_MAX_LIST_PAGES = 100
DEFAULT_CONCURRENCY = 16
DEFAULT_TIMEOUT = 30.0
DEFAULT_LINK_TIMEOUT = 15.0
LINK_CHECK_LIMIT = 1800.0  # seconds the checker may go on after the crawl


class RunError(GovpatrolError):
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
           log_level: str = "WARNING", report_options: Any = None,
           incremental: bool = False, resume: int | None = None,
           redis_url: str | None = None) -> PatrolResult:
    """`incremental`: reuse the last completed run's unchanged pages (nightly); `resume`: go on
    with a killed run of this site (its id); `redis_url`: share the crawl with other workers."""
    from govpatrol.crawler.incremental import previous_done_run
    from govpatrol.crawler.process import run_crawl
    from govpatrol.crawler.settle import settle_columns
    from govpatrol.crawler.spiders.wechat import wechat_options

    if redis_url and (incremental or resume is not None):
        raise RunError("--redis 暂不能与 --incremental、--resume 同用"
                       " (--redis cannot be combined with --incremental or --resume yet)")
    start_url = start_url or site.url
    max_pages = max_pages or site.max_pages or DEFAULT_MAX_PAGES
    concurrency = concurrency or site.concurrency or DEFAULT_CONCURRENCY
    ctx = make_context(config, site, as_of)  # a bad profile stops us before any crawling
    ScoringRules.from_profile(ctx.profile)  # and so does a bad [scoring] section
    check_writable(db=db, out_dir=out_dir)  # not discovered after an hour of crawling
    store = Store(db)
    options = {"mode": mode, "start_url": start_url, "max_pages": max_pages,
               "concurrency": concurrency}
    if resume is not None:
        run_id = resume_run(store, resume, site.name)
    else:
        run_id = store.start_run(site.name, start_url, as_of, options)
    reuse_run = resume if resume is not None else (
        previous_done_run(str(db), site.name, run_id) if incremental else None)
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
        departments=Departments.of(site),
        allow_addresses=tuple(site.allow_addresses),
        db=str(db), reuse_run=reuse_run, resume=resume is not None,
        js_columns=tuple(c.url for c in site.columns if c.js) if mode == "site" else (),
        js_auto=site.js_auto,
        redis_url=redis_url, run_id=run_id,
    )
    crawl_args = {"concurrency": concurrency, "robots": site.robots,
                  "timeout": site.timeout or DEFAULT_TIMEOUT}
    checker = LinkCheckProcess(LinkCheckJob(
        db=str(db), run_id=run_id, site=site.name, home_url=start_url, hosts=list(site.hosts),
        include=list(site.include), exclude=list(site.exclude), robots=site.robots,
        allow_addresses=list(spider_options.allow_addresses),
        timeout=site.link_timeout or DEFAULT_LINK_TIMEOUT,
        cache_days=site.link_cache_days,
    ))
    checker.start()
    try:
        with _coordinating(redis_url, run_id, db, spider_options, crawl_args):
            crawl = run_crawl(spider_options, db=str(db), run_id=run_id, progress=progress,
                              log_level=log_level, redis_url=redis_url,
                              wechat=wechat_options(site, as_of) if mode == "site" else None,
                              **crawl_args)
        crawl["reused_from_run"] = reuse_run
        crawl["link_check_wait_seconds"] = round(checker.finish(timeout=LINK_CHECK_LIMIT), 2)
    except BaseException:
        checker.stop()
        store.finish_run(run_id, "interrupted", {}, ctx.warnings)
        raise
    settle_columns(store, run_id)  # a column's URL by a fixed rule, not by arrival order
    store.attach_pages_to_columns(run_id)
    start = store.page(run_id, start_url, canonical(start_url))
    if start is None or start["status"] is None or start["status"] >= 400:
        reason = (start or {}).get("error") or f"HTTP {(start or {}).get('status')}"
        store.finish_run(run_id, "failed", {"crawl": crawl}, ctx.warnings)
        raise RunError(f"无法访问起始地址 (start URL unreachable): {start_url} ({reason})")
    audit_started = time.monotonic()
    findings = audit_run(store, run_id, ctx)  # every page, reused or not: one pass is cheap
    report_started = time.monotonic()
    result = render_run(store, run_id, ctx, out_dir, report_options)
    crawl["audit_seconds"] = round(report_started - audit_started, 2)
    crawl["report_seconds"] = round(time.monotonic() - report_started, 2)
    stats = {"crawl": crawl, "counts": result.counts, "findings": len(findings)}
    store.finish_run(run_id, "done", stats, ctx.warnings)
    result.crawl = crawl
    store.close()
    return result


def _coordinating(redis_url: str | None, run_id: int, db: Path, options: SpiderOptions,
                  crawl_args: dict[str, Any]) -> Any:
    """Distributed: publish the run for workers and be its one store writer."""
    if not redis_url:
        from contextlib import nullcontext

        return nullcontext()
    import redis

    from govpatrol.crawler.shared import Coordinator

    try:
        return Coordinator(redis_url, run_id, str(db), options, crawl_args)
    except redis.RedisError as exc:
        raise RunError(f"无法连接 Redis (cannot reach Redis) {redis_url}: {exc}") from None


def resume_run(store: Store, run_id: int, site: str) -> int:
    """A killed run of `site` that may be resumed: the same id, its rows kept."""
    run = store.run(run_id)
    if run is None or run["site"] != site:
        raise RunError(f"没有可续跑的巡检 (no run {run_id} of {site} to resume)")
    if run["status"] == "done":
        raise RunError(f"巡检 {run_id} 已完成，无需续跑 (run {run_id} is already done)")
    store.reopen_run(run_id)
    return run_id


def audit_run(store: Store, run_id: int, ctx: AuditContext) -> list:
    """Every auditor over the run's pages, read once (govpatrol.auditors.driver), stored.

    Nightly runs audit the pages they copied from the previous run like the others: with one
    pass that costs little, and the findings cannot drift from a full audit's."""
    records = store.site_records(run_id, canonical)
    attach_probes(store, records, ctx)  # the `veto` auditor's availability line
    findings = audit(records, ctx)
    default = ctx.settings.department
    for finding in findings:  # pages outside any column belong to the site's own office
        finding.department = finding.department or default
    store.save_findings(run_id, findings)
    return findings


def render_run(store: Store, run_id: int, ctx: AuditContext, out_dir: Path,
               options: Any = None) -> PatrolResult:
    """Render every report; `options` is a reports.ReportOptions (split files, screenshots)."""
    from dataclasses import replace

    from govpatrol.reporting import build_bundle
    from govpatrol.reports import ReportOptions, render_all

    published = store.published_dates(run_id)
    bundle = build_bundle(store, run_id,
                          lambda columns: column_inventory(columns, ctx, published),
                          profile=ctx.profile, settings=ctx.settings)
    for warning in ctx.warnings:
        if warning not in bundle.warnings:
            bundle.warnings.append(warning)
    bundle.profile = ctx.profile  # scoring weights and deadlines
    options = options or ReportOptions()
    site = ctx.settings
    bundle.options = replace(options, hosts=(*options.hosts, *site.hosts), exclude=site.exclude,
                             robots=site.robots, allow_addresses=site.allow_addresses)
    render_all(bundle, out_dir)
    by_category: dict[str, int] = {}
    for finding in bundle.findings:
        by_category[finding.category] = by_category.get(finding.category, 0) + 1
    return PatrolResult(run_id=run_id, out_dir=out_dir, counts=bundle.counts,
                        findings_by_category=by_category, warnings=list(bundle.warnings))
