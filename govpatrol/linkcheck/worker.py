"""The link-check process: follows the crawl through the store and checks what it links to.

Started before the crawl in a second process (so it has its own core and its own event loop);
it polls the links table for new targets, checks each distinct one once, and writes results in
batches. Internal pages are left to the crawl; those the crawl did not fetch (page budget, an
off-site redirect) are checked at the end. Nothing outside the site's scope is requested
(`govpatrol.crawler.scope`: exclude, include, robots.txt, private addresses); such targets stay
links in the inventory, counted here as `out_of_scope`, with no check row.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import multiprocessing
import os
import time
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from govpatrol.crawler.extract.documents import READERS, Extracted, Limits, extension, extract
from govpatrol.crawler.extract.scripts import redirect_evidence
from govpatrol.crawler.scope import Scope
from govpatrol.crawler.settings import USER_AGENT
from govpatrol.crawler.urls import canonical, is_page_like
from govpatrol.linkcheck import network, search
from govpatrol.linkcheck.checker import BROWSER_HEADERS, CheckerOptions, CheckResult, LinkChecker
from govpatrol.linkcheck.readings import SharedReadings
from govpatrol.linkcheck.trace import Trace
from govpatrol.linkcheck.variants import AGENT_HEADERS, read_variant
from govpatrol.model import Variant

log = logging.getLogger(__name__)

POLL_SECONDS = 0.3
#: Bytes of one script file read: obfuscated redirects are a few lines; a bundle past this
#: is read in its first part only.
SCRIPT_BYTES = 256 * 1024
FLUSH_EVERY = 200
RESULT_FIELDS = tuple(f.name for f in fields(CheckResult) if f.name != "body")
#: Attachment readers at once after the crawl, when its core is free too (one during it).
READERS_AFTER_CRAWL = min(os.cpu_count() or 1, 4)


@dataclass
class LinkCheckJob:
    db: str
    run_id: int
    site: str
    home_url: str
    hosts: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    robots: bool = True
    allow_addresses: list[str] = field(default_factory=list)
    timeout: float = 15.0
    concurrency: int = 32
    per_host: int = 8
    cache_days: float = 0.0  # reuse live results of earlier runs this recent (nightly)
    read_attachments: bool = True  # read the text of the site's own attachments
    attachment_max_bytes: int = Limits.max_bytes
    attachment_max_pages: int = Limits.max_pages
    attachment_timeout: float = Limits.timeout
    attachment_ocr: bool = False
    attachment_ocr_pages: int = Limits.ocr_pages
    cloaking_sample: int = 0  # pages besides the home page fetched again as others (variants)
    script_files: int = 0  # the site's own script files read for hidden redirects, at most
    request_delay: float = 0.0  # the site's politeness (delay, max_rps): checks are spaced
    search_probe: bool = False  # ask the site's search for recently published titles
    host_check: bool = False  # IPv6 answers and the certificate of the site's hosts
    resolver: str = "system"  # linkcheck.network.resolver: system, off, a file of answers

    def limits(self) -> Limits:
        return Limits(max_bytes=self.attachment_max_bytes, max_pages=self.attachment_max_pages,
                      timeout=self.attachment_timeout, ocr=self.attachment_ocr,
                      ocr_pages=self.attachment_ocr_pages)


def run_job(job: LinkCheckJob, crawl_done: Any) -> dict[str, int]:
    """Entry point of the checker process."""
    return asyncio.run(_Follower(job, crawl_done).run())


class _Follower:
    def __init__(self, job: LinkCheckJob, crawl_done: Any) -> None:
        from govpatrol.store import Store

        self.job = job
        self.crawl_done = crawl_done
        self.store = Store(job.db)
        self.scope = Scope(job.home_url, hosts=job.hosts, include=job.include,
                           exclude=job.exclude, robots=job.robots,
                           allow_addresses=job.allow_addresses, user_agent=USER_AGENT)
        self.hosts = self.scope.site_hosts
        self.seen: set[str] = set()
        self.deferred: list[str] = []  # internal pages: the crawl fetches them
        self.results: list[dict[str, Any]] = []
        self.tasks: set[asyncio.Task] = set()
        self.cache: dict[str, dict[str, Any]] = {}
        self.counts = {"checked": 0, "cached": 0, "deferred_fetched": 0, "out_of_scope": 0,
                       "attachments_read": 0}
        self.attachments: list[dict[str, Any]] = []  # rows of text read, flushed with results
        self.limits = job.limits()
        self.reading = asyncio.Semaphore(1)  # one reader at a time: the crawl has the other core
        self.trace = Trace()
        self.readings = SharedReadings()  # identical files (one form, many URLs) read once

    async def run(self) -> dict[str, int]:
        if self.job.cache_days > 0:
            since = (datetime.now(UTC) - timedelta(days=self.job.cache_days)).isoformat()
            self.cache = self.store.live_link_checks(self.job.site, since)
        # the site's politeness (delay, max_rps) holds for the patrol as a whole: its own hosts
        # are checked after the crawl, which asks them at that pace, and then at that pace too;
        # other hosts are checked meanwhile
        polite = self.job.request_delay > 0
        options = CheckerOptions(timeout=self.job.timeout, concurrency=self.job.concurrency,
                                 per_host=self.job.per_host, spaced_hosts=frozenset(self.hosts),
                                 spacing=self.job.request_delay, hold_spaced=polite)
        hosts = asyncio.create_task(self._hosts()) if self.job.host_check else None
        async with LinkChecker(options, guard=self.scope.fetch_reason) as checker:
            if self.trace.handle is not None:
                checker.trace = self.trace
            last = 0
            while True:
                done = self.crawl_done.is_set()  # read before polling: nothing is missed
                rows = self.store.link_targets_since(self.job.run_id, last)
                for rowid, url, kind in rows:
                    last = rowid
                    self._take(checker, url, kind)
                self._flush(force=False)
                if done and not rows:
                    break
                if not rows:
                    await asyncio.sleep(POLL_SECONDS)
            self.trace("crawl_over")
            self._crawl_over()
            checker.release_spaced()  # the crawl no longer asks the site
            crawled = self.store.crawled_urls(self.job.run_id)
            for url in self.deferred:
                if url in crawled or canonical(url) in crawled:
                    self.counts["deferred_fetched"] += 1
                else:
                    self._start(checker, url, html=True)
            while self.tasks:  # results saved as they come, not all at the end
                await asyncio.wait(set(self.tasks), timeout=1.0)
                self._flush(force=False)
            self.trace("end")
            if self.job.script_files > 0:
                await self._scripts(checker)
            if self.job.cloaking_sample > 0:
                await self._variants(checker)
            if self.job.search_probe:
                await self._search(checker)
        if hosts is not None:
            await hosts
        self.counts["attachments_shared"] = self.readings.shared
        self._flush(force=True)
        self.store.close()
        self.trace("cpu", _cpu_seconds())
        self.trace.close()
        return self.counts

    def _crawl_over(self) -> None:
        """The crawl's core is free: attachments are read on every core from now on (PDF, DOC
        and WPS readers are programs of their own, outside this process's GIL; the patrol
        itself only waits for us)."""
        for _ in range(READERS_AFTER_CRAWL - 1):
            self.reading.release()  # a semaphore's release raises its value: one more reader

    def _take(self, checker: LinkChecker, url: str, kind: str) -> None:
        if url in self.seen:
            return
        self.seen.add(url)
        self.trace("found", url)
        internal = urlsplit(url).netloc.lower() in self.hosts
        read = (self.job.read_attachments and internal and kind == "attachment"
                and extension(url) in READERS)
        if url in self.cache:
            self.results.append(self.cache[url])
            self.counts["cached"] += 1
            if read:  # unchanged since it was checked live: its earlier reading serves
                earlier = self.store.latest_attachment(self.job.site, url, self.job.run_id)
                if earlier is not None:
                    self.attachments.append(earlier)
                else:
                    self._track(asyncio.create_task(self._read(checker, url, url)))
            return
        page_like = kind in ("a", "iframe") and is_page_like(url)
        if internal and page_like:
            self.deferred.append(url)
            return
        self._start(checker, url, html=page_like, read=read)

    def _start(self, checker: LinkChecker, url: str, html: bool, read: bool = False) -> None:
        self._track(asyncio.create_task(self._check(checker, url, html, read)))

    def _track(self, task: asyncio.Task) -> None:
        self.tasks.add(task)
        task.add_done_callback(self._done)

    async def _check(self, checker: LinkChecker, url: str, html: bool,
                     read: bool) -> CheckResult | None:
        result = await checker.check(url, html_expected=html,
                                     keep_body=self.limits.max_bytes if read else 0)
        body, result.body = result.body, None
        self.trace("done", url)
        if read and result.status == 200 and not result.broken:
            if body is None:  # an "attachment" that answered an HTML page: as before
                await self._read(checker, url, result.final_url or url)
            else:
                await self._extract(url, body)
        return result

    async def _read(self, checker: LinkChecker, url: str, final_url: str) -> None:
        """Download an attachment of the site and store its text (or why there is none)."""
        await self._extract(url, await checker.download(final_url, self.limits.max_bytes))

    async def _extract(self, url: str, body: bytes | str) -> None:
        """Store an attachment's text (or why there is none); `body` is its bytes, or why
        they were not downloaded."""
        if isinstance(body, str):
            if body != "too_large":  # gone or refused since the check: the check says so
                return
            got = Extracted(state="too_large",
                            detail=f"超过 {self.limits.max_bytes // (1024 * 1024)} MB")
            digest = None
        else:
            digest = hashlib.sha1(body).hexdigest()
            self.trace("read_wait", url)
            try:
                got = await self.readings.read(digest, extension(url),
                                               lambda: self._read_bytes(body, url))
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the checks
                log.exception("reading %s failed", url)
                got = Extracted(state="broken", detail=f"读取出错：{exc}"[:200])
        self.attachments.append({"url": url, "text": got.text, "state": got.state,
                                 "detail": got.detail, "pages": got.pages,
                                 "content_hash": digest})
        self.counts["attachments_read"] += 1
        self.trace("read", url)

    async def _read_bytes(self, body: bytes, url: str) -> Extracted:
        """The text of an attachment's bytes, read in a thread when a reader is free."""
        async with self.reading:
            return await asyncio.to_thread(extract, body, extension(url), self.limits)

    def _done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:  # a checker bug must not lose the other results
            log.error("link check failed: %r", exc)
            return
        result: CheckResult | None = task.result()
        if result is None:  # a reading alone (the check came from the cache)
            return
        if result.refused:  # never requested: a link of the inventory, not a check
            self.counts["out_of_scope"] += 1
            return
        row = {name: getattr(result, name) for name in RESULT_FIELDS}  # flat: no asdict copy
        row["broken"] = result.broken
        if urlsplit(result.url).netloc.lower() in self.hosts:  # kept for external targets only
            row["title"] = row["sample"] = None
        if result.rate_limited:
            row["error"] = "rate_limited"
        if result.blocked:
            row["error"] = result.blocked
        self.results.append(row)
        self.counts["checked"] += 1

    async def _scripts(self, checker: LinkChecker) -> None:
        """The external script files of the crawled pages that live on the site's own hosts,
        the most loaded first, read once each (at most SCRIPT_BYTES) for a redirect hidden in
        them (crawler.extract.scripts: the test inline scripts get). Scripts of other hosts
        (statistics, CDNs) are not the site's to fix and are never requested."""
        loaded = self.store.script_sources(self.job.run_id)
        own = [url for url, _n in sorted(loaded.items(), key=lambda kv: (-kv[1], kv[0]))
               if urlsplit(url).netloc.lower() in self.hosts][: self.job.script_files]

        def same_site(url: str) -> bool:
            return urlsplit(url).netloc.lower() in self.hosts

        async def one(url: str) -> dict[str, Any]:
            status, _final, body, error = await checker.fetch_as(
                url, BROWSER_HEADERS, same_site, max_bytes=SCRIPT_BYTES)
            evidence = None
            if error is None and status == 200 and body:
                text = await asyncio.to_thread(_script_text, body)
                evidence = await asyncio.to_thread(redirect_evidence, text)
            return {"url": url, "status": status, "error": error, "evidence": evidence}

        if self.job.request_delay > 0:  # one after the other, as the crawl asks the site
            rows = []
            for url in own:
                await asyncio.sleep(self.job.request_delay)
                rows.append(await one(url))
        else:
            rows = await asyncio.gather(*(one(url) for url in own))
        self.store.save_script_files(self.job.run_id, self.job.site, rows)
        self.counts["script_files"] = len(rows)

    async def _variants(self, checker: LinkChecker) -> None:
        """The home page and a sample of pages, fetched again as Baiduspider, a phone and a
        visitor from Baidu's results, after the crawl (so the site's own answers are in): what
        they saw is stored for the cloaking auditor to compare with what the crawl saw."""
        urls = self.store.variant_sample(self.job.run_id, self.job.home_url,
                                         self.job.cloaking_sample)

        def same_site(url: str) -> bool:
            return urlsplit(url).netloc.lower() in self.hosts

        async def one(url: str, agent: str) -> Variant:
            status, final, body, error = await checker.fetch_as(url, AGENT_HEADERS[agent],
                                                                same_site)
            return read_variant(url, agent, status, final, body, error)

        if self.job.request_delay > 0:  # one after the other, as the crawl asks the site
            got = []
            for url in urls:
                for agent in AGENT_HEADERS:  # spaced from the crawl's last request too
                    await asyncio.sleep(self.job.request_delay)
                    got.append(await one(url, agent))
        else:
            got = await asyncio.gather(*(one(url, agent) for url in urls
                                         for agent in AGENT_HEADERS))
        self.store.save_variants(self.job.run_id, self.job.site, got)
        self.counts["variants"] = len(got)

    async def _hosts(self) -> None:
        """IPv6 and HTTPS of the site's hosts (linkcheck/network.py), beside the crawl: DNS
        lookups and one TLS handshake a host, in a thread."""
        try:
            checks = await asyncio.to_thread(
                network.check_hosts, self.job.home_url, self.job.hosts,
                network.resolver(self.job.resolver), self.job.timeout)
        except Exception:  # noqa: BLE001 - no row: the auditors judge nothing, guess nothing
            log.exception("host check failed")
            return
        self.store.save_host_checks(self.job.run_id, self.job.site, checks)

    async def _search(self, checker: LinkChecker) -> None:
        """The site-search probe (linkcheck/search.py), after the crawl: its titles are the
        crawl's newest items. GETs only, through the site's scope, spaced like the crawl."""
        titles = self.store.recent_titles(self.job.run_id, search.QUERIES)

        def same_site(url: str) -> bool:
            return urlsplit(url).netloc.lower() in self.hosts

        async def fetch(url: str) -> tuple[int | None, str, bytes, str | None]:
            return await checker.fetch_as(url, {"User-Agent": USER_AGENT}, same_site)

        if self.job.request_delay > 0:
            await asyncio.sleep(self.job.request_delay)
        steps = await search.probe(fetch, self.job.home_url, titles, same_site,
                                   self.job.request_delay)
        self.store.save_search_probes(self.job.run_id, self.job.site, steps)
        self.counts["search_queries"] = sum(1 for step in steps if step.title)

    def _flush(self, force: bool) -> None:
        if self.results and (force or len(self.results) >= FLUSH_EVERY or not self.tasks):
            self.store.save_link_checks(self.job.run_id, self.job.site, self.results)
            self.results = []
        if self.attachments and (force or len(self.attachments) >= 20 or not self.tasks):
            self.store.save_attachments(self.job.run_id, self.job.site, self.attachments)
            self.attachments = []


def _cpu_seconds() -> str:
    """This process's CPU seconds and its readers' (pdftotext, antiword), for the trace."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    readers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (f"{own.ru_utime + own.ru_stime:.2f}/"
            f"{readers.ru_utime + readers.ru_stime:.2f}")


def _script_text(body: bytes) -> str:
    """A script file's text: UTF-8, else GB18030 (older county sites' scripts are GBK)."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 3:  # cut inside a character at the read limit
            return body.decode("utf-8", errors="ignore")
        return body.decode("gb18030", errors="replace")


class LinkCheckProcess:
    """The checker as a process beside the crawl: start(), crawl, finish()."""

    def __init__(self, job: LinkCheckJob) -> None:
        ctx = multiprocessing.get_context("spawn")  # never fork a process holding a reactor
        self.crawl_done = ctx.Event()
        self.process = ctx.Process(target=_process_main, args=(job, self.crawl_done),
                                   name="govpatrol-linkcheck", daemon=True)
        self.started = 0.0

    def start(self) -> None:
        self.started = time.monotonic()
        self.process.start()

    def finish(self, timeout: float | None = None) -> float:
        """Tell it the crawl is over and wait for the remaining checks; returns the seconds
        waited after the crawl."""
        waited = time.monotonic()
        self.crawl_done.set()
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
            log.warning("链接检查超时，已停止 (link check stopped after %s s)", timeout)
        return time.monotonic() - waited

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


def _process_main(job: LinkCheckJob, crawl_done: Any) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the patrol decides (it stores what was
    # fetched and stops us), so the checker neither dies with a traceback nor goes on alone
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING)
    _exit_with_parent()
    run_job(job, crawl_done)


def _exit_with_parent() -> None:
    """A crawl killed with SIGKILL cannot stop its checker: the checker notices by itself.

    Whatever it was awaiting, it ends within a second; the checks it saved stay, and
    `--resume` checks the rest.
    """
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="govpatrol-parent-watch", daemon=True).start()
