"""The link checker against a server on 127.0.0.1 that breaks in every way government sites do."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from govpatrol.linkcheck.checker import CheckerOptions, LinkChecker
from govpatrol.linkcheck.soft404 import soft_404_reason

SOFT_404 = "<html><head><title>提示</title></head><body><p>抱歉，您访问的页面不存在或已被删除！</p></body></html>"
#: What mp.weixin.qq.com answers (200) for an article its publisher deleted, as portals link it.
WECHAT_DELETED = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" '
    'content="width=device-width,initial-scale=1.0"><title></title></head>'
    '<body id="activity-detail" class="zh_CN "><div class="weui-msg">'
    '<div class="weui-msg__icon-area"><i class="weui-icon-info weui-icon_msg"></i></div>'
    '<div class="weui-msg__text-area"><h2 class="weui-msg__title">该内容已被发布者删除</h2>'
    '<p class="weui-msg__desc"></p></div></div>'
    '<script>var __appmsgCgiData = {};</script></body></html>'
)
#: A live article about an outage, in a portal's full chrome: not an error page.
OUTAGE_NOTICE = (
    "<html><head><title>关于网站部分页面无法访问问题的说明 - 江河市人民政府</title></head><body>"
    '<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>'
    '<div class="article"><h1>关于网站部分页面无法访问问题的说明</h1><p>'
    + "因机房线路改造，11月20日晚部分页面暂时无法访问，现已恢复。" * 20 + "</p></div></body></html>"
)
REAL_PAGE = "<html><head><title>关于做好冬季供暖工作的通知</title></head><body><p>" + "正文。" * 300 + "</p></body></html>"


class Broken(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: str = "", ctype: str = "text/html; charset=utf-8",
              headers: dict | None = None, head: bool = False) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def route(self, head: bool) -> None:
        path = self.path
        Broken.hits[path] = Broken.hits.get(path, 0) + 1
        if path == "/ok.html":
            return self._send(200, REAL_PAGE, head=head)
        if path == "/file.pdf":
            return self._send(200, "%PDF-1.4", "application/pdf", head=head)
        if path == "/logo.png":
            return self._send(200, "png", "image/png", head=head)
        if path == "/gone.html":
            return self._send(410, "gone", head=head)
        if path == "/error.html":
            return self._send(500, "error", head=head)
        if path == "/soft.html":
            return self._send(200, SOFT_404, head=head)
        if path == "/s/deleted":
            return self._send(200, WECHAT_DELETED, head=head)
        if path == "/outage.html":
            return self._send(200, OUTAGE_NOTICE, head=head)
        if path == "/missing.pdf":  # the CMS answers a dead attachment with an HTML error page
            return self._send(200, SOFT_404, head=head)
        if path.startswith("/loop"):
            return self._send(302, headers={"Location": "/loop2" if path == "/loop1" else "/loop1"},
                              head=head)
        if path == "/moved.html":
            return self._send(301, headers={"Location": "/ok.html"}, head=head)
        if path == "/old/article.html":  # dead deep link sent to the home page
            return self._send(302, headers={"Location": "/"}, head=head)
        if path == "/":
            return self._send(200, REAL_PAGE, head=head)
        if path == "/slow.html":
            time.sleep(3)
            return self._send(200, REAL_PAGE, head=head)
        if path == "/nohead.pdf":
            if head:
                return self._send(405, head=True)
            return self._send(200, "%PDF", "application/pdf")
        if path == "/busy.html":  # 429 first, then fine
            if Broken.hits[path] == 1:
                return self._send(429, headers={"Retry-After": "1"}, head=head)
            return self._send(200, REAL_PAGE, head=head)
        if path == "/always-busy.html":
            return self._send(429, headers={"Retry-After": "0"}, head=head)
        if path == "/bots.html":  # blocks clients that do not look like a browser
            if "Mozilla" not in self.headers.get("User-Agent", ""):
                return self._send(403, head=head)
            return self._send(200, REAL_PAGE, head=head)
        return self._send(404, "not found", head=head)

    def do_GET(self):  # noqa: N802
        self.route(head=False)

    def do_HEAD(self):  # noqa: N802
        self.route(head=True)


@pytest.fixture(scope="module")
def base():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Broken)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def check_all(urls: dict[str, bool], timeout: float = 1.5):
    async def run():
        options = CheckerOptions(timeout=timeout, retry_after_cap=2)
        async with LinkChecker(options) as checker:
            return await asyncio.gather(*(checker.check(u, html_expected=h) for u, h in urls.items()))
    return {r.url: r for r in asyncio.run(run())}


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.2:{port}/page.html"


def test_every_failure_kind_is_named(base):
    refused = closed_port_url()
    results = check_all({
        f"{base}/nothing.html": True, f"{base}/gone.html": True, f"{base}/error.html": True,
        f"{base}/soft.html": True, f"{base}/loop1": True, refused: True,
        f"{base}/slow.html": True, f"{base}/dead.png": False, f"{base}/dead.pdf": False,
        f"{base}/missing.pdf": False, f"{base}/old/article.html": True,
        f"{base}/s/deleted": True,
    })
    labels = {url.removeprefix(base): r.label for url, r in results.items() if r.broken}
    assert labels == {
        "/nothing.html": "404", "/gone.html": "410", "/error.html": "500",
        "/soft.html": "soft_404", "/loop1": "redirect_loop", refused: "connection_refused",
        "/slow.html": "timeout", "/dead.png": "404", "/dead.pdf": "404",
        "/missing.pdf": "soft_404", "/old/article.html": "soft_404", "/s/deleted": "soft_404",
    }


def test_working_targets_are_never_reported(base):
    results = check_all({
        f"{base}/ok.html": True, f"{base}/file.pdf": False, f"{base}/logo.png": False,
        f"{base}/moved.html": True, f"{base}/nohead.pdf": False, f"{base}/bots.html": True,
        f"{base}/busy.html": True, f"{base}/outage.html": True,
    }, timeout=5)
    assert {u: r.label for u, r in results.items() if r.broken} == {}
    assert results[f"{base}/moved.html"].final_url == f"{base}/ok.html"


def test_attachments_are_checked_without_downloading_them(base):
    Broken.hits.clear()
    check_all({f"{base}/file.pdf": False})
    # one HEAD and no GET: the body of an attachment is never fetched
    assert Broken.hits == {"/file.pdf": 1}


def test_an_attachment_to_read_is_checked_and_downloaded_in_one_request(base):
    """An attachment whose text is read costs one GET, not a HEAD and a GET; one past the
    size cap is live and too large; one answering an error page is dead and not kept."""
    async def run():
        async with LinkChecker(CheckerOptions(timeout=5)) as checker:
            return await asyncio.gather(
                checker.check(f"{base}/file.pdf", keep_body=1024),
                checker.check(f"{base}/nohead.pdf", keep_body=2),
                checker.check(f"{base}/missing.pdf", keep_body=1024))

    Broken.hits.clear()
    read, large, missing = asyncio.run(run())
    assert (read.status, read.broken, read.body) == (200, False, b"%PDF-1.4")
    assert (large.status, large.broken, large.body) == (200, False, "too_large")
    assert (missing.label, missing.body) == ("soft_404", None)
    assert Broken.hits == {"/file.pdf": 1, "/nohead.pdf": 1, "/missing.pdf": 1}


def test_rate_limited_targets_are_not_called_dead(base):
    result = check_all({f"{base}/always-busy.html": True})[f"{base}/always-busy.html"]
    assert result.rate_limited and not result.broken


@pytest.mark.parametrize("title, text, url, final, reason", [
    ("页面不存在", "", "http://x.gov.cn/a.html", None, "error_title"),
    ("404 Not Found", "", "http://x.gov.cn/a.html", None, "error_title"),
    ("江河市人民政府", "该信息已删除", "http://x.gov.cn/a.html", None, "error_text"),
    ("江河市人民政府", "首页内容" * 200, "http://x.gov.cn/zwgk/a.html", "http://x.gov.cn/", "redirected_home"),
    ("关于开展打击整治养老诈骗专项行动的通知", "正文" * 400, "http://x.gov.cn/a.html", None, None),
    ("第404号公告", "关于第404号公告的说明" * 100, "http://x.gov.cn/a.html", None, None),
    # a live article about an outage is not an error page, however its title reads
    ("关于网站部分页面无法访问问题的说明 - 江河市人民政府", "因机房线路改造，" * 80,
     "http://x.gov.cn/a.html", None, None),
    # an error page keeps the site's navigation: its title alone decides
    ("抱歉，您访问的页面不存在 - 江河市人民政府", "首页 政务公开 办事服务 " * 60,
     "http://x.gov.cn/a.html", None, "error_title"),
    ("江河市人民政府_页面不存在", "导航" * 400, "http://x.gov.cn/a.html", None, "error_title"),
    # WeChat's deleted and blocked articles, wherever a portal links them
    ("", "该内容已被发布者删除", "https://mp.weixin.qq.com/s/abc", None, "error_text"),
    ("微信公众平台", "此内容因违规无法查看", "https://mp.weixin.qq.com/s/abc", None, "error_text"),
    ("", "此内容被投诉且经审核涉嫌侵权，无法查看。", "https://mp.weixin.qq.com/s/x", None, "error_text"),
    ("", "此帐号已自主注销，内容无法查看", "https://mp.weixin.qq.com/s/y", None, "error_text"),
    ("江河发布", "该信息已撤稿", "http://x.gov.cn/a.html", None, "error_text"),
])
def test_soft_404_reasons(title, text, url, final, reason):
    assert soft_404_reason(title=title, text=text, url=url, final_url=final) == reason


class SmallSite(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):
        pass

    def do_HEAD(self):  # noqa: N802
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):  # noqa: N802
        SmallSite.hits[self.path] = SmallSite.hits.get(self.path, 0) + 1
        if self.path == "/":
            body = ('<html><head><meta charset="utf-8"><title>首页</title></head><body>'
                    '<div class="content"><p>欢迎访问。</p><a href="/live.pdf">办事指南.pdf</a>'
                    '<a href="/dead.pdf">旧附件.pdf</a><img src="/gone.png"></div></body></html>')
            status, ctype = 200, "text/html; charset=utf-8"
        elif self.path == "/live.pdf":
            body, status, ctype = "%PDF-1.4", 200, "application/pdf"
        else:
            body, status, ctype = "not found", 404, "text/plain"
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)


@pytest.mark.e2e
def test_nightly_rechecks_dead_targets_and_caches_live_ones(tmp_path):
    from helpers import govpatrol, read_jsonl

    server = ThreadingHTTPServer(("127.0.0.1", 0), SmallSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    config = tmp_path / "sites.toml"
    config.write_text(f'[[sites]]\nname = "小站"\nurl = "{url}"\nlink_cache_days = 7\n',
                      encoding="utf-8")
    db = tmp_path / "g.db"
    for run in (1, 2):
        result = govpatrol("patrol", url, "--config", str(config), "--db", str(db),
                           "--out", str(tmp_path / f"out{run}"), "--as-of", "2026-11-20")
        assert result.returncode == 0, result.stderr
    server.shutdown()
    # checked and its text read with one GET by the first run; the second trusted both
    assert SmallSite.hits["/live.pdf"] == 1
    assert SmallSite.hits["/dead.pdf"] >= 2  # dead targets are asked again, so fixes show
    for run in (1, 2):
        broken = {f["link_url"].removeprefix(url): (f["status"], f["severity"])
                  for f in read_jsonl(tmp_path / f"out{run}" / "findings.jsonl")
                  if f["category"] == "broken_link"}
        assert broken == {"dead.pdf": ("404", "major"), "gone.png": ("404", "major")}


class SlowHost(BaseHTTPRequestHandler):
    """A host answering each request after a second, counting how many it serves at once."""

    lock = threading.Lock()
    active = 0
    most = 0

    def log_message(self, *args):
        pass

    def do_HEAD(self):  # noqa: N802
        with SlowHost.lock:
            SlowHost.active += 1
            SlowHost.most = max(SlowHost.most, SlowHost.active)
        time.sleep(1.0)
        with SlowHost.lock:
            SlowHost.active -= 1
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", "0")
        self.end_headers()


class FastHost(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", "0")
        self.end_headers()


def serve(handler, host: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_slow_host_does_not_hold_up_the_other_hosts(base):
    """Targets waiting for a busy host keep no slot of the whole checker: another host's
    checks go on meanwhile, and the busy host still never gets more than `per_host`."""
    slow = serve(SlowHost, "127.0.0.1")
    fast = serve(FastHost, "127.0.0.2")
    slow_urls = [f"http://127.0.0.1:{slow.server_address[1]}/f{i}.pdf" for i in range(8)]
    fast_urls = [f"http://127.0.0.2:{fast.server_address[1]}/f{i}.pdf" for i in range(4)]
    finished: list[str] = []

    async def run():
        async with LinkChecker(CheckerOptions(timeout=10, concurrency=4, per_host=2)) as checker:
            async def one(url):
                result = await checker.check(url)
                finished.append(url)
                return result
            return await asyncio.gather(*(one(u) for u in slow_urls + fast_urls))

    try:
        results = asyncio.run(run())
    finally:
        slow.shutdown()
        fast.shutdown()
    assert [r.status for r in results] == [200] * 12
    assert set(finished[:4]) == set(fast_urls)  # not behind the slow host's eight
    assert SlowHost.most == 2


def test_the_guard_blocks_once_per_origin_and_judges_every_url(base):
    """The scope's first answer for an origin may fetch robots.txt: it runs off the event
    loop, once, while the origin's other targets wait; every URL is still judged."""
    calls: list[tuple[str, bool]] = []

    def guard(url: str, page: bool) -> str | None:
        calls.append((url, threading.current_thread() is threading.main_thread()))
        time.sleep(0.2 if len(calls) == 1 else 0)  # the robots.txt fetch of the first call
        return "robots" if "/private/" in url else None

    live = ["/ok.html", "/file.pdf", "/logo.png", "/moved.html", "/outage.html", "/"]
    urls = [base + path for path in live] + [f"{base}/private/{i}.html" for i in range(3)]

    async def run():
        async with LinkChecker(CheckerOptions(timeout=5), guard=guard) as checker:
            return await asyncio.gather(*(checker.check(u, html_expected=True) for u in urls))

    results = {r.url: r for r in asyncio.run(run())}
    assert {u for u, _ in calls} == set(urls)  # (/moved.html's redirect asks for /ok.html)
    assert [on_loop for _, on_loop in calls].count(False) == 1  # one call in a thread
    assert calls[0][1] is False  # and it was the first
    assert {u for u, r in results.items() if r.refused} == set(urls[len(live):])
    assert all(results[u].status == 200 and not results[u].broken for u in urls[:len(live)])


def test_the_site_s_robots_txt_is_asked_after_the_crawl_at_its_pace(base):
    """The scope's first answer for an origin fetches its robots.txt. On the site's own host
    of a polite patrol (delay, max_rps) that is a request like the checks: held while the crawl
    asks the site, then one spacing after it (one came 0.16 s after a crawl request: 429)."""
    host = base.split("//", 1)[1]
    calls: list[float] = []

    def guard(url: str, page: bool) -> str | None:
        calls.append(time.monotonic())
        return None

    async def run():
        options = CheckerOptions(timeout=5, spaced_hosts=frozenset({host}), spacing=0.3,
                                 hold_spaced=True)
        async with LinkChecker(options, guard=guard) as checker:
            checks = asyncio.gather(*(checker.check(base + path)
                                      for path in ("/ok.html", "/file.pdf", "/logo.png")))
            await asyncio.sleep(0.5)
            assert calls == []  # the crawl is still asking the site
            released = time.monotonic()
            checker.release_spaced()
            return released, await checks

    released, results = asyncio.run(run())
    assert calls[0] >= released + 0.29  # one spacing after the crawl's last request
    assert all(r.status == 200 and not r.broken for r in results)


@pytest.mark.e2e
def test_link_per_host_bounds_the_checks_on_one_host(tmp_path):
    """sites.toml `link_per_host`: the checks a patrol sends one host at once."""
    from helpers import govpatrol

    SlowHost.most = 0
    other = serve(SlowHost, "127.0.0.2")  # another host, its attachments slow to answer
    files = "".join(f'<li><a href="http://127.0.0.2:{other.server_address[1]}/doc{i}.pdf">'
                    f"附件{i}.pdf</a></li>" for i in range(4))

    class Home(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            body = ('<html><head><meta charset="utf-8"><title>江河市人民政府</title></head><body>'
                    f'<div class="content"><p>政策文件。</p><ul>{files}</ul></div></body></html>'
                    if self.path == "/" else "not found").encode()
            self.send_response(200 if self.path == "/" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    home = serve(Home, "127.0.0.1")
    url = f"http://127.0.0.1:{home.server_address[1]}/"
    config = tmp_path / "sites.toml"
    config.write_text(f'[[sites]]\nname = "江河"\nurl = "{url}"\nrobots = false\n'
                      'link_per_host = 1\nallow_addresses = ["127.0.0.2"]\n', encoding="utf-8")
    try:
        result = govpatrol("patrol", url, "--config", str(config), "--db", str(tmp_path / "g.db"),
                           "--out", str(tmp_path / "out"), "--as-of", "2026-11-20")
    finally:
        home.shutdown()
        other.shutdown()
    assert result.returncode == 0, result.stderr
    assert SlowHost.most == 1  # four attachments, one at a time


def test_the_link_timeout_is_the_rule_s_value_not_rounded_up():
    """A target that never answers is `timeout` after the site's link_timeout (5 s here), not
    at the loop clock's next whole second: aiohttp rounds timeouts of 5 s or more up (as much
    as a second more per timeout: the wait after the crawl when the last targets hang). The
    check starts just past a whole second, where rounding would add almost a second."""
    with socket.socket() as listener:  # accepts the connection (backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/never.html"

        async def run():
            loop = asyncio.get_running_loop()
            async with LinkChecker(CheckerOptions(timeout=5.0)) as checker:
                await asyncio.sleep(1.05 - loop.time() % 1.0)  # 0.05 s past a whole second
                started = loop.time()
                result = await checker.check(url, html_expected=True)
                return result, loop.time() - started

        result, waited = asyncio.run(run())
    assert result.error == "timeout" and result.broken
    assert 5.0 <= waited < 5.5
