"""`govpatrol patrol URL`: crawl a site from its home page, audit everything, write the reports."""

from __future__ import annotations

import click

from govpatrol.commands._common import audit_options, report_options, run_patrol


@click.command("patrol")
@click.argument("url")
@audit_options
@report_options
@click.option("--incremental", is_flag=True, default=False,
              help="增量巡检：只抓取新增或变化的页面 / fetch only new or changed pages")
@click.option("--resume", "resume", type=int, default=None, metavar="RUN_ID",
              help="续跑被中断的巡检 / resume an interrupted run")
@click.option("--redis", "redis_url", default=None, metavar="URL",
              help="分布式：与其他进程共享 Redis 上的抓取队列 / share the crawl through Redis")
def patrol(url: str, incremental: bool, resume: int | None, redis_url: str | None,
           **kwargs) -> None:
    """从首页巡检整个网站 / crawl a site from its home page and audit everything."""
    run_patrol(url, mode="site", crawl={"incremental": incremental, "resume": resume,
                                        "redis_url": redis_url}, **kwargs)
