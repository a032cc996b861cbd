"""A county portal on 127.0.0.1 whose 友情链接 lead to other bodies' sites, some of them lost.

The portal is built like a TRS county site (header navigation, a 要闻 list, articles with the
信息索引 table, a footer with the 友情链接 block on every page and a 友情链接 page). Its
external links go to three other "hosts", as real ones would be three registrars apart:

- 127.0.0.2 serves what the old domains of bodies now show: a parking page offering the domain
  for sale (the 交通运输局's old site), a casino (the 卫生健康委's), an online shop (the 林业局's);
  and the controls: another city's government portal whose title matches its anchor, a
  newspaper linked by its own name (not a body) reporting a crackdown on gambling;
- 127.0.0.3 is a partner platform on the site's allow list: its title names no body, yet it is
  never judged;
- 127.0.0.4 is on the deny list: it looks healthy and is reported anyway.

`PLANTED` is the truth the tests compare with: (rule, severity, anchor) per target path.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SITE_NAME = "江河县人民政府"

PARKED = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>jhjtj.com 此域名可转让</title>
</head><body><div class="domain"><h1>jhjtj.com</h1><p>此域名可转让，欢迎咨询！</p>
<p>This domain may be for sale. Buy this domain.</p><p>联系 QQ：88xx8888 · 一口价 ¥12000</p>
<p class="small">Parking by sedo</p></div></body></html>"""

CASINO = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>澳门新葡京娱乐城-百家乐-真人娱乐官网</title></head><body>
<div class="banner">新用户注册即送彩金 888 元 · 体育投注 · 电子游艺 · 棋牌</div>
<ul><li>百家乐</li><li>时时彩</li><li>北京赛车 pk10</li></ul></body></html>"""

SHOP = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>优品购物商城—正品低价 全场包邮</title>
</head><body><div class="nav">首页 | 手机数码 | 家用电器 | 服装鞋包 | 美妆个护</div>
<div class="goods"><p>限时秒杀：蓝牙耳机 59 元</p><p>新品上架：羽绒服 199 元</p></div></body></html>"""

OTHER_CITY = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>白山市人民政府门户网站</title>
</head><body><div class="header">白山市人民政府</div><div class="main"><h2>政务要闻</h2>
<ul><li>市政府召开常务会议研究部署冬季安全生产工作</li><li>白山市2026年重点项目建设推进会召开</li></ul>
</div><div class="footer">主办：白山市人民政府办公室</div></body></html>"""

NEWSPAPER = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>JH Daily 新闻资讯</title>
</head><body><div class="main"><h2>今日要闻</h2><ul>
<li>全县开展打击跨境赌博专项行动 查处违法案件12起</li>
<li>冬季供暖保障工作有序推进</li><li>江河县第三届农民丰收节开幕</li></ul></div></body></html>"""

PARTNER = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>云端协同办公平台</title></head>
<body><div class="login"><h2>统一身份认证登录</h2><p>请使用工作账号登录</p></div></body></html>"""

ARCHIVES = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>江河县档案馆</title></head>
<body><div class="main"><h2>馆藏介绍</h2><p>江河县档案馆馆藏档案三万余卷。</p></div></body></html>"""

#: path on 127.0.0.2 -> (anchor on the portal, page served)
JUDGED = {
    "/jtj/": ("江河县交通运输局", PARKED),
    "/wsj/": ("江河县卫生健康委员会", CASINO),
    "/lyj/": ("江河县林业局", SHOP),
    "/bs/": ("白山市人民政府", OTHER_CITY),
    "/daily/": ("江河日报", NEWSPAPER),
}
ALLOWED = ("江河县政务服务中心", PARTNER)  # 127.0.0.3/
DENIED = ("江河县档案馆", ARCHIVES)  # 127.0.0.4/

#: what must be found, per target path of 127.0.0.2 or host: (rule, severity, anchor)
PLANTED = {
    "/jtj/": ("external_link.parked", "major", "江河县交通运输局"),
    "/wsj/": ("external_link.gambling", "veto", "江河县卫生健康委员会"),
    "/lyj/": ("external_link.unrelated", "major", "江河县林业局"),
    "127.0.0.4": ("external_link.denied", "major", "江河县档案馆"),
}

HEADER = ('<div class="header"><div class="logo"><img src="/images/logo.png" alt="江河县人民政府">'
          '</div><ul class="nav"><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a>'
          '</li><li><a href="/yqlj.html">友情链接</a></li></ul></div>')


class Host:
    """One loopback address answering `routes` (path -> html), 404 otherwise, GET and HEAD."""

    def __init__(self, address: str, routes: dict[str, str]) -> None:
        self.routes = routes
        self.hits: list[str] = []
        host = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self, body: bool) -> None:
                host.hits.append(self.path)
                text = host.routes.get(self.path)
                status = 200 if text is not None else 404
                data = (text or "<html><body><h1>404 Not Found</h1></body></html>").encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self._answer(True)

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer(False)

        self.httpd = ThreadingHTTPServer((address, 0), Handler)
        self.url = f"http://{address}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class ExternalLinkSite:
    """The portal (127.0.0.1) and the three external hosts; `config(path)` writes sites.toml."""

    def __init__(self) -> None:
        self.judged = Host("127.0.0.2", {path: html for path, (_a, html) in JUDGED.items()})
        self.allowed = Host("127.0.0.3", {"/": ALLOWED[1]})
        self.denied = Host("127.0.0.4", {"/": DENIED[1]})
        self.portal = Host("127.0.0.1", {})
        self.portal.routes.update(self._pages())
        self.url = self.portal.url + "/"

    def target(self, key: str) -> str:
        """The external URL a PLANTED key stands for."""
        if key == "127.0.0.4":
            return self.denied.url + "/"
        return self.judged.url + key

    def _links(self) -> list[tuple[str, str]]:
        links = [(self.judged.url + path, anchor) for path, (anchor, _html) in JUDGED.items()]
        return [*links, (self.allowed.url + "/", ALLOWED[0]), (self.denied.url + "/", DENIED[0])]

    def _footer(self) -> str:
        options = "".join(f'<li><a href="{url}" target="_blank">{anchor}</a></li>'
                          for url, anchor in self._links())
        return (f'<div class="footer"><div class="yqlj"><h3>友情链接</h3><ul>{options}</ul></div>'
                '<p>主办：江河县人民政府办公室 承办：江河县大数据中心 政府网站标识码4501220001</p>'
                '<p>桂ICP备12003456号 桂公网安备45012202000123号 联系电话：0771-1234567</p></div>')

    def _page(self, title: str, main: str) -> str:
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8">'
                f'<meta name="SiteName" content="{SITE_NAME}"><title>{title}</title></head>'
                f'<body>{HEADER}<div class="main">{main}</div>{self._footer()}</body></html>')

    def _pages(self) -> dict[str, str]:
        news = [("/xwzx/2026/11/t20261118_101.html", "江河县召开冬季安全生产工作会议", "2026-11-18"),
                ("/xwzx/2026/11/t20261116_100.html", "县政府常务会议研究部署秋冬季造林工作",
                 "2026-11-16")]
        items = "".join(f'<li><a href="{u}">{t}</a><span>{d}</span></li>' for u, t, d in news)
        pages = {"/": self._page(SITE_NAME, f'<div class="list"><h2>新闻中心</h2><ul>{items}</ul>'
                                            '</div>'),
                 "/xwzx/": self._page("新闻中心_" + SITE_NAME,
                                      f'<div class="position">当前位置：<a href="/">首页</a> &gt; '
                                      f'<span>新闻中心</span></div><ul class="list">{items}</ul>'),
                 "/yqlj.html": self._page("友情链接_" + SITE_NAME,
                                          '<h2>友情链接</h2><p>县直部门及周边市县网站。</p>')}
        for url, title, day in news:
            body = ("<p>会议强调，要认真落实安全生产责任制，全面排查整治各类风险隐患，"
                    "确保全县安全形势持续稳定。</p>") * 4
            pages[url] = self._page(
                f"{title}_{SITE_NAME}",
                f'<table class="xxgk"><tr><td>发布机构：江河县人民政府办公室</td>'
                f'<td>发布日期：{day}</td></tr></table><h1>{title}</h1>'
                f'<div class="article">{body}</div>')
        return pages

    def config(self, path) -> None:
        path.write_text(
            f'[[sites]]\nname = "{SITE_NAME}"\nurl = "{self.url}"\ndepartment = "县政府办公室"\n'
            'allow_addresses = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]\ncloaking_sample = 0\n\n'
            '  [sites.external_links]    # 链接归属\n'
            '  allow = ["127.0.0.3"]     # the partner platform\n'
            '  deny = ["127.0.0.4"]      # the archives\' lost domain\n', encoding="utf-8")

    def close(self) -> None:
        for host in (self.portal, self.judged, self.allowed, self.denied):
            host.close()
