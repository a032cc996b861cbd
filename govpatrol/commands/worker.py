"""`govpatrol worker --redis URL`: join a distributed patrol started with `patrol --redis`."""

from __future__ import annotations

import click

from govpatrol.commands._common import setup_logging
from govpatrol.errors import GovpatrolError


class WorkerError(GovpatrolError):
    """The worker could not join or finish its share of the crawl (no run, Redis down)."""


@click.command("worker")
@click.option("--redis", "redis_url", required=True, metavar="URL",
              help="协调进程使用的 Redis / the Redis of the distributed run")
@click.option("--run", "run_id", type=int, default=None, help="巡检编号（默认当前进行中的）")
@click.option("--wait", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="等待巡检开始的秒数 / seconds to wait for a run to start")
@click.option("-v", "--verbose", count=True)
def worker(redis_url: str, run_id: int | None, wait: float, verbose: int) -> None:
    """加入分布式巡检，分担抓取 / join a distributed patrol started with `patrol --redis`."""
    from redis import RedisError

    from govpatrol.crawler.shared import join_crawl

    log_level = setup_logging(verbose)
    try:
        crawl = join_crawl(redis_url, run_id, wait=wait, log_level=log_level)
    except (RuntimeError, RedisError) as exc:
        raise WorkerError(str(exc)) from None
    click.echo(f"本进程抓取 {crawl['responses']} 页 (pages fetched by this worker)")
