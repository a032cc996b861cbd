"""The demo portal's server and ground truth, tested on their own (no crawler involved).

The crawler tests trust this server and expected.json; these tests are why they can: bytes are
served as they are on disk, the Hanweb endpoint pages correctly, the trap and error routes
behave like the real thing, and expected.json agrees with the files and the official calendar.
"""

from __future__ import annotations

import json
import re
import time
import tomllib
import urllib.error
import urllib.request
from datetime import date, timedelta
from email.utils import formatdate
from urllib.parse import urlencode

import chinese_calendar
import pytest

from govpatrol.demo import (
    DEMO_AS_OF,
    SITE_DIR,
    SITE_NAME,
    demo_config,
    load_expected,
)
from govpatrol.demo.server import DemoServer

SLOW = 0.4
# never go through a proxy, even if the environment names one: everything is on loopback
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def working_days(a: date, b: date) -> int:
    """Working days d with a < d <= b (findings.md) on the official calendar: an oracle of its
    own, so expected.json is checked by neither the generator's code nor the product's."""
    return sum(1 for n in range(1, (b - a).days + 1)
               if chinese_calendar.is_workday(a + timedelta(days=n)))


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          method: str | None = None) -> Response:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(request, timeout=10) as answer:
            return Response(answer.status, dict(answer.headers), answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers), error.read())


@pytest.fixture(scope="module")
def server():
    with DemoServer(slow_seconds=SLOW) as running:
        yield running


@pytest.fixture(scope="module")
def expected():
    return load_expected()


def site_file(path: str):
    return SITE_DIR / ("index.html" if path == "/" else path.lstrip("/"))


# --- server --------------------------------------------------------------------------------------


def test_url_and_loopback_only(server):
    assert server.url == f"http://127.0.0.1:{server.port}/"
    with pytest.raises(ValueError):
        DemoServer(host="0.0.0.0")


def test_static_pages_with_validators_and_head(server):
    page = fetch(server.url)
    assert page.status == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<meta name="SiteName" content="江河市人民政府">' in page.text
    assert "__EXT__" not in page.text and f"http://localhost:{server.port}/zgzf/" in page.text
    assert page.headers["ETag"] and page.headers["Last-Modified"]
    again = fetch(server.url + "index.html", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status == 304 and again.body == b""
    head = fetch(server.url + "xwzx/zwyw/index.html", method="HEAD")
    assert head.status == 200 and head.body == b"" and int(head.headers["Content-Length"]) > 1000
    later = formatdate(time.time() + 3600, usegmt=True)
    assert fetch(server.url + "css/style.css", headers={"If-Modified-Since": later}).status == 304


def test_gbk_bytes_are_served_as_they_are(server, expected):
    gbk, gb18030 = (e for e in expected["encodings"] if e["path"] != "/zwgk/czyjs/index.html")
    page = fetch(server.url.rstrip("/") + gbk["path"])
    assert page.headers["Content-Type"] == "text/html"  # no charset: only the meta tag says it
    assert page.body == site_file(gbk["path"]).read_bytes()
    assert b'charset=gb2312"' in page.body
    assert gbk["sentence"] in page.body.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        page.body.decode("gb2312")  # 堃 is GBK, not GB2312: the label understates, as on the web
    page = fetch(server.url.rstrip("/") + gb18030["path"])
    assert page.headers["Content-Type"] == "text/html; charset=GB18030"
    assert b"charset=" not in page.body  # the header alone says what the bytes are
    assert gb18030["sentence"] in page.body.decode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        gb18030["sentence"].encode("gbk")


def test_binary_files_keep_their_bytes(server):
    for path in sorted(SITE_DIR.rglob("*")):
        if path.suffix in (".pdf", ".docx", ".xlsx", ".jpg", ".png"):
            url = server.url + path.relative_to(SITE_DIR).as_posix()
            answer = fetch(url)
            assert answer.status == 200 and answer.body == path.read_bytes(), url
    assert fetch(server.url + "images/logo.png").headers["Content-Type"] == "image/png"


def _records(xml: str) -> list[str]:
    return re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", xml, re.S)


def test_dataproxy_pages_by_record_range_get_or_post(server):
    records = json.loads((SITE_DIR / "_hanweb" / "1001.json").read_text(encoding="utf-8"))
    assert len(records) == 40
    column = fetch(server.url + "col/col1001/index.html").text
    assert _records(column) == records[:15]  # the column page holds the first 15 only
    assert "totalRecord: 40, perPage: 15" in column
    form = {"col": "1", "appid": "1", "webid": "1", "path": "/", "columnid": "1001",
            "sourceContentType": "1", "unitid": "4321", "webname": SITE_NAME,
            "permissiontype": "0"}
    proxy = server.url + "module/web/jpage/dataproxy.jsp"
    answer = fetch(proxy + "?startrecord=16&endrecord=40&perpage=15",
                   data=urlencode(form).encode())
    assert answer.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert answer.text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert "<totalrecord>40</totalrecord>" in answer.text
    assert "<totalpage>3</totalpage>" in answer.text
    assert _records(answer.text) == records[15:40]
    by_page = fetch(proxy + "?" + urlencode({**form, "page": 2, "perpage": 15}))
    assert _records(by_page.text) == records[15:30]
    in_body = fetch(proxy, data=urlencode({**form, "startrecord": 1, "endrecord": 45,
                                           "perpage": 15}).encode())
    assert _records(in_body.text) == records
    assert _records(fetch(proxy + "?columnid=1002&startrecord=16&endrecord=60").text) == \
        json.loads((SITE_DIR / "_hanweb" / "1002.json").read_text(encoding="utf-8"))[15:]
    empty = fetch(proxy + "?columnid=9999&startrecord=1&endrecord=15").text
    assert "<totalrecord>0</totalrecord>" in empty and not _records(empty)
    assert "<totalrecord>0</totalrecord>" in fetch(proxy).text


def test_no_static_second_page_for_hanweb(server):
    assert fetch(server.url + "col/col1001/index_1.html").status == 404


def test_error_routes(server):
    assert fetch(server.url + "zxft/index.html").status == 500
    started = time.monotonic()
    slow = fetch(server.url + "slow/index.html")
    assert slow.status == 200 and time.monotonic() - started >= SLOW * 0.9
    soft = fetch(server.url + "error/notfound.html")
    assert soft.status == 200 and "您访问的页面不存在或已被删除" in soft.text
    missing = fetch(server.url + "no/such/page.html")
    assert missing.status == 404 and "404 Not Found" in missing.text
    for private in ("_headers.json", "_hanweb/1001.json", "../pyproject.toml"):
        assert fetch(server.url + private).status == 404, private
    assert fetch(server.url + "robots.txt").text == "User-agent: *\nDisallow: /admin/\n"
    assert fetch(server.url + "index.html", data=b"x=1").status == 405


def test_the_calendar_trap_never_ends(server):
    first = fetch(server.url + "hdrl/index.html?month=2026-11").text
    second = fetch(server.url + "hdrl/index.html?month=2026-11").text
    assert "活动日历 2026年11月" in first
    links = re.findall(r'href="(/hdrl/index\.html;jsessionid=[0-9A-F]+\?month=[^"]+)"', first)
    assert any("month=2026-10" in link for link in links)
    assert any("month=2026-12" in link for link in links)
    assert all("sid=" in link for link in links)
    assert first != second  # fresh session ids each time: no two visits look the same
    far = fetch(server.url + "hdrl/index.html;jsessionid=ABC?month=2999-01&sid=x").text
    assert "活动日历 2999年1月" in far and "month=2999-02" in far
    assert "2026年11月" in fetch(server.url + "hdrl/index.html?month=bogus").text


def test_the_external_host(server):
    external = server.external_url
    assert external == f"http://localhost:{server.port}"
    assert fetch(external + "/gone.html").status == 404
    spam = fetch(external + "/bc/")
    assert spam.status == 200 and "博彩" in spam.text
    assert fetch(external + "/zgzf/index.html").status == 200
    assert fetch(external + "/robots.txt").status == 404
    assert fetch(server.url + "gone.html").status == 404  # not part of the portal itself


def test_the_site_search_finds_titles(server):
    """The home page's search form answers like a portal's: titles holding the words, linked;
    a GBK page's title is found too; nothing found is said in words, not an empty page."""
    home = fetch(server.url).text
    assert 'action="/search/index.html" method="get"' in home and 'name="q"' in home
    answer = fetch(server.url + "search/index.html?" + urlencode({"q": "常务会议"}))
    assert answer.status == 200 and "共找到" in answer.text
    links = re.findall(r'<a href="(/[^"]+)" target="_blank">([^<]+)</a>', answer.text)
    assert links and all("常务会议" in title for _, title in links)
    for path, title in links[:3]:
        assert title in fetch(server.url + path.lstrip("/")).text
    for entry in load_expected()["encodings"]:  # GBK by its meta, GB18030 by its header only
        raw = site_file(entry["path"]).read_bytes().decode(entry["encoding"])
        title = re.search(r"<title>([^_<]+)", raw)[1]
        found = fetch(server.url + "search/index.html?" + urlencode({"q": title})).text
        assert f'href="{entry["path"]}"' in found, (entry["path"], title)
    none = fetch(server.url + "search/index.html?" + urlencode({"q": "不存在的标题词语"}))
    assert none.status == 200 and "没有找到" in none.text and 'target="_blank"' not in none.text
    hostile = fetch(server.url + "search/index.html?" + urlencode({"q": "<script>x</script>"}))
    assert "<script>x</script>" not in hostile.text and "&lt;script&gt;" in hostile.text


def test_hits_are_counted(server):
    before = server.hits["/lxwm.html"]
    fetch(server.url + "lxwm.html")
    fetch(server.url + "lxwm.html?x=1")
    assert server.hits["/lxwm.html"] == before + 2
    assert server.hits.snapshot()["/lxwm.html"] == before + 2


# --- ground truth --------------------------------------------------------------------------------


def test_expected_json_matches_the_files(expected):
    on_disk = {"/" if p == "/index.html" else p
               for p in ("/" + f.relative_to(SITE_DIR).as_posix() for f in SITE_DIR.rglob("*.html"))}
    assert set(expected["pages"]) == on_disk
    assert 300 <= len(on_disk) <= 400
    for column in expected["columns"]:
        assert site_file(column["path"]).is_file(), column["name"]
        for item in column["items"]:
            assert site_file(item["path"]).is_file(), item["path"]
        dates = [item["list_date"] for item in column["items"]]
        assert dates == sorted(dates, reverse=True), column["name"]
        assert column["newest"] == (dates[0] if dates else None)
        assert column["empty"] == (not dates)
    items = {i["path"] for c in expected["columns"] for i in c["items"]}
    assert {d["path"] for d in expected["details"]} <= items
    for path in expected["footer_only_pages"]:
        assert site_file(path).is_file()
    malformed = expected["malformed_page"]
    assert malformed["sentence"] in site_file(malformed["path"]).read_text(encoding="utf-8")


def test_expected_json_agrees_with_the_official_calendar(expected):
    assert expected["as_of"] == DEMO_AS_OF.isoformat() == "2026-11-20"
    stale = {}
    for column in expected["columns"]:
        if column["newest"] is None:
            continue
        days = working_days(date.fromisoformat(column["newest"]), DEMO_AS_OF)
        assert days == column["working_days_since_newest"], column["name"]
        stale[column["name"]] = column["stale"]
        assert column["stale"] == (column["limit_days"] is not None and days > column["limit_days"])
    assert {name for name, is_stale in stale.items() if is_stale} == {"部门动态", "财政预决算",
                                                                       "人事信息"}
    assert [c["name"] for c in expected["columns"] if c["empty"]] == ["规划计划"]
    assert len(expected["late_publications"]) == 4
    for entry in expected["late_publications"]:
        days = working_days(date.fromisoformat(entry["formed"]),
                            date.fromisoformat(entry["published"]))
        assert days == entry["actual_days"] > entry["limit_days"], entry
    for detail in expected["details"]:
        meta = detail["metadata"]
        assert meta["published"] == detail["published"]
        if detail["path"] not in {e["path"] for e in expected["late_publications"]}:
            column = next(c for c in expected["columns"]
                          if detail["path"] in {i["path"] for i in c["items"]})
            days = working_days(date.fromisoformat(meta["formed"]),
                                date.fromisoformat(meta["published"]))
            assert days <= column["limit_days"], detail["path"]


def test_planted_problems_are_where_expected_says(expected):
    for entry in expected["planted"] + expected["controls"]:
        path = entry["path"]
        if path in ("/zxft/index.html", "/slow/index.html"):  # served by the server, not files
            continue
        raw = site_file(path).read_bytes()
        text = raw.decode("gb18030" if b'charset=gb2312' in raw else "utf-8")
        if entry.get("text") and entry.get("category") != "stale_column":
            assert entry["text"] in text, entry
        link = entry.get("link")
        if link and entry.get("status") == "404" and not link.startswith("__EXT__"):
            assert not site_file(link).exists(), entry
    categories = {e["category"] for e in expected["planted"]}
    assert categories >= {"typo", "sensitive", "wrong_expression", "script_mix", "broken_link",
                          "unreachable", "stale_column", "empty_column", "late_publication"}
    mongolian = next(c for c in expected["controls"] if c["kind"] == "mongolian_script")
    assert all("\u1800" <= ch <= "\u18af" for ch in mongolian["text"])


def test_demo_config_is_valid_toml():
    config = tomllib.loads(demo_config("http://127.0.0.1:8123/"))
    [site] = config["sites"]
    assert site["name"] == SITE_NAME and site["url"] == "http://127.0.0.1:8123/"
    assert site["exclude"] == ["/admin/"]
    assert site["departments"]["市财政局"] == ["财政预决算"]
    assert site["department"] == "市政府办公室"
