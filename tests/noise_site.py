"""A county portal on 127.0.0.1 with the pages that made patrols noisy (issue 17, item 6).

Built like a TRS site (page-structures.md): identity metas on every page, column metas on list
pages, article metas on articles, the footer with 网站标识码, ICP and 公安 records. Besides its
real articles it has what an inspector would not count as articles or as the site's own
templates:

- `/zxft/index.html` (在线访谈) answers 500 and is linked from the home page and the site map:
  one unreachable page, one finding;
- `/bszn/old.html` is linked from the home page and answers 404: an ordinary broken link;
- an article of 政策文件 was deleted: its list still links it and the CMS answers 200 with
  「抱歉，您访问的页面不存在或已被删除！」 (soft 404), without any meta tag;
- the 江河发布 column holds copies of the county's WeChat articles, in WeChat's own markup
  (`#js_content`, `og:url` on mp.weixin.qq.com), without the portal's meta tags;
- the 优化营商环境专题 channel page (blocks of other columns' titles, each with 更多, inside a
  `div.content`) and the 网站地图 are navigation pages, not articles.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

AS_OF = date(2026, 11, 20)
SITE_NAME = "江河县人民政府"
IDENTITY = {"SiteName": SITE_NAME, "SiteDomain": "www.jianghe.gov.cn",
            "SiteIDCode": "4501220001"}

HEADER = ('<div class="header"><div class="logo">江河县人民政府</div></div>'
          '<div class="nav"><ul><li><a href="/">首页</a></li>'
          '<li><a href="/zwgk/zcwj/index.html">政策文件</a></li>'
          '<li><a href="/jhfb/index.html">江河发布</a></li>'
          '<li><a href="/wzdt.html">网站地图</a></li></ul></div>')
FOOTER = ('<div class="footer"><p>主办单位：江河县人民政府办公室　联系电话：0771-5612345</p>'
          '<p>政府网站标识码：4501220001　<a href="#">桂ICP备12003456号</a>　'
          '<a href="#">桂公网安备45012202000123号</a></p></div>')

PARAGRAPH = ("为进一步做好相关工作，县人民政府办公室结合本县实际研究制定了本方案，"
             "请各乡镇人民政府、县直各部门认真贯彻落实，执行中遇到的问题请及时向县人民政府办公室反映。")


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    day: date
    source: str | None = "县人民政府办公室"  # None: the template forgot ContentSource


#: 政策文件: six real articles, newest first; the fifth lacks its ContentSource meta.
POLICIES = [
    Article("/zwgk/zcwj/202611/t20261113_101.html", "江河县关于进一步优化营商环境的若干措施",
            date(2026, 11, 13)),
    Article("/zwgk/zcwj/202611/t20261111_102.html", "江河县冬春农田水利基本建设实施方案",
            date(2026, 11, 11)),
    Article("/zwgk/zcwj/202611/t20261109_103.html", "江河县城乡居民医疗保险工作实施意见",
            date(2026, 11, 9)),
    Article("/zwgk/zcwj/202611/t20261105_104.html", "江河县秋冬季森林防火工作方案",
            date(2026, 11, 5)),
    Article("/zwgk/zcwj/202611/t20261103_105.html", "江河县农村人居环境整治提升行动方案",
            date(2026, 11, 3), source=None),
    Article("/zwgk/zcwj/202611/t20261102_106.html", "江河县义务教育优质均衡发展实施方案",
            date(2026, 11, 2)),
]
#: Listed in 政策文件, deleted since: the CMS answers it with its "page not found" page.
DELETED = Article("/zwgk/zcwj/202610/t20261030_107.html", "江河县关于调整部分行政事业性收费的通知",
                  date(2026, 10, 30))
#: 江河发布: the county's WeChat articles, copied onto the portal as WeChat published them.
MIRRORS = [
    Article("/jhfb/202611/t20261112_201.html", "江河县召开冬季安全生产工作会议",
            date(2026, 11, 12)),
    Article("/jhfb/202611/t20261106_202.html", "江河县举办秋季人才招聘会", date(2026, 11, 6)),
]
CHANNEL = "/ztzl/yshj/index.html"
SITEMAP = "/wzdt.html"
DOWN = "/zxft/index.html"
MISSING = "/bszn/old.html"
SOFT_404 = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>提示信息</title></head>'
            '<body><div class="err"><p>抱歉，您访问的页面不存在或已被删除！</p>'
            '<a href="/">返回首页</a></div></body></html>')


def page(title: str, main: str, meta: dict[str, str], crumbs: str = "") -> str:
    metas = "".join(f'<meta name="{k}" content="{v}">' for k, v in meta.items())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8">{metas}<title>{title}</title>'
            f'</head><body>{HEADER}{crumbs}<div class="main">{main}</div>{FOOTER}</body></html>')


def crumbs(*trail: tuple[str, str], last: str) -> str:
    links = " &gt; ".join(f'<a href="{href}">{text}</a>' for text, href in trail)
    return f'<div class="position">当前位置：{links} &gt; <span>{last}</span></div>'


def article_page(a: Article, column: str, column_path: str) -> str:
    meta = IDENTITY | {"ColumnName": column, "ArticleTitle": a.title,
                       "PubDate": f"{a.day.isoformat()} 09:30"}
    if a.source:
        meta["ContentSource"] = a.source
    main = (f'<div class="article"><h1>{a.title}</h1><div class="info">发布日期：'
            f'{a.day.isoformat()}　来源：{a.source or "县人民政府办公室"}</div>'
            f'<div class="TRS_Editor"><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></div>')
    return page(f"{a.title}_{SITE_NAME}", main, meta,
                crumbs(("首页", "/"), (column, column_path), last="正文"))


def list_page(column: str, path: str, articles: list[Article]) -> str:
    rows = "".join(f'<li><a href="{a.path}" target="_blank" title="{a.title}">{a.title}</a>'
                   f'<span class="date">{a.day.isoformat()}</span></li>' for a in articles)
    main = (f'<div class="list"><ul>{rows}</ul></div><div class="page"><script>'
            'createPageHTML(1, 0, "index", "html");</script></div>')
    return page(f"{column}_{SITE_NAME}", main,
                IDENTITY | {"ColumnName": column, "ColumnType": "信息公开"},
                crumbs(("首页", "/"), last=column))


def wechat_copy(a: Article, token: str) -> str:
    """A WeChat article as the portal mirrors it: WeChat's head and body, no portal metas."""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta property="og:title" content="{a.title}">
<meta property="og:url" content="http://mp.weixin.qq.com/s/{token}">
<meta property="og:site_name" content="微信公众平台">
<meta property="og:type" content="article">
<title>{a.title}</title></head>
<body id="activity-detail" class="zh_CN wx_wap_page">
<div id="js_article" class="rich_media"><div class="rich_media_inner">
<h1 class="rich_media_title" id="activity-name">{a.title}</h1>
<div id="meta_content" class="rich_media_meta_list">
<span class="rich_media_meta rich_media_meta_nickname" id="profile_nickname">
<a href="javascript:void(0);" id="js_name">江河发布</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em></div>
<div class="rich_media_content js_underline_content" id="js_content">
<section><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></section></div></div></div>
<script>var ct = "1762950600";</script>
</body></html>"""


def channel_page() -> str:
    """优化营商环境专题: three blocks of titles from other columns, each with 更多."""
    def block(name: str, articles: list[Article], more: str) -> str:
        rows = "".join(f'<li><a href="{a.path}" title="{a.title}">{a.title}</a>'
                       f'<span>{a.day.isoformat()}</span></li>' for a in articles)
        return (f'<div class="block"><h3>{name}</h3><ul>{rows}</ul>'
                f'<a class="more" href="{more}">更多&gt;&gt;</a></div>')
    main = ('<div class="content">'
            + block("政策文件", POLICIES[:4], "/zwgk/zcwj/index.html")
            + block("工作动态", MIRRORS + POLICIES[4:], "/jhfb/index.html")
            + '</div>')
    # the platform rewrites PubDate whenever it regenerates the channel page
    return page(f"优化营商环境专题_{SITE_NAME}", main,
                IDENTITY | {"PubDate": "2026-11-19 08:00"},
                crumbs(("首页", "/"), last="优化营商环境专题"))


def sitemap_page() -> str:
    main = ('<div class="content"><h2>网站地图</h2><dl>'
            '<dt>政务公开</dt><dd><a href="/zwgk/zcwj/index.html">政策文件</a></dd>'
            '<dt>新闻资讯</dt><dd><a href="/jhfb/index.html">江河发布</a>'
            f'<a href="{CHANNEL}">优化营商环境专题</a></dd>'
            f'<dt>互动交流</dt><dd><a href="{DOWN}">在线访谈</a></dd></dl></div>')
    return page(f"网站地图_{SITE_NAME}", main, IDENTITY,
                crumbs(("首页", "/"), last="网站地图"))


def home_page() -> str:
    rows = "".join(f'<li><a href="{a.path}">{a.title}</a><span>{a.day.isoformat()}</span></li>'
                   for a in POLICIES[:3])
    main = (f'<div class="news-block"><h2>政策文件</h2><ul>{rows}</ul>'
            '<a class="more" href="/zwgk/zcwj/index.html">更多</a></div>'
            '<div class="interact"><h3>互动交流</h3><ul>'
            f'<li><a href="{DOWN}">在线访谈</a></li>'
            f'<li><a href="{MISSING}">办事指南（旧版）</a></li></ul></div>'
            f'<div class="zt"><a href="{CHANNEL}">优化营商环境专题</a></div>')
    return page(f"{SITE_NAME}门户网站", main, IDENTITY)


class NoiseSite:
    """The portal on 127.0.0.1:<free port>."""

    def __init__(self) -> None:
        routes: dict[str, tuple[int, str]] = {
            "/": (200, home_page()), "/index.html": (200, home_page()),
            "/zwgk/zcwj/index.html": (200, list_page("政策文件", "/zwgk/zcwj/index.html",
                                                     [*POLICIES, DELETED])),
            "/jhfb/index.html": (200, list_page("江河发布", "/jhfb/index.html", MIRRORS)),
            CHANNEL: (200, channel_page()), SITEMAP: (200, sitemap_page()),
            DOWN: (500, "<html><body><h1>500 Internal Server Error</h1></body></html>"),
            DELETED.path: (200, SOFT_404),
        }
        for a in POLICIES:
            routes[a.path] = (200, article_page(a, "政策文件", "/zwgk/zcwj/index.html"))
        for n, a in enumerate(MIRRORS):
            routes[a.path] = (200, wechat_copy(a, f"Jh{n}fB2cQx7_Lw9Tq"))
        self.routes = routes

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                path = urlsplit(self.path).path
                status, text = routes.get(path, (404, "<html><body><h1>404 Not Found</h1>"
                                                      "</body></html>"))
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> NoiseSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
