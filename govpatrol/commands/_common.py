"""What several commands share: option sets, the date type, logging set-up, the run summary.

Nothing heavy is imported at module level: this module is imported by `govpatrol --help`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

if TYPE_CHECKING:
    from govpatrol.config import Config, SiteConfig

#: Exit status of a patrol that ran to its end but could not check every page (throttled).
EXIT_INCOMPLETE = 3

#: `--screenshots` given without N: the renderer's own default count (reports.bundle).
SCREENSHOTS_DEFAULT = -1


class DateParam(click.ParamType):
    """YYYY-MM-DD; anything else is a usage error in Chinese and English."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"日期应为有效的 YYYY-MM-DD (expected a valid YYYY-MM-DD date): {value!r}",
                      param, ctx)


def today_in_china() -> date:
    """"Today" where the sites are, whatever the server's timezone."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def setup_logging(verbose: int) -> str:
    """Route logging to stderr at the level `-v` asks for; returns the level's name."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=Console(stderr=True), show_path=False)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # Scrapy re-levels its own loggers when a crawl starts; the handler decides what shows.
    handler.addFilter(lambda r: r.levelno >= level or r.name == "govpatrol.progress")
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
    return logging.getLevelName(level)


def _apply(func: Callable, decorators: list[Callable]) -> Callable:
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def audit_options(func: Callable) -> Callable:
    """Options every auditing command takes (findings.md)."""
    return _apply(func, [
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
    ])


def report_options(func: Callable) -> Callable:
    """Options of the report files, on every command that writes reports."""
    return _apply(func, [
        click.option("--split-by-department", is_flag=True, default=False,
                     help="另为每个责任单位生成 Excel 台账和 Word 报告 / one file per department"),
        click.option("--screenshots", type=click.IntRange(min=SCREENSHOTS_DEFAULT), is_flag=False,
                     flag_value=SCREENSHOTS_DEFAULT, default=0, metavar="[N]",
                     help="为有问题的页面截图取证，最多 N 张（不写 N 时 20 张）"
                          " / evidence screenshots, at most N (20 without N)"),
    ])


def make_report_options(split_by_department: bool, screenshots: int) -> Any:
    """reports.ReportOptions from the option values (imported only when a report is made)."""
    from govpatrol.reports import ReportOptions
    from govpatrol.reports.bundle import DEFAULT_SCREENSHOTS

    if screenshots == SCREENSHOTS_DEFAULT:
        screenshots = DEFAULT_SCREENSHOTS
    elif screenshots < 0:
        raise click.BadParameter("应为非负整数 (must be 0 or more)", param_hint="'--screenshots'")
    return ReportOptions(split_by_department=split_by_department, screenshots=screenshots)


def slug(name: str) -> str:
    """A folder name from a site name."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name) or "site"


def site_and_config(url: str, config_path: Path | None) -> tuple[SiteConfig, Config | None]:
    """The site whose host matches `url` in the config (an error when none does), else a bare
    site named after the URL's host."""
    from govpatrol.config import check_url, load_config, site_from_url

    check_url(url)
    if config_path is None:
        return site_from_url(url), None
    config = load_config(config_path)
    return config.site_matching(url), config


def run_patrol(url: str, *, mode: str, as_of: date | None, out_dir: Path | None, db: Path,
               config_path: Path | None, max_pages: int | None, concurrency: int | None,
               verbose: int, split_by_department: bool = False, screenshots: int = 0,
               crawl: dict[str, Any] | None = None) -> None:
    """`patrol` and `column`: one patrol through govpatrol.run, then the summary."""
    log_level = setup_logging(verbose)
    site, config = site_and_config(url, config_path)
    report_opts = make_report_options(split_by_department, screenshots)
    from govpatrol.run import RunInterrupted, patrol

    as_of = as_of or today_in_china()
    out_dir = out_dir or Path("govpatrol-out") / slug(site.name)
    try:
        result = patrol(site, config=config, as_of=as_of, out_dir=out_dir, db=db,
                        start_url=url, mode=mode, max_pages=max_pages,
                        concurrency=concurrency, log_level=log_level,
                        report_options=report_opts, **(crawl or {}))
    except RunInterrupted as stop:  # one line, exit 130 (SIGINT) / 143 (SIGTERM)
        from govpatrol.cli import fail

        fail(stop.one_line(), stop.exit_code)
    print_summary(result, site.name, as_of)
    if result.incomplete:  # throttled: the run ended but missed pages (README, exit status)
        sys.exit(EXIT_INCOMPLETE)


def print_summary(result: Any, site_name: str, as_of: date) -> None:
    """Findings by category and by severity, the veto items by name, the counts, the warnings
    and the absolute path of every file written."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from govpatrol.model import CATEGORIES, SEVERITY_LABELS

    out = Console()
    table = Table(title=f"{site_name} 巡检结果（基准日 {as_of.isoformat()}）")
    table.add_column("问题类型")
    table.add_column("数量", justify="right")
    for category, label in CATEGORIES.items():
        if result.findings_by_category.get(category):
            table.add_row(f"{label} {category}", str(result.findings_by_category[category]))
    if not result.findings_by_category:
        table.add_row("未发现问题", "0")
    out.print(table)
    digest = getattr(result, "digest", None) or {}
    if digest:
        by_severity = digest.get("by_severity", {})
        out.print("按严重程度：" + " · ".join(
            f"{SEVERITY_LABELS.get(k, k)} {v}" for k, v in by_severity.items()), soft_wrap=True)
        if digest.get("veto"):
            out.print(f"[bold red]✖ 单项否决（{len(digest['veto_items'])} 项），网站不合格：[/]")
            for item in digest["veto_items"]:
                out.print(f"[red]  · {escape(item)}[/]", soft_wrap=True)
        else:
            out.print("[green]未发现单项否决问题[/]")
        change = digest.get("score_change")
        since = ("首次巡检" if digest.get("previous_run") is None else
                 f"较上次 新发现 {digest['new']} · 持续 {digest['open']} · 已整改 {digest['fixed']}"
                 + ("" if change is None else f" · 得分变化 {change:+.1f}"))
        out.print(f"估算得分 {digest['score']:.1f}（{escape(digest['grade'])}）· {since}",
                  soft_wrap=True)
        review = [f"{label} {digest[key]}" for key, label in (
            ("reopened", "复查未通过"), ("overdue", "已逾期"),
            ("suppressed", "误报（已屏蔽，不计分）")) if digest.get(key)]
        if review:  # the review loop (govpatrol review): only when there is something to say
            out.print("整改跟踪：" + " · ".join(review), soft_wrap=True)
    counts = result.counts
    out.print(f"页面 {counts.get('pages', 0)} · 栏目 {counts.get('columns', 0)} · "
              f"信息 {counts.get('items', 0)} · 链接 {counts.get('links', 0)}")
    for note in getattr(result, "incomplete", []):
        out.print(f"[bold red]⚠ {escape(note)}[/]")
    for warning in result.warnings:
        out.print(f"[yellow]⚠ {escape(warning)}[/]")
    outputs = [p for p in getattr(result, "outputs", []) if p.parent == result.out_dir]
    report = (result.out_dir / "report.html").resolve()
    out.print(f"报告 (report): {report}", soft_wrap=True)
    if outputs:
        out.print("输出文件 (written):", soft_wrap=True)
        for path in sorted(outputs):
            out.print(f"  {path.resolve()}", soft_wrap=True, highlight=False)
        if (result.out_dir / "departments").is_dir():
            out.print(f"  {(result.out_dir / 'departments').resolve()}/（各责任单位）",
                      soft_wrap=True, highlight=False)
