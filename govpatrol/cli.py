"""The `govpatrol` command line. Each command mirrors a function of govpatrol.run.

Exit status (findings.md): 0 when the run completed, whatever it found; 1 with a one-line
reason on stderr when it could not run (bad config, unreachable start URL, ...).
"""

from __future__ import annotations

import logging
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from govpatrol.check_text import check_text
from govpatrol.config import Config, ConfigError, SiteConfig, check_url, load_config, site_from_url
from govpatrol.model import CATEGORIES
from govpatrol.rules.calendar import HolidayFileError
from govpatrol.rules.profile import ProfileError
from govpatrol.store import StoreError

#: Errors in what the user gave us: one line on stderr and exit 1, never a traceback.
USER_ERRORS: tuple[type[Exception], ...] = (ConfigError, StoreError, ProfileError,
                                            HolidayFileError)

err = Console(stderr=True)
out = Console()


class DateParam(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"日期格式应为 YYYY-MM-DD (expected YYYY-MM-DD): {value!r}", param, ctx)


def today_in_china() -> date:
    """"Today" where the sites are, whatever the server's timezone."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _setup_logging(verbose: int) -> str:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    if sys.stderr.isatty():
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=err, show_path=False)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # Scrapy re-levels its own loggers when a crawl starts; the handler decides what shows.
    handler.addFilter(lambda r: r.levelno >= level or r.name == "govpatrol.progress")
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
    return logging.getLevelName(level)


def _fail(message: str) -> None:
    err.print(f"[bold red]错误[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(1)


def audit_options(func):
    """Options every auditing command takes (findings.md)."""
    decorators = [
        click.option("--as-of", "as_of", type=DateParam(), default=None,
                     help="巡检基准日（默认北京时间今天）/ the day counted as today"),
        click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                     default=None, help="报告输出目录 / output folder"),
        click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
                     default=Path("govpatrol.db"), show_default=True,
                     help="SQLite 数据库 / database file"),
        click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
                     help="sites.toml 配置文件 / config file"),
        click.option("--max-pages", type=click.IntRange(min=1), default=None,
                     help="最多抓取页面数（默认 5000）/ page budget"),
        click.option("--concurrency", type=click.IntRange(min=1, max=256), default=None,
                     help="每站并发请求数（默认 16）/ parallel requests per site"),
        click.option("-v", "--verbose", count=True, help="更多日志 / more logging"),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def report_options(func):
    """Options of the report files, on every command that writes reports."""
    from govpatrol.reports.bundle import DEFAULT_SCREENSHOTS

    decorators = [
        click.option("--split-by-department", is_flag=True, default=False,
                     help="另为每个责任单位生成 Excel 台账和 Word 报告 / one file per department"),
        click.option("--screenshots", type=click.IntRange(min=0), is_flag=False,
                     flag_value=DEFAULT_SCREENSHOTS, default=0, metavar="[N]",
                     help=f"为有问题的页面截图取证，最多 N 张（默认 {DEFAULT_SCREENSHOTS}）"
                          " / evidence screenshots, at most N"),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _report_options(split_by_department: bool, screenshots: int):
    from govpatrol.reports import ReportOptions

    return ReportOptions(split_by_department=split_by_department, screenshots=screenshots)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govpatrol")
def main() -> None:
    """govpatrol：政府网站与政务新媒体巡检 (government website patrol)."""


def _site_and_config(url: str, config_path: Path | None) -> tuple[SiteConfig, Config | None]:
    config = load_config(config_path) if config_path else None
    check_url(url)
    site = config.site_for(url) if config else None
    return site or site_from_url(url), config


def _run(url: str, *, mode: str, as_of, out_dir, db, config_path, max_pages, concurrency,
         verbose, split_by_department=False, screenshots=0, crawl=None) -> None:
    from govpatrol.run import RunError, patrol

    log_level = _setup_logging(verbose)
    try:
        site, config = _site_and_config(url, config_path)
        as_of = as_of or today_in_china()
        out_dir = out_dir or Path("govpatrol-out") / _slug(site.name)
        result = patrol(site, config=config, as_of=as_of, out_dir=out_dir, db=db,
                        start_url=url, mode=mode, max_pages=max_pages, concurrency=concurrency,
                        log_level=log_level,
                        report_options=_report_options(split_by_department, screenshots),
                        **(crawl or {}))
    except (*USER_ERRORS, RunError) as exc:
        _fail(str(exc))
    print_summary(result, site.name, as_of)


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name) or "site"


def print_summary(result, site_name: str, as_of: date) -> None:
    table = Table(title=f"{site_name} 巡检结果（基准日 {as_of.isoformat()}）")
    table.add_column("问题类型")
    table.add_column("数量", justify="right")
    for category, label in CATEGORIES.items():
        if result.findings_by_category.get(category):
            table.add_row(f"{label} {category}", str(result.findings_by_category[category]))
    if not result.findings_by_category:
        table.add_row("未发现问题", "0")
    out.print(table)
    counts = result.counts
    out.print(f"页面 {counts.get('pages', 0)} · 栏目 {counts.get('columns', 0)} · "
              f"信息 {counts.get('items', 0)} · 链接 {counts.get('links', 0)}")
    for warning in result.warnings:
        out.print(f"[yellow]⚠ {escape(warning)}[/]")
    out.print(f"报告 (report): {result.out_dir / 'report.html'}")


@main.command()
@click.argument("url")
@audit_options
@report_options
@click.option("--incremental", is_flag=True, default=False,
              help="增量巡检：只抓取新增或变化的页面 / fetch only new or changed pages")
@click.option("--resume", "resume", type=int, default=None, metavar="RUN_ID",
              help="续跑被中断的巡检 / resume an interrupted run")
@click.option("--redis", "redis_url", default=None, metavar="URL",
              help="分布式：与其他进程共享 Redis 上的抓取队列 / share the crawl through Redis")
def patrol(url, incremental, resume, redis_url, **kwargs) -> None:
    """从首页巡检整个网站 / crawl a site from its home page and audit everything."""
    _run(url, mode="site", crawl={"incremental": incremental, "resume": resume,
                                  "redis_url": redis_url}, **kwargs)


@main.command()
@click.argument("list_url")
@audit_options
@report_options
def column(list_url, **kwargs) -> None:
    """只巡检一个栏目（列表页及其信息）/ patrol one column: its list pages and items."""
    _run(list_url, mode="column", **kwargs)


@main.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("govpatrol.db"), show_default=True)
@click.option("--run", "run_id", type=int, default=None, help="巡检编号（默认最近一次）")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None)
@report_options
def report(db: Path, run_id: int | None, out_dir: Path | None, config_path: Path | None,
           split_by_department: bool, screenshots: int) -> None:
    """从数据库重新生成报告 / render the reports again from the database."""
    from govpatrol.audit import make_context
    from govpatrol.run import render_run
    from govpatrol.store import Store

    _setup_logging(0)
    if not db.exists():
        _fail(f"数据库不存在 (database not found): {db}")
    try:
        store = Store(db)
        run = store.run(run_id)
        if run is None:
            _fail(f"数据库中没有这次巡检 (no such run in {db}): {run_id}")
        config = load_config(config_path) if config_path else None
        site = (config.site_for(run["url"]) if config else None) or site_from_url(run["url"])
        ctx = make_context(config, site, date.fromisoformat(run["as_of"]))
        out_dir = out_dir or Path("govpatrol-out") / _slug(run["site"]) / f"run-{run['id']}"
        result = render_run(store, run["id"], ctx, out_dir,
                            _report_options(split_by_department, screenshots))
    except USER_ERRORS as exc:
        _fail(str(exc))
    print_summary(result, run["site"], date.fromisoformat(run["as_of"]))


@main.command()
@click.option("--as-of", "as_of", type=DateParam(), default=None,
              help="默认为示例站点的基准日 / defaults to the demo's fixed day")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("govpatrol-demo"), show_default=True)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="默认 <out>/govpatrol.db")
@click.option("--port", type=int, default=0, help="示例站点端口（默认随机空闲端口）")
@click.option("-v", "--verbose", count=True)
@report_options
def demo(as_of, out_dir: Path, db: Path | None, port: int, verbose: int,
         split_by_department: bool, screenshots: int) -> None:
    """启动内置示例网站并巡检 / serve the bundled sample portal on 127.0.0.1 and patrol it."""
    from govpatrol.demo import DEMO_AS_OF, demo_config
    from govpatrol.demo.server import DemoServer
    from govpatrol.run import RunError, patrol

    log_level = _setup_logging(verbose)
    out_dir.mkdir(parents=True, exist_ok=True)
    with DemoServer(port=port) as server:
        config_path = out_dir / "sites.toml"
        config_path.write_text(demo_config(server.url), encoding="utf-8")
        config = load_config(config_path)
        site = config.sites[0]
        as_of = as_of or DEMO_AS_OF
        out.print(f"示例站点 (demo site): {server.url}  基准日 {as_of.isoformat()}")
        try:
            result = patrol(site, config=config, as_of=as_of, out_dir=out_dir,
                            db=db or out_dir / "govpatrol.db", log_level=log_level,
                            report_options=_report_options(split_by_department, screenshots))
        except (*USER_ERRORS, RunError) as exc:
            _fail(str(exc))
    print_summary(result, site.name, as_of)


@main.command()
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
    from govpatrol.nightly import NightlyLocked, run_nightly

    _setup_logging(verbose)
    as_of = as_of or today_in_china()
    try:
        outcomes = run_nightly(config_path, out_dir=out_dir, db=db, as_of=as_of, keep=keep,
                               full=full)
    except (*USER_ERRORS, NightlyLocked) as exc:
        _fail(str(exc))
    for outcome in outcomes:
        state = "完成" if outcome.returncode == 0 else f"失败 {escape(outcome.error)}"
        out.print(f"{escape(outcome.site)}: {state}")
    out.print(f"汇总 (index): {out_dir / as_of.isoformat() / 'index.html'}")
    if any(o.returncode for o in outcomes):
        sys.exit(1)


@main.command()
@click.option("--redis", "redis_url", required=True, metavar="URL",
              help="协调进程使用的 Redis / the Redis of the distributed run")
@click.option("--run", "run_id", type=int, default=None, help="巡检编号（默认当前进行中的）")
@click.option("--wait", type=float, default=30.0, show_default=True,
              help="等待巡检开始的秒数 / seconds to wait for a run to start")
@click.option("-v", "--verbose", count=True)
def worker(redis_url: str, run_id: int | None, wait: float, verbose: int) -> None:
    """加入分布式巡检，分担抓取 / join a distributed patrol started with `patrol --redis`."""
    from redis import RedisError

    from govpatrol.crawler.shared import join_crawl

    log_level = _setup_logging(verbose)
    try:
        crawl = join_crawl(redis_url, run_id, wait=wait, log_level=log_level)
    except (RuntimeError, RedisError) as exc:
        _fail(str(exc))
    out.print(f"本进程抓取 {crawl['responses']} 页 (pages fetched by this worker)")


main.add_command(check_text)

from govpatrol.evaluation.prep import prep  # noqa: E402 - commands in their own modules, registered last
from govpatrol.evaluation.watch import watch  # noqa: E402

main.add_command(watch)
main.add_command(prep)
