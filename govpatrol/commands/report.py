"""`govpatrol report --db PATH`: render the reports of a stored run again, without crawling."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from govpatrol.commands._common import (
    make_report_options,
    print_summary,
    report_options,
    setup_logging,
    slug,
)


@click.command("report")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("govpatrol.db"), show_default=True)
@click.option("--run", "run_id", type=int, default=None, help="巡检编号（默认最近一次）")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None)
@report_options
def report(db: Path, run_id: int | None, out_dir: Path | None, config_path: Path | None,
           split_by_department: bool, screenshots: int) -> None:
    """从数据库重新生成报告 / render the reports again from the database."""
    from govpatrol.auditors.context import checked_context
    from govpatrol.config import load_config, site_from_url
    from govpatrol.run import render_run
    from govpatrol.store import Store, StoreError

    setup_logging(0)
    if not db.exists():
        raise StoreError(f"数据库不存在 (database not found): {db}")
    store = Store(db)
    run = store.run(run_id)
    if run is None:
        raise StoreError(f"数据库中没有这次巡检 (no such run in {db}): {run_id}")
    config = load_config(config_path) if config_path else None
    site = (config.site_for(run["url"]) if config else None) or site_from_url(run["url"])
    as_of = date.fromisoformat(run["as_of"])
    ctx = checked_context(config, site, as_of)
    out_dir = out_dir or Path("govpatrol-out") / slug(run["site"]) / f"run-{run['id']}"
    result = render_run(store, run["id"], ctx, out_dir,
                        make_report_options(split_by_department, screenshots))
    print_summary(result, run["site"], as_of)
