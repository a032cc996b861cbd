"""暗链: spam links hidden by CSS, found in the raw HTML at crawl time and judged by the auditor.

A real patrol of a site on 127.0.0.1 whose home page carries the injected blocks seen on
hacked county portals (a <style> class, inline display:none, an off-screen box, zero font size,
white on white), next to what is hidden for good reasons (a mobile menu, a skip link, a
collapsed list of other government sites) and a visible link that is no business of 暗链.
"""

from __future__ import annotations

import sqlite3
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import govpatrol, read_jsonl
from lxml import html as lxml_html

from govpatrol.crawler.extract.hidden import hidden_anchors
from govpatrol.store import SCHEMA_VERSION, Store

HOME = """<html><head><meta charset="utf-8"><title>江河县人民政府</title>
<style>
  .mobile-nav { display: none }  /* shown by a media query on phones */
  .hz { display:none }
  #yqlj-more { position: absolute; left: -9999px; }
</style></head><body>
<a class="skip" href="#main" style="position:absolute;left:-999px">跳转到主要内容</a>
<ul class="mobile-nav"><li><a href="/zwgk/">政务公开</a></li>
  <li><a href="http://www.gov.cn/">中国政府网</a></li></ul>
<div id="main"><a href="/news/a.html">关于做好冬季供暖工作的通知</a></div>
<div style="display:none"><a href="http://www.gov.cn/zhengce/">国务院政策文件库</a>
  <a href="http://www.jhrb.com.cn/">江河日报</a></div>
<div class="hz"><a href="http://www.bet365-zh.com/">bet365体育投注</a>
  <a href="http://www.bet365-zh.com/live">真人娱乐</a></div>
<div id="yqlj-more"><a href="http://dd.example.net/">澳门新葡京娱乐城</a></div>
<p style="font-size:0px"><a href="http://fapiao.example.org/">代开发票</a></p>
<p style="color:#FFF; background-color:#fff"><a href="http://av.example.info/">成人视频在线</a></p>
<p><a href="http://shop.example.com/">减肥茶专卖</a></p>
</body></html>"""
ARTICLE = ("<html><head><meta charset='utf-8'><title>通知</title></head><body><div class='article'>"
           "<h1>关于做好冬季供暖工作的通知</h1><p>发布时间：2026-11-02</p><p>"
           + "本机关认真做好冬季供暖保障工作。" * 20 + "</p></div></body></html>")


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "www"
    (root / "news").mkdir(parents=True)
    (root / "zwgk").mkdir()
    (root / "index.html").write_text(HOME, encoding="utf-8")
    (root / "news" / "a.html").write_text(ARTICLE, encoding="utf-8")
    (root / "zwgk" / "index.html").write_text(ARTICLE, encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_hidden_anchors_carry_their_evidence():
    found = {h.anchor: h.evidence for h in hidden_anchors(lxml_html.fromstring(HOME),
                                                          "http://www.jianghe.gov.cn/")}
    assert found["bet365体育投注"] == "<style> .hz{display:none}"
    assert found["澳门新葡京娱乐城"] == "<style> #yqlj-more{left:-9999px}"
    assert found["代开发票"] == "<p style> font-size:0"
    assert found["成人视频在线"].endswith("= background")
    assert found["中国政府网"] == "<style> .mobile-nav{display:none}"  # a fact, judged later
    assert "政务公开" not in found and "跳转到主要内容" not in found  # own host: never recorded
    assert "减肥茶专卖" not in found  # visible


def test_hidden_anchor_written_with_a_line_break_in_its_slashes_is_found():
    """Browsers (and urllib) drop tabs and line breaks inside a URL: `/<newline>/host` leads
    off the site, so it is not passed over as a relative link."""
    page = ('<html><body><div style="display:none"><a href="/\n/www.bet365-zh.com/">bet365</a>'
            '<a href="/news/\nb.html">本站新闻</a></div></body></html>')
    found = hidden_anchors(lxml_html.fromstring(page), "http://www.jianghe.gov.cn/")
    assert [(h.url, h.anchor) for h in found] == [("http://www.bet365-zh.com/", "bet365")]


@pytest.mark.e2e
def test_patrol_finds_planted_hidden_links_and_no_control(site, tmp_path):
    result = govpatrol("patrol", site + "/", "--as-of", "2026-11-20", "--out",
                       str(tmp_path / "out"), "--db", str(tmp_path / "g.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    findings = [f for f in read_jsonl(tmp_path / "out" / "findings.jsonl")
                if f["category"] == "hidden_link"]
    got = {(f["rule"], f["severity"], f["link_url"], f["text"]) for f in findings}
    assert got == {
        ("hidden_link.gambling", "veto", "http://www.bet365-zh.com/", "bet365体育投注"),
        ("hidden_link.gambling", "veto", "http://dd.example.net/", "澳门新葡京娱乐城"),
        ("hidden_link.commercial", "major", "http://fapiao.example.org/", "代开发票"),
        ("hidden_link.porn", "veto", "http://av.example.info/", "成人视频在线"),
    }
    bet = next(f for f in findings if "bet365" in f["link_url"])
    assert "2 个" in bet["message"] and ".hz{display:none}" in bet["context"]
    assert all(f["url"] == site + "/" for f in findings)
    stored = sqlite3.connect(tmp_path / "g.db").execute(
        "SELECT hidden_links FROM pages WHERE url = ?", [site + "/"]).fetchone()[0]
    assert "bet365-zh.com" in stored and "www.jhrb.com.cn" in stored


def test_version_2_store_gains_the_hidden_links_column(tmp_path):
    db = tmp_path / "old.db"
    Store(str(db)).close()
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE pages DROP COLUMN hidden_links")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    Store(str(db)).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "hidden_links" in {row[1] for row in conn.execute("PRAGMA table_info(pages)")}


def test_hidden_links_travel_through_redis_json():
    """A distributed crawl ships page records through Redis as JSON: the evidence must survive."""
    from govpatrol.crawler import codec
    from govpatrol.crawler.records import PageRecord
    from govpatrol.model import HiddenLink, Page

    page = Page(site="江河县", url="http://www.jianghe.gov.cn/", hidden_links=[
        HiddenLink("http://www.bet365-zh.com/", "bet365体育投注", "<style> .hz{display:none}")])
    record = PageRecord(page, None)
    assert codec.loads(codec.dumps(record)) == record


LOTTERY = ('<div style="display:none"><a href="http://xyft.example.net/">幸运飞艇开奖直播</a>'
           '</div></body></html>')


def _site_config(tmp_path, url: str, cue_rows: str | None) -> str:
    lines = ["[[sites]]", 'name = "江河县人民政府"', f'url = "{url}/"']
    if cue_rows is not None:
        (tmp_path / "my_cues.tsv").write_text(cue_rows, encoding="utf-8")
        lines.append('link_cues = ["my_cues.tsv"]')
    (tmp_path / "sites.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(tmp_path / "sites.toml")


@pytest.mark.e2e
def test_a_site_adds_its_own_link_cues(site, tmp_path):
    """Spam the bundled cue list does not name yet (a lottery scam) is caught once the site
    lists it in its own cue file, added to the bundled kinds, not replacing them."""
    home = tmp_path / "www" / "index.html"
    home.write_text(HOME.replace("</body></html>", LOTTERY), encoding="utf-8")

    def hidden(config: str, name: str) -> set[tuple[str, str]]:
        result = govpatrol("patrol", site + "/", "--config", config, "--as-of", "2026-11-20",
                           "--out", str(tmp_path / name), "--db", str(tmp_path / f"{name}.db"))
        assert result.returncode == 0, result.stderr[-3000:]
        return {(f["rule"], f["link_url"]) for f in read_jsonl(tmp_path / name / "findings.jsonl")
                if f["category"] == "hidden_link"}

    bundled = hidden(_site_config(tmp_path, site, None), "bundled")
    assert ("hidden_link.gambling", "http://xyft.example.net/") not in bundled
    own = hidden(_site_config(tmp_path, site, "# 本站补充\ngambling\t幸运飞艇\n"), "own")
    assert own == bundled | {("hidden_link.gambling", "http://xyft.example.net/")}


def test_a_bad_site_cue_list_stops_the_patrol_before_crawling(site, tmp_path):
    config = _site_config(tmp_path, site, "gambling\t幸运飞艇\nlottery\t快三\n")
    result = govpatrol("patrol", site + "/", "--config", config, "--as-of", "2026-11-20",
                       "--out", str(tmp_path / "out"), "--db", str(tmp_path / "g.db"))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "my_cues.tsv:2" in lines[0] and "lottery" in lines[0], lines
    assert not (tmp_path / "g.db").exists() or not Store(str(tmp_path / "g.db")).runs()
