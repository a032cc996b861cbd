"""Templates no adapter knows by name: `div#content` detail pages, and lists that are a bare <ul>,
a table of title and date, a picture grid, or an empty column that says 暂无信息.
"""

from __future__ import annotations

from tools.build_demo.model import Article, Column, esc
from tools.build_demo.render import common
from tools.build_demo.render.common import Detail, Frame
from tools.build_demo.state import Build


def detail(article: Article, style: str, f: Frame) -> Detail:
    return Detail(f'<div class="main w1200">\n<div class="detail-title">{f.title_line}</div>\n'
                  f'<div class="detail-info">发布时间：{f.stamp}　'
                  f"来源：{esc(article.source)}</div>\n"
                  f'<div id="content">\n{f.body}\n</div>\n</div>')


def render_ul_list(b: Build, column: Column, *, encoding: str = "utf-8") -> None:
    items = "\n".join(common.trs_item(column, a) for a in column.articles)
    inner = f'<ul class="list">\n{items}\n</ul>'
    charset = "gb2312" if encoding == "gbk" else "utf-8"
    column.list_pages.append(column.path)
    b.add_html(column.path, common.column_page(b, column, inner, charset=charset), encoding,
               "text/html" if encoding == "gbk" else None)


def render_table_list(b: Build, column: Column) -> None:
    rows = "\n".join(
        f'<tr><td class="title"><a href="{common.relative(column, a)}" target="_blank">'
        f"{esc(a.title)}</a></td><td>{a.day:%Y/%m/%d}</td></tr>" for a in column.articles)
    inner = (f'<table class="list-table" width="100%">\n<tr><th>标题</th><th>日期</th></tr>\n'
             f"{rows}\n</table>")
    column.list_pages.append(column.path)
    b.add_html(column.path, common.column_page(b, column, inner))


def render_picture_list(b: Build, column: Column) -> None:
    items = []
    for a in column.articles:
        href, t = common.relative(column, a), esc(a.title)
        image = "./" + (a.folder + a.image).removeprefix(column.folder)
        items.append(f'<li><a href="{href}" target="_blank"><img src="{image}" alt="{t}"></a>'
                     f'<p><a href="{href}" target="_blank">{t}</a></p>'
                     f"<span>{a.day.isoformat()}</span></li>")
    inner = '<ul class="pic-list">\n' + "\n".join(items) + "\n</ul>"
    column.list_pages.append(column.path)
    b.add_html(column.path, common.column_page(b, column, inner))


def render_empty(b: Build, column: Column) -> None:
    inner = '<ul class="list"></ul>\n<div class="no-data">暂无信息</div>'
    column.list_pages.append(column.path)
    b.add_html(column.path, common.column_page(b, column, inner))

