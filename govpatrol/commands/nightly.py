"""`govpatrol nightly --config FILE`: every site of the config, incrementally, for cron."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govpatrol.commands._common import (
    EXIT_INCOMPLETE,
    DateParam,
    setup_logging,
    today_in_china,
)


@click.command("nightly")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), required=True, help="sites.toml 配置文件 / config file")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("govpatrol-nightly"), show_default=True,
              help="报告目录，按日期分文件夹 / reports, one folder per day")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("govpatrol.db"), show_default=True)
@click.option("--as-of", "as_of", type=DateParam(), default=None)
@click.option("--keep", type=click.IntRange(min=1), default=30, show_default=True,
              help="保留最近 N 天的报告 / keep N days of reports")
@click.option("--full", is_flag=True, default=False,
              help="完整抓取，不沿用上次结果 / crawl everything again")
@click.option("-v", "--verbose", count=True)
def nightly(config_path: Path, out_dir: Path, db: Path, as_of, keep: int, full: bool,
            verbose: int) -> None:
    """夜间增量巡检配置中的所有网站 / every site of the config, incrementally (cron)."""
    from rich.console import Console
    from rich.markup import escape

    from govpatrol.nightly import run_nightly

    setup_logging(verbose)
    as_of = as_of or today_in_china()
    outcomes = run_nightly(config_path, out_dir=out_dir, db=db, as_of=as_of, keep=keep,
                           full=full)
    out = Console()
    for outcome in outcomes:
        state = outcome.state + (f" {outcome.error}" if outcome.error else "")
        summary = outcome.summary
        if summary:
            state += f" · 问题 {summary['findings']}" + (" · 单项否决" if summary["veto"] else "")
        out.print(f"{escape(outcome.site)}: {escape(state)}", soft_wrap=True)
    out.print(f"汇总 (index): {(out_dir / as_of.isoformat() / 'index.html').resolve()}",
              soft_wrap=True)
    if any(not o.has_report for o in outcomes):
        sys.exit(1)  # a site failed: no report for it
    if any(o.returncode for o in outcomes):
        sys.exit(EXIT_INCOMPLETE)  # every site reported, some only partly
