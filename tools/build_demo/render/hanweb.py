"""Hanweb (大汉): `div#zoom` detail pages with a td-label 信息索引 table, and jpage lists whose
first records sit in a <script type="text/xml"> datastore, the rest behind dataproxy.jsp (the
server answers it from `/_hanweb/<columnid>.json`).
"""

from __future__ import annotations

import json

from govpatrol.demo import SITE_NAME
from tools.build_demo.model import HANWEB, HANWEB_INLINE, HANWEB_PER_PAGE, Article, Column, esc
from tools.build_demo.render import common
from tools.build_demo.render.common import Detail, Frame
from tools.build_demo.state import Build


def detail(article: Article, style: str, f: Frame) -> Detail:
    return Detail(f'<div class="main w1200"><div class="article">\n'
                  f"{metadata_hanweb_table(article)}"
                  f'<div class="art_title">{f.title_line}</div>\n'
                  f'<div class="art_info"><span>发布日期：{article.day.isoformat()}</span> '
                  f"<span>信息来源：{esc(article.source)}</span> "
                  '<span>浏览次数：<script type="text/javascript">document.write("1024");'
                  "</script></span></div>\n"
                  f'<div id="zoom">\n{f.body}\n</div>\n{f.tools}\n</div></div>')


def metadata_hanweb_table(article: Article) -> str:
    m = article.metadata
    assert m is not None
    return (
        '<table class="xxgk_table" cellspacing="0" cellpadding="0">\n'
        f'<tr><td class="xxgk_label">索 引 号：</td><td>{esc(m.index_number)}</td>'
        f'<td class="xxgk_label">主题分类：</td><td>{esc(m.topic)}</td></tr>\n'
        f'<tr><td class="xxgk_label">发文机关：</td><td>{esc(m.publisher)}</td>'
        f'<td class="xxgk_label">成文日期：</td><td>{esc(m.formed_text)}</td></tr>\n'
        f'<tr><td class="xxgk_label">标　　题：</td><td colspan="3">{esc(article.title)}</td>'
        "</tr>\n"
        f'<tr><td class="xxgk_label">文　　号：</td><td>{esc(m.doc_number or "")}</td>'
        f'<td class="xxgk_label">发布日期：</td><td>{esc(m.published_text)}</td></tr>\n'
        "</table>\n"
    )


def render_list(b: Build, column: Column) -> None:
    column_id, unit_id, _ = HANWEB[column.key]
    records = [
        f'<li><a href="{a.path}" title="{esc(a.title)}" target="_blank">{esc(a.title)}</a>'
        f"<span>{a.day.isoformat()}</span></li>" for a in column.articles]
    webname = "%E6%B1%9F%E6%B2%B3%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C"
    nextgroup = (f'<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/'
                 f"&columnid={column_id}&unitid={unit_id}&webname={webname}"
                 '&permissiontype=0"></a>')
    inline = "".join(f"<record><![CDATA[{r}]]></record>\n" for r in records[:HANWEB_INLINE])
    inner = (
        f'<div id="{unit_id}"><script type="text/xml"><datastore>'
        f"<nextgroup><![CDATA[{nextgroup}]]></nextgroup>"
        f"<recordset>\n{inline}</recordset></datastore></script></div>\n"
        '<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>'
        "<script>$(document).ready(function(){ "
        f"$('#{unit_id}').jpage({{ dataStore: document.getElementById('{unit_id}')"
        ".getElementsByTagName('script')[0].innerHTML, "
        f"totalRecord: {len(records)}, perPage: {HANWEB_PER_PAGE}, groupSize: 3, "
        "proxyUrl: '/module/web/jpage/dataproxy.jsp', "
        f"ajaxParam: {{col:1, appid:1, webid:1, path:'/', columnid:{column_id}, "
        f"sourceContentType:1, unitid:{unit_id}, webname:'{SITE_NAME}', permissiontype:0}} "
        "}); });</script>"
    )
    column.list_pages.append(column.path)
    b.add_html(column.path, common.column_page(b, column, inner))
    b.add(f"/_hanweb/{column_id}.json",
          json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8"))

