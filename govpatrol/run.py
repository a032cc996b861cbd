"""One patrol: crawl, audit, store findings, render reports. The CLI and the API share it."""

from __future__ import annotations

import json
import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from govpatrol.auditors import AuditContext, audit
from govpatrol.auditors.context import checked_context, column_inventory
from govpatrol.config import Config, SiteConfig
from govpatrol.crawler.options import Departments, SpiderOptions
from govpatrol.crawler.urls import canonical
from govpatrol.errors import GovpatrolError
from govpatrol.evaluation import attach_probes
from govpatrol.linkcheck.worker import LinkCheckJob, LinkCheckProcess
from govpatrol.memory import StagePeaks, status_mb
from govpatrol.model import BLOCKED_ERRORS
from govpatrol.prescan import PrescanProcess, prescan_for
from govpatrol.store import Store, check_writable

log = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 5000
DEFAULT_MAX_LIST_PAGES = 100
DEFAULT_MAX_DATE_PAGES = 30
DEFAULT_CONCURRENCY = 16
DEFAULT_TIMEOUT = 30.0
DEFAULT_LINK_TIMEOUT = 15.0
DEFAULT_LINK_PER_HOST = 8  # link checks at once on one host (site setting link_per_host)
LINK_CHECK_LIMIT = 1800.0  # seconds the checker may go on after the crawl


class RunError(GovpatrolError):
    """The patrol could not run (start URL unreachable, ...): a one-line reason for stderr."""

    exit_code = 1


class RunInterrupted(RunError):
    """SIGINT or SIGTERM stopped the patrol: what was fetched is stored, the run is
    `interrupted` (never compared as complete), no report is written; exit 128 + signal."""

    def __init__(self, signum: int, run_id: int, pages: int, start_url: str) -> None:
        self.signum = signum
        self.run_id = run_id
        self.exit_code = 128 + signum
        name = signal.Signals(signum).name
        super().__init__(
            f"巡检被中断 (interrupted by {name})：巡检 {run_id} 已保存 {pages} 个页面，"
            f"未生成报告；续跑 (resume): govpatrol patrol {start_url} --resume {run_id}")


class Stopped(BaseException):
    """Raised by our SIGINT / SIGTERM handlers (and for a crawl Scrapy stopped on one):
    a BaseException, so no `except Exception` in between swallows it."""

    def __init__(self, signum: int, crawl: dict[str, Any] | None = None) -> None:
        super().__init__(signum)
        self.signum = signum
        self.crawl = crawl or {}

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _raise_stopped(signum: int, frame: Any) -> None:
    raise Stopped(signum)


def install_stop_handlers() -> None:
    """SIGINT and SIGTERM raise `Stopped` (outside Scrapy's crawl, which has its own)."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _raise_stopped)


@contextmanager
def stop_signals() -> Iterator[None]:
    """Our handlers for the duration of a patrol, the previous ones restored after it.

    Without them SIGTERM (systemd stopping a nightly job) killed the process between the
    crawl and the reports, leaving the run `running` forever."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are delivered to the main thread only: nothing to install
        return
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    install_stop_handlers()
    try:
        yield
    except KeyboardInterrupt:  # a SIGINT that reached Python's default handler first
        raise Stopped(signal.SIGINT) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def incomplete_reasons(crawl: dict[str, Any]) -> list[str]:
    """Why a crawl that ended normally still missed pages: codes of
    govpatrol.reporting.INCOMPLETE_REASONS."""
    reasons = []
    if crawl.get("retry_exhausted"):  # 429 / 503 until the retries ran out
        reasons.append("throttled")
    # links left unfetched at --max-pages, by this process's spider or a distributed worker's
    if (crawl.get("counters") or {}).get("capped") or "capped" in crawl.get("marks", ()):
        reasons.append("max_pages")
    # distributed: requests of dead workers nobody could re-take, or cut short in a callback
    if crawl.get("lease_lost") or crawl.get("lease_partial"):
        reasons.append("lost")
    return reasons


def trap_warnings(crawl: dict[str, Any]) -> list[str]:
    """What the report says about crawler traps it bounded: endless by design, so bounding
    them leaves the run complete, but the reader learns which links were not followed."""
    counters = crawl.get("counters") or {}
    notes = []
    if counters.get("date_trap_skipped"):
        notes.append(f"日期路径页面过多，疑似日历陷阱，已限制抓取，{counters['date_trap_skipped']}"
                     " 个日期地址未抓取 (calendar path trap bounded)")
    if counters.get("trap_skipped"):
        notes.append(f"同一页面的查询参数组合过多，疑似无限页面，已限制抓取，"
                     f"{counters['trap_skipped']} 个地址未抓取 (query trap bounded)")
    return notes


def as_of_warnings(earliest: date | None, as_of: date) -> list[str]:
    """An `--as-of` before every date on the site (a typo, `--as-of 1999`): list rows dated
    after it are read as not yet published, so every column looked empty or unread. Said at the
    top of the report rather than left as a site without columns. `earliest`: the site's
    earliest article date (Store.earliest_published)."""
    if earliest is None or earliest <= as_of:
        return []
    return [f"所有信息均晚于检查日期 {as_of.isoformat()}（最早发布于 "
            f"{earliest.isoformat()}），栏目和信息无法按该日期检查，"
            "请确认 --as-of 是否有误 (every date on the site is after --as-of)"]


@dataclass
class PatrolResult:
    run_id: int
    out_dir: Path
    counts: dict[str, int]
    findings_by_category: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    crawl: dict[str, Any] = field(default_factory=dict)
    incomplete: list[str] = field(default_factory=list)  # reporting.incomplete_notes
    digest: dict[str, Any] = field(default_factory=dict)  # reporting.run_digest
    outputs: list[Path] = field(default_factory=list)  # every file written


def patrol(site: SiteConfig, *, config: Config | None, as_of: date, out_dir: Path, db: Path,
           start_url: str | None = None, mode: str = "site", max_pages: int | None = None,
           concurrency: int | None = None, progress: str = "auto",
           log_level: str = "WARNING", report_options: Any = None,
           incremental: bool = False, resume: int | None = None,
           redis_url: str | None = None, recheck: tuple[str, ...] = ()) -> PatrolResult:
    """`incremental`: reuse the last completed run's unchanged pages (nightly); `resume`: go on
    with a killed run of this site (its id); `redis_url`: share the crawl with other workers;
    `recheck`: fetch these pages (and the home page and lists) again and copy every other page
    of the last completed run (`govpatrol recheck`)."""
    from govpatrol.crawler.incremental import previous_done_run

    recheck = tuple(sorted({canonical(u) for u in recheck}))
    incremental = incremental or bool(recheck)
    if redis_url and incremental:
        raise RunError("--redis 暂不能与 --incremental 同用"
                       " (--redis cannot be combined with --incremental yet)")
    start_url = start_url or site.url
    max_pages = max_pages or site.max_pages or DEFAULT_MAX_PAGES
    concurrency = concurrency or site.concurrency or DEFAULT_CONCURRENCY
    ctx = checked_context(config, site, as_of)  # a bad profile stops us before any crawling
    check_writable(db=db, out_dir=out_dir)  # not discovered after an hour of crawling
    store = Store(db)
    options = {"mode": mode, "start_url": start_url, "max_pages": max_pages,
               "concurrency": concurrency}
    if recheck:
        options["recheck"] = len(recheck)
    if resume is not None:
        if redis_url:  # refused before the run is reopened, so it stays `interrupted`
            _check_resumable(redis_url, resume)
        run_id = resume_run(store, resume, site.name)
    else:
        run_id = store.start_run(site.name, start_url, as_of, options)
    reuse_run = resume if resume is not None else (
        previous_done_run(str(db), site.name, run_id) if incremental else None)
    if redis_url:  # a distributed resume goes on from the run's Redis queue, not the store
        reuse_run = None
    if recheck and reuse_run is None:
        store.finish_run(run_id, "failed", {}, [])
        store.close()
        raise RunError(f"站点“{site.name}”没有已完成的巡检可供复查 "
                       f"(no completed run to re-check)")
    spider_options = SpiderOptions(
        site=site.name, start_url=start_url, today=as_of, mode=mode, max_pages=max_pages,
        max_list_pages=site.max_list_pages or DEFAULT_MAX_LIST_PAGES,
        max_date_variants=site.max_date_pages or DEFAULT_MAX_DATE_PAGES,
        hosts=tuple(site.hosts), include=tuple(site.include), exclude=tuple(site.exclude),
        department=site.department,
        explicit_columns=tuple(
            {"name": c.name, "url": c.url, "class": c.freshness_class,
             "department": c.department, "parent": c.parent}
            for c in site.columns
        ) if mode == "site" else (),
        departments=Departments.of(site),
        allow_addresses=tuple(site.allow_addresses),
        db=str(db), reuse_run=reuse_run, resume=resume is not None and not redis_url,
        recheck=recheck,
        js_columns=tuple(c.url for c in site.columns if c.js) if mode == "site" else (),
        js_auto=site.js_auto,
        redis_url=redis_url, run_id=run_id,
    )
    crawl_args = {"concurrency": concurrency, "robots": site.robots,
                  "timeout": site.timeout or DEFAULT_TIMEOUT, "delay": site.request_delay()}
    if redis_url:
        crawl_args |= {"lease_timeout": site.lease_timeout, "lease_retakes": site.lease_retakes}
    checker = LinkCheckProcess(LinkCheckJob(
        db=str(db), run_id=run_id, site=site.name, home_url=start_url, hosts=list(site.hosts),
        include=list(site.include), exclude=list(site.exclude), robots=site.robots,
        allow_addresses=list(spider_options.allow_addresses),
        timeout=site.link_timeout or DEFAULT_LINK_TIMEOUT,
        per_host=site.link_per_host or DEFAULT_LINK_PER_HOST,
        cache_days=site.link_cache_days,
        read_attachments=site.attachment_text,
        attachment_max_bytes=int(site.attachment_max_mb * 1024 * 1024),
        attachment_max_pages=site.attachment_max_pages,
        attachment_timeout=site.attachment_timeout,
        attachment_ocr=site.attachment_ocr, attachment_ocr_pages=site.attachment_ocr_pages,
        cloaking_sample=site.cloaking_sample if mode == "site" and not recheck else 0,
        script_files=site.script_files if mode == "site" and not recheck else 0,
        request_delay=site.request_delay(),
        search_probe=site.search_probe and mode == "site",
        host_check=site.host_check and mode == "site", resolver=site.resolver,
    ))
    checker.start()
    prescan = prescan_for(str(db), run_id, ctx, site.prescan)
    try:
        with stop_signals():
            result = _crawl_audit_render(
                store, run_id, ctx, checker, prescan, out_dir=out_dir, start_url=start_url,
                report_options=report_options, reuse_run=reuse_run,
                crawl_call=lambda: crawl_in_child(lambda: _crawl(
                    redis_url, run_id, db, spider_options, crawl_args, progress, log_level,
                    site, as_of, mode, resume is not None)))
    except Stopped as stop:
        checker.stop()
        _stop(prescan)
        pages = store.counts(run_id).get("pages", 0)
        store.finish_run(run_id, "interrupted", {"crawl": stop.crawl, "signal": stop.name},
                         ctx.warnings)
        store.close()
        raise RunInterrupted(stop.signum, run_id, pages, start_url) from None
    except RunError:
        checker.stop()
        _stop(prescan)
        if (store.run(run_id) or {}).get("status") == "running":  # else marked already
            store.finish_run(run_id, "failed", {}, ctx.warnings)
        store.close()
        raise
    except BaseException:
        # a crash of the driver (or of a report writer) is a failed run, never `running`
        checker.stop()
        _stop(prescan)
        store.finish_run(run_id, "failed", {}, ctx.warnings)
        store.close()
        raise
    store.close()
    return result


def _stop(prescan: PrescanProcess | None) -> dict[str, Any]:
    return prescan.stop() if prescan is not None else {}


def crawl_in_child(crawl_call: Any) -> dict[str, Any]:
    """The crawl in a forked child of the patrol (govpatrol.forked): what it allocated leaves
    with it, and the audit starts from the heap the patrol had before the crawl. The child's
    own peak RSS comes back in its answer (`CRAWL_PEAK`) when stage peaks are asked for."""
    from govpatrol.forked import ChildDied, call_in_child

    measure = StagePeaks().enabled

    def crawl() -> dict[str, Any]:
        answer = crawl_call()
        peak = status_mb("VmHWM") if measure else None
        if peak is not None:
            answer[CRAWL_PEAK] = round(peak, 1)
        return answer

    try:
        return call_in_child(crawl, on_child_start=install_stop_handlers)
    except ChildDied as exc:
        raise RunError(f"抓取进程异常退出 (the crawl process died: {exc})") from None


CRAWL_PEAK = "crawl_process_peak_rss_mb"


def _crawl(redis_url: str | None, run_id: int, db: Path, spider_options: SpiderOptions,
           crawl_args: dict[str, Any], progress: str, log_level: str, site: SiteConfig,
           as_of: date, mode: str, resume: bool = False) -> dict[str, Any]:
    from govpatrol.crawler.process import run_crawl
    from govpatrol.crawler.spiders.wechat import wechat_options

    coordinator = _coordinating(redis_url, run_id, db, spider_options, crawl_args, resume)
    with coordinator:
        crawl = run_crawl(spider_options, db=str(db), run_id=run_id, progress=progress,
                          log_level=log_level, redis_url=redis_url,
                          wechat=wechat_options(site, as_of) if mode == "site" else None,
                          **crawl_args)
        # interrupted: the workers stop too, and the run's Redis keys stay for --resume
        coordinator.interrupted = bool(crawl.get("signal"))
    crawl.update(getattr(coordinator, "losses", {}))
    return crawl


def _crawl_audit_render(store: Store, run_id: int, ctx: AuditContext, checker: Any,
                        prescan: PrescanProcess | None, *, out_dir: Path, start_url: str,
                        report_options: Any, reuse_run: int | None,
                        crawl_call: Any) -> PatrolResult:
    """The run proper; `Stopped` (SIGINT / SIGTERM) may end it anywhere."""
    peaks = StagePeaks()  # per-stage peak RSS when GOVPATROL_STAGE_RSS=1 (benchmarks/scale.py)
    crawl = crawl_call()
    install_stop_handlers()  # Scrapy's handlers stay behind after its crawl
    if crawl.get("signal"):
        raise Stopped(crawl["signal"], crawl)
    crawl["reused_from_run"] = reuse_run
    crawl["link_check_wait_seconds"] = round(checker.finish(timeout=LINK_CHECK_LIMIT), 2)
    if prescan is not None:  # every page and attachment is stored: it scans the rest and ends
        prescan.finish()
    from govpatrol.crawler.settle import settle_columns

    settle_columns(store, run_id)  # a column\'s URL by a fixed rule, not by arrival order
    store.attach_pages_to_columns(run_id)
    start = store.page(run_id, start_url, canonical(start_url))
    if start is None or start["status"] is None or start["status"] >= 400:
        reason = (start or {}).get("error") or f"HTTP {(start or {}).get('status')}"
        store.finish_run(run_id, "failed", {"crawl": crawl}, ctx.warnings)
        if reason in BLOCKED_ERRORS:  # the site is there; its firewall kept the patrol out
            raise RunError(f"起始地址被{BLOCKED_ERRORS[reason]}挡住，"
                           "请将巡检地址加入网站防火墙白名单"
                           f" (start URL blocked by an anti-bot challenge: {reason}): {start_url}")
        raise RunError(f"无法访问起始地址 (start URL unreachable): {start_url} ({reason})")
    release_memory()  # what settling the columns read (the crawl itself ran in a child)
    peaks.mark("after crawl")
    if CRAWL_PEAK in crawl:  # the crawl process's own peak
        peaks.figures["crawl"] = crawl.pop(CRAWL_PEAK)
    incomplete = incomplete_reasons(crawl)
    for note in trap_warnings(crawl) + as_of_warnings(store.earliest_published(run_id),
                                                          ctx.as_of):
        ctx.warn(note)
    audit_started, audit_cpu = time.monotonic(), time.process_time()
    # every page, reused or not: one pass is cheap. The store holds the findings from here on
    # (the reports read them back): none stays in memory through the reports.
    found = len(audit_run(store, run_id, ctx))
    release_audit_memory()
    crawl["audit_seconds"] = round(time.monotonic() - audit_started, 2)
    crawl["audit_cpu_seconds"] = round(time.process_time() - audit_cpu, 2)
    if prescan is not None:  # the audit has taken what it stored, or scanned the page itself
        crawl["prescan"] = prescan.stop()
    peaks.mark("audit")
    stats: dict[str, Any] = {"crawl": crawl, "findings": found}
    if incomplete:
        stats["incomplete"] = incomplete
    # done before rendering, so the reports (and run.json) show the final status; a report
    # writer that crashes turns it into `failed` below
    store.finish_run(run_id, "done", stats, ctx.warnings)
    report_started = time.monotonic()
    result = render_run(store, run_id, ctx, out_dir, report_options)
    crawl["report_seconds"] = round(time.monotonic() - report_started, 2)
    peaks.mark("reports")
    if peaks.figures:
        crawl["peak_rss_mb"] = peaks.figures
    record_report_time(out_dir, crawl["report_seconds"])
    store.finish_run(run_id, "done", stats | {"counts": result.counts}, ctx.warnings)
    result.crawl = crawl
    return result


class _Alone:
    """The coordinator of a single-process crawl: nothing to publish, nothing to lose."""

    interrupted = False

    def __enter__(self) -> _Alone:
        return self

    def __exit__(self, *exc: Any) -> None:
        pass


def _coordinating(redis_url: str | None, run_id: int, db: Path, options: SpiderOptions,
                  crawl_args: dict[str, Any], resume: bool = False) -> Any:
    """Distributed: publish the run for workers and be its one store writer."""
    if not redis_url:
        return _Alone()
    import redis

    from govpatrol.crawler.shared import Coordinator, ResumeError

    try:
        return Coordinator(redis_url, run_id, str(db), options, crawl_args, resume=resume)
    except ResumeError as exc:
        raise RunError(str(exc)) from None
    except redis.RedisError as exc:
        raise RunError(f"无法连接 Redis (cannot reach Redis) {redis_url}: {exc}") from None


def _check_resumable(redis_url: str, run_id: int) -> None:
    import redis

    from govpatrol.crawler.shared import ResumeError, check_resumable

    try:
        check_resumable(redis_url, run_id)
    except ResumeError as exc:
        raise RunError(str(exc)) from None
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


def release_audit_memory() -> None:
    """Give back what only the audit needed before the reports: the text engine (its word
    automata and lexicon, ~60 MB) and its scan cache, which no renderer uses, then the freed
    heap to the system, so the reports' peak does not stand on the audit's."""
    from govpatrol.auditors.text import clear_caches

    clear_caches()
    release_memory()


def release_memory() -> None:
    """Collect what a finished stage left (cycles included) and give the freed heap back to
    the system: glibc keeps it otherwise, and each stage's peak stood on the one before."""
    import gc

    gc.collect()
    trim_heap()


def trim_heap() -> None:
    """malloc_trim(0) where the C library is glibc; nothing elsewhere."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def inventory_of(store: Store, run_id: int, ctx: AuditContext) -> Any:
    """The columns.jsonl rows maker for build_bundle. Every article's date is read here, so
    the map (one entry per article of the site) is freed with the maker once the bundle is
    built, not held through the rendering."""
    published = store.published_dates(run_id)
    return lambda columns: column_inventory(columns, ctx, published)


def render_run(store: Store, run_id: int, ctx: AuditContext, out_dir: Path,
               options: Any = None) -> PatrolResult:
    """Render every report; `options` is a reports.ReportOptions (split files, screenshots)."""
    from dataclasses import replace

    from govpatrol.reporting import build_bundle
    from govpatrol.reports import ReportOptions, render_all

    bundle = build_bundle(store, run_id, inventory_of(store, run_id, ctx),
                          profile=ctx.profile, settings=ctx.settings)
    for warning in ctx.warnings:
        if warning not in bundle.warnings:
            bundle.warnings.append(warning)
    bundle.profile = ctx.profile  # scoring weights and deadlines
    options = options or ReportOptions()
    site = ctx.settings
    bundle.options = replace(options, hosts=(*options.hosts, *site.hosts), exclude=site.exclude,
                             robots=site.robots, allow_addresses=site.allow_addresses,
                             issuer=site.issuer or options.issuer)
    from govpatrol.reporting import run_digest

    outputs = render_all(bundle, out_dir)
    digest = run_digest(bundle)
    outputs.append(write_run_json(bundle.run, bundle.incomplete, out_dir, digest))
    by_category: dict[str, int] = {}
    for finding in bundle.findings:
        by_category[finding.category] = by_category.get(finding.category, 0) + 1
    return PatrolResult(run_id=run_id, out_dir=out_dir, counts=bundle.counts,
                        findings_by_category=by_category, warnings=list(bundle.warnings),
                        incomplete=list(bundle.incomplete), digest=digest, outputs=outputs)


def write_run_json(run: dict[str, Any], incomplete: list[str], out_dir: Path,
                   digest: dict[str, Any] | None = None) -> Path:
    """run.json beside findings.jsonl: which run the files are, its status and whether it is
    complete, so a consumer of the JSONL files can tell a partial run from a complete one; and
    the run's digest (findings by severity, veto, score, change), which the nightly index reads."""
    stats = json.loads(run.get("stats") or "{}")
    data = {
        "run_id": run["id"], "site": run["site"], "url": run["url"], "as_of": run["as_of"],
        "started": run["started"], "finished": run.get("finished"), "status": run["status"],
        "complete": run["status"] == "done" and not incomplete,
        "incomplete": incomplete, "signal": stats.get("signal"),
        "summary": digest,
        "timings": stage_timings(stats.get("crawl") or {}),
    }
    path = out_dir / "run.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


#: run.json `timings` <- the crawl's stats: seconds each stage took (what to tune, and whether
#: a patrol got slower since last night); the crawl's CPU seconds beside its wall time.
TIMINGS = {"crawl": "elapsed", "crawl_cpu": "cpu_seconds",
           "link_checks_after_crawl": "link_check_wait_seconds", "audit": "audit_seconds",
           "audit_cpu": "audit_cpu_seconds", "reports": "report_seconds"}


def stage_timings(crawl: dict[str, Any]) -> dict[str, float]:
    return {name: round(crawl[key], 2) for name, key in TIMINGS.items()
            if isinstance(crawl.get(key), int | float)}


def record_report_time(out_dir: Path, seconds: float) -> None:
    """The reports' own time is known only once run.json is written among them: added after."""
    path = out_dir / "run.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("timings", {})["reports"] = seconds
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
