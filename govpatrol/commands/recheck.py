"""`govpatrol recheck --db PATH`: the 复查 of the review loop without waiting for the night.

It patrols the site of the last completed run again, fetching the home page, the lists and the
pages of its open findings and of every finding marked 已整改, and copying every other page
from that run without a request; the reports then say, finding by finding, 复查通过 (gone from
a page fetched again) or 复查未通过 (still there).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govpatrol.commands._common import (
    EXIT_INCOMPLETE,
    DateParam,
    make_report_options,
    print_summary,
    report_options,
    setup_logging,
    slug,
    today_in_china,
)


@click.command("recheck")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("govpatrol.db"), show_default=True,
              help="SQLite 数据库 / database file")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="sites.toml 配置文件 / config file")
@click.option("--site", "site_name", default=None,
              help="站点名称（数据库中有多个站点时必填）/ the site, when the database has several")
@click.option("--as-of", "as_of", type=DateParam(), default=None,
              help="巡检基准日（默认北京时间今天）/ the day counted as today")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="报告输出目录 / output folder")
@click.option("-v", "--verbose", count=True, help="更多日志 / more logging")
@report_options
def recheck(db: Path, config_path: Path | None, site_name: str | None, as_of, out_dir: Path | None,
            verbose: int, split_by_department: bool, screenshots: int) -> None:
    """复查：只重新抓取未整改和已标记整改问题所在的页面 / re-check open and fixed findings."""
    from govpatrol.config import load_config, site_from_url
    from govpatrol.review import recheck_targets
    from govpatrol.run import RunInterrupted, patrol
    from govpatrol.store import Store, StoreError

    log_level = setup_logging(verbose)
    if not db.exists():
        raise StoreError(f"数据库不存在 (database not found): {db}")
    config = load_config(config_path) if config_path else None
    report_opts = make_report_options(split_by_department, screenshots)
    store = Store(db)
    try:
        sites = store.site_names()
        if site_name is None and len(sites) > 1:
            raise StoreError("数据库中有多个站点，请用 --site 指定其一 (several sites, choose one "
                             "with --site): " + "、".join(sites))
        name = site_name or (sites[0] if sites else "")
        if name not in sites:
            raise StoreError(f"数据库中没有站点“{name}”(no such site in {db})")
        run, targets = recheck_targets(store, name)
    finally:
        store.close()
    if run is None:
        raise StoreError(f"站点“{name}”没有已完成的巡检可供复查 (no completed run to re-check)")
    if not targets:
        click.echo(f"站点“{name}”没有需要复查的问题（巡检编号 {run['id']}）")
        return
    site = (config.site_for(run["url"]) if config else None) or site_from_url(run["url"])
    site = site.model_copy(update={"name": name})  # the stored runs' name: history, answers
    as_of = as_of or today_in_china()
    out_dir = out_dir or Path("govpatrol-out") / slug(name) / "recheck"
    click.echo(f"复查站点“{name}”：重新抓取 {len(targets)} 个问题页面及首页、栏目列表页，"
               f"其余页面沿用巡检编号 {run['id']} 的结果")
    try:
        result = patrol(site, config=config, as_of=as_of, out_dir=out_dir, db=db,
                        start_url=run["url"], log_level=log_level, report_options=report_opts,
                        recheck=tuple(targets))
    except RunInterrupted as stop:
        from govpatrol.cli import fail

        fail(stop.one_line(), stop.exit_code)
    print_summary(result, name, as_of)
    digest = result.digest or {}
    click.echo(f"复查结果：复查未通过 {digest.get('reopened', 0)} 个，"
               f"本次未再发现（已整改）{digest.get('fixed', 0)} 个")
    if result.incomplete:
        sys.exit(EXIT_INCOMPLETE)
