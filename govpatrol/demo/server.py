"""A loopback web server for the demo portal, with the behaviours real government sites have.

Static files come from `site/`, plus the dynamic parts a static folder cannot show and a patrol
must survive: the Hanweb `dataproxy.jsp` endpoint (GET or POST), an activity calendar that links
to every month forever with fresh session ids (a crawler trap), a page that answers 500, a page
that answers slowly, and an "external" site under the host name `localhost` (the `__EXT__`
placeholder in pages) with a dead page and a gambling page. GBK pages are served as raw bytes
with the Content-Type `_headers.json` says, so decoding is the crawler's job, as it is on the web.

The standard library's ThreadingHTTPServer is enough here: this is a fixture, not our HTTP
client. It only ever binds a loopback address.

    python -m govpatrol.demo.server [--port N] [--slow SECONDS]
"""

from __future__ import annotations

import argparse
import calendar
import email.utils
import hashlib
import ipaddress
import json
import logging
import mimetypes
import secrets
import threading
from collections import Counter
from datetime import date, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from govpatrol.demo import DEMO_AS_OF, SITE_DIR
from govpatrol.demo.layout import SITE_NAME, esc, page

log = logging.getLogger(__name__)

EXT_PLACEHOLDER = b"__EXT__"
EXT_HOST = "localhost"
DATAPROXY = "/module/web/jpage/dataproxy.jsp"
SEARCH = ("/search/", "/search/index.html")
#: Results a search answers with at most (a real portal's first results page).
SEARCH_RESULTS = 20
TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "text/xml; charset=utf-8",
    ".json": "application/json",
}
BINARY_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NOT_FOUND_PAGE = (
    b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404 Not Found</title></head>\n"
    b"<body><h1>404 Not Found</h1><p>The requested URL was not found on this server.</p>"
    b"<hr><address>nginx</address></body></html>\n"
)
SERVER_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>500 Internal Server Error"
    b"</title></head>\n<body><h1>HTTP Status 500 - Internal Server Error</h1>"
    b"<p>java.lang.NullPointerException: interview is null</p></body></html>\n"
)


class Hits(Counter[str]):
    """Request counts per path (no query), safe to update from the server's threads."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def record(self, path: str) -> None:
        with self._lock:
            self[path] += 1

    def snapshot(self) -> Counter[str]:
        with self._lock:
            return Counter(self)

    def reset(self) -> None:
        with self._lock:
            self.clear()


class DemoServer:
    """The demo portal on 127.0.0.1, in a daemon thread. Use as a context manager.

    `slow_seconds` is how long /slow/index.html takes to answer: tests set it above the patrol's
    timeout to get an `unreachable` finding; 0 answers at once.
    """

    def __init__(self, root: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0,
                 slow_seconds: float = 0.0) -> None:
        if not _is_loopback(host):
            raise ValueError(f"示例网站只能监听本机回环地址 (loopback only): {host}")
        self.root = Path(root).resolve()
        if not (self.root / "index.html").is_file():
            raise FileNotFoundError(
                f"示例网站文件不存在 (demo site missing): {self.root}; "
                "run python -m tools.build_demo in the source tree")
        self.host = host
        self.requested_port = port
        self.slow_seconds = slow_seconds
        self.hits = Hits()
        self.content_types: dict[str, str] = _load_json(self.root / "_headers.json", {})
        self._hanweb: dict[str, list[str]] = {}
        self._data_lock = threading.Lock()  # the Hanweb records and the titles, read once
        self._titles: list[tuple[str, str]] | None = None
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> DemoServer:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        handler = type("BoundDemoHandler", (DemoHandler,), {"demo": self})
        self._httpd = ThreadingHTTPServer((self.host, self.requested_port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name="govpatrol-demo-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stopping.set()  # wakes slow handlers
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("示例网站服务器未启动 (server not started)")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def external_url(self) -> str:
        """What `__EXT__` becomes: the same server under another host name."""
        return f"http://{EXT_HOST}:{self.port}"

    # -- data --------------------------------------------------------------------------------------
    def hanweb_records(self, column_id: str) -> list[str] | None:
        if not column_id.isdigit():
            return None
        with self._data_lock:
            if column_id not in self._hanweb:
                records = _load_json(self.root / "_hanweb" / f"{column_id}.json", None)
                if records is None:
                    return None
                self._hanweb[column_id] = records
            return self._hanweb[column_id]

    def titles(self) -> list[tuple[str, str]]:
        """(path, title) of every page of the site, read once: what the site search looks in."""
        with self._data_lock:
            if self._titles is None:
                self._titles = _page_titles(self.root, self.content_types)
            return self._titles

    def wait_slow(self) -> None:
        if self.slow_seconds > 0:
            self._stopping.wait(self.slow_seconds)


def _is_loopback(host: str) -> bool:
    """127.x.x.x only: the demo must never be reachable from another machine."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.version == 4 and address.is_loopback


def _page_titles(root: Path, content_types: dict[str, str]) -> list[tuple[str, str]]:
    """(path, <title> without the site name) of the site's HTML files, sorted newest path
    first. Decoded as a browser would (w3lib: the header's charset, else the meta tag's, with
    gb2312 read as its superset): 1—9月 in a GBK page must match the 1—9月 a visitor types."""
    from lxml import html as lxml_html
    from w3lib.encoding import html_to_unicode

    titles = []
    for file in root.rglob("*.htm*"):
        relative = file.relative_to(root)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        path = "/" + relative.as_posix()
        _, text = html_to_unicode(content_types.get(path), file.read_bytes())
        try:
            title = lxml_html.fromstring(text).findtext(".//title") or ""
        except (ValueError, SyntaxError):  # lxml's ParserError is a ValueError
            continue
        title = title.split("_", 1)[0].strip()
        if title:
            titles.append((path, title))
    return sorted(titles, reverse=True)


def _load_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


class DemoHandler(BaseHTTPRequestHandler):
    """One request. `demo` (the DemoServer) is bound by DemoServer.start()."""

    demo: DemoServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "nginx"  # what most portals answer; nobody's business which Python runs this

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        log.debug("%s %s", self.address_string(), format % args)

    # -- dispatch ------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch(send_body=True)

    def do_HEAD(self) -> None:
        self._dispatch(send_body=False)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        self._dispatch(send_body=True, form=body.decode("utf-8", "replace"))

    def _dispatch(self, send_body: bool, form: str | None = None) -> None:
        self.send_body = send_body
        parts = urlsplit(self.path)
        # ;jsessionid=… is a path parameter (Tomcat): the resource is the path without it
        path = unquote(parts.path.split(";", 1)[0]) or "/"
        self.demo.hits.record(path)
        query = parse_qs(parts.query, keep_blank_values=True)
        try:
            if self._host() == EXT_HOST:
                self._external(path)
            elif path == DATAPROXY:
                if form is not None:
                    for key, values in parse_qs(form, keep_blank_values=True).items():
                        query.setdefault(key, values)
                self._dataproxy(query)
            elif form is not None:
                self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"405 Not Allowed\n",
                           "text/plain; charset=utf-8", extra={"Allow": "GET, HEAD"})
            elif path in SEARCH:
                self._search(query)
            elif path in ("/hdrl/", "/hdrl/index.html"):
                self._calendar(query)
            elif path in ("/zxft/", "/zxft/index.html"):
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, SERVER_ERROR_PAGE,
                           "text/html; charset=utf-8")
            elif path in ("/slow/", "/slow/index.html"):
                self.demo.wait_slow()
                self._send(HTTPStatus.OK, _slow_page(), "text/html; charset=utf-8")
            else:
                self._static(path)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client went away: %s", self.path)
        except Exception:  # a fixture bug must show, but not kill the connection thread noisily
            log.exception("demo server error on %s", self.path)
            self.close_connection = True

    def _host(self) -> str:
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            return host.split("]", 1)[0] + "]"
        return host.rsplit(":", 1)[0] if ":" in host else host

    # -- responses -----------------------------------------------------------------------------
    def _send(self, status: HTTPStatus, body: bytes, content_type: str,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.send_body:
            self.wfile.write(body)

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, NOT_FOUND_PAGE, "text/html; charset=utf-8")

    def _static(self, path: str) -> None:
        root = self.demo.root
        parts = [p for p in path.split("/") if p]
        if any(p.startswith((".", "_")) for p in parts):  # data files and dotfiles are private
            self._not_found()
            return
        target = (root / "/".join(parts)).resolve()
        if root != target and root not in target.parents:
            self._not_found()
            return
        if target.is_dir():
            if not path.endswith("/"):
                self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/html; charset=utf-8",
                           extra={"Location": path + "/"})
                return
            target = target / "index.html"
            path = path + "index.html"
        if not target.is_file():
            self._not_found()
            return
        data = target.read_bytes()
        suffix = target.suffix.lower()
        content_type = self.demo.content_types.get(path) or TEXT_TYPES.get(suffix) or \
            BINARY_TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or \
            "application/octet-stream"
        if suffix in TEXT_TYPES:
            data = data.replace(EXT_PLACEHOLDER, self.demo.external_url.encode("ascii"))
        etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
        modified = target.stat().st_mtime
        if self.headers.get("If-None-Match") == etag or self._not_modified_since(modified):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self._send(HTTPStatus.OK, data, content_type, extra={
            "Last-Modified": email.utils.formatdate(modified, usegmt=True), "ETag": etag,
        })

    def _not_modified_since(self, modified: float) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or self.headers.get("If-None-Match"):
            return False
        try:
            return int(modified) <= email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False

    # -- Hanweb jpage --------------------------------------------------------------------------
    def _dataproxy(self, query: dict[str, list[str]]) -> None:
        """Records startrecord..endrecord (1-based, inclusive) of a column, as jpage asks.

        `page` with `perpage` is the other paging style; without either, the first page.
        """

        def number(name: str) -> int | None:
            try:
                return int(query.get(name, [""])[0])
            except ValueError:
                return None

        records = self.demo.hanweb_records(query.get("columnid", [""])[0]) or []
        perpage = max(1, number("perpage") or 15)
        start, end = number("startrecord"), number("endrecord")
        if start is None:
            page_number = max(1, number("page") or 1)
            start = (page_number - 1) * perpage + 1
        start = max(1, start)
        if end is None or end < start:
            end = start + perpage - 1
        chosen = records[start - 1 : end]
        total = len(records)
        pages = -(-total // perpage) if total else 0
        items = "".join(f"<record><![CDATA[{r}]]></record>\n" for r in chosen)
        nextgroup = ""
        if end < total:
            nextgroup = (f'<a href="{DATAPROXY}?startrecord={end + 1}&endrecord='
                         f'{min(total, end + (end - start + 1))}&perpage={perpage}"></a>')
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f"<datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>"
            f"<totalrecord>{total}</totalrecord><totalpage>{pages}</totalpage>"
            f"<recordset>\n{items}</recordset></datastore>\n"
        )
        self._send(HTTPStatus.OK, body.encode("utf-8"), "text/xml; charset=utf-8")

    # -- site search (站内搜索) ----------------------------------------------------------------
    def _search(self, query: dict[str, list[str]]) -> None:
        """The home page's search form: pages whose title holds the words, newest paths first,
        as a TRS-style results list (what the patrol's search probe reads)."""
        words = (query.get("q") or [""])[0].strip()
        found = [(path, title) for path, title in self.demo.titles()
                 if words and words in title][:SEARCH_RESULTS]
        if found:
            rows = "\n".join(f'<li><a href="{esc(path)}" target="_blank">{esc(title)}</a></li>'
                             for path, title in found)
            main = (f'<div class="search-result"><p>共找到 {len(found)} 条与“{esc(words)}”'
                    f'相关的结果</p><ul class="list">{rows}</ul></div>')
        else:
            main = (f'<div class="search-result"><p>没有找到与“{esc(words)}”相关的内容，'
                    "请更换关键词再试。</p></div>")
        body = page(f"搜索结果_{SITE_NAME}", main)
        self._send(HTTPStatus.OK, body.encode("utf-8"), "text/html; charset=utf-8")

    # -- the crawler trap ----------------------------------------------------------------------
    def _calendar(self, query: dict[str, list[str]]) -> None:
        month = _month(query.get("month", [""])[0]) or DEMO_AS_OF.replace(day=1)
        body = calendar_page(month).encode("utf-8")
        self._send(HTTPStatus.OK, body, "text/html; charset=utf-8")

    # -- the "external" host -------------------------------------------------------------------
    def _external(self, path: str) -> None:
        if path in ("/gone.html", "/robots.txt", "/favicon.ico"):
            self._not_found()
        elif path in ("/bc/", "/bc/index.html", "/bc"):
            self._send(HTTPStatus.OK, GAMBLING_PAGE, "text/html; charset=utf-8")
        else:
            title = "外部网站"
            body = (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
                    f"</head><body><h1>{title}</h1><p>这是示例网站链接到的外部网站页面：{esc(path)}"
                    "</p></body></html>\n")
            self._send(HTTPStatus.OK, body.encode("utf-8"), "text/html; charset=utf-8")


GAMBLING_PAGE = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>线上博彩 官方网站</title></head>'
    "<body><h1>线上博彩 澳门赌场 官方网站</h1><p>注册即送彩金，真人荷官在线发牌。</p>"
    "</body></html>\n"
).encode()


def _month(value: str) -> date | None:
    try:
        year, month = value.split("-", 1)
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def _session_link(month: date, extra: str = "") -> str:
    """A calendar link with a fresh session id and sid each time, as a badly built CMS emits."""
    return (f"/hdrl/index.html;jsessionid={secrets.token_hex(16).upper()}"
            f"?month={month:%Y-%m}{extra}&amp;sid={secrets.token_urlsafe(6)}")


def calendar_page(month: date) -> str:
    """The 活动日历 page of any month: links to the months around it, forever."""
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(month.year, month.month)
    events = {5: "政务服务进社区活动", 12: "市民开放日", 20: "政策宣讲会"}
    rows = []
    for week in weeks:
        cells = []
        for day in week:
            if day == 0:
                cells.append("<td></td>")
            elif day in events:
                link = _session_link(month, f"&amp;day={day:02d}")
                cells.append(f'<td class="has-event"><a href="{link}">{day}</a>'
                             f"<em>{events[day]}</em></td>")
            else:
                cells.append(f"<td>{day}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "".join(f"<th>{d}</th>" for d in "一二三四五六日")
    main = (
        '<div class="main w1200"><div class="calendar">\n'
        f"<h1>活动日历 {month.year}年{month.month}月</h1>\n"
        f'<div class="calendar-switch"><a href="{_session_link(previous)}">上一月</a> '
        f'<a href="{_session_link(DEMO_AS_OF.replace(day=1))}">本月</a> '
        f'<a href="{_session_link(following)}">下一月</a></div>\n'
        f'<table class="calendar-table"><tr>{header}</tr>\n' + "\n".join(rows) + "</table>\n"
        "</div></div>"
    )
    return page(f"活动日历_{SITE_NAME}", main,
                crumbs=[("首页", "/"), ("互动交流", "/hdjl/index.html"), ("活动日历", None)])


def _slow_page() -> bytes:
    main = ('<div class="main w1200"><div class="article">\n<h1>政务服务地图</h1>\n'
            "<p>政务服务地图汇集全市各级政务服务中心、便民服务站点的地址和办公时间。</p>\n"
            "</div></div>")
    return page(f"政务服务地图_{SITE_NAME}", main,
                crumbs=[("首页", "/"), ("政务服务", "/zwfw/index.html"), ("政务服务地图", None)]
                ).encode("utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="在本机运行江河市人民政府示例网站 (demo portal)")
    parser.add_argument("--port", type=int, default=8000,
                        help="端口，0 为任选空闲端口 (port; 0 picks a free one), default 8000")
    parser.add_argument("--slow", type=float, default=0.0,
                        help="/slow/index.html 的响应延迟秒数 (delay of the slow page)")
    args = parser.parse_args(argv)
    try:
        server = DemoServer(port=args.port, slow_seconds=args.slow).start()
    except OSError as exc:
        reason = exc.strerror or exc
        raise SystemExit(f"错误 无法在 127.0.0.1:{args.port} 上启动示例网站 "
                         f"(cannot listen on 127.0.0.1:{args.port}): {reason}") from None
    print(f"{SITE_NAME}示例网站：{server.url}  （按 Ctrl+C 停止）")
    print(f"外部网站（__EXT__）：{server.external_url}/")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


__all__ = ["DemoServer", "Hits", "calendar_page", "main"]

if __name__ == "__main__":
    main()
