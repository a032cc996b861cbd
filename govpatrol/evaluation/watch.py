"""`govpatrol watch`: availability probes of every site's home page and key columns.

The national inspection fails a site when, over a week of at least 20 probes a day, 5% of the
probes get no page within 15 seconds (rules.md 1b). A nightly crawl cannot tell that; a probe
every 10 minutes (144 a day) can. Each probe is a row of the `probes` table (govpatrol/probes.py)
in the patrol's database, and the veto dashboard reports the week's failure rate against the
5% line and the 3% warning level.

Probes go through the link checker's aiohttp client (crawler/linkcheck/checker.py): a GET of
the page, redirects followed; a page is up when an HTTP status below 400 arrives within the
timeout. What is probed: each site's `url`, its `[[sites.columns]]` and its `probe_urls`.

It runs until stopped (SIGTERM or SIGINT end it cleanly between or during rounds, the unfinished
round unrecorded), survives network and database errors (logged; the next round tries again),
and `--once` runs one round for cron and tests. As a systemd service::

    # /etc/systemd/system/govpatrol-watch.service
    [Unit]
    Description=govpatrol availability probes (政府网站可用性监测)
    After=network-online.target
    Wants=network-online.target

    [Service]
    Type=simple
    User=govpatrol
    WorkingDirectory=/var/lib/govpatrol
    ExecStart=/usr/local/bin/govpatrol watch --config /etc/govpatrol/sites.toml --db govpatrol.db
    Restart=on-failure
    RestartSec=30
    KillSignal=SIGTERM

    [Install]
    WantedBy=multi-user.target

`systemctl enable --now govpatrol-watch` starts it; `systemctl stop` sends SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from govpatrol.config import Config
from govpatrol.evaluation.probes import Probe, ProbeLog
from govpatrol.linkcheck.checker import CheckerOptions, CheckResult, LinkChecker

log = logging.getLogger(__name__)



@dataclass(frozen=True)
class Target:
    site: str
    url: str
    kind: str  # "home", "column", "extra"


def targets(config: Config) -> list[Target]:
    """Every URL to probe: home pages, configured columns, extra probe_urls; each once."""
    out: list[Target] = []
    seen: set[tuple[str, str]] = set()
    for site in config.sites:
        wanted = [(site.url, "home")] + [(c.url, "column") for c in site.columns]
        wanted += [(url, "extra") for url in site.probe_urls]  # URLs checked by the config
        for url, kind in wanted:
            if (site.name, url) not in seen:
                seen.add((site.name, url))
                out.append(Target(site.name, url, kind))
    return out


async def _probe(checker: LinkChecker, target: Target, timeout: float) -> Probe:
    at = datetime.now(UTC)
    started = time.monotonic()
    try:
        result = await checker.check(target.url, html_expected=True)
    except Exception as exc:  # noqa: BLE001 - any failure to get the page is a failed probe
        result = CheckResult(target.url, error=type(exc).__name__)
    elapsed = time.monotonic() - started
    ok = (result.error is None and result.status is not None and result.status < 400
          and elapsed <= timeout + 1.0)  # the checker's own limit; 1 s for the event loop
    return Probe(site=target.site, url=target.url, kind=target.kind, checked_at=at, ok=ok,
                 status=result.status, error=result.error, elapsed=elapsed)


async def probe_round(to_probe: Iterable[Target], timeout: float) -> list[Probe]:
    """One probe of every target, concurrently."""
    options = CheckerOptions(timeout=timeout, concurrency=32, per_host=4, rate_limit_rounds=1)
    async with LinkChecker(options) as checker:
        return list(await asyncio.gather(*(_probe(checker, t, timeout) for t in to_probe)))


def _summary(probes: list[Probe]) -> str:
    failed = [p for p in probes if not p.ok]
    text = f"探测 {len(probes)} 个页面，失败 {len(failed)} 个"
    if failed:
        text += "：" + "；".join(f"{p.url}（{p.error or p.status}）" for p in failed[:5])
    return text


async def watch_loop(to_probe: list[Target], probe_log: ProbeLog, *, interval: float,
                     timeout: float, once: bool, stop: asyncio.Event | None = None,
                     report=print) -> int:
    """Probe rounds every `interval` seconds until `stop` is set (or one with `once`)."""
    stop = stop or asyncio.Event()
    rounds = 0
    while not stop.is_set():
        started = time.monotonic()
        round_task = asyncio.ensure_future(probe_round(to_probe, timeout))
        stop_task = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({round_task, stop_task},
                                     return_when=asyncio.FIRST_COMPLETED)
        stop_task.cancel()
        if round_task not in done:  # stopped mid-round: an unfinished round is not recorded
            round_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await round_task
            break
        try:
            probes = round_task.result()
            probe_log.record(probes)
            rounds += 1
            report(f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S} {_summary(probes)}")
        except Exception:  # noqa: BLE001 - a bad round (disk full, locked db) is not the end
            log.exception("探测失败，下一轮重试 (probe round failed, retrying next round)")
        if once:
            break
        delay = max(0.0, interval - (time.monotonic() - started))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=delay)
    return rounds


async def run_watch(to_probe: list[Target], db: Path, interval: float, timeout: float,
                    once: bool, report=print) -> int:
    """Probe rounds into `db` until SIGTERM or SIGINT (or one round with `once`)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    probe_log = ProbeLog(db)
    try:
        return await watch_loop(to_probe, probe_log, interval=interval, timeout=timeout,
                                once=once, stop=stop, report=report)
    finally:
        probe_log.close()
