"""`govpatrol nightly`: every configured site, incrementally, into dated folders.

Meant for cron or a systemd timer. One patrol per site runs as a subprocess (Twisted's reactor
starts once per process), each with `--incremental`: lists always, articles only when new or
changed. A lock (fcntl) keeps two nightly runs from overlapping: a slow night must not be
doubled by the next one. Folders older than `keep` days are removed.
"""

from __future__ import annotations

import fcntl
import html
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from govpatrol.errors import GovpatrolError
from govpatrol.store import Store, StoreError

log = logging.getLogger(__name__)

LOCK_NAME = ".govpatrol-nightly.lock"


class NightlyLocked(GovpatrolError):
    """Another nightly run holds the lock."""


#: Exit codes of `govpatrol patrol` (README, exit status) -> what the night's index says.
STATES = {0: "完成", 3: "结果不完整", 130: "被中断", 143: "被中断"}


@dataclass
class SiteOutcome:
    site: str
    url: str
    folder: str
    returncode: int
    error: str = ""
    run: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)  # run.json's digest

    @property
    def state(self) -> str:
        """完成 / 结果不完整 / 被中断 / 失败: an incomplete run still has its report."""
        return STATES.get(self.returncode, "失败")

    @property
    def has_report(self) -> bool:
        return self.returncode in (0, 3)


@contextmanager
def nightly_lock(out_dir: Path) -> Iterator[None]:
    """An exclusive, non-blocking flock on DIR/.govpatrol-nightly.lock (freed if we die)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    handle = open(out_dir / LOCK_NAME, "a+")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NightlyLocked(f"另一次夜间巡检正在运行 (another nightly run holds "
                                f"{out_dir / LOCK_NAME})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def slug(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name) or "site"


def run_nightly(config_path: Path, *, out_dir: Path, db: Path, as_of: date, keep: int,
                full: bool = False, extra_args: tuple[str, ...] = ()) -> list[SiteOutcome]:
    from govpatrol.config import load_config

    config = load_config(config_path)
    with nightly_lock(out_dir):
        day_dir = out_dir / as_of.isoformat()
        outcomes = []
        for site in config.sites:
            folder = day_dir / slug(site.name)
            cmd = [sys.executable, "-m", "govpatrol", "patrol", site.url, "--config",
                   str(config_path), "--db", str(db), "--out", str(folder), "--as-of",
                   as_of.isoformat(), *(() if full else ("--incremental",)), *extra_args]
            log.info("夜间巡检 (nightly) %s", site.name)
            proc = subprocess.run(cmd, capture_output=True, text=True)
            error = "" if proc.returncode == 0 else (proc.stderr.strip().splitlines() or [""])[-1]
            outcomes.append(SiteOutcome(site.name, site.url, slug(site.name), proc.returncode,
                                        error, _last_run(db, site.name), _digest(folder)))
        write_index(day_dir, as_of, outcomes)
        prune(out_dir, as_of, keep)
    return outcomes


def _digest(folder: Path) -> dict[str, Any]:
    """The site's run.json digest (findings by severity, veto, change), if a report was made."""
    try:
        return json.loads((folder / "run.json").read_text(encoding="utf-8")).get("summary") or {}
    except (OSError, ValueError):
        return {}


def _last_run(db: Path, site: str) -> dict[str, Any]:
    if not db.exists():
        return {}
    try:
        store = Store(db, readonly=True)
    except StoreError:
        return {}
    try:
        run = store.run(site=site)
    finally:
        store.close()
    if run is None:
        return {}
    stats = json.loads(run["stats"] or "{}")
    crawl = stats.get("crawl", {})
    return {"id": run["id"], "status": run["status"], "findings": stats.get("findings"),
            "requests": crawl.get("requests"), "reused": crawl.get("counters", {}).get("reused",
                                                                                      0),
            "not_modified": crawl.get("not_modified", 0)}


def _change(summary: dict[str, Any]) -> str:
    if not summary:
        return ""
    if summary.get("previous_run") is None:
        return "首次巡检"
    text = f"新 {summary['new']} · 持续 {summary['open']} · 已整改 {summary['fixed']}"
    change = summary.get("score_change")
    return text if change is None else f"{text} · 得分 {change:+.1f}"


def write_index(day_dir: Path, as_of: date, outcomes: list[SiteOutcome]) -> Path:
    """DIR/YYYY-MM-DD/index.html and index.json: every site of the night, with its report,
    findings by severity, veto status, change since last night, or why it failed."""
    from govpatrol.model import SEVERITIES, SEVERITY_LABELS

    day_dir.mkdir(parents=True, exist_ok=True)
    esc = html.escape
    rows = []
    for o in outcomes:
        state = esc(o.state) + (f"：{esc(o.error)}" if o.error else "")
        link = (f'<a href="{esc(o.folder)}/report.html">{esc(o.site)}</a>'
                if o.has_report else esc(o.site))
        summary = o.summary
        counts = "".join(f"<td>{summary.get('by_severity', {}).get(s, '')}</td>"
                         for s in SEVERITIES)
        if not summary:
            veto = ""
        elif summary.get("veto"):
            items = "；".join(summary.get("veto_items", []))
            veto = f'<span style="color:#b22222">单项否决</span>：{esc(items)}'
        else:
            veto = "无"
        rows.append(f"<tr><td>{link}</td><td>{state}</td><td>{summary.get('findings', '')}</td>"
                    f"{counts}<td>{veto}</td><td>{esc(_change(summary))}</td>"
                    f"<td>{o.run.get('requests', '')}</td><td>{o.run.get('reused', '')}</td>"
                    f"<td>{o.run.get('not_modified', '')}</td></tr>")
    severity_headers = "".join(f"<th>{SEVERITY_LABELS[s]}</th>" for s in SEVERITIES)
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>夜间巡检 {as_of.isoformat()}</title></head><body>"
        f"<h1>夜间巡检汇总（{as_of.isoformat()}）</h1><table border=\"1\" cellpadding=\"4\">"
        f"<tr><th>站点</th><th>状态</th><th>问题数</th>{severity_headers}<th>单项否决</th>"
        "<th>较上次</th><th>请求数</th><th>沿用页面</th><th>未变化(304)</th></tr>"
        f"{''.join(rows)}</table></body></html>"
    )
    (day_dir / "index.html").write_text(page, encoding="utf-8")
    (day_dir / "index.json").write_text(json.dumps(
        [o.__dict__ | {"state": o.state} for o in outcomes], ensure_ascii=False, indent=1),
        encoding="utf-8")
    return day_dir / "index.html"


def prune(out_dir: Path, as_of: date, keep: int) -> list[Path]:
    """Remove dated folders more than `keep` days older than as_of; others are not ours."""
    removed = []
    cutoff = as_of - timedelta(days=keep)
    for child in out_dir.iterdir():
        try:
            day = date.fromisoformat(child.name)
        except ValueError:
            continue
        if child.is_dir() and day <= cutoff:
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child)
    return removed
