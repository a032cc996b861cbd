"""`cloaking` (网页篡改/跳转): pages that show Baiduspider, phones or search visitors something
else, and obfuscated inline redirects (issue 13, item 4).

A county portal on 127.0.0.1 answers by User-Agent and Referer the way tampered sites do: its
home page gives Baiduspider a gambling title and text, one article an advertiser's page; one
article sends phones to a gambling
host (127.0.0.2, never requested); one sends visitors from Baidu's results away; one carries an
`eval(String.fromCharCode(...))` redirect, another a packed redirect, another a referrer check.
Controls: an article served to phones in a mobile template with the same text, a packed script
that redirects nowhere, a plain 百度统计 snippet, and the same redirect to another government
site's host.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import govpatrol, read_jsonl
from lxml import html as lxml_html

from govpatrol.auditors.cloaking import overlap
from govpatrol.crawler.extract.scripts import script_redirects

ARTICLE_TEXT = ("为切实做好今冬明春供暖保障工作，确保群众温暖过冬，经县人民政府同意，现将有关事项通知如下。"
                "各部门要认真做好部署工作，把供暖保障作为重要民生工程抓紧抓实。县住建局要会同有关部门加强"
                "煤炭、天然气等能源供应保障，及时协调解决供暖中出现的问题。县政府督查室将适时开展专项督查。")
GAMBLING = ("澳门新葡京娱乐城_体育投注_真人百家乐", "澳门新葡京娱乐城提供体育投注、真人百家乐、电子游艺，"
            "注册开户送彩金，官方网站24小时在线。" * 5)


def fromcharcode(js: str) -> str:
    return f"eval(String.fromCharCode({','.join(str(ord(c)) for c in js)}));"


PACKED_REDIRECT = (
    "eval(function(p,a,c,k,e,d){e=function(c){return c};if(!''.replace(/^/,String)){while(c--)"
    "d[c]=k[c]||c;k=[function(e){return d[e]}];e=function(){return'\\\\w+'};c=1};while(c--)"
    "if(k[c])p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c]);return p}('0.1.2=\"3://4.5\"',"
    "6,6,'window|location|href|http|bet365|cc'.split('|'),0,{}))")
PACKED_MENU = (
    "eval(function(p,a,c,k,e,d){e=function(c){return c};if(!''.replace(/^/,String)){while(c--)"
    "d[c]=k[c]||c;k=[function(e){return d[e]}];e=function(){return'\\\\w+'};c=1};while(c--)"
    "if(k[c])p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c]);return p}('0(\"1\").2()',"
    "3,3,'jQuery|nav|slideToggle'.split('|'),0,{}))")
REFERRER = ("var r=document.referrer;if(r.indexOf('baidu')>-1||r.indexOf('sogou')>-1)"
            "{window.location.href='http://www.bet-888.cc/';}")
TONGJI = ("var _hmt=_hmt||[];(function(){var hm=document.createElement('script');"
          "hm.src='https://hm.baidu.com/hm.js?abc';var s=document.getElementsByTagName('script')[0];"
          "s.parentNode.insertBefore(hm,s);})();")


def page(title: str, body: str, script: str = "") -> str:
    tag = f"<script>{script}</script>" if script else ""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{tag}"
            f"<meta name='ArticleTitle' content='{title}'></head><body>"
            f"<div class='header'><a href='/'>首页</a></div><div class='article'><h1>{title}</h1>"
            f"<div class='info'>发布时间：2026-11-02</div><div class='TRS_Editor'><p>{body}</p></div>"
            f"</div><div class='footer'>主办：江河县人民政府办公室</div></body></html>")


HOME_LINKS = "".join(f"<li><a href='/news/{n}.html'>通知{n}</a><span>2026-11-02</span></li>"
                     for n in ("a", "b", "c", "d", "e", "f", "g", "h", "i"))


class Cloaked(BaseHTTPRequestHandler):
    other_host = ""

    def do_GET(self):  # noqa: N802 - http.server API
        agent = self.headers.get("User-Agent", "")
        referer = self.headers.get("Referer", "")
        spider = "Baiduspider" in agent
        phone = "iPhone" in agent
        path = self.path
        if path == "/" and spider:
            body = page(*GAMBLING)
        elif path == "/":
            body = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>江河县人民政府</title>"
                    f"<script>{TONGJI}</script></head><body><ul class='tzgg'>{HOME_LINKS}</ul>"
                    "</body></html>")
        elif path == "/news/a.html" and phone:
            return self.redirect(f"http://{self.other_host}/m/index.html")
        elif path == "/news/b.html" and phone:  # a mobile template: same article
            body = page("关于做好冬季供暖保障工作的通知（手机版）", ARTICLE_TEXT)
        elif path == "/news/c.html" and "baidu.com" in referer:
            body = page("跳转", "", "window.location.href='http://www.bet-888.cc/';")
        elif path == "/news/i.html" and spider:  # the index gets an advertiser's page
            body = page("纤体瘦身茶官方旗舰店", "纤体瘦身茶采用天然植物配方，温和调理，坚持饮用效果明显，"
                        "全国包邮货到付款，老客户回购享受八折优惠，欢迎咨询客服了解详情。" * 3)
        elif path == "/news/d.html":
            body = page("关于做好冬季供暖保障工作的通知", ARTICLE_TEXT,
                        fromcharcode("window.location.href='http://www.bet-888.cc/';"))
        elif path == "/news/e.html":
            body = page("关于做好冬季供暖保障工作的通知", ARTICLE_TEXT, PACKED_REDIRECT)
        elif path == "/news/f.html":
            body = page("关于做好冬季供暖保障工作的通知", ARTICLE_TEXT, REFERRER)
        elif path == "/news/g.html":
            body = page("关于做好冬季供暖保障工作的通知", ARTICLE_TEXT, PACKED_MENU)
        elif path == "/news/h.html" and phone:  # moved to the province's platform: a gov host
            return self.redirect("http://www.jiangsheng.gov.cn/zwgk/1.html")
        elif path.startswith("/news/"):
            body = page("关于做好冬季供暖保障工作的通知", ARTICLE_TEXT)
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, target: str) -> None:
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Cloaked)
    Cloaked.other_host = f"127.0.0.2:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.e2e
def test_patrol_finds_cloaked_pages_and_obfuscated_redirects_and_no_control(site, tmp_path):
    result = govpatrol("patrol", site + "/", "--as-of", "2026-11-20", "--out",
                       str(tmp_path / "out"), "--db", str(tmp_path / "g.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    found = [f for f in read_jsonl(tmp_path / "out" / "findings.jsonl")
             if f["category"] == "cloaking"]
    got = {(f["url"].removeprefix(site), f["rule"], f["severity"]) for f in found}
    assert got == {
        ("/", "cloaking.spam", "veto"),
        ("/news/a.html", "cloaking.redirect", "veto"),
        ("/news/c.html", "cloaking.redirect", "veto"),
        ("/news/i.html", "cloaking.content", "minor"),
        ("/news/d.html", "cloaking.script", "major"),
        ("/news/e.html", "cloaking.script", "major"),
        ("/news/f.html", "cloaking.script", "major"),
    }
    by = {(f["url"].removeprefix(site), f["rule"]): f for f in found}
    spam = by["/", "cloaking.spam"]
    assert "百度爬虫" in spam["message"] and spam["text"] == "澳门新葡京"
    phone = by["/news/a.html", "cloaking.redirect"]
    assert "手机浏览器" in phone["message"]
    assert phone["link_url"] == f"http://{Cloaked.other_host}/m/index.html"
    assert "从百度搜索结果点入的访客" in by["/news/c.html", "cloaking.redirect"]["message"]
    assert "bet-888" in by["/news/d.html", "cloaking.script"]["text"]
    content = by["/news/i.html", "cloaking.content"]
    assert "百度爬虫" in content["message"] and content["text"] == "纤体瘦身茶官方旗舰店"


def test_script_evidence_needs_a_hidden_redirect():
    def evidence(script: str) -> list[str]:
        return script_redirects(lxml_html.fromstring(page("t", "x", script)))

    assert evidence(fromcharcode("window.location.href='http://www.bet-888.cc/';"))[0].startswith(
        "String.fromCharCode")
    assert "location" in evidence(PACKED_REDIRECT)[0]
    assert evidence(REFERRER)[0].startswith("按来源（搜索引擎）跳转")
    hexed = "".join(f"\\x{ord(c):02x}" for c in "top.location='http://x.cc/'")
    assert evidence(f"var _0x1a2b=['{hexed}'];var _0x3c4d=_0x1a2b[0];var _0x5e6f=1;")
    assert evidence(PACKED_MENU) == []  # packed, but it only opens a menu
    assert evidence(TONGJI) == []  # 百度统计: loads a script, in the clear
    assert evidence(fromcharcode("alert('欢迎访问江河县人民政府网站');")) == []
    assert evidence("if(document.referrer){console.log('来源：'+document.referrer)}") == []


def test_overlap_tells_the_same_article_from_another_page():
    mobile = "关于做好冬季供暖保障工作的通知（手机版）" + ARTICLE_TEXT
    assert overlap(mobile, ARTICLE_TEXT) > 0.9
    assert overlap(GAMBLING[1], ARTICLE_TEXT) < 0.1
