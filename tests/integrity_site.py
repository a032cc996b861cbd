"""A small portal on 127.0.0.1 for run-integrity tests: slow, rate-limited or hostile on demand.

`columns` columns of `items` dated articles each (TRS-style lists, as benchmarks/sitegen.py
writes them), a home page linking every column, and a few special pages:
- `delay`: every answer waits this long (time to send a signal in the middle of a crawl);
- `rps`: at most this many answers a second, a 429 with `Retry-After` beyond (a rate limiter);
- `always_429`: paths that answer 429 (Retry-After: 0) to every request;
- `/bomb.html`: a gzip body that inflates to 30 MB (a decompression bomb);
- `/huge.html`: announces 30 MB in Content-Length (larger than DOWNLOAD_MAXSIZE);
- `/stream.html`: sends 24 MB with no Content-Length, until it closes the connection;
- `/badbyte.html`: UTF-8, declared so, with one invalid byte in it;
- `/cal/YYYY/MM/DD/index.html`: a calendar whose every day links the next one (a path trap);
- `files`: every article shows an image and links a PDF of its own (link-check targets on the
  site's host, answered by GET and HEAD alike).
Special pages are linked from the home page when `extras` is true. `hits` counts requests,
`serving` the ones being answered right now.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections import Counter, deque
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

AS_OF = date(2026, 11, 20)
NEWEST = date(2026, 11, 19)
#: A 1x1 PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1e1d4"
                    "0000000049454e44ae426082")
BAD_BYTE_TEXT = "本页面介绍政务公开工作的具体安排，请各单位认真落实。"


def page(title: str, main: str, nav: str = "") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_示例市人民政府'
            f'</title></head><body><div class="nav"><ul>{nav}</ul></div>'
            f'<div class="main">{main}</div><div class="footer">政府网站标识码4501000012</div>'
            f'</body></html>')


class IntegritySite:
    def __init__(self, *, columns: int = 4, items: int = 6, delay: float = 0.0,
                 rps: float | None = None, extras: bool = False,
                 host: str = "127.0.0.1", always_429: frozenset[str] = frozenset(),
                 files: bool = False) -> None:
        self.always_429 = always_429  # paths that answer 429 (Retry-After: 0) forever
        self.columns, self.items, self.delay, self.rps = columns, items, delay, rps
        self.extras, self.files = extras, files
        self.hits: Counter[str] = Counter()
        self.serving: Counter[str] = Counter()  # requests being answered now, by path
        self.throttled = 0
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_HEAD(self) -> None:
                self.head = True
                self.do_GET()

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                with site._lock:
                    site.hits[path] += 1
                if path in site.always_429 or site.limited():
                    wait = "0" if path in site.always_429 else "1"
                    self._send(429, b"Too Many Requests", {"Retry-After": wait})
                    return
                with site._lock:
                    site.serving[path] += 1
                try:
                    self._answer(path)
                finally:
                    with site._lock:
                        site.serving[path] -= 1

            def _answer(self, path: str) -> None:
                if site.delay:
                    time.sleep(site.delay)
                if path == "/stream.html":  # no Content-Length: only the bytes tell the size
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        for _ in range(24):
                            self.wfile.write(b"<p>" + b" " * (1024 * 1024) + b"</p>")
                    return
                status, body, headers = site.answer(path)
                self._send(status, body, headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                headers = {"Content-Type": "text/html; charset=utf-8"} | headers
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if getattr(self, "head", False):
                    return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> IntegritySite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def limited(self) -> bool:
        """A sliding one-second window of `rps` answers; beyond it, 429."""
        if not self.rps:
            return False
        now = time.monotonic()
        with self._lock:
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.rps:
                self.throttled += 1
                return True
            self._recent.append(now)
            return False

    @property
    def total_pages(self) -> int:
        """Home, one list and `items` articles per column."""
        return 1 + self.columns * (1 + self.items)

    def nav(self) -> str:
        return "".join(f'<li><a href="/c{c}/index.html">栏目{c}</a></li>'
                       for c in range(self.columns))

    def answer(self, path: str) -> tuple[int, bytes, dict[str, str]]:
        if path in ("/", "/index.html"):
            extras = ('<a href="/bomb.html">压缩包</a> <a href="/huge.html">大文件</a> '
                      '<a href="/stream.html">数据</a> <a href="/badbyte.html">通知</a> '
                      f'<a href="/cal/{NEWEST:%Y/%m/%d}/index.html">日历</a>'
                      if self.extras else "")
            return 200, page("首页", f"<p>欢迎访问</p>{extras}", self.nav()).encode(), {}
        if path == "/bomb.html":
            return 200, gzip.compress(b" " * 30 * 1024 * 1024), {"Content-Encoding": "gzip"}
        if path == "/huge.html":
            return 200, b"<html>", {"Content-Length": str(30 * 1024 * 1024)}
        if path == "/badbyte.html":
            html = page("通知", f"<h1>通知</h1><div class=\"TRS_Editor\"><p>{BAD_BYTE_TEXT}"
                                "</p></div>").encode()
            at = html.index("认真".encode())
            return 200, html[:at] + b"\xff" + html[at:], {}
        if path.startswith("/cal/"):
            parts = path.split("/")
            try:
                day = date(int(parts[2]), int(parts[3]), int(parts[4]))
            except (ValueError, IndexError):
                return 404, b"not found", {}
            after = day + timedelta(days=1)
            return 200, page(f"{day}活动", f'<p>{day}的活动安排</p><a href="/cal/{after:%Y/%m/%d}/'
                                          f'index.html">下一天</a>').encode(), {}
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0].startswith("c") and parts[0][1:].isdigit():
            c = int(parts[0][1:])
            if c < self.columns and parts[1] == "index.html":
                return 200, self.list_page(c).encode(), {}
            if c < self.columns and parts[1].startswith("a") and parts[1].endswith(".html"):
                i = int(parts[1][1:-5])
                if i < self.items:
                    title = f"栏目{c}第{i}条信息"
                    files = (f'<p><img src="/c{c}/i{i}.png" alt="图片"></p><p>附件：<a href='
                             f'"/c{c}/P{i}.pdf">栏目{c}第{i}条信息附件.pdf</a></p>'
                             if self.files else "")
                    body = (f'<h1>{title}</h1><div class="info">发布时间：{self.day(i)} 09:00'
                            f'</div><div class="TRS_Editor"><p>{title}的正文，各单位认真落实。</p>'
                            f'{files}</div>')
                    return 200, page(title, body, self.nav()).encode(), {}
            if self.files and parts[1][0] in "iP" and parts[1][1:-4].isdigit():
                if parts[1].endswith(".png"):
                    return 200, PNG, {"Content-Type": "image/png"}
                if parts[1].endswith(".pdf"):
                    return 200, b"%PDF-1.4\n%%EOF\n", {"Content-Type": "application/pdf"}
        return 404, page("页面不存在", "<p>404</p>").encode(), {}

    def day(self, i: int) -> date:
        return NEWEST - timedelta(days=i)

    def list_page(self, c: int) -> str:
        rows = "".join(f'<li><a href="/c{c}/a{i}.html">栏目{c}第{i}条信息</a>'
                       f'<span>{self.day(i)}</span></li>' for i in range(self.items))
        return page(f"栏目{c}", f'<div class="position">当前位置：<a href="/">首页</a> &gt; '
                                f'栏目{c}</div><ul class="list">{rows}</ul>', self.nav())
