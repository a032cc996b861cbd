"""Less noise (issue 17, item 6), on a real Scrapy patrol of tests/noise_site.py on 127.0.0.1.

An unreachable page that other pages link to is one finding with both facts, in every output,
counted once; site_identity does not judge error pages or WeChat copies by the portal's
template rules; navigation pages (a channel index, a site map) are not articles wherever
articles are counted.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from helpers import govpatrol, once, read_jsonl
from lxml import html as lxml_html
from noise_site import (
    AS_OF,
    CHANNEL,
    DELETED,
    DOWN,
    MIRRORS,
    MISSING,
    POLICIES,
    SITE_NAME,
    SITEMAP,
    NoiseSite,
    article_page,
    channel_page,
    sitemap_page,
    wechat_copy,
)

from govpatrol.auditors import AuditContext, run_all
from govpatrol.crawler.extract import extract_page
from govpatrol.crawler.extract.wechat import copy_of
from govpatrol.model import Column, Finding, Item, Link, LinkStatus, Page, SiteRecords
from govpatrol.rules.profile import load_profile
from govpatrol.rules.scoring import ScoringRules, rule_lines, score


@pytest.fixture(scope="module")
def patrol(tmp_path_factory):
    def run(tmp: Path) -> dict:
        with NoiseSite() as site:
            config = tmp / "sites.toml"
            config.write_text(f'[[sites]]\nname = "{SITE_NAME}"\nurl = "{site.url}"\n',
                              encoding="utf-8")
            result = govpatrol("patrol", site.url, "--config", str(config), "--as-of",
                               AS_OF.isoformat(), "--out", str(tmp / "out"), "--db",
                               str(tmp / "db"))
            return {"returncode": result.returncode, "stderr": result.stderr[-3000:],
                    "base": site.url.rstrip("/")}

    tmp, ran = once(tmp_path_factory, "noise-patrol", run)  # one for all xdist workers
    assert ran["returncode"] == 0, ran["stderr"]
    out = tmp / "out"
    return ran["base"], out, tmp / "db", read_jsonl(out / "findings.jsonl")


def test_an_unreachable_page_linked_from_others_is_one_finding_with_both_facts(patrol):
    base, _, _, findings = patrol
    about_down = [f for f in findings
                  if base + DOWN in (f["url"], f["link_url"]) or base + DOWN in
                  (f.get("linked_from") or [])]
    [finding] = about_down  # not also a broken_link on the home page and on the site map
    assert finding["category"] == "unreachable" and finding["rule"] == "unreachable.500"
    assert finding["url"] == base + DOWN and finding["status"] == "500"
    assert finding["linked_from"] == [base + "/", base + SITEMAP]
    assert finding["severity"] == "major"  # the home page links it
    assert finding["context"] == "在线访谈"
    assert "2个页面链接到它" in finding["message"] and base + SITEMAP in finding["message"]
    # an ordinary dead link and a deleted article stay broken links on the page carrying them
    broken = {(f["url"], f["link_url"], f["status"]) for f in findings
              if f["category"] == "broken_link"}
    assert broken == {(base + "/", base + MISSING, "404"),
                      (base + "/zwgk/zcwj/index.html", base + DELETED.path, "soft_404")}
    assert not [f for f in findings if f["category"] == "unreachable" and f["url"] != base + DOWN]


def test_every_report_shows_the_merged_finding_and_the_dead_targets(patrol):
    from docx import Document
    from openpyxl import load_workbook

    base, out, _, findings = patrol
    [merged] = [f for f in findings if f["category"] == "unreachable"]
    page = lxml_html.fromstring((out / "report.html").read_text(encoding="utf-8"))
    dead = {row.xpath("td")[0].text_content(): (row.xpath("td")[1].text_content(),
                                                 row.xpath("td")[2].text_content())
            for row in page.xpath("//table[@id='broken-targets']/tbody/tr")}
    # built from the link checks: the unreachable page is still a dead target of two pages
    assert dead == {base + DOWN: ("500", "2"), base + MISSING: ("404", "1"),
                    base + DELETED.path: ("soft_404", "1")}
    [row] = page.xpath(f"//tr[@data-id='{merged['id']}']")
    evidence = row.xpath("td[@class='evidence']")[0]
    assert evidence.xpath(".//a/@href") == [base + "/", base + SITEMAP]
    assert "500" in evidence.text_content()

    book = load_workbook(out / "report.xlsx")
    cells = [(ws.title, [str(c.value or "") for c in r]) for ws in book.worksheets
             for r in ws.iter_rows() if any(c.value == merged["id"] for c in r)]
    assert cells, "the merged finding is in the ledger"
    for _, values in cells:
        assert any(base + SITEMAP in v and base + "/" in v for v in values)
    text = "\n".join(cell.text for table in Document(out / "report.docx").tables
                     for r in table.rows for cell in r.cells)
    assert base + SITEMAP in text and merged["message"] in text


def test_the_store_keeps_linked_from(patrol):
    base, _, db, findings = patrol
    with sqlite3.connect(db) as conn:
        [(stored,)] = conn.execute(
            "select linked_from from findings where category = 'unreachable'").fetchall()
    assert json.loads(stored) == [base + "/", base + SITEMAP]


def test_site_identity_ignores_error_pages_wechat_copies_and_navigation(patrol):
    """Only the planted template fault: one real article without ContentSource, counted among
    the six real articles, not among copies, the deleted article's error page or the channel
    and site-map pages."""
    base, _, db, findings = patrol
    identity = [f for f in findings if f["category"] == "site_identity"]
    assert sorted(f["rule"] for f in identity) == ["identity.domain",
                                                   "identity.meta.ContentSource.detail"]
    [meta] = [f for f in identity if f["rule"] == "identity.meta.ContentSource.detail"]
    assert meta["message"] == (f"共1个文章页（已检查{len(POLICIES)}个）缺少 "
                               f"<meta name=\"ContentSource\"> 网页标签，例如 "
                               f"{base}{POLICIES[4].path}")
    with sqlite3.connect(db) as conn:
        kinds = {url.removeprefix(base): (kind, mirror, soft) for url, kind, mirror, soft in
                 conn.execute("select url, kind, mirror_of, soft_404 from pages")}
    assert kinds[CHANNEL][0] == kinds[SITEMAP][0] == "nav"
    assert [kinds[m.path][1] for m in MIRRORS] == [
        "http://mp.weixin.qq.com/s/Jh0fB2cQx7_Lw9Tq", "http://mp.weixin.qq.com/s/Jh1fB2cQx7_Lw9Tq"]
    assert kinds[DELETED.path][2] is not None
    # the deleted article's error page is no policy document missing its metadata either
    assert not [f for f in findings if f["url"] == base + DELETED.path]


def test_navigation_and_copies_are_recognised_from_their_markup():
    url = "http://127.0.0.1:8000"
    for path, html in ((CHANNEL, channel_page()), (SITEMAP, sitemap_page())):
        assert extract_page(lxml_html.fromstring(html), url + path).navigation, path
    article = article_page(POLICIES[0], "政策文件", "/zwgk/zcwj/index.html")
    # an article with a 相关文章 box of eight links stays an article
    related = "".join(f'<li><a href="{a.path}">{a.title}</a></li>' for a in POLICIES + MIRRORS)
    with_box = article.replace("</div></div>", f'</div><div class="xgwz"><h4>相关文章</h4>'
                               f'<ul>{related}</ul></div></div>', 1)
    for html in (article, with_box):
        data = extract_page(lxml_html.fromstring(html), url + POLICIES[0].path)
        assert data.has_article_body and not data.navigation
    copy = wechat_copy(MIRRORS[0], "abc")
    root = lxml_html.fromstring(copy)
    assert copy_of(root, copy, extract_page(root, url + MIRRORS[0].path).meta_tags) == \
        "http://mp.weixin.qq.com/s/abc"
    bare = copy.replace('<meta property="og:url" content="http://mp.weixin.qq.com/s/abc">', "")
    assert copy_of(lxml_html.fromstring(bare), bare, {}) == "mp.weixin.qq.com"
    assert copy_of(lxml_html.fromstring(article), article, {}) is None


def test_a_navigation_page_lends_no_date_to_a_column_without_dates():
    """A column whose list shows no dates takes its newest item's own date; a channel page
    listed among its items, whose PubDate is the platform's regeneration time, is no item
    date: the column is stale."""
    home = "http://127.0.0.1:8000/"
    column = Column(site="s", name="专题专栏", url=home + "ztzl/index.html",
                    items=[Item(home + "ztzl/yshj/index.html", "优化营商环境专题"),
                           Item(home + "ztzl/202303/t20230301_1.html", "专题工作方案")])
    pages = [
        Page(site="s", url=column.items[0].url, status=200, kind="nav", column="专题专栏",
             title="优化营商环境专题", published=date(2026, 11, 19), text="政策文件"),
        Page(site="s", url=column.items[1].url, status=200, kind="detail", column="专题专栏",
             title="专题工作方案", published=date(2023, 3, 1), text="正文" * 40),
    ]
    found = list(run_all(SiteRecords.from_lists("s", home, [column], pages),
                         AuditContext(as_of=AS_OF), only=["freshness"]))
    [stale] = [f for f in found if f.category == "stale_column"]
    assert stale.last_updated == date(2023, 3, 1)
    assert not [f for f in found if f.category == "late_publication"
                and f.url == column.items[0].url]


def test_links_and_unreachable_agree_without_a_crawl():
    """The auditors alone: the link to a page the crawl got a 503 from is folded into that
    page's finding; a link to a 404 page is a broken link; a challenge page is neither."""
    home = "http://127.0.0.1:8000/"
    down, gone = home + "zxft/index.html", home + "old.html"
    pages = [
        Page(site="s", url=home, status=200, kind="home", title="首页", text="首页",
             links=[Link(url=down, kind="a", anchor="在线访谈"),
                    Link(url=gone, kind="a", anchor="旧版")]),
        Page(site="s", url=down, status=503, error="http_503", kind="page"),
        Page(site="s", url=gone, status=404, error="http_404", kind="page"),
    ]
    records = SiteRecords.from_lists("s", home, [], pages)
    records.link_status = {
        down: LinkStatus(down, "503", True, checked=False, page_url=down, page_status=503,
                         page_error="http_503"),
        gone: LinkStatus(gone, "404", True, checked=False, page_url=gone, page_status=404,
                         page_error="http_404"),
    }
    found = list(run_all(records, AuditContext(as_of=AS_OF), only=["unreachable", "links"]))
    assert [(f.category, f.url, f.link_url, f.linked_from) for f in found] == [
        ("unreachable", down, None, [home]),
        ("broken_link", home, gone, None),
    ]


def test_the_merged_finding_costs_once_at_the_home_pages_price():
    rules = ScoringRules.from_profile(load_profile("national"))
    home = "http://www.jianghe.gov.cn/"
    merged = Finding(site="s", category="unreachable", rule="unreachable.500", severity="major",
                     url=home + "zxft/index.html", message="m", status="500",
                     linked_from=[home, home + "wzdt.html"])
    alone = Finding(site="s", category="unreachable", rule="unreachable.timeout",
                    severity="minor", url=home + "slow.html", message="m", status="timeout")
    result = score([merged, alone], rules, "s", home)
    line = next(x for x in rule_lines(result, rules) if x.indicator == "可用性")
    assert line.count == 2
    assert result.score == pytest.approx(100 - 0.2 - 0.1)


def test_a_finding_with_linked_from_survives_the_round_trip():
    finding = Finding(site="s", category="unreachable", rule="unreachable.500",
                      severity="major", url="http://127.0.0.1/x", message="m",
                      linked_from=["http://127.0.0.1/"])
    data = json.loads(json.dumps(finding.to_dict()))
    assert data["linked_from"] == ["http://127.0.0.1/"]
    assert Finding.from_dict(data) == finding


def test_a_version_3_store_gains_linked_from_and_mirror_of(tmp_path):
    """Findings and pages stored before keep reading (NULL: none recorded) after migrating."""
    from govpatrol.store import SCHEMA_VERSION, Store

    db = tmp_path / "old.db"
    store = Store(str(db))
    run = store.start_run("s", "http://127.0.0.1:8000/", AS_OF, {})
    store.save_findings(run, [Finding(site="s", category="unreachable", rule="unreachable.500",
                                      severity="minor", url="http://127.0.0.1:8000/x",
                                      message="m", status="500")])
    store.close()
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE findings DROP COLUMN linked_from")
    conn.execute("ALTER TABLE pages DROP COLUMN mirror_of")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    store = Store(str(db))
    [finding] = store.findings(run)
    assert finding.linked_from is None and finding.status == "500"
    store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "linked_from" in {row[1] for row in conn.execute("PRAGMA table_info(findings)")}
    assert "mirror_of" in {row[1] for row in conn.execute("PRAGMA table_info(pages)")}
    conn.close()
