"""A second fixture site on 127.0.0.1: WeChat article mirrors and a portal with JS-only columns.

Markup follows page-structures.md: mp.weixin.qq.com article pages with `var ct = "…"`,
`#js_name`, `#activity-name`, `#js_content` and lazy `img[data-src]`; a deleted-article page
(`.weui-msg__title`); an RSS feed and an Atom feed as mirror services publish them; a mirror's
HTML list. The portal has a column whose list arrives by XHR as JSON (configured `js = true`)
and one that only `js_auto` finds. Every request is counted per path.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CHINA = timezone(timedelta(hours=8))
AS_OF = date(2026, 11, 20)


def ct(day: date) -> int:
    """A unix time on `day`, 20:30 in Beijing: the evening post of a 发布 account."""
    return int(datetime.combine(day, time(20, 30), tzinfo=CHINA).timestamp())


def article_html(account: str, title: str, day: date, body: str, base: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<title>{title}</title></head>
<body id="activity-detail" class="zh_CN wx_wap_page">
<div id="js_article" class="rich_media"><div class="rich_media_inner">
<div class="rich_media_area_primary"><div class="rich_media_area_primary_inner">
<h1 class="rich_media_title" id="activity-name">
  {title}
</h1>
<div id="meta_content" class="rich_media_meta_list">
  <span class="rich_media_meta rich_media_meta_nickname" id="profileBt">
    <a href="javascript:void(0);" class="wx_tap_link js_wx_tap_highlight weui-wa-hotarea"
       id="js_name">{account}</a>
  </span>
  <em id="publish_time" class="rich_media_meta rich_media_meta_text"></em>
</div>
<div class="rich_media_content js_underline_content autoTypeSetting24psection"
     id="js_content" style="visibility: hidden;">
  <section><p>{body}</p>
  <p><img class="rich_pages wxw-img" data-ratio="0.5625" data-src="{base}mmbiz_jpg/abc/640?wx_fmt=jpeg" data-type="jpeg" data-w="1080"></p>
  <p><a href="{base}zwgk/notice.html">点击查看原文</a></p></section>
</div></div></div></div></div>
<script nonce="845621" type="text/javascript">
  var msg_title = '{title}'.html(false);
  var ct = "{ct(day)}";
  var publish_time = "{day.isoformat()}" || "";
  var create_time = "{ct(day)}" * 1;
</script>
</body></html>"""


DELETED = """<!DOCTYPE html><html><head><meta charset="utf-8"><title></title></head><body>
<div class="weui-msg"><div class="weui-msg__icon-area"><i class="weui-icon-warn"></i></div>
<div class="weui-msg__text-area"><h2 class="weui-msg__title">该内容已被发布者删除</h2></div>
</div></body></html>"""

ARTICLES = {
    # token: (account, title, day, body)
    "fresh1": ("江河发布", "江河市召开政府常务会议", AS_OF - timedelta(days=2),
               "会议研究部署了今冬明春安全生产工作，要求各地各部门压实责任。"),
    "fresh2": ("江河发布", "江河市优化营商环境新举措出台", AS_OF - timedelta(days=9),
               "市国土资源局有关负责人介绍了新举措的主要内容。"),
    "old1": ("江河民政", "江河市民政局开展敬老月活动", AS_OF - timedelta(days=40),
             "活动覆盖全市所有养老机构。"),
    "old2": ("江河民政", "江河市民政局发布救助政策解读", AS_OF - timedelta(days=60),
             "解读了最低生活保障的申请条件。"),
    "direct1": ("江河卫健", "江河市卫健委提醒做好流感防护", AS_OF - timedelta(days=5),
                "请市民注意个人防护，及时接种疫苗。"),
    # 江河交通's mirror stopped polling a month ago: its feed's lastBuildDate says so
    "jt1": ("江河交通", "江河市交通运输局部署冬季道路养护", AS_OF - timedelta(days=33),
            "全市干线公路冬季养护工作全面展开。"),
    # 江河文旅's mirror only carries 群发 articles
    "wl1": ("江河文旅", "江河市第五届文化旅游节开幕", AS_OF - timedelta(days=45),
            "文化旅游节为期一个月。"),
}

JS_ITEMS = [
    {"title": "江河市政府信息公开指南", "url": "/xxgk/202611/t20261118_1.html", "date": "2026-11-18"},
    {"title": "江河市政府信息公开制度", "url": "/xxgk/202611/t20261117_2.html", "date": "2026-11-17"},
    {"title": "江河市政府信息公开年报", "url": "/xxgk/202611/t20261116_3.html", "date": "2026-11-16"},
]


def portal_page(title: str, main: str, crumbs: str = "") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_江河市人民政府'
            f'</title></head><body><div class="nav"><a href="/">首页</a> '
            f'<a href="/xxgk/index.html">政府信息公开</a> <a href="/auto/index.html">通知公告</a>'
            f'</div>{crumbs}<div class="main">{main}</div>'
            f'<div class="footer">政府网站标识码4501000012</div></body></html>')


def js_list(api: str) -> str:
    """A column page whose list container is empty until a script fills it from JSON."""
    return f"""<div class="list-box"><ul class="list" id="list"></ul></div>
<script>
fetch("{api}").then(function (r) {{ return r.json(); }}).then(function (data) {{
  var ul = document.getElementById("list");
  data.records.forEach(function (rec) {{
    var li = document.createElement("li");
    li.innerHTML = '<a href="' + rec.url + '">' + rec.title + '</a><span>' + rec.date + '</span>';
    ul.appendChild(li);
  }});
}});
</script>"""


def detail(title: str, day: str) -> str:
    return portal_page(title, f'<h1>{title}</h1><div class="info">发布时间：{day}</div>'
                              f'<div class="TRS_Editor"><p>{title}的正文内容，供公众查阅。</p></div>')


class MirrorSite:
    """ThreadingHTTPServer on 127.0.0.1:<free port>; `hits` counts requests per path."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path
                site.hits[path] += 1
                status, ctype, body = site.route(path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> MirrorSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(self, path: str) -> tuple[int, str, str]:
        html = "text/html; charset=utf-8"
        if path.startswith("/s/") and path[3:] in ARTICLES:
            account, title, day, body = ARTICLES[path[3:]]
            return 200, html, article_html(account, title, day, body, self.url)
        if path == "/s/deleted1":
            return 200, html, DELETED
        if path == "/feed/jianghefabu.xml":
            return 200, "application/rss+xml; charset=utf-8", self.rss()
        if path == "/feed/jiaotong.xml":  # a mirror that stopped: its own stamp is old
            return 200, "application/rss+xml; charset=utf-8", self.rss(
                ("jt1",), "江河交通", ARTICLES["jt1"][2] + timedelta(days=1))
        if path == "/mirror/wenlv.html":
            return 200, html, ('<html><body><ul class="articles"><li><a href="/s/wl1">'
                               f'{ARTICLES["wl1"][1]}</a><span class="date">'
                               f'{ARTICLES["wl1"][2].isoformat()}</span></li></ul></body></html>')
        if path == "/feed/minzheng.atom":
            return 200, "application/atom+xml; charset=utf-8", self.atom()
        if path == "/mirror/minzheng.html":
            rows = "".join(f'<li><a href="/s/{t}">{ARTICLES[t][1]}</a><span class="date">'
                           f'{ARTICLES[t][2].isoformat()}</span></li>' for t in ("old1", "old2"))
            return 200, html, f'<html><body><ul class="articles">{rows}</ul></body></html>'
        if path in ("/", "/index.html"):
            return 200, html, portal_page("首页", "<p>欢迎访问江河市人民政府门户网站</p>")
        if path == "/xxgk/index.html":
            return 200, html, portal_page("政府信息公开", js_list("/api/xxgk.json"),
                                          '<div class="crumb">当前位置：<a href="/">首页</a> &gt; '
                                          '<a href="/xxgk/index.html">政府信息公开</a></div>')
        if path == "/auto/index.html":
            return 200, html, portal_page("通知公告", js_list("/api/tzgg.json"),
                                          '<div class="crumb">当前位置：<a href="/">首页</a> &gt; '
                                          '<a href="/auto/index.html">通知公告</a></div>')
        if path in ("/api/xxgk.json", "/api/tzgg.json"):
            prefix = "/xxgk/" if "xxgk" in path else "/auto/"
            records = [{**r, "url": r["url"].replace("/xxgk/", prefix)} for r in JS_ITEMS]
            return 200, "application/json", json.dumps({"total": 3, "records": records},
                                                       ensure_ascii=False)
        for prefix in ("/xxgk/", "/auto/"):
            for r in JS_ITEMS:
                if path == r["url"].replace("/xxgk/", prefix):
                    return 200, html, detail(r["title"], r["date"])
        if path == "/zwgk/notice.html":
            return 200, html, portal_page("通知", "<p>通知正文</p>")
        return 404, html, "<html><body><h1>404 Not Found</h1></body></html>"

    def rss(self, tokens: tuple[str, ...] = ("fresh1", "fresh2"), name: str = "江河发布",
            built: date = AS_OF) -> str:
        items = "".join(
            f"<item><title><![CDATA[{ARTICLES[t][1]}]]></title><link>{self.url}s/{t}</link>"
            f"<pubDate>{_rfc822(ARTICLES[t][2])}</pubDate><description><![CDATA[摘要]]>"
            "</description></item>" for t in tokens)
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>{name}</title><link>{self.url}</link>"
                f"<description>{name} - 微信公众号</description>"
                f"<lastBuildDate>{_rfc822(built)}</lastBuildDate>{items}</channel></rss>")

    def atom(self) -> str:
        entries = "".join(
            f'<entry><title>{ARTICLES[t][1]}</title><link href="{self.url}s/{t}"/>'
            f"<id>{self.url}s/{t}</id><updated>{ARTICLES[t][2].isoformat()}T12:30:00Z</updated>"
            "</entry>" for t in ("old1", "old2"))
        return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>江河民政</title>{entries}</feed>")


def _rfc822(day: date) -> str:
    from email.utils import format_datetime

    return format_datetime(datetime.fromtimestamp(ct(day), tz=UTC))


def wechat_config(url: str, *, js: bool = False, js_auto: bool = False) -> str:
    cols = (f'\n[[sites.columns]]\nname = "政府信息公开"\nurl = "{url}xxgk/index.html"\njs = true\n'
            if js else "")
    return f"""[[sites]]
name = "江河市人民政府"
url = "{url}"
timeout = 10
js_auto = {"true" if js_auto else "false"}
cloaking_sample = 0  # the request counts of test_wechat_js are the crawl's own
search_probe = false  # (no re-read of the home page for its search form either)
{cols}
[[sites.wechat]]
name = "江河发布"
feed = "{url}feed/jianghefabu.xml"

[[sites.wechat]]
name = "江河民政"
list = "{url}mirror/minzheng.html"
department = "市民政局"

[[sites.wechat]]
name = "江河卫健"
articles = ["{url}s/direct1", "{url}s/deleted1"]

[[sites.wechat]]
name = "江河交通"
feed = "{url}feed/jiaotong.xml"

[[sites.wechat]]
name = "江河文旅"
list = "{url}mirror/wenlv.html"
mass_only = true

[[sites.wechat]]
name = "江河教育"
list = "{url}mirror/gone.html"
"""
