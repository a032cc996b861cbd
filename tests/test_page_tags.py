"""页面标签 sampling (page_tags.*): 5 random column pages and 5 random article pages, the same
sample whatever order the pages arrive in, one finding per sampled page lacking tags, scored
0.1 each under the 1-point cap and never together with site_identity's identity.meta.*."""

from __future__ import annotations

import random
from datetime import date

from govpatrol.auditors import AuditContext, run_all
from govpatrol.auditors.page_tags import draw
from govpatrol.model import Finding, Page, SiteRecords
from govpatrol.rules.profile import load_profile
from govpatrol.rules.scoring import ScoringRules, score

SITE = "江河县人民政府"
HOME = "http://www.jhx.gov.cn/"
AS_OF = date(2026, 11, 20)
NATIONAL = load_profile("national")
SITE_META = {"SiteName": SITE, "SiteDomain": "www.jhx.gov.cn", "SiteIDCode": "4501220001"}


def column_page(n: int, tags: bool = True) -> Page:
    meta = dict(SITE_META) | ({"ColumnName": f"栏目{n}", "ColumnType": "信息列表"} if tags else {})
    return Page(site=SITE, url=f"{HOME}lm{n:02d}/index.html", status=200, kind="list",
                title=f"栏目{n}", column=f"栏目{n}", meta_tags=meta, text="列表")


def article_page(n: int, content_source: bool = True) -> Page:
    meta = dict(SITE_META) | {"ArticleTitle": f"文章{n}", "PubDate": "2026-11-02 09:30"}
    if content_source:
        meta["ContentSource"] = "县政府办公室"
    return Page(site=SITE, url=f"{HOME}xw/202611/t20261102_{n}.html", status=200,
                kind="detail", title=f"文章{n}", column="工作动态", meta_tags=meta,
                text="正文", published=date(2026, 11, 2))


def audit(pages: list[Page], profile=NATIONAL, as_of: date = AS_OF) -> list[Finding]:
    records = SiteRecords.from_lists(SITE, HOME, [], pages)
    return list(run_all(records, AuditContext(as_of=as_of, profile=profile),
                        only=["page_tags"]))


def test_draw_is_independent_of_order_and_takes_five() -> None:
    urls = [f"{HOME}{n}.html" for n in range(40)]
    shuffled = urls[:]
    random.Random(7).shuffle(shuffled)
    first = draw(urls, 5, "seed")
    assert first == draw(shuffled, 5, "seed") and len(set(first)) == 5
    assert draw(urls[:3], 5, "seed") == sorted(urls[:3])  # fewer than five: all
    assert any(draw(urls, 5, f"seed{n}") != first for n in range(5))  # the seed matters


def test_clean_pages_raise_nothing() -> None:
    assert audit([column_page(n) for n in range(8)] + [article_page(n) for n in range(8)]) == []


def test_every_sampled_page_lacking_tags_once_whatever_the_order() -> None:
    pages = [column_page(n, tags=False) for n in range(12)] + [article_page(n) for n in range(3)]
    found = audit(pages)
    assert len(found) == 5 and {f.rule for f in found} == {"page_tags.column"}
    assert all(f.text == "ColumnName、ColumnType" for f in found)
    assert "共抽查5个，候选12个" in found[0].message
    again = audit(pages[::-1])
    assert [f.url for f in again] == [f.url for f in found]
    assert [f.id for f in again] == [f.id for f in found]


def test_only_sampled_pages_count() -> None:
    lacking = article_page(99, content_source=False)
    others = [article_page(n) for n in range(30)]
    found = audit([lacking, *others])
    drawn = draw([p.url for p in [lacking, *others]], 5,
                 f"{SITE}\n{HOME}\n{AS_OF.isoformat()}\narticle")
    expected = [("page_tags.article", lacking.url, "ContentSource")] if lacking.url in drawn \
        else []
    assert [(f.rule, f.url, f.text) for f in found] == expected


def test_home_and_navigation_pages_are_not_sampled_and_default_is_off() -> None:
    home = Page(site=SITE, url=HOME, status=200, kind="home", title=SITE, text="首页")
    nav = Page(site=SITE, url=f"{HOME}wzdt.html", status=200, kind="nav", title="网站地图",
               text="网站地图")
    single = Page(site=SITE, url=f"{HOME}lxwm.html", status=200, kind="page", title="联系我们",
                  meta_tags=dict(SITE_META), text="地址：江河县江滨大道1号")
    assert audit([home, nav, single]) == []
    assert audit([column_page(1, tags=False)], profile=load_profile()) == []


def test_scored_a_tenth_each_and_not_with_identity_meta() -> None:
    rules = ScoringRules.from_profile(NATIONAL)
    pages = ([column_page(n, tags=False) for n in range(6)]
             + [article_page(n, content_source=False) for n in range(6)])
    records = SiteRecords.from_lists(SITE, HOME, [], pages)
    found = list(run_all(records, AuditContext(as_of=AS_OF, profile=NATIONAL),
                         only=["page_tags", "site_identity"]))
    tags = [f for f in found if f.rule.startswith("page_tags.")]
    assert len(tags) == 10
    assert any(f.rule.startswith("identity.meta.") for f in found)  # listed for the department
    result = score(found, rules, "s", HOME)
    line = next(i for i in result.indicators if i.indicator.label == "页面标签")
    assert line.deduction == 1 and line.count == 10
    assert not any(rules.item_for(f, HOME) for f in found if f.rule.startswith("identity.meta."))
