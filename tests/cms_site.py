"""A county portal on 127.0.0.1 built the way real TRS and Hanweb sites are (page-structures.md).

Columns nest three levels deep (首页 > 政府信息公开 > 法定主动公开内容 > 行政许可); the last
breadcrumb is a `<span>`, plain text or a link, some list pages carry `<meta name="ColumnName">`
and some do not; every page's header links the 政策文件 column (TRS, 45 items on three pages, the
pager written with variables) and the home page links it too, once as a directory URL. The other
pagination families are here with their own markup: a TRS pager with literals, a Hanweb jpage
list whose first answer has no totalRecord, a plain pager whose last page only has 上一页, lists
of one and two items, and a TRS column whose middle list page is missing.

`COLUMNS` is the truth the tests compare with. `delay` makes every answer wait a random time, so
that two patrols see responses in different orders; `port` serves two patrols under the same
address, so that their finding ids (which contain URLs) can be compared; `validators` sends
ETag and Last-Modified and answers 304 to a conditional request for an unchanged page.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from helpers import govpatrol

AS_OF = date(2026, 11, 20)
LAST_MODIFIED = "Thu, 19 Nov 2026 08:00:00 GMT"  # every page's, with `validators`
SITE_NAME = "江河县人民政府"


@dataclass
class Col:
    name: str
    path: str  # first list page
    parent: str | None
    family: str  # trs, trs_vars, hanweb, plain, small
    items: list[tuple[str, date]] = field(default_factory=list)  # (title, date), newest first
    crumb: str = "span"  # span | text | link | td (当前位置 text in an unclassed cell)
    meta: bool = True  # <meta name="ColumnName">
    per_page: int = 15
    missing_pages: tuple[int, ...] = ()  # TRS index_N.html that answer 404

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] + "/"

    def item_path(self, n: int) -> str:
        day = self.items[n][1]
        if self.family == "hanweb":
            return f"/art/{day.year}/{day.month}/{day.day}/art_1001_{5000 + n}.html"
        return f"{self.folder}{day:%Y%m}/t{day:%Y%m%d}_{1000 + n}.html"


def _days(*pairs: tuple[int, int]) -> list[date]:
    return [date(2026, m, d) for m, d in pairs]


def _series(newest: date, count: int) -> list[date]:
    """`count` dates, newest first, two calendar days apart."""
    return [date.fromordinal(newest.toordinal() - 2 * n) for n in range(count)]


ZWGK = "政府信息公开"
FDZD = "法定主动公开内容"
ZJJH = "走进江河"

COLUMNS: list[Col] = [
    Col("行政许可", "/zwgk/fdzdgknr/xzxk/index.html", FDZD, "trs", crumb="span",
        items=[(f"关于准予江河县第{n + 1}批建筑施工许可的决定", d)
               for n, d in enumerate(_days((11, 10), (11, 3), (10, 27), (10, 20), (10, 13)))]),
    Col("行政处罚", "/zwgk/fdzdgknr/xzcf/index.html", FDZD, "trs", crumb="text", meta=False,
        items=[(f"江河县市场监督管理局行政处罚决定书（江市监罚〔2026〕{n + 11}号）", d)
               for n, d in enumerate(_days((11, 18), (11, 11), (11, 4), (10, 28)))]),
    Col("财政预决算", "/zwgk/fdzdgknr/czyjs/index.html", FDZD, "small", crumb="span",
        items=[("江河县2026年县级预算调整方案", date(2026, 11, 4)),
               ("江河县2025年县级决算报告", date(2026, 8, 28))]),
    Col("重大建设项目", "/zwgk/fdzdgknr/zdjsxm/index.html", FDZD, "plain", crumb="td",
        meta=False, per_page=10,
        items=[(f"江河县城乡供水一体化工程第{n + 1}标段批准信息", d)
               for n, d in enumerate(_series(date(2026, 11, 16), 13))]),
    Col("政策文件", "/zwgk/zcwj/index.html", ZWGK, "trs_vars", crumb="span",
        items=[(f"江河县人民政府办公室关于印发第{n + 1}号工作方案的通知", d)
               for n, d in enumerate(_series(date(2026, 11, 18), 45))]),
    Col("通知公告", "/col/col1001/index.html", ZWGK, "hanweb", crumb="link",
        items=[(f"关于江河县第{n + 1}期公共资源交易项目的公告", d)
               for n, d in enumerate(_series(date(2026, 11, 19), 70))]),
    # three list pages, index_1.html answers 404: pages 0 and 2 hold the 10 items there are
    Col("统计信息", "/zwgk/tjxx/index.html", ZWGK, "trs", crumb="span", per_page=5,
        missing_pages=(1,),
        items=[(f"江河县2026年第{n + 1}期国民经济主要指标", d)
               for n, d in enumerate(_series(date(2026, 11, 13), 10))]),
    Col("机构概况", "/zjjh/jggk/index.html", ZJJH, "small", crumb="span",
        items=[("江河县人民政府机构职能", date(2023, 5, 15))]),
    Col("领导信息", "/zjjh/ldxx/index.html", ZJJH, "small", crumb="text", meta=False,
        items=[("县长 王建国", date(2024, 3, 1)), ("副县长 李明", date(2024, 3, 1))]),
]

def expected_items(col: Col) -> list[tuple[str, str, date]]:
    """(path, title, date) of every item the site really shows in `col`."""
    return [(col.item_path(n), title, day) for n, (title, day) in enumerate(col.items)]


HEADER = (
    '<div class="header"><div class="logo">江河县人民政府</div>'
    '<div class="wza-bar" id="wza"><a href="javascript:;">无障碍</a><a href="javascript:;">长辈版</a>'
    '<a href="javascript:;">繁體</a></div></div>'
    '<div class="nav"><ul><li><a href="/">首页</a></li>'
    '<li><a href="/zwgk/index.html">政府信息公开</a></li>'
    '<li><a href="/zwgk/zcwj/index.html">政策文件</a></li>'
    '<li><a href="/col/col1001/index.html">通知公告</a></li>'
    '<li><a href="/zjjh/index.html">走进江河</a></li></ul></div>'
)
FOOTER = ('<div class="footer"><h3>友情链接</h3><ul><li><a href="/index.html">网站首页</a></li>'
          '<li><a href="/zwgk/zcwj/">政策文件</a></li></ul>'
          '<p>主办：江河县人民政府办公室 政府网站标识码4501220001</p></div>')


def page(title: str, main: str, *, crumbs: str = "", meta: dict[str, str] | None = None) -> str:
    metas = "".join(f'<meta name="{k}" content="{v}">' for k, v in (meta or {}).items())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8">{metas}<title>{title}</title>'
            f'</head><body>{HEADER}{crumbs}<div class="main">{main}</div>{FOOTER}</body></html>')


def crumb_html(trail: list[tuple[str, str]], last: str, style: str) -> str:
    links = " &gt; ".join(f'<a href="{href}">{text}</a>' for text, href in trail)
    if style == "span":
        return f'<div class="position">当前位置：{links} &gt; <span>{last}</span></div>'
    if style == "text":
        return f'<div class="location">您现在的位置：{links} &gt; {last}</div>'
    if style == "link":
        return f'<div class="crumb">当前位置：{links} &gt; <a href="#">{last}</a></div>'
    return (f'<table width="100%"><tr><td>当前位置：{links} &gt; {last}</td>'
            f'<td align="right">字号：大 中 小</td></tr></table>')


SECTION_TRAIL = {
    ZWGK: [("首页", "/"), (ZWGK, "/zwgk/index.html")],
    FDZD: [("首页", "/"), (ZWGK, "/zwgk/index.html"), (FDZD, "/zwgk/fdzdgknr/index.html")],
    ZJJH: [("首页", "/"), (ZJJH, "/zjjh/index.html")],
}


def rows(col: Col, numbers: range) -> str:
    return "".join(
        f'<li><a href="{col.item_path(n)}" target="_blank" title="{col.items[n][0]}">'
        f'{col.items[n][0]}</a><span class="date">{col.items[n][1].isoformat()}</span></li>'
        for n in numbers if n < len(col.items)
    )


class CmsSite:
    """The portal on 127.0.0.1:<free port>; `delay` (seconds) randomises answer order."""

    def __init__(self, delay: float = 0.0, seed: int = 0, slow: dict[str, float] | None = None,
                 port: int = 0, validators: bool = False) -> None:
        self.delay = delay
        self.validators = validators  # ETag / Last-Modified, 304 to conditional requests
        self.not_modified = 0
        self.slow = slow or {}  # path -> seconds: force one order of answers
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.routes: dict[str, str] = {}
        self.hits: list[str] = []
        self._build()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self._answer(dict(parse_qsl(urlsplit(self.path).query)))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                self._answer(dict(parse_qsl(urlsplit(self.path).query)) | dict(parse_qsl(body)))

            def _answer(self, params: dict[str, str]) -> None:
                with site.lock:
                    site.hits.append(self.path)
                    pause = site.random.uniform(0, site.delay) if site.delay else 0
                    pause += site.slow.get(urlsplit(self.path).path, 0)
                time.sleep(pause)
                status, ctype, text = site.route(urlsplit(self.path).path, params)
                data = text.encode("utf-8")
                tag = f'"{hashlib.sha1(data).hexdigest()[:16]}"'
                if (site.validators and status == 200 and self.command == "GET"
                        and (self.headers.get("If-None-Match") == tag
                             or self.headers.get("If-Modified-Since") == LAST_MODIFIED)):
                    with site.lock:
                        site.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                if site.validators and status == 200:
                    self.send_header("ETag", tag)
                    self.send_header("Last-Modified", LAST_MODIFIED)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> CmsSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(self, path: str, params: dict[str, str]) -> tuple[int, str, str]:
        html = "text/html; charset=utf-8"
        if path.endswith("/") and path + "index.html" in self.routes:
            path += "index.html"
        if path == "/module/web/jpage/dataproxy.jsp":
            return 200, "text/xml; charset=utf-8", self.dataproxy(params)
        if path in self.routes:
            return 200, html, self.routes[path]
        return 404, html, "<html><body><h1>404 Not Found</h1></body></html>"

    # -- the pages ---------------------------------------------------------------------------
    def _build(self) -> None:
        r = self.routes
        zcwj = COLUMNS[4]
        home_block = rows(zcwj, range(5))
        r["/index.html"] = page(f"首页_{SITE_NAME}", (
            f'<div class="news-block"><h2>政策文件</h2><ul>{home_block}</ul>'
            f'<a class="more" href="/zwgk/zcwj/">更多</a></div>'
            '<div class="entries"><a href="/zwgk/fdzdgknr/index.html">法定主动公开内容</a></div>'
        ))
        r["/"] = r["/index.html"]
        r["/zwgk/index.html"] = page(f"{ZWGK}_{SITE_NAME}", (
            '<ul class="sections"><li><a href="/zwgk/fdzdgknr/index.html">法定主动公开内容</a></li>'
            '<li><a href="/zwgk/zcwj/index.html">政策文件</a></li>'
            '<li><a href="/zwgk/tjxx/index.html">统计信息</a></li>'
            '<li><a href="/col/col1001/index.html">通知公告</a></li></ul>'),
            crumbs=crumb_html([("首页", "/")], ZWGK, "span"), meta={"ColumnName": ZWGK})
        blocks = "".join(
            f'<div class="block"><h3>{c.name}</h3><ul>{rows(c, range(2))}</ul>'
            f'<a href="{c.path}">更多&gt;&gt;</a></div>'
            for c in COLUMNS if c.parent == FDZD
        )
        r["/zwgk/fdzdgknr/index.html"] = page(f"{FDZD}_{SITE_NAME}", blocks,
                                              crumbs=crumb_html(SECTION_TRAIL[ZWGK], FDZD, "span"),
                                              meta={"ColumnName": FDZD})
        r["/zjjh/index.html"] = page(f"{ZJJH}_{SITE_NAME}", "".join(
            f'<p><a href="{c.path}">{c.name}</a></p>' for c in COLUMNS if c.parent == ZJJH),
            crumbs=crumb_html([("首页", "/")], ZJJH, "text"))
        for col in COLUMNS:
            self._column(col)

    def _column(self, col: Col) -> None:
        crumbs = crumb_html(SECTION_TRAIL[col.parent], col.name, col.crumb)
        meta = {"ColumnName": col.name} if col.meta else {}
        title = f"{col.name}_{SITE_NAME}"
        pages = max(1, -(-len(col.items) // col.per_page))
        if col.family == "hanweb":
            self.routes[col.path] = page(title, self._hanweb_first(col), crumbs=crumbs, meta=meta)
            pages = 0
        elif col.family == "small":
            self.routes[col.path] = page(title, f'<div class="list"><ul>{rows(col, range(9))}'
                                                f"</ul></div>", crumbs=crumbs, meta=meta)
            pages = 0
        pages += len(col.missing_pages) if pages else 0
        start = 0
        for p in range(pages):
            if p in col.missing_pages:
                continue
            listing = f'<ul class="list">{rows(col, range(start, start + col.per_page))}</ul>'
            start += col.per_page
            if col.family == "trs":
                pager = (f'<div class="page"><script>createPageHTML({pages}, {p}, "index", '
                         f'"html");</script></div>')
            elif col.family == "trs_vars":
                pager = (f'<div class="page"><script language="JavaScript">\n'
                         f'var countPage = {pages}//共多少页\nvar currentPage = {p}//当前页\n'
                         f'createPageHTML(countPage, currentPage, "index", "html");\n</script></div>')
            else:
                pager = self._plain_pager(p, pages)
            path = col.path if p == 0 else f"{col.folder}index_{p}.html"
            self.routes[path] = page(title, listing + pager, crumbs=crumbs, meta=meta)
        for n, (item_title, day) in enumerate(col.items):
            self.routes[col.item_path(n)] = self._detail(col, item_title, day)

    @staticmethod
    def _plain_pager(p: int, pages: int) -> str:
        def link(n: int, text: str) -> str:
            return f'<a href="{"index.html" if n == 0 else f"index_{n}.html"}">{text}</a>'

        parts = [f"共{pages}页"]
        if p > 0:
            parts += [link(0, "首页"), link(p - 1, "上一页")]
        if p < pages - 1:
            parts += [link(p + 1, "下一页"), link(pages - 1, "尾页")]
        return f'<div class="fenye">{" ".join(parts)}</div>'

    def _hanweb_first(self, col: Col) -> str:
        records = "".join(f"<record><![CDATA[\n{rows(col, range(n, n + 1))}\n]]></record>"
                          for n in range(15))
        query = ("page=1&amp;appid=1&amp;webid=1&amp;path=/&amp;columnid=1001"
                 "&amp;unitid=5001&amp;webname=江河县人民政府&amp;permissiontype=0")
        return (
            '<div id="5001"><script type="text/xml">'
            f'<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?{query}">'
            f"</a>]]></nextgroup><recordset>{records}</recordset></datastore></script>"
            '<script language="javascript" src="/module/web/jpage/jpage.js"></script>'
            "<script>$(document).ready(function(){ $('#5001').jpage({ dataStore: dataStore, "
            "perPage: 15, groupSize: 3, barPosition: 'bottom', "
            "proxyUrl: '/module/web/jpage/dataproxy.jsp' }); });</script></div>"
        )

    def dataproxy(self, params: dict[str, str]) -> str:
        col = COLUMNS[5]
        if params.get("columnid") != "1001":
            return "<datastore><recordset></recordset></datastore>"
        if "startrecord" in params:
            start, end = int(params["startrecord"]), int(params["endrecord"])
        else:
            per = int(params.get("perpage", 15))
            start = (int(params.get("page", 1)) - 1) * per + 1
            end = start + per - 1
        records = "".join(f"<record><![CDATA[\n{rows(col, range(n - 1, n))}\n]]></record>"
                          for n in range(start, min(end, len(col.items)) + 1))
        return f'<?xml version="1.0" encoding="UTF-8"?><datastore><recordset>{records}</recordset></datastore>'

    def _detail(self, col: Col, title: str, day: date) -> str:
        trail = SECTION_TRAIL[col.parent] + [(col.name, col.path)]
        crumbs = crumb_html(trail, "正文", "text")
        body = (f'<h1 class="title">{title}</h1><div class="info">发布日期：{day.isoformat()}'
                f' 来源：江河县人民政府办公室</div><div class="TRS_Editor"><p>{title}，'
                f"现予公开，请相关单位和个人遵照执行。</p></div>")
        meta = {"ArticleTitle": title, "ColumnName": col.name, "PubDate": f"{day} 09:00"}
        return page(f"{title}_{SITE_NAME}", body, crumbs=crumbs, meta=meta)


def patrol_cms_site(site: CmsSite, tmp_path: Path) -> Path:
    """One patrol of `site` as a user runs it (its own sites.toml, the fixed as-of date);
    the output folder."""
    config = tmp_path / "sites.toml"
    config.write_text(f'[[sites]]\nname = "{SITE_NAME}"\nurl = "{site.url}"\n',
                      encoding="utf-8")
    out = tmp_path / "out"
    result = govpatrol("patrol", site.url, "--config", str(config), "--as-of",
                       AS_OF.isoformat(), "--out", str(out), "--db", str(tmp_path / "db"))
    assert result.returncode == 0, result.stderr[-3000:]
    return out
