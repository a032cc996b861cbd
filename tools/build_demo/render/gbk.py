"""Older GBK sites: pages declared gb2312 in <meta> only (but using GBK characters such as 堃),
one page declared GB18030 in the HTTP header only, and a 信息索引 table with label and value in
one cell.
"""

from __future__ import annotations

from tools.build_demo.model import Article, Column, Metadata, esc
from tools.build_demo.render import generic
from tools.build_demo.render.common import Detail, Frame
from tools.build_demo.state import Build

#: The one page whose bytes are GB18030 (for 㮾), declared only in the Content-Type header.
GB18030_TITLE = "江河市2026年市本级政府预算"


def detail(article: Article, style: str, f: Frame) -> Detail:
    main = (f'<div class="main w1200"><div class="article">\n'
            f"{metadata_one_cell(article.metadata)}"
            f'<div class="article-title">{f.title_line}</div>\n'
            f'<div class="content">\n{f.body}\n</div>\n</div></div>')
    if article.title == GB18030_TITLE:
        return Detail(main, "gb18030", None, "text/html; charset=GB18030")
    return Detail(main, "gbk", "gb2312", "text/html")


def metadata_one_cell(m: Metadata | None) -> str:
    """The older layout: label and value in one cell (索 引 号：…), two per row."""
    assert m is not None
    cells = [f"索 引 号：{esc(m.index_number)}", f"主题分类：{esc(m.topic)}",
             f"发布机构：{esc(m.publisher)}", f"成文日期：{esc(m.formed_text)}",
             f"发布日期：{esc(m.published_text)}", f"文　　号：{esc(m.doc_number or '')}"]
    rows = "".join(f"<tr><td>{cells[i]}</td><td>{cells[i + 1]}</td></tr>\n"
                   for i in range(0, len(cells), 2))
    return f'<table class="xxgk-info" width="100%">\n{rows}</table>\n'



def render_list(b: Build, column: Column) -> None:
    """A plain <ul> list, in GBK, declared gb2312 in <meta> and without charset in the header."""
    generic.render_ul_list(b, column, encoding="gbk")
