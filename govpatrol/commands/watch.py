"""`govpatrol watch --config FILE`: availability probes, every `--interval` seconds until stopped.

The probing itself is govpatrol.evaluation.watch (its docstring has the systemd unit).
"""

from __future__ import annotations

from pathlib import Path

import click

from govpatrol.commands._common import setup_logging

DEFAULT_INTERVAL = 600.0  # seconds: 144 probes a day, well above the inspection's 20
DEFAULT_TIMEOUT = 15.0  # seconds: the inspection's limit


@click.command("watch")
@click.option("--config", "config_path", type=click.Path(path_type=Path), required=True,
              help="sites.toml 配置文件 / config file")
@click.option("--interval", type=click.FloatRange(min=1), default=DEFAULT_INTERVAL,
              show_default=True, help="探测间隔（秒）/ seconds between rounds")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("govpatrol.db"), show_default=True, help="SQLite 数据库 / database")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT,
              show_default=True, help="超过该秒数未打开即为失败 / seconds before a probe fails")
@click.option("--once", is_flag=True, help="只探测一轮（供 cron 和测试）/ one round, then exit")
@click.option("-v", "--verbose", count=True, help="更多日志 / more logging")
def watch(config_path: Path, interval: float, db: Path, timeout: float, once: bool,
          verbose: int) -> None:
    """持续探测网站可用性（单项否决：一周内5%无法访问）/ availability probes until stopped."""
    import asyncio

    from govpatrol.config import load_config
    from govpatrol.evaluation.watch import run_watch, targets

    setup_logging(verbose)
    config = load_config(config_path)
    to_probe = targets(config)
    click.echo(f"可用性监测 (watch)：{len(config.sites)} 个站点、{len(to_probe)} 个页面，"
               f"每 {interval:g} 秒一轮，超时 {timeout:g} 秒，写入 {db}", err=True)
    # the store turns every database error into a StoreError, which the CLI reports in one line
    rounds = asyncio.run(run_watch(to_probe, db, interval, timeout, once,
                                   report=lambda line: click.echo(line, err=True)))
    click.echo(f"已停止 (stopped) after {rounds} round(s)", err=True)
