"""WeChat mirrors (feed, mirror list, article URLs) and JS-only columns, through real Chromium.

One patrol of tests/mirror_site.py (a fixture server on 127.0.0.1) is shared by the tests
(once per test run, whichever xdist worker asks first).
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import govpatrol, once, read_jsonl
from lxml import html as lxml_html
from mirror_site import ARTICLES, AS_OF, DELETED, MirrorSite, article_html, wechat_config

from govpatrol.crawler.extract.wechat import read_article, read_feed, read_mirror_list
from govpatrol.crawler.spiders.portal import needs_browser

CHROMIUM = Path("/usr/bin/chromium")


def test_article_markup_is_read() -> None:
    account, title, day, body = ARTICLES["fresh1"]
    page = article_html(account, title, day, body, "http://127.0.0.1:1/")
    article = read_article(lxml_html.fromstring(page), page, "http://127.0.0.1:1/s/fresh1")
    assert article.failure is None
    assert (article.account, article.title, article.published) == (account, title, day)
    assert body in article.text
    kinds = {(link.kind, link.url) for link in article.links}
    assert ("img", "http://127.0.0.1:1/mmbiz_jpg/abc/640?wx_fmt=jpeg") in kinds
    assert ("a", "http://127.0.0.1:1/zwgk/notice.html") in kinds


def test_publish_time_is_read_in_china_time() -> None:
    # 2026-11-19 23:30 in Beijing is still the 19th there, though 15:30 UTC
    page = '<html><body><div id="js_content">x</div><script>var ct = "1763566200";</script>'
    article = read_article(lxml_html.fromstring(page), page, "http://x/s/a")
    assert article.published == date(2025, 11, 19)


def test_failure_pages_are_not_articles() -> None:
    article = read_article(lxml_html.fromstring(DELETED), DELETED, "http://x/s/d")
    assert article.failure == "wechat_deleted"
    page = "<html><body><p>环境异常</p><p>当前环境异常，完成验证后即可继续访问。</p></body></html>"
    assert read_article(lxml_html.fromstring(page), page, "http://x/s/e").failure == \
        "wechat_captcha"


def test_feeds_and_mirror_lists() -> None:
    with MirrorSite() as site:
        rss = site.rss().encode()
        atom = site.atom().encode()
    items = read_feed(rss, site.url)
    assert [(i.title, i.list_date) for i in items] == [
        (ARTICLES[t][1], ARTICLES[t][2]) for t in ("fresh1", "fresh2")]
    assert [i.list_date for i in read_feed(atom, site.url)] == [ARTICLES["old1"][2],
                                                               ARTICLES["old2"][2]]
    page = ('<ul><li><a href="/s/abc">标题一</a> <span>2026-11-01</span></li>'
            '<li><a href="/about.html">关于</a></li></ul>')
    listed = read_mirror_list(lxml_html.fromstring(page), "http://127.0.0.1:1/")
    assert [(i.url, i.list_date) for i in listed] == [("http://127.0.0.1:1/s/abc",
                                                        date(2026, 11, 1))]


def test_browser_heuristic_is_conservative() -> None:
    filled = ('<ul class="list"><li><a href="/a.html">a</a></li></ul>'
              '<script>fetch("/api")</script>')
    empty_no_script = '<ul class="list"></ul><script>var a = 1;</script>'
    external_only = '<ul class="list"></ul><script src="/list.js"></script>'
    empty_xhr = '<ul class="list" id="list"></ul><script>$.getJSON("/api/l.json")</script>'
    for page, expected in ((filled, False), (empty_no_script, False), (external_only, False),
                           (empty_xhr, True)):
        doc = f"<html><body>{page}</body></html>"
        assert needs_browser(lxml_html.fromstring(doc), doc) is expected, page


@pytest.fixture(scope="module")
def mirror_patrol(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (scripts/install.sh --test installs it)")

    def patrol(tmp: Path) -> dict:
        with MirrorSite() as site:
            config = tmp / "sites.toml"
            config.write_text(wechat_config(site.url, js=True, js_auto=True), encoding="utf-8")
            result = govpatrol("patrol", site.url, "--config", str(config), "--as-of",
                               AS_OF.isoformat(), "--out", str(tmp / "out"), "--db",
                               str(tmp / "db.sqlite"))
            return {"returncode": result.returncode, "stderr": result.stderr[-3000:],
                    "hits": dict(site.hits), "url": site.url}

    tmp, ran = once(tmp_path_factory, "mirror-patrol", patrol)  # one for all xdist workers
    assert ran["returncode"] == 0, ran["stderr"]
    conn = sqlite3.connect(tmp / "db.sqlite")
    yield {"db": conn, "hits": ran["hits"], "out": tmp / "out", "url": ran["url"]}
    conn.close()


def test_wechat_accounts_and_freshness(mirror_patrol) -> None:
    findings = read_jsonl(mirror_patrol["out"] / "findings.jsonl")
    wechat = {f["column"]: f for f in findings if f["rule"] == "freshness.wechat"}
    # 40 days silent, read from a fresh source; the others posted this fortnight or their
    # source is not fresh
    assert set(wechat) == {"江河民政"}, wechat
    assert wechat["江河民政"]["severity"] == "veto"
    assert wechat["江河民政"]["department"] == "市民政局"
    assert wechat["江河民政"]["last_updated"] == ARTICLES["old1"][2].isoformat()
    newest = dict(mirror_patrol["db"].execute(
        "select account, max(list_date) from account_articles group by account"))
    assert newest == {"江河发布": ARTICLES["fresh1"][2].isoformat(),
                      "江河民政": ARTICLES["old1"][2].isoformat(),
                      "江河卫健": ARTICLES["direct1"][2].isoformat(),
                      "江河交通": ARTICLES["jt1"][2].isoformat(),
                      "江河文旅": ARTICLES["wl1"][2].isoformat()}


def test_mirror_health_is_kept_apart_from_account_freshness(mirror_patrol) -> None:
    """A mirror that stopped, one that only carries 群发 articles, and one that could not be
    read: 来源失效/待核实 each, never the two-week veto."""
    findings = read_jsonl(mirror_patrol["out"] / "findings.jsonl")
    unsure = {f["column"]: f for f in findings if f["rule"] == "freshness.wechat_source"}
    assert set(unsure) == {"江河交通", "江河文旅", "江河教育"}, unsure
    assert all(f["severity"] != "veto" and "来源失效/待核实" in f["message"]
               for f in unsure.values())
    stamp = (ARTICLES["jt1"][2] + timedelta(days=1)).isoformat()
    assert f"镜像自{stamp}起未更新" in unsure["江河交通"]["message"]
    assert "只收录群发文章" in unsure["江河文旅"]["message"]
    assert "镜像来源本次无法读取" in unsure["江河教育"]["message"]
    states = {name: (state, updated, mass) for name, state, updated, mass in
              mirror_patrol["db"].execute("select name, source_state, source_updated, mass_only"
                                          " from accounts")}
    assert states == {"江河发布": ("ok", AS_OF.isoformat(), 0), "江河民政": ("ok", None, 0),
                      "江河卫健": ("ok", None, 0), "江河交通": ("ok", stamp, 0),
                      "江河文旅": ("ok", None, 1), "江河教育": ("failed", None, 0)}


def test_articles_are_audited_as_pages(mirror_patrol) -> None:
    rows = dict(mirror_patrol["db"].execute(
        "select url, coalesce(error, title) from pages where kind = 'wechat'"))
    base = mirror_patrol["url"]
    assert rows[base + "s/fresh2"] == ARTICLES["fresh2"][1]
    assert rows[base + "s/deleted1"] == "wechat_deleted"  # a failure page, not an article
    assert base + "s/deleted1" not in {u for (u,) in mirror_patrol["db"].execute(
        "select url from account_articles")}
    findings = read_jsonl(mirror_patrol["out"] / "findings.jsonl")
    assert any(f["url"] == base + "s/fresh2" and f["text"] == "国土资源局" for f in findings)
    images = {u for (u,) in mirror_patrol["db"].execute(
        "select url from links where kind = 'img' and page_url = ?", [base + "s/fresh1"])}
    assert images == {base + "mmbiz_jpg/abc/640?wx_fmt=jpeg"}


def test_js_columns_are_rendered_in_chromium(mirror_patrol) -> None:
    base = mirror_patrol["url"]
    items = {}
    for column, count in mirror_patrol["db"].execute(
            "select column_url, count(*) from items group by column_url"):
        items[column] = count
    # the configured column (js = true) and the one js_auto found: both lists came by XHR
    assert items == {base + "xxgk/index.html": 3, base + "auto/index.html": 3}
    hits = mirror_patrol["hits"]
    assert hits["/api/xxgk.json"] == 1 and hits["/api/tzgg.json"] == 1
    assert hits["/xxgk/index.html"] == 1  # configured: straight to Chromium
    assert hits["/auto/index.html"] == 2  # plain fetch, then Chromium
    assert hits["/"] == 1 and hits["/xxgk/202611/t20261118_1.html"] == 1


def test_wechat_config_errors(tmp_path) -> None:
    from govpatrol.config import ConfigError, parse_config

    base = '[[sites]]\nname = "a"\nurl = "http://127.0.0.1/"\n\n[[sites.wechat]]\nname = "号"\n'
    for extra, needle in (("", "exactly one"), ('feed = "x"\n', "not an http"),
                          ('feed = "http://a/"\nlist = "http://a/"\n', "exactly one"),
                          ('articles = "http://a/"\nnope = 1\n', "unknown key"),
                          ('list = ["http://a/"]\n', "a URL")):
        with pytest.raises(ConfigError) as caught:
            parse_config(base + extra, Path("sites.toml"))
        assert needle in str(caught.value) and "sites.toml:" in str(caught.value), extra
    config = parse_config(base + 'articles = ["http://127.0.0.1/s/a"]\n')
    assert config.sites[0].wechat[0].articles == ["http://127.0.0.1/s/a"]
    bad_js = '[[sites]]\nname = "a"\nurl = "http://127.0.0.1/"\n[[sites.columns]]\nname = "b"\n' \
             'url = "http://127.0.0.1/b/"\njs = "yes"\n'
    with pytest.raises(ConfigError, match="boolean"):
        parse_config(bad_js, Path("sites.toml"))


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))


#: The older article layout: account in `#js_name`, title in `h1#activity-name` with the
#: template's line breaks and indentation around the text, publish time in `var ct`.
OLD_LAYOUT = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="江河发布 | 2026年 冬季供暖 通知"></head>
<body id="activity-detail" class="zh_CN mm_appmsg"><div id="js_article" class="rich_media">
<div class="rich_media_inner"><div id="page-content" class="rich_media_area_primary">
<h1 class="rich_media_title " id="activity-name">
                    江河发布 | 2026年 冬季供暖 通知
                  </h1>
<div id="meta_content" class="rich_media_meta_list">
<span class="rich_media_meta rich_media_meta_nickname" id="profileBt">
<a href="javascript:void(0);" id="js_name">
                        江河发布                      </a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em></div>
<div class="rich_media_content " id="js_content"><p>今冬供暖于11月15日开始。</p></div>
</div></div></div><script>var ct = "1763566200";</script></body></html>"""

#: The current layout: the account only in the follow card and the page's script.
CURRENT_LAYOUT = """<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body id="activity-detail" class="zh_CN wx_wap_page"><div id="js_article" class="rich_media">
<div id="page-content"><h1 class="rich_media_title" id="activity-name">
   关于 “一网通办” 的说明 </h1>
<div id="meta_content"><span class="rich_media_meta_nickname">
<span class="wx_follow_nickname">江河市政务服务</span></span></div>
<div class="rich_media_content" id="js_content"><p>正文。</p></div></div></div>
<script>var nickname = htmlDecode("江河市政务服务"); var ct = "1763566200";</script>
</body></html>"""


@pytest.mark.parametrize("page, account, title", [
    (OLD_LAYOUT, "江河发布", "江河发布 | 2026年 冬季供暖 通知"),
    (CURRENT_LAYOUT, "江河市政务服务", "关于 “一网通办” 的说明"),
])
def test_title_as_published_and_account_in_both_layouts(page, account, title) -> None:
    """The title keeps the spaces its author typed (only the template's layout whitespace
    goes): inspectors compare it with what the account published."""
    article = read_article(lxml_html.fromstring(page), page, "http://x/s/a")
    assert (article.account, article.title) == (account, title)
    assert article.published == date(2025, 11, 19)


def test_account_from_the_script_when_the_card_is_filled_by_javascript() -> None:
    page = ('<html><body><div id="js_content"><p>正文</p></div>'
            '<script>var nickname = htmlDecode("江河发布");</script></body></html>')
    assert read_article(lxml_html.fromstring(page), page, "http://x/s/a").account == "江河发布"
