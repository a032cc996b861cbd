"""`govpatrol check-text FILE|-`: audit a draft before it is published, no crawling.

The reading and auditing are govpatrol.check_text; this module is the command line around it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from govpatrol.commands._common import DateParam, today_in_china


@click.command("check-text")
@click.argument("source", metavar="FILE|-", default="-")
@click.option("--json", "as_json", is_flag=True,
              help="每行一个 JSON 对象（findings.jsonl 格式）/ JSON Lines for machines")
@click.option("--as-of", "as_of", type=DateParam(), default=None,
              help="基准日（默认北京时间今天）/ the day counted as today")
@click.option("--published", type=DateParam(), default=None,
              help="文稿日期（默认取落款日期）/ the draft's date, else its sign-off line")
@click.option("--wordlist", "wordlists", multiple=True, type=click.Path(dir_okay=False),
              help="自定义词表 TSV，可多次使用 / your own word list (repeatable)")
@click.option("--whitelist", multiple=True,
              help="允许的表述，如“反对台独”，可多次使用 / an allowed phrase (repeatable)")
@click.option("--traditional", is_flag=True, default=None,
              help="繁体网站：检查简体字混用 / the site publishes in traditional script")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="sites.toml：读取其中的词表与白名单 / take lists from a config")
@click.option("--site", "site_name", default=None, help="配置中的站点名 / site name in --config")
def check_text(source: str, as_json: bool, as_of: date | None, published: date | None,
               wordlists: tuple[str, ...], whitelist: tuple[str, ...],
               traditional: bool | None, config_path: Path | None,
               site_name: str | None) -> None:
    """检查文稿中的错别字、敏感词、严重表述错误和繁简混用 / audit a draft (text, HTML, .docx)."""
    from govpatrol.check_text import audit_draft, render_table, text_options

    options = text_options(config_path, site_name, wordlists=wordlists, whitelist=whitelist,
                           traditional=traditional)
    doc, located = audit_draft(source, options, as_of=as_of or today_in_china(),
                               published=published)
    if as_json:
        for at in located:
            click.echo(json.dumps(at.to_dict(), ensure_ascii=False))
        return
    render_table(located, source if source != "-" else "标准输入", doc)
