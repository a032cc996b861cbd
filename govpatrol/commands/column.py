"""`govpatrol column LIST_URL`: patrol one column, its list pages and their items only."""

from __future__ import annotations

import click

from govpatrol.commands._common import audit_options, report_options, run_patrol


@click.command("column")
@click.argument("list_url")
@audit_options
@report_options
def column(list_url: str, **kwargs) -> None:
    """只巡检一个栏目（列表页及其信息）/ patrol one column: its list pages and items."""
    run_patrol(list_url, mode="column", **kwargs)
