"""One scope for everything that fetches: a real patrol against servers on 127.0.0.1 and
127.0.0.2, whose access logs are read afterwards.

The site (127.0.0.1) has `exclude = ["/private/"]` and `Disallow: /admin/`; its pages link to
both, redirect and meta-refresh to "another host" (a second server on 127.0.0.2, a private
address that is not the site's), link to it, and load images and script data from excluded
paths. Neither the crawler, nor the link checker, nor Chromium (evidence screenshots) may ask
for any of it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import govpatrol

from govpatrol.crawler.scope import EXCLUDED, NOT_INCLUDED, OFFSITE, PRIVATE_ADDRESS, ROBOTS, Scope
from govpatrol.reports.screenshots import find_chromium


class LoggedServer:
    """A static site on one address that records every request path."""

    def __init__(self, host: str, pages: dict[str, tuple[int, dict[str, str], str]]) -> None:
        self.log: list[str] = []
        self.agents: list[tuple[str, str, str]] = []  # who asked: crawler, checker, Chromium
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, body: bool) -> None:
                server.log.append(self.path)
                agent = self.headers.get("User-Agent", "")[-40:]
                server.agents.append((self.command, self.path, agent))
                status, headers, text = server.pages.get(self.path, (404, {}, "<h1>404</h1>"))
                data = text.replace("{other}", server.other).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for key, value in headers.items():
                    self.send_header(key, value.replace("{other}", server.other))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def do_GET(self):
                self._answer(True)

            def do_HEAD(self):
                self._answer(False)

        self.pages = pages
        self.other = ""
        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


ARTICLE = ("<html><head><title>{t}</title></head><body><div class='article'><h1>{t}</h1>"
           "<p>发布时间：2026-11-02</p><p>" + "本机关认真做好冬季供暖保障工作。" * 20 + "</p>"
           "</div></body></html>")
HOME = """<html><head><title>江河市人民政府</title></head><body>
<img src="/private/logo.png"><img src="/admin/banner.png">
<script>fetch('/admin/data.json'); fetch('/private/data.json');
  fetch('{other}/beacon.json');</script>
<a href="/news/a.html">新闻一</a><a href="/missing.html">坏链接</a>
<a href="/private/secret.html">内部</a><a href="/admin/login.html">后台</a>
<a href="/private/report.pdf">附件</a><a href="/admin/list.xls">附件二</a>
<a href="/go.html">跳转</a><a href="/refresh.html">刷新</a><a href="/to-private.html">进内部</a>
<a href="{other}/elsewhere.html">另一台主机</a>
</body></html>"""


def site_pages() -> dict[str, tuple[int, dict[str, str], str]]:
    return {
        "/": (200, {}, HOME),
        "/robots.txt": (200, {}, "User-agent: *\nDisallow: /admin/\n"),
        "/news/a.html": (200, {}, ARTICLE.format(t="关于做好冬季供暖工作的通知")),
        "/go.html": (302, {"Location": "{other}/landing.html"}, ""),
        "/to-private.html": (302, {"Location": "/private/moved.html"}, ""),
        "/refresh.html": (200, {}, '<html><head><meta http-equiv="refresh" content="0;url='
                                   '{other}/refreshed.html"><title>跳转</title></head></html>'),
        "/private/secret.html": (200, {}, ARTICLE.format(t="内部")),
        "/admin/login.html": (200, {}, ARTICLE.format(t="后台")),
    }


@pytest.fixture
def servers():
    site = LoggedServer("127.0.0.1", site_pages())
    other = LoggedServer("127.0.0.2", {p: (200, {}, ARTICLE.format(t="另一台主机"))
                                       for p in ("/landing.html", "/refreshed.html",
                                                 "/elsewhere.html", "/beacon.json")})
    site.other = other.url
    yield site, other
    site.close()
    other.close()


def patrol(site: LoggedServer, tmp_path, **keys) -> sqlite3.Connection:
    config = tmp_path / "sites.toml"
    extra = "".join(f"{k} = {json.dumps(v)}\n" for k, v in keys.items())
    config.write_text(f'[[sites]]\nname = "江河市"\nurl = "{site.url}/"\n'
                      f'exclude = ["/private/"]\n{extra}', encoding="utf-8")
    screenshots = ["--screenshots", "3"] if find_chromium() else []
    result = govpatrol("patrol", site.url + "/", "--config", str(config), "--as-of",
                       "2026-11-20", "--out", str(tmp_path / "out"), "--db",
                       str(tmp_path / "g.db"), *screenshots)
    assert result.returncode == 0, result.stderr[-3000:]
    return sqlite3.connect(tmp_path / "g.db")


def test_nothing_out_of_scope_is_requested_by_any_component(servers, tmp_path) -> None:
    site, other = servers
    db = patrol(site, tmp_path)
    refused = [p for p in site.log if p.startswith(("/private/", "/admin/"))]
    assert refused == [], "\n".join(map(str, site.agents))
    assert other.log == []  # 127.0.0.2 is not the site's and not allowed
    assert "/news/a.html" in site.log and "/missing.html" in site.log  # the patrol did run
    pages = {url for (url,) in db.execute("select url from pages")}
    assert not any("127.0.0.2" in url or "/private/" in url for url in pages), pages
    assert site.url + "/go.html" not in pages  # an off-site redirect is not a page of the site
    checks = dict(db.execute("select url, final_url from link_checks"))
    assert checks[site.url + "/go.html"] == other.url + "/landing.html"  # a link-check fact
    assert checks[site.url + "/to-private.html"] == site.url + "/private/moved.html"
    links = {url for (url,) in db.execute("select url from links")}
    assert site.url + "/private/secret.html" in links  # still a link of the inventory
    assert other.url + "/elsewhere.html" in links


def test_another_private_host_is_reached_only_when_allowed(servers, tmp_path) -> None:
    site, other = servers
    patrol(site, tmp_path, allow_addresses=["127.0.0.2"])
    assert "/elsewhere.html" in other.log and "/landing.html" in other.log
    assert [p for p in site.log if p.startswith(("/private/", "/admin/"))] == []


def test_scope_reasons() -> None:
    scope = Scope("http://www.jianghe.gov.cn/", hosts=["zwgk.jianghe.gov.cn"],
                  include=["/xxgk/", "^http://www\\.jianghe\\.gov\\.cn/$"],
                  exclude=["/private/"], robots=True)
    scope.set_robots("http://www.jianghe.gov.cn", "User-agent: *\nDisallow: /admin/\n")
    assert scope.page_reason("http://www.jianghe.gov.cn/") is None
    assert scope.page_reason("http://jianghe.gov.cn/xxgk/1.html") is None  # with or without www
    assert scope.page_reason("http://evil.example/xxgk/") == OFFSITE
    assert scope.page_reason("http://www.jianghe.gov.cn/xxgk/private/1.html") == EXCLUDED
    assert scope.page_reason("http://www.jianghe.gov.cn/news/1.html") == NOT_INCLUDED
    assert scope.fetch_reason("http://www.jianghe.gov.cn/news/1.pdf", page=False) is None
    assert scope.fetch_reason("http://www.jianghe.gov.cn/admin/xxgk/1.html") == ROBOTS
    for target in ("http://169.254.169.254/latest/meta-data/", "http://127.0.0.2/",
                   "http://10.0.0.8/", "http://[::1]:8080/", "http://localhost:6379/"):
        assert scope.fetch_reason(target) == PRIVATE_ADDRESS, target
    assert scope.fetch_reason("http://8.8.8.8/") is None
    allowed = Scope("http://127.0.0.1:8000/", allow_addresses=["10.0.0.0/8"])
    assert allowed.fetch_reason("http://10.1.2.3/x.html") is None
    assert allowed.fetch_reason("http://127.0.0.1:8000/x.html") is None  # the site's own host
    assert allowed.fetch_reason("http://127.0.0.1:6379/") == PRIVATE_ADDRESS  # another port
