"""`govpatrol demo`: serve the bundled sample portal on 127.0.0.1 and patrol it."""

from __future__ import annotations

from pathlib import Path

import click

from govpatrol.commands._common import (
    DateParam,
    make_report_options,
    print_summary,
    report_options,
    setup_logging,
)


@click.command("demo")
@click.option("--as-of", "as_of", type=DateParam(), default=None,
              help="默认为示例站点的基准日 / defaults to the demo's fixed day")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("govpatrol-demo"), show_default=True)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="默认 <out>/govpatrol.db")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=0,
              help="示例站点端口（默认随机空闲端口）")
@click.option("-v", "--verbose", count=True)
@report_options
def demo(as_of, out_dir: Path, db: Path | None, port: int, verbose: int,
         split_by_department: bool, screenshots: int) -> None:
    """启动内置示例网站并巡检 / serve the bundled sample portal on 127.0.0.1 and patrol it."""
    from rich.console import Console

    from govpatrol.config import load_config
    from govpatrol.demo import DEMO_AS_OF, demo_config
    from govpatrol.demo.server import DemoServer
    from govpatrol.run import patrol

    log_level = setup_logging(verbose)
    report_opts = make_report_options(split_by_department, screenshots)
    out_dir.mkdir(parents=True, exist_ok=True)
    with DemoServer(port=port) as server:
        config_path = out_dir / "sites.toml"
        config_path.write_text(demo_config(server.url), encoding="utf-8")
        config = load_config(config_path)
        site = config.sites[0]
        as_of = as_of or DEMO_AS_OF
        Console().print(f"示例站点 (demo site): {server.url}  基准日 {as_of.isoformat()}")
        result = patrol(site, config=config, as_of=as_of, out_dir=out_dir,
                        db=db or out_dir / "govpatrol.db", log_level=log_level,
                        report_options=report_opts)
    print_summary(result, site.name, as_of)
