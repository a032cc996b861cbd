"""A district portal on 127.0.0.1 with a TRS site search (page-structures.md): a header form
posting by GET to `/was5/web/search?channelid=…&searchword=…`, whose results page lists the
matching articles as TRS's was5 does (the query echoed above the list, titles with the words in
`<em>`, long titles cut short with 「...」).

`mode` picks the search: `working` (every article indexed), `stale` (the index stopped before
the two newest articles: MISSED), `broken` (the search answers HTTP 500), `none` (no search
at all), `scripted` (the results page is a shell a script fills in: not checkable), `post`
(the form posts: not asked). Every request is logged in `requests` (method, path and query).
"""

from __future__ import annotations

import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

AS_OF = date(2026, 11, 20)
SITE_NAME = "青山区人民政府"
MODES = ("working", "stale", "broken", "none", "scripted", "post")

ARTICLES = [  # (path, title, date), oldest first
    ("/xwzx/qsyw/202610/t20261009_801.html", "青山区召开2026年第四季度安全生产工作会议", date(2026, 10, 9)),
    ("/xwzx/qsyw/202610/t20261021_802.html", "区政府常务会议研究部署秋冬季大气污染防治工作", date(2026, 10, 21)),
    ("/xwzx/qsyw/202611/t20261103_803.html", "青山区2026年度城乡居民基本医疗保险集中参保缴费工作全面启动", date(2026, 11, 3)),
    ("/xwzx/tzgg/202611/t20261106_804.html", "关于开展2026年度全区消防安全专项检查的通知", date(2026, 11, 6)),
    ("/xwzx/tzgg/202611/t20261112_805.html", "青山区人民政府关于公布第一批区级非物质文化遗产代表性项目名录的通知", date(2026, 11, 12)),
    ("/xwzx/qsyw/202611/t20261117_806.html", "区领导调研重点项目建设和民生实事推进情况", date(2026, 11, 17)),
]
NEWEST = sorted(ARTICLES, key=lambda a: (a[2], a[0]), reverse=True)[:4]  # what is asked
MISSED = {title for _path, title, _day in NEWEST[:2]}  # `stale`: not in the index


def form(mode: str) -> str:
    if mode == "none":
        return ""
    method = "post" if mode == "post" else "get"
    return (f'<div class="search"><form name="searchform" action="/was5/web/search" '
            f'method="{method}" target="_blank" onsubmit="return checkSearch()">'
            '<input type="hidden" name="channelid" value="252398">'
            '<input type="text" name="searchword" id="searchword" class="sinput" '
            'placeholder="请输入关键字" autocomplete="off">'
            '<input type="submit" value="搜索" class="sbtn"></form></div>')


def page(title: str, main: str, mode: str) -> str:
    nav = ('<li><a href="/">首页</a></li><li><a href="/xwzx/qsyw/">青山要闻</a></li>'
           '<li><a href="/xwzx/tzgg/">通知公告</a></li>')
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta name="SiteName" content="{SITE_NAME}"><title>{title}_{SITE_NAME}</title>'
        '<script src="/js/jquery.min.js"></script></head><body>'
        f'<div class="header"><div class="logo"><img src="/images/logo.png" alt="{SITE_NAME}">'
        f'</div>{form(mode)}</div><div class="nav"><ul>{nav}</ul></div>'
        f'<div class="main">{main}</div>'
        '<div class="footer"><p>主办单位：青山区人民政府办公室　联系电话：0471-6600001</p>'
        '<p>政府网站标识码1501040001　蒙ICP备05001234号-1</p></div></body></html>')


def article_list(rows: list[tuple[str, str, date]]) -> str:
    items = "".join(f'<li><a href="{p}" target="_blank" title="{t}">{t}</a>'
                    f'<span class="date">{d.isoformat()}</span></li>' for p, t, d in rows)
    return f'<div class="list"><ul class="news_list">{items}</ul></div>'


def results(words: str, mode: str) -> str:
    indexed = [a for a in ARTICLES if not (mode == "stale" and a[1] in MISSED)]
    hits = [a for a in indexed if words and words in a[1]]
    rows = "".join(
        f'<li class="res-item"><a href="{p}" target="_blank"><em>{t[:24]}'
        f'{"..." if len(t) > 24 else ""}</em></a><p class="abs">{t}……</p>'
        f'<span class="time">发布时间：{d.isoformat()}</span></li>' for p, t, d in hits)
    head = (f'<div class="res-info">搜索“<span class="kw">{words}</span>”，'
            f"共找到 {len(hits)} 条结果</div>")
    return page("检索结果", f'{head}<ul class="res-list">{rows}</ul>'
                + ("" if hits else '<p class="none">没有找到相关结果，请更换关键词。</p>'), mode)


SCRIPTED = ('<div id="searchResult"></div><script>$.getJSON("/was5/web/data" + location.search,'
            ' function (d) { render(d); });</script>')


class SearchSite:
    """The portal on 127.0.0.1:<free port>."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.requests: list[tuple[str, str]] = []
        self.routes = self._build()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self) -> None:
                site.requests.append((self.command, self.path))
                parts = urlsplit(self.path)
                status, body = 200, site.routes.get(parts.path)
                if parts.path == "/was5/web/search" and site.mode not in ("none", "post"):
                    words = parse_qs(parts.query).get("searchword", [""])[0]
                    if site.mode == "broken":
                        status, body = 500, ("<html><body><h1>HTTP Status 500 - Internal Server "
                                             "Error</h1><p>java.lang.NullPointerException</p>"
                                             "</body></html>")
                    elif site.mode == "scripted":
                        body = page("检索结果", SCRIPTED, site.mode)
                    else:
                        body = results(words, site.mode)
                if body is None:
                    status, body = 404, "<html><body><h1>404 Not Found</h1></body></html>"
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_HEAD = do_POST = _answer  # noqa: N815 - http.server's naming

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def searches(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p in self.requests if p.startswith("/was5/")]

    def __enter__(self) -> SearchSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _build(self) -> dict[str, str]:
        mode = self.mode
        routes: dict[str, str] = {}
        for path, title, day in ARTICLES:
            body = (f'<div class="article"><h1>{title}</h1><div class="info">发布日期：'
                    f'{day.isoformat()}　来源：青山区人民政府办公室</div><div class="TRS_Editor">'
                    f"<p>{title}。会议强调，要坚持以人民为中心的发展思想，"
                    "扎实做好各项工作，确保各项任务落到实处。</p></div></div>")
            routes[path] = page(title, body, mode)
        for column, name in (("qsyw", "青山要闻"), ("tzgg", "通知公告")):
            rows = [a for a in ARTICLES if f"/{column}/" in a[0]][::-1]
            routes[f"/xwzx/{column}/"] = routes[f"/xwzx/{column}/index.html"] = page(
                name, f'<meta name="ColumnName" content="{name}">{article_list(rows)}', mode)
        newest = sorted(ARTICLES, key=lambda a: a[2], reverse=True)
        routes["/"] = routes["/index.html"] = page("首页", article_list(newest), mode)
        return routes
