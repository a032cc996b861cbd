"""Rendering the columns: one module per CMS family (trs, hanweb, plain, gbk, generic), each with
its detail-page template (`detail`) and its list template (`render_list`); common.py holds what
they share.
"""

from __future__ import annotations

from collections.abc import Callable

from govpatrol.demo import SITE_NAME, layout
from tools.build_demo import files
from tools.build_demo.model import CENTER, Article, Column, esc
from tools.build_demo.render import common, gbk, generic, hanweb, plain, trs
from tools.build_demo.render.common import Detail, Frame
from tools.build_demo.state import Build

#: Column.detail_style -> the family template that draws the detail page.
DETAIL: dict[str, Callable[[Article, str, Frame], Detail]] = {
    **{style: trs.detail for style in trs.STYLES},
    "hanweb": hanweb.detail,
    "plain": plain.detail,
    "content": generic.detail,
    "gbk": gbk.detail,
}


def list_renderer(column: Column) -> Callable[[Build, Column], None]:
    """The list template of a column: its CMS family, or a generic shape for the others."""
    by_adapter = {"trs": trs.render_list, "plain": plain.render_list,
                  "hanweb": hanweb.render_list, "empty": generic.render_empty}
    if column.adapter in by_adapter:
        return by_adapter[column.adapter]
    by_key = {"rsxx": generic.render_table_list, "tpxw": generic.render_picture_list,
              "czyjs": gbk.render_list}
    return by_key.get(column.key, generic.render_ul_list)


def render_article(b: Build, article: Article) -> None:
    column = b.columns[article.column]
    style = column.detail_style
    if style not in DETAIL:
        raise ValueError(style)
    body = "\n".join(article.body) + common.attachment_html(article)
    if article.image:
        body = (f'<p style="{CENTER}"><img src="./{article.image}" alt="{esc(article.title)}">'
                f"</p>\n{body}")
    frame = Frame(
        body=body,
        stamp=article.published.strftime("%Y-%m-%d %H:%M"),
        title_line=f"<h1>{esc(article.title)}</h1>",
        tools=('<div class="article-tools"><a href="javascript:window.print()">打印本页</a> '
               '<a href="javascript:window.close()">关闭窗口</a></div>'),
    )
    page = DETAIL[style](article, style, frame)
    html = layout.page(f"{article.title}_{SITE_NAME}", page.main,
                       meta=common.article_meta(article, column), crumbs=common.crumbs(column),
                       charset=page.charset)
    b.add_html(article.path, html, page.encoding, page.content_type)
    for attachment in article.attachments:
        if not attachment.missing:
            b.add(article.folder + attachment.name, common.attachment_bytes(attachment))
    if article.image:
        b.add(article.folder + article.image, files.jpeg(4, 3))


def render_columns(b: Build) -> None:
    """Every column's detail pages, then its list pages, column by column."""
    for column in b.columns.values():
        for article in column.articles:
            render_article(b, article)
        list_renderer(column)(b, column)
