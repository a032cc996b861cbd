"""外链异常: external links whose target is now a parked domain, a casino or someone else's site.

A real patrol of the portal of tests/external_site.py: its 友情链接 point to a parked domain, a
casino and an online shop where other bodies' sites used to be, with controls (another city's
portal, a newspaper, an allow-listed partner) and a deny-listed host.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date

import pytest
from external_site import PLANTED, ExternalLinkSite
from helpers import govpatrol, read_jsonl

from govpatrol.config import ConfigError, load_config
from govpatrol.linkcheck.checker import LinkChecker
from govpatrol.store import SCHEMA_VERSION, Store


@pytest.fixture(scope="module")
def site():
    portal = ExternalLinkSite()
    yield portal
    portal.close()


@pytest.fixture(scope="module")
def patrolled(site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("extlink")
    site.config(tmp / "sites.toml")
    result = govpatrol("patrol", site.url, "--config", str(tmp / "sites.toml"), "--as-of",
                       "2026-11-20", "--out", str(tmp / "out"), "--db", str(tmp / "g.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp


@pytest.mark.e2e
def test_every_planted_target_is_found_and_no_control(site, patrolled):
    findings = [f for f in read_jsonl(patrolled / "out" / "findings.jsonl")
                if f["category"] == "external_link"]
    got = {f["link_url"]: (f["rule"], f["severity"], f["text"]) for f in findings}
    assert got == {site.target(key): want for key, want in PLANTED.items()}
    assert len(findings) == len(PLANTED)  # one per target, not one per page linking it
    assert all(f["url"] == site.url for f in findings)  # the home page links them all
    assert all(f["department"] == "县政府办公室" for f in findings)
    by_rule = {f["rule"]: f for f in findings}
    casino = by_rule["external_link.gambling"]
    assert "澳门新葡京娱乐城" in casino["context"] and "处链接" in casino["message"]
    assert "此域名可转让" in by_rule["external_link.parked"]["message"]
    assert "优品购物商城" in by_rule["external_link.unrelated"]["message"]


@pytest.mark.e2e
def test_the_casino_fails_the_site_and_the_report_shows_the_targets(patrolled):
    report = (patrolled / "out" / "report.html").read_text(encoding="utf-8")
    assert "外链异常" in report and "江河县卫生健康委员会" in report
    summary = read_jsonl(patrolled / "out" / "findings.jsonl")
    vetoes = [f for f in summary if f["severity"] == "veto"]
    assert [f["rule"] for f in vetoes] == ["external_link.gambling"]


@pytest.mark.e2e
def test_targets_are_fetched_once_and_their_titles_kept(site, patrolled):
    assert site.judged.hits.count("/wsj/") == 1  # the link checker's one GET, reused
    assert site.allowed.hits == ["/"]  # allow-listed: checked as a link, never judged
    conn = sqlite3.connect(patrolled / "g.db")
    titles = dict(conn.execute("SELECT url, title FROM link_checks WHERE title IS NOT NULL"))
    assert titles[site.target("/bs/")] == "白山市人民政府门户网站"
    sample = conn.execute("SELECT sample FROM link_checks WHERE url = ?",
                          [site.target("/jtj/")]).fetchone()[0]
    assert "This domain may be for sale" in sample
    own = conn.execute("SELECT count(*) FROM link_checks WHERE url LIKE ? AND title IS NOT NULL",
                       [site.portal.url + "%"]).fetchone()[0]
    assert own == 0  # the site's own pages: the crawl has them, no second copy


def test_link_checker_reads_title_and_bounded_sample(site):
    async def check():
        async with LinkChecker() as checker:
            return await checker.check(site.target("/wsj/"), html_expected=True)

    result = asyncio.run(check())
    assert result.title == "澳门新葡京娱乐城-百家乐-真人娱乐官网"
    assert "体育投注" in result.sample and len(result.sample) <= 1500


def test_a_bad_host_in_the_lists_names_file_line_and_key(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text('[[sites]]\nname = "江河县"\nurl = "http://www.jh.gov.cn/"\n\n'
                    '  [sites.external_links]\n  allow = ["ok.example.com"]\n'
                    '  deny = ["http://old.jhjtj.com/"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:7 [external_links.deny]: ")
    assert "old.jhjtj.com" in str(info.value)
    path.write_text('[[sites]]\nname = "江河县"\nurl = "http://www.jh.gov.cn/"\n'
                    'external_links = { allow = ["A.Example.com", "*.partner.cn"] }\n',
                    encoding="utf-8")
    assert load_config(path).sites[0].external_links.allow == ["a.example.com", "partner.cn"]


def test_version_7_store_gains_the_title_and_sample_columns(tmp_path):
    db = tmp_path / "old.db"
    Store(str(db)).close()
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE link_checks DROP COLUMN title")
    conn.execute("ALTER TABLE link_checks DROP COLUMN sample")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    store = Store(str(db))
    store.save_link_checks(1, "江河县", [{"url": "http://a.example.com/", "status": 200,
                                          "title": "停放页", "sample": "此域名可转让"}])
    cached = store.live_link_checks("江河县", "2000-01-01")
    store.close()
    assert cached["http://a.example.com/"]["title"] == "停放页"  # the nightly cache keeps it
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_host_on_both_lists_is_refused(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text('[[sites]]\nname = "江河县"\nurl = "http://www.jh.gov.cn/"\n\n'
                    '  [sites.external_links]\n  allow = ["partner.cn"]\n'
                    '  deny = ["Partner.cn", "old.partner.cn"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:") and "external_links" in message
    assert "partner.cn" in message and "\n" not in message


def test_the_more_specific_list_entry_decides():
    """allow partner.cn, deny its lost subdomain: the subdomain is reported, the partner's
    own pages are never judged, whatever their title says."""
    from govpatrol.auditors import AuditContext, AuditSettings, audit
    from govpatrol.model import Link, LinkStatus, Page, SiteRecords

    targets = {"http://www.partner.cn/": "合作伙伴平台", "http://old.partner.cn/": "域名出售"}
    home = Page(site="江河县", url="http://www.jh.gov.cn/", status=200, kind="home",
                title="江河县人民政府", text="江河县人民政府门户网站",
                links=[Link(url=url, kind="a", anchor="江河县交通运输局") for url in targets])
    records = SiteRecords.from_lists("江河县", home.url, [], [home])
    records.link_status = {url: LinkStatus(url=url, status="200", broken=False, title=title,
                                           sample=title) for url, title in targets.items()}
    ctx = AuditContext(as_of=date(2026, 11, 20), settings=AuditSettings(
        external_allow=("partner.cn",), external_deny=("old.partner.cn",)))
    found = audit(records, ctx, only=["external_link"], strict=True)
    assert [(f.rule, f.link_url) for f in found] == [
        ("external_link.denied", "http://old.partner.cn/")]
