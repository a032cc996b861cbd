"""Plain templates: `div.article-content` detail pages and lists with a 首页/上一页/1 2 3/下一页/
尾页 pager of real links (index.html, index_2.html, …).
"""

from __future__ import annotations

from tools.build_demo.model import PLAIN_PER_PAGE, Article, Column, esc
from tools.build_demo.render import common
from tools.build_demo.render.common import Detail, Frame
from tools.build_demo.state import Build


def detail(article: Article, style: str, f: Frame) -> Detail:
    return Detail(f'<div class="main w1200"><div class="article">\n'
                  f'<div class="article-title">{f.title_line}</div>\n'
                  f'<div class="article-info"><span>发布时间：{f.stamp}</span> '
                  f"<span>来源：{esc(article.source)}</span></div>\n"
                  f'<div class="article-content">\n{f.body}\n</div>\n{f.tools}\n</div></div>')


def render_list(b: Build, column: Column) -> None:
    chunks = [column.articles[i : i + PLAIN_PER_PAGE]
              for i in range(0, len(column.articles), PLAIN_PER_PAGE)]
    total = len(chunks)

    def href(n: int) -> str:
        return "index.html" if n == 1 else f"index_{n}.html"

    for number, chunk in enumerate(chunks, start=1):
        items = "\n".join(
            f'<li><a href="{a.path}" target="_blank" title="{esc(a.title)}">{esc(a.title)}</a>'
            f'<span class="date">[{a.day.isoformat()}]</span></li>' for a in chunk)
        pager = [f'<a href="{href(1)}">首页</a>',
                 f'<a href="{href(max(1, number - 1))}">上一页</a>']
        current = ' class="current"'
        pager += [f'<a href="{href(n)}"{current if n == number else ""}>{n}</a>'
                  for n in range(1, total + 1)]
        pager += [f'<a href="{href(min(total, number + 1))}">下一页</a>',
                  f'<a href="{href(total)}">尾页</a>',
                  f"<span>共{total}页 当前第{number}页</span>"]
        inner = (f'<ul class="list">\n{items}\n</ul>\n'
                 f'<div class="pagination">{" ".join(pager)}</div>')
        path = column.folder + href(number)
        column.list_pages.append(path)
        b.add_html(path, common.column_page(b, column, inner))

