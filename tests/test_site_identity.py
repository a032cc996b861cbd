"""Page identity: meta tags, footer records and the domain; per page only on the home page."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors import AuditContext, run_all
from govpatrol.model import CATEGORIES, Page, SiteRecords

SITE = "示例市人民政府"
HOME = "http://www.example.gov.cn/"
FOOTER = ("主办：示例市人民政府办公室 联系电话：0817-2222222\n"
          "政府网站标识码5118000022 川公网安备51180202511865号 蜀ICP备13021309号-1")
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
                footer="主办：示例市人民政府办公室 电话：0817-2222222 蜀ICP备13021309号")
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
    ("police", "川公网安备51180202511865号"), ("sponsor", "主办：示例市人民政府办公室"),
    ("contact", "联系电话：0817-2222222")])
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


def national_audit(pages: list[Page]) -> list:
    from govpatrol.rules.profile import load_profile

    records = SiteRecords.from_lists(SITE, HOME, [], pages)
    ctx = AuditContext(as_of=date(2026, 11, 20))
    ctx.profile = load_profile("national")
    return list(run_all(records, ctx, only=["site_identity"]))


#: The footer of a compliant portal under the national profile: the conac badge and the 找错
#: entry are scripts (as the crawler keeps them: their addresses after the footer text).
NATIONAL_FOOTER = (FOOTER + "\n党政机关\n"
                   "https://zfwzgl.www.gov.cn/exposure/jiucuo.js")


def test_footer_items_are_checked_on_every_page_once_per_item() -> None:
    """An article template without the 公安 record: one finding for the site, the pages lacking
    it counted and named, at the home page's address (the same finding run after run)."""
    articles = [full_article(n) for n in range(4)]
    for article in articles[:3]:
        article.footer = FOOTER.replace("川公网安备51180202511865号", "")
    findings = audit([page("home", HOME), *articles])
    assert [f.rule for f in findings] == ["identity.footer.police"]
    (finding,) = findings
    assert finding.url == HOME
    assert "共3个页面缺少（已检查5个页面）" in finding.message
    assert f"{HOME}xw/0.html" in finding.message and "首页" not in finding.message


def test_a_footer_item_missing_everywhere_names_the_home_page_too() -> None:
    pages = [page("home", HOME, footer=FOOTER.replace("主办：示例市人民政府办公室", "")),
             *(full_article(n) for n in range(2))]
    for article in pages[1:]:
        article.footer = pages[0].footer
    (finding,) = audit(pages)
    assert finding.rule == "identity.footer.sponsor"
    assert finding.message.startswith("首页及其他页面页脚未显示主办单位")
    assert "共3个页面缺少（已检查3个页面，含首页）" in finding.message


def test_failed_pages_are_not_judged_for_their_footer() -> None:
    """A 404, a soft 404 (an error page answered 200) and a WeChat copy show no portal footer:
    not the site's templates, not judged."""
    broken = Page(site=SITE, url=f"{HOME}gone.html", status=404, kind="page", title="404",
                  text="页面不存在")
    soft = page("page", f"{HOME}error/notfound.html", footer="", soft_404="error_text")
    copy = page("detail", f"{HOME}wx/1.html", footer="", mirror_of="http://mp.weixin.qq.com/s/A")
    assert audit([page("home", HOME), broken, soft, copy]) == []


def test_national_badge_and_report_errors_entry_recognised_in_any_form() -> None:
    """The conac badge as a linked image, as text or as a script address; the 找错 entry as a
    link, an image alt or the jiucuo script: all count, on the home page and elsewhere."""
    from govpatrol.model import Link

    badge_link = page("page", f"{HOME}a.html", footer=FOOTER + "\n我为政府网站找错",
                      links=[Link("https://bszs.conac.cn/sitename?method=show&id=1", "a", "")])
    entry_link = page("page", f"{HOME}b.html", footer=FOOTER + "\n党政机关",
                      links=[Link("https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=1",
                                  "a", "")])
    script = page("home", HOME, footer=FOOTER + "\nhttps://dcs.conac.cn/js/33/CA1.js\n"
                  "https://zfwzgl.www.gov.cn/exposure/jiucuo.js")
    assert national_audit([script, badge_link, entry_link]) == []


def test_report_errors_entry_per_page_within_the_cap() -> None:
    """Home page without the 找错 entry: -1; each other page: -0.2, listed up to the five
    that reach the cap of 1, each saying how many lack it; nothing under 网站标识."""
    from govpatrol.rules.profile import load_profile
    from govpatrol.rules.scoring import ScoringRules, score

    bare = FOOTER + "\n党政机关"
    articles = [full_article(n) for n in range(8)]
    for article in articles:
        article.footer = bare
    home = page("home", HOME, footer=bare)
    findings = national_audit([home, *articles])
    assert {f.rule for f in findings} == {"identity.footer.zhaocuo"}
    assert [f.url for f in findings] == [HOME] + [f"{HOME}xw/{n}.html" for n in range(5)]
    assert findings[0].message.startswith("首页底部未设置“我为政府网站找错”入口")
    assert all("共9个页面缺少（已检查9个页面，含首页）" in f.message for f in findings)
    assert findings[1].message == ("页面底部未设置“我为政府网站找错”入口。共9个页面缺少（已检查9个"
                                   "页面，含首页），逐页列出其中5个其他页面")
    rules = ScoringRules.from_profile(load_profile("national"))
    result = score(findings, rules, SITE, HOME)
    assert result.score == 98  # 1 (home) + min(5 x 0.2, 1)
    assert result.item("identity").count == 0
    # only the home page lacks it: -1
    fixed = [page("home", HOME, footer=bare),
             *(page("page", f"{HOME}{n}.html", footer=NATIONAL_FOOTER) for n in range(3))]
    assert score(national_audit(fixed), rules, SITE, HOME).score == 99


def test_national_footer_items_half_a_point_each() -> None:
    """A template without the badge, the 标识码 and the 公安 record on every page: three
    findings, 1.5 points under 网站标识."""
    from govpatrol.rules.profile import load_profile
    from govpatrol.rules.scoring import ScoringRules, score

    bare = (NATIONAL_FOOTER.replace("党政机关", "").replace("政府网站标识码5118000022", "")
            .replace("川公网安备51180202511865号", ""))
    pages = [page("home", HOME, footer=bare), *(full_article(n) for n in range(3))]
    for article in pages[1:]:
        article.footer = bare
    findings = national_audit(pages)
    assert sorted(f.rule for f in findings) == ["identity.footer.conac",
                                                "identity.footer.police",
                                                "identity.footer.site_code"]
    rules = ScoringRules.from_profile(load_profile("national"))
    assert score(findings, rules, SITE, HOME).score == 98.5
    assert national_audit([page("home", HOME, footer=NATIONAL_FOOTER),
                           *(page("page", f"{HOME}{n}.html", footer=NATIONAL_FOOTER)
                             for n in range(3))]) == []


def test_footer_items_are_profile_data() -> None:
    from govpatrol.rules.profile import ProfileError, load_profile

    profile = load_profile("default", overrides={"identity": {
        "footer": ["sponsor"], "footer_items": {"sponsor": {"label": "主办", "text": ["承办"]}}}})
    records = SiteRecords.from_lists(SITE, HOME, [], [page("home", HOME)])
    ctx = AuditContext(as_of=date(2026, 11, 20))
    ctx.profile = profile
    (finding,) = run_all(records, ctx, only=["site_identity"])
    assert finding.rule == "identity.footer.sponsor" and finding.message == "首页页脚未显示主办"
    bad = load_profile("default", overrides={"identity": {"footer": ["badge"]}})
    ctx.profile = bad
    from govpatrol.auditors.site_identity import IdentityRules

    with pytest.raises(ProfileError, match="badge"):
        IdentityRules.from_profile(bad)


def test_site_name_in_every_page_header() -> None:
    """The name as text or as a logo's alt, the configured name or the page's SiteName, count;
    a page whose header was not recognised is not judged; the rest: one finding for the site,
    1 point under 域名名称 in the national profile."""
    from govpatrol.rules.profile import load_profile
    from govpatrol.rules.scoring import ScoringRules, score

    text = page("home", HOME, header="示例市人民政府\n无障碍 长辈版")
    alt = page("list", f"{HOME}xw/index.html", {**SITE_META, "ColumnName": "要闻",
                                                 "ColumnType": "新闻"}, header="首页 要闻\n示例市人民政府")
    by_meta = page("page", f"{HOME}a.html", {**SITE_META, "SiteName": "示例市政府门户网站"},
                   header="示例市政府 门户网站")
    unknown = page("page", f"{HOME}b.html", header="")
    assert audit([text, alt, by_meta, unknown]) == []
    banner = page("page", f"{HOME}c.html", header="无障碍 长辈版 English")
    findings = audit([text, alt, banner])
    assert [f.rule for f in findings] == ["identity.header.site_name"]
    assert "共1个页面（已检查3个页面）" in findings[0].message
    assert f"{HOME}c.html" in findings[0].message
    rules = ScoringRules.from_profile(load_profile("national"))
    assert score(findings, rules, SITE, HOME).item("domain").count == 1
