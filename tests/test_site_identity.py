"""Page identity: meta tags, footer records and the domain; per page only on the home page."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors import AuditContext, run_all
from govpatrol.model import CATEGORIES, Page, SiteRecords

SITE = "示例市人民政府"
HOME = "http://www.example.gov.cn/"
FOOTER = "主办：示例市人民政府办公室 政府网站标识码5118000022 川公网安备51180202511865号 蜀ICP备13021309号-1"
SITE_META = {"SiteName": "示例市人民政府", "SiteDomain": "www.example.gov.cn",
             "SiteIDCode": "5118000022"}


def page(kind: str, url: str, meta: dict[str, str] | None = None, footer: str = FOOTER,
         **kwargs) -> Page:
    return Page(site=SITE, url=url, status=200, kind=kind, title="标题", text="正文内容",
                meta_tags=dict(SITE_META if meta is None else meta), footer=footer, **kwargs)


def full_article(n: int) -> Page:
    return page("detail", f"{HOME}xw/{n}.html", {
        **SITE_META, "ColumnName": "要闻", "ColumnType": "新闻", "ArticleTitle": "标题",
        "PubDate": "2026-11-20 09:30", "ContentSource": "市政府办公室"})


def audit(pages: list[Page], home_url: str = HOME) -> list:
    records = SiteRecords.from_lists(SITE, home_url, [], pages)
    return list(run_all(records, AuditContext(as_of=date(2026, 11, 20)),
                        only=["site_identity"]))


def test_a_compliant_site_has_no_findings() -> None:
    column = page("list", f"{HOME}xw/index.html",
                  {**SITE_META, "ColumnName": "要闻", "ColumnType": "新闻"})
    assert audit([page("home", HOME), column, full_article(1)]) == []
    assert CATEGORIES["site_identity"] == "网站标识不规范"


def test_home_page_item_by_item() -> None:
    home = page("home", HOME, {"SiteName": "示例市人民政府", "SiteIDCode": "51180000"},
                footer="主办：示例市人民政府办公室 蜀ICP备13021309号")
    findings = {f.rule: f for f in audit([home])}
    assert set(findings) == {"identity.meta.SiteDomain", "identity.meta.SiteIDCode.malformed",
                             "identity.footer.site_code", "identity.footer.police"}
    assert all(f.url == HOME and f.severity == "minor" for f in findings.values())
    assert "51180000" in findings["identity.meta.SiteIDCode.malformed"].message


def test_central_body_code_and_malformed_footer_code() -> None:
    home = page("home", HOME, {**SITE_META, "SiteIDCode": "bm01000001"},
                footer=FOOTER.replace("5118000022", "51180000"))
    findings = audit([home])
    assert [f.rule for f in findings] == ["identity.footer.site_code.malformed"]
    assert findings[0].text == "网站标识码51180000"


def test_other_pages_are_summarised_per_item_and_kind() -> None:
    articles = [full_article(n) for n in range(5)]
    for article in articles[:3]:
        del article.meta_tags["ArticleTitle"]
    articles[4].meta_tags["PubDate"] = "2026年11月20日"
    lists = [page("list", f"{HOME}c{n}/index.html", SITE_META) for n in range(2)]
    findings = {f.rule: f for f in audit([page("home", HOME), *articles, *lists])}
    assert set(findings) == {
        "identity.meta.ArticleTitle.detail", "identity.meta.PubDate.malformed.detail",
        "identity.meta.ColumnName.list", "identity.meta.ColumnType.list"}
    title = findings["identity.meta.ArticleTitle.detail"]
    assert "共3个文章页（已检查5个）" in title.message
    assert f"{HOME}xw/0.html" in title.message
    assert title.url == HOME  # one stable finding per item, not one per page
    assert "共2个栏目页" in findings["identity.meta.ColumnName.list"].message


def test_meta_names_match_case_insensitively_and_failed_pages_are_skipped() -> None:
    home = page("home", HOME, {k.lower(): v for k, v in SITE_META.items()})
    broken = Page(site=SITE, url=f"{HOME}gone.html", status=404, kind="page")
    pdf = Page(site=SITE, url=f"{HOME}a.pdf", status=200, kind="page")
    assert audit([home, broken, pdf]) == []


def test_domain_outside_gov_cn_is_reported_as_info() -> None:
    findings = audit([page("home", "http://127.0.0.1:8000/")], home_url="http://127.0.0.1:8000/")
    assert [(f.rule, f.severity) for f in findings] == [("identity.domain", "info")]
    assert "127.0.0.1" in findings[0].message


ARTICLE_ITEMS = ["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType",
                 "ArticleTitle", "PubDate", "ContentSource"]


@pytest.mark.parametrize("name", ARTICLE_ITEMS)
def test_each_article_meta_item_with_and_without(name: str) -> None:
    with_it, without = full_article(1), full_article(2)
    del without.meta_tags[name]
    required = name not in ("ColumnName", "ColumnType")  # column meta: column pages only
    rules = [f.rule for f in audit([page("home", HOME), with_it, without])]
    assert rules == ([f"identity.meta.{name}.detail"] if required else [])


@pytest.mark.parametrize(("key", "text"), [
    ("site_code", "政府网站标识码5118000022"), ("icp", "蜀ICP备13021309号-1"),
    ("police", "川公网安备51180202511865号")])
def test_each_footer_item_with_and_without(key: str, text: str) -> None:
    assert audit([page("home", HOME)]) == []
    without = page("home", HOME, footer=FOOTER.replace(text, ""))
    assert [f.rule for f in audit([without])] == [f"identity.footer.{key}"]


def test_error_pages_wechat_articles_and_their_copies_are_not_the_sites_templates() -> None:
    """A deleted article's 200 error page, a WeChat article fetched for an account and its copy
    on the portal carry none of the portal's metas: nothing to report; a navigation page is
    counted among other pages, not articles."""
    soft = page("detail", f"{HOME}xw/9.html", {}, soft_404="error_text")
    wechat = page("wechat", "https://mp.weixin.qq.com/s/AbCdEf", {"og:title": "标题"})
    copy = page("detail", f"{HOME}wx/1.html", {"og:title": "标题"},
                mirror_of="http://mp.weixin.qq.com/s/AbCdEf")
    channel = page("nav", f"{HOME}ztzl/index.html")
    assert audit([page("home", HOME), full_article(1), soft, wechat, copy, channel]) == []
    bare = page("detail", f"{HOME}xw/8.html", dict(SITE_META))
    [missing, *_] = audit([page("home", HOME), full_article(1), bare, soft, copy, channel])
    assert missing.message.startswith("共1个文章页（已检查2个）缺少")
