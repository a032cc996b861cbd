"""`govpatrol prep`: the evaluation-prep pack (veto dashboard, costing findings, estimated score)
per department, as Excel and Word. The work is govpatrol.evaluation.prep."""

from __future__ import annotations

from pathlib import Path

import click

from govpatrol.commands._common import setup_logging


@click.command("prep")
@click.option("--config", "config_path", type=click.Path(path_type=Path), required=True,
              help="sites.toml 配置文件 / config file")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="SQLite 数据库 / database file")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="输出目录 / output folder")
@click.option("--run", "run_id", type=int, default=None,
              help="巡检编号（默认每个站点最近一次完成的巡检）/ run id")
@click.option("--profile", "profile_name", default=None,
              help="规则配置（默认站点自己的；无单项否决指标时用 national）/ rules profile")
def prep(config_path: Path, db: Path, out_dir: Path, run_id: int | None,
         profile_name: str | None) -> None:
    """生成各责任单位的迎评材料（单项否决指标、扣分问题、估算得分）/ evaluation-prep pack."""
    from govpatrol.auditors.veto import VETO
    from govpatrol.config import load_config
    from govpatrol.evaluation.prep import runs_to_prepare, site_pack
    from govpatrol.reports.prep import write_site
    from govpatrol.store import Store, StoreError

    setup_logging(0)
    if not db.exists():
        raise StoreError(f"数据库不存在 (database not found): {db}")
    config = load_config(config_path)
    store = Store(db)
    pairs = runs_to_prepare(store, config, run_id)
    if not pairs:
        raise StoreError(f"数据库中没有配置中站点的已完成巡检 (no completed run of the configured"
                         f" sites in {db})")
    for site, run in pairs:
        pack = site_pack(store, config, site, run, profile_name)
        written = write_site(pack, out_dir)
        vetoes = sum(1 for item in pack.veto if item.status == VETO)
        click.echo(f"{site.name}（巡检 {run['id']}，基准日 {run['as_of']}，规则 "
                   f"{pack.profile_name}）：单项否决 {vetoes} 项，{len(pack.departments)} 个"
                   f"责任单位，{len(written)} 个文件 -> {out_dir}")
