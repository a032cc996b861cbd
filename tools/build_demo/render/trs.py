"""TRS WCM (拓尔思): `div.TRS_Editor` detail pages, a th/td 信息索引 table on project pages, and
lists paged by a script-only pager (`createPageHTML`, no <a> in the HTML) over index_N.html.
"""

from __future__ import annotations

from tools.build_demo.model import TRS_PER_PAGE, Article, Column, Metadata, esc
from tools.build_demo.render import common
from tools.build_demo.render.common import Detail, Frame
from tools.build_demo.state import Build
from tools.build_demo.workdays import cn_date

#: The detail styles drawn with this family's template.
STYLES = ("trs", "trs_dept", "trs_picture", "trs_project")


def detail(article: Article, style: str, f: Frame) -> Detail:
    when = (f"日期：{cn_date(article.day)}" if style == "trs_dept"
            else f"发布时间：{f.stamp}")
    table = metadata_th_table(article.metadata) if style == "trs_project" else ""
    return Detail(f'<div class="main w1200"><div class="article">\n{table}'
                  f'<div class="article-title">{f.title_line}</div>\n'
                  f'<div class="article-info"><span>{when}</span> '
                  f"<span>来源：{esc(article.source)}</span></div>\n"
                  f'<div class="TRS_Editor">\n{f.body}\n</div>\n{f.tools}\n</div></div>')


def metadata_th_table(m: Metadata | None) -> str:
    assert m is not None
    return (
        '<table class="table_suoyin">\n'
        f"<tr><th>索&nbsp;引&nbsp;号：</th><td>{esc(m.index_number)}</td>"
        f"<th>主题分类：</th><td>{esc(m.topic)}</td></tr>\n"
        f"<tr><th>发布机构：</th><td>{esc(m.publisher)}</td>"
        f"<th>生成日期：</th><td>{esc(m.formed_text)}</td></tr>\n"
        f"<tr><th>发文字号：</th><td>{esc(m.doc_number or '')}</td>"
        f"<th>发布日期：</th><td>{esc(m.published_text)}</td></tr>\n"
        "</table>\n"
    )


def render_list(b: Build, column: Column) -> None:
    chunks = [column.articles[i : i + TRS_PER_PAGE]
              for i in range(0, len(column.articles), TRS_PER_PAGE)] or [[]]
    total = len(chunks)
    extra = '<script type="text/javascript" src="/js/trs_page.js"></script>'
    for index, chunk in enumerate(chunks):
        items = "\n".join(common.trs_item(column, a) for a in chunk)
        inner = (f'<ul class="list">\n{items}\n</ul>\n'
                 f'<div class="page"><script>var countPage = {total};//共多少页\n'
                 f'createPageHTML({total}, {index}, "index", "html");</script></div>')
        path = column.path if index == 0 else f"{column.folder}index_{index}.html"
        column.list_pages.append(path)
        b.add_html(path, common.column_page(b, column, inner, head_extra=extra))
