"""访问受限: firewall and anti-bot challenges are `blocked` (unknown), never dead or unreachable.

A real patrol against servers on 127.0.0.1 (the site) and 127.0.0.2 (another site) that
answer as Chinese government WAFs do: 瑞数 with 412 and a `$_ts` script, 加速乐 with 521 and a
`document.cookie` script, Cloudflare and 安全狗 with 503 / 403 challenge pages. Controls: a
plain 503, a plain 403, Cloudflare's own 521 "web server is down" and a 404 stay what they are.
"""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import govpatrol, read_jsonl

from govpatrol.crawler.extract.challenge import challenge
from govpatrol.linkcheck.checker import LinkChecker

RUISHU = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
          '<meta id="9DhefwqGPrzGxEp9hPaoag" content="J0ZEjgjJ7Mjd3ej6OSYQ" r="m">'
          '<script type="text/javascript" r="m">$_ts=window[\'$_ts\'];if(!$_ts)$_ts={};'
          '$_ts.nsd=53124;$_ts.cd="qqgqrrAlcGqmcsAhr";</script>'
          '<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.js">'
          '</script></head><body></body></html>')
RUISHU_COOKIE = {"Set-Cookie": "FSSBBIl1UgzbN7NO=5dnNpYrmgTyEXYWe; Path=/; HttpOnly"}
JIASULE = ("<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+"
           "('l')+('e')+('a')+('r')+('a')+('n')+('c')+('e')+'=1700000000.123|0|abc;max-age=3600;"
           "path=/';location.href=location.pathname+location.search</script></body></html>")
JIASULE_COOKIE = {"Set-Cookie": "__jsluid_h=8b9c8f3e1a; max-age=31536000; path=/; HttpOnly"}
CLOUDFLARE = ("<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
              "<meta http-equiv=\"refresh\" content=\"390\"></head><body><div class=\"main-wrapper\">"
              "<noscript>Enable JavaScript and cookies to continue</noscript></div>"
              "<script>(function(){window._cf_chl_opt={cvId: '3',cZone: 'x'};}());</script>"
              "</body></html>")
SAFEDOG = ("<html><head><title>网站防火墙</title></head><body><div>您的请求带有不合法参数，"
           "已被网站管理员设置拦截！可能原因：您提交的内容包含危险的攻击请求。"
           "网站防火墙 安全狗</div></body></html>")
PLAIN_403 = ("<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden"
             "</h1></center><hr><center>nginx</center></body></html>")
PLAIN_503 = ("<html><head><title>系统维护</title></head><body><h1>503 Service Unavailable</h1>"
             "<p>服务器正在维护，请稍后再试。</p></body></html>")
CF_ORIGIN_DOWN = ("<html><head><title>www.example.gov.cn | 521: Web server is down</title></head>"
                  "<body><h1>Web server is down</h1><span>Error code 521</span></body></html>")
ARTICLE = ("<html><head><title>{t}</title></head><body><div class='article'><h1>{t}</h1>"
           "<p>发布时间：2026-11-02</p><p>" + "本机关认真做好冬季供暖保障工作。" * 20 + "</p>"
           "</div></body></html>")
HOME = """<html><head><title>江河市人民政府</title></head><body>
<a href="/news/a.html">要闻</a><a href="/zwgk/rs.html">政务公开</a>
<a href="/xxgk/jsl.html">信息公开</a><a href="/hd/cf.html">互动交流</a>
<a href="/down.html">维护中</a><a href="/gone.html">已删除</a>
<a href="{other}/ext-rs.html">省政府</a><a href="{other}/ext-waf.html">省政府网站</a>
<a href="{other}/ext-403.html">禁止访问</a><a href="{other}/ext-521.html">源站宕机</a>
</body></html>"""

Pages = dict[str, tuple[int, dict[str, str], str]]
SITE: Pages = {
    "/": (200, {}, HOME),
    "/news/a.html": (200, {}, ARTICLE.format(t="关于做好冬季供暖工作的通知")),
    "/zwgk/rs.html": (412, RUISHU_COOKIE, RUISHU),
    "/xxgk/jsl.html": (521, JIASULE_COOKIE, JIASULE),
    "/hd/cf.html": (503, {"Server": "cloudflare", "cf-mitigated": "challenge"}, CLOUDFLARE),
    "/down.html": (503, {}, PLAIN_503),
}
OTHER: Pages = {
    "/ext-rs.html": (412, RUISHU_COOKIE, RUISHU),
    "/ext-waf.html": (403, {}, SAFEDOG),
    "/ext-403.html": (403, {}, PLAIN_403),
    "/ext-521.html": (521, {"Server": "cloudflare"}, CF_ORIGIN_DOWN),
}


class Server:
    """A site on one loopback address answering `pages` as given, 404 otherwise."""

    def __init__(self, host: str, pages: Pages) -> None:
        self.other = ""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, body: bool) -> None:
                status, headers, text = pages.get(self.path, (404, {}, "<h1>404</h1>"))
                data = text.replace("{other}", server.other).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def do_GET(self):
                self._answer(True)

            def do_HEAD(self):
                self._answer(False)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers():
    site, other = Server("127.0.0.1", SITE), Server("127.0.0.2", OTHER)
    site.other = other.url
    yield site, other
    site.close()
    other.close()


@pytest.mark.parametrize("status, body, cookie, kind", [
    (412, RUISHU, RUISHU_COOKIE["Set-Cookie"], "js_challenge"),
    (521, JIASULE, JIASULE_COOKIE["Set-Cookie"], "cookie_challenge"),
    (503, CLOUDFLARE, "", "waf_challenge"),
    (403, SAFEDOG, "", "waf_challenge"),
    (403, SAFEDOG.encode("gbk"), "", "waf_challenge"),
    (403, PLAIN_403, "", None),
    (503, PLAIN_503, "", None),
    (521, CF_ORIGIN_DOWN, "", None),
    (404, SAFEDOG, "", None),
    (200, CLOUDFLARE, "", None),
])
def test_challenge_pages_are_told_from_real_errors(status, body, cookie, kind):
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    assert challenge(status, data, cookie) == kind


def test_link_checker_reports_challenges_as_blocked_never_broken(servers):
    _site, other = servers

    async def check_all():
        async with LinkChecker() as checker:
            return {path: await checker.check(other.url + path)
                    for path in ("/ext-rs.html", "/ext-waf.html", "/ext-403.html",
                                 "/ext-521.html")}

    results = asyncio.run(check_all())
    assert {p: (r.blocked, r.broken) for p, r in results.items()} == {
        "/ext-rs.html": ("js_challenge", False),
        "/ext-waf.html": ("waf_challenge", False),
        "/ext-403.html": (None, True),
        "/ext-521.html": (None, True),
    }
    assert results["/ext-rs.html"].label == "js_challenge"


def patrol(site: Server, tmp_path, start: str = "/"):
    config = tmp_path / "sites.toml"
    config.write_text(f'[[sites]]\nname = "江河市"\nurl = "{site.url}/"\n'
                      f'department = "市政府办公室"\nallow_addresses = ["127.0.0.2"]\n',
                      encoding="utf-8")
    return govpatrol("patrol", site.url + start, "--config", str(config), "--as-of",
                     "2026-11-20", "--out", str(tmp_path / "out"), "--db",
                     str(tmp_path / "g.db"))


def test_patrol_reports_blocked_pages_and_links_with_the_allow_list_hint(servers, tmp_path):
    site, _other = servers
    result = patrol(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    findings = read_jsonl(tmp_path / "out" / "findings.jsonl")
    blocked = {(f["rule"], f["severity"], f["url"].rsplit("/", 1)[-1], f["status"])
               for f in findings if f["category"] == "blocked"}
    assert blocked == {
        ("blocked.js_challenge", "major", "rs.html", "js_challenge"),
        ("blocked.cookie_challenge", "major", "jsl.html", "cookie_challenge"),
        ("blocked.waf_challenge", "major", "cf.html", "waf_challenge"),
        ("blocked.link.js_challenge", "info", "", "js_challenge"),  # the home page links them
    }
    own = [f for f in findings if f["category"] == "blocked" and f["severity"] == "major"]
    assert all("白名单" in f["message"] and "不是死链" in f["message"] for f in own)
    assert all(f["department"] == "市政府办公室" for f in own)
    # never dead, never unreachable: only the real failures are
    dead = {(f["category"], (f["link_url"] or f["url"]).rsplit("/", 1)[-1]) for f in findings
            if f["category"] in ("broken_link", "unreachable")}
    # the 503 page the home page links is one unreachable finding naming the home page
    assert dead == {("unreachable", "down.html"), ("broken_link", "gone.html"),
                    ("broken_link", "ext-403.html"), ("broken_link", "ext-521.html")}
    [down] = [f for f in findings if f["category"] == "unreachable"]
    assert down["linked_from"] == [site.url + "/"]
    assert "访问受限" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_a_blocked_start_url_says_so_and_asks_for_allow_listing(servers, tmp_path):
    site, _other = servers
    result = patrol(site, tmp_path, start="/zwgk/rs.html")
    assert result.returncode == 1
    assert "白名单" in result.stderr and "js_challenge" in result.stderr
    assert "unreachable" not in result.stderr
