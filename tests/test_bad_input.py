"""Hostile and broken sites: every failure is a finding or a log line, never the end of the run."""

from __future__ import annotations

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import govpatrol, read_jsonl

HOSTILE_TITLE = "<script>alert(1)</script>关于<b>加强</b>管理的通知"
PAGES = {
    "/": """<html><head><meta charset="utf-8"><title>坏站点</title></head><body>
        <div class="nav"><a href="/loop/a">循环</a> <a href="/huge.html">大页面</a>
        <a href="/hostile.html">通知</a> <a href="/mislabeled.html">编码</a>
        <a href="/binary.html">二进制</a> <a href="/empty.html">空页面</a></div>
        <div class="content"><p>欢迎访问本站。</p></div></body></html>""",
    "/hostile.html": f"""<html><head><meta charset="utf-8"><title>{HOSTILE_TITLE}</title>
        <meta name="ArticleTitle" content="{HOSTILE_TITLE.replace('"', '&quot;')}"></head>
        <body><div class="content"><p>发布时间：2026-11-18</p>
        <p>正文&lt;img src=x onerror=alert(2)&gt;正文</p></div></body></html>""",
}


class BadSite(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path
        if path.startswith("/loop/"):  # a -> b -> a -> ...
            self.send_response(302)
            self.send_header("Location", "/loop/b" if path.endswith("a") else "/loop/a")
            self.end_headers()
            return
        if path == "/huge.html":
            body = b"<html><body>" + b"<p>" + "很长的页面".encode() * 1_500_000 + b"</p></body></html>"
        elif path == "/mislabeled.html":  # says UTF-8, is GBK
            body = "<html><head><meta charset='utf-8'></head><body><p>政务公开工作要点</p></body></html>".encode("gbk")
        elif path == "/binary.html":
            body = bytes(range(256)) * 100
        elif path == "/empty.html":
            body = b""
        elif path in PAGES:
            body = PAGES[path].encode("utf-8")
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def bad_patrol(tmp_path_factory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), BadSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    tmp = tmp_path_factory.mktemp("bad")
    result = govpatrol("patrol", url, "--out", str(tmp / "out"), "--db", str(tmp / "g.db"),
                       "--as-of", "2026-11-20")
    server.shutdown()
    return result, tmp / "out", url


def test_the_run_completes(bad_patrol):
    result, out, _ = bad_patrol
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_redirect_loops_and_huge_pages_are_findings(bad_patrol):
    _, out, url = bad_patrol
    statuses = {f["url"].removeprefix(url): f["status"] for f in read_jsonl(out / "findings.jsonl")
                if f["category"] == "unreachable"}
    assert statuses.get("loop/a") == "redirect_loop"
    assert statuses.get("huge.html") == "too_large"


def test_page_content_is_escaped_in_the_report(bad_patrol):
    _, out, _ = bad_patrol
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "onerror=alert(2)>" not in html


def test_a_gbk_page_labelled_utf8_is_decoded(bad_patrol):
    _, out, url = bad_patrol
    db = out.parent / "g.db"
    with sqlite3.connect(db) as conn:
        [(text,)] = conn.execute("select text from pages where url = ?", (url + "mislabeled.html",))
    assert "政务公开工作要点" in text


def test_a_gbk_page_labelled_utf8_is_an_encoding_finding_not_traditional_characters(bad_patrol):
    _, out, url = bad_patrol
    on_page = [f for f in read_jsonl(out / "findings.jsonl") if f["url"] == url + "mislabeled.html"]
    assert [(f["category"], f["status"]) for f in on_page] == [("encoding", "utf-8->gb18030")]
    assert "UTF-8" in on_page[0]["message"] and "乱码" in on_page[0]["message"]
    assert "网页编码错误" in (out / "report.html").read_text(encoding="utf-8")
