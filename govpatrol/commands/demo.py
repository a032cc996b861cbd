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

#: The demo's usual port: the same site address every time, so a second `govpatrol demo`
#: compares with the first (history is kept per site name and start URL).
DEMO_PORT = 8613


@click.command("demo")
@click.option("--as-of", "as_of", type=DateParam(), default=None,
              help="默认为示例站点的基准日 / defaults to the demo's fixed day")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("govpatrol-demo"), show_default=True)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="默认 <out>/govpatrol.db")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=None,
              help=f"示例站点端口（默认 {DEMO_PORT}，被占用时随机；0 为随机）")
@click.option("-v", "--verbose", count=True)
@report_options
def demo(as_of, out_dir: Path, db: Path | None, port: int | None, verbose: int,
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
    server = DemoServer(port=DEMO_PORT if port is None else port)
    try:
        server.start()
    except OSError as exc:
        if port is not None:
            from govpatrol.errors import GovpatrolError

            raise GovpatrolError(
                f"端口 {port} 无法使用 (port unavailable): {exc.strerror}") from None
        server = DemoServer(port=0).start()  # the usual port is taken: any free one
        Console(stderr=True).print(
            f"[yellow]端口 {DEMO_PORT} 已被占用，改用 {server.url}；"
            "站点地址不同，本次不与上次巡检比较 (port in use: no history this time)[/]")
    with server:
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
