"""Meta refresh in a real patrol: followed whatever the page's encoding and spelling.

The crawl asks Scrapy's MetaRefreshMiddleware only about pages whose first bytes contain the
word "refresh" (crawler.middlewares.CheapMetaRefreshMiddleware). These pages reach their
targets only through a `<meta http-equiv="refresh">`: a GB18030 page in the capitals of old
CMS templates, a UTF-8 page with a long Chinese head, and a UTF-16 page (whose bytes do not
spell "refresh" in ASCII, so Scrapy judges it). A target the crawler never asks for means the
refresh was missed.
"""

from __future__ import annotations

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import govpatrol

ARTICLE = ("<html><head><meta charset='utf-8'><title>{t}</title></head><body>"
           "<div class='article'><h1>{t}</h1><p>发布时间：2026-11-02</p><p>"
           + "本机关认真做好冬季供暖保障工作。" * 20 + "</p></div></body></html>")
HOME = ("<html><head><meta charset='utf-8'><title>江河市人民政府</title></head><body>"
        "<a href='/old-gb.html'>旧版通知</a><a href='/old-long.html'>旧版公告</a>"
        "<a href='/old-utf16.html'>旧版说明</a><a href='/plain.html'>工作动态</a>"
        "</body></html>")
# the site's description fills most of the 4,096 characters Scrapy reads for the tag
LONG_HEAD = ("<html><head><meta charset='utf-8'><title>旧版公告</title><meta name='description' "
             "content='" + "江河市人民政府门户网站公告栏目" * 180 + "'>"
             "<meta http-equiv='refresh' content='0;url=/new-long.html'></head><body></body></html>")


def pages() -> dict[str, tuple[str, bytes]]:
    utf8 = "text/html; charset=utf-8"
    return {
        "/": (utf8, HOME.encode()),
        "/old-gb.html": ("text/html", (
            '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb2312">'
            '<TITLE>旧版通知</TITLE><META HTTP-EQUIV="REFRESH" CONTENT="0; URL=/new-gb.html">'
            "</HEAD><BODY>页面已迁移</BODY></HTML>").encode("gb18030")),
        "/old-long.html": (utf8, LONG_HEAD.encode()),
        "/old-utf16.html": ("text/html; charset=utf-16", (
            "\ufeff<html><head><title>旧版说明</title><meta http-equiv='refresh' "
            "content='0;url=/new-utf16.html'></head><body>页面已迁移</body></html>"
        ).encode("utf-16-le")),
        "/plain.html": (utf8, ARTICLE.format(t="关于做好冬季供暖工作的通知").encode()),
        "/new-gb.html": (utf8, ARTICLE.format(t="关于春节放假安排的通知").encode()),
        "/new-long.html": (utf8, ARTICLE.format(t="关于征集意见的公告").encode()),
        "/new-utf16.html": (utf8, ARTICLE.format(t="关于办事指南的说明").encode()),
    }


@pytest.fixture
def site():
    log: list[str] = []
    served = pages()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            log.append(self.path)
            content_type, body = served.get(self.path, ("text/html", b"<h1>404</h1>"))
            self.send_response(200 if self.path in served else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", log
    httpd.shutdown()
    httpd.server_close()


def test_meta_refresh_is_followed_in_every_encoding(site, tmp_path) -> None:
    url, log = site
    result = govpatrol("patrol", url + "/", "--as-of", "2026-11-20", "--out",
                       str(tmp_path / "out"), "--db", str(tmp_path / "g.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    for target in ("/new-gb.html", "/new-long.html", "/new-utf16.html"):
        assert target in log, (target, log)
    with sqlite3.connect(tmp_path / "g.db") as db:
        titles = {title for (title,) in db.execute("select title from pages")}
    assert {"关于春节放假安排的通知", "关于征集意见的公告", "关于办事指南的说明"} <= titles, titles
    assert "关于做好冬季供暖工作的通知" in titles  # the page without a refresh stays itself
