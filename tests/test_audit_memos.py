"""The audit remembers what every page repeats (navigation links, anchors, column names), in
bounded memos: once a memo is full it is forgotten, and the next pages must be judged exactly
as before. Here the bounds are set to 2 so that every memo is forgotten many times over.
"""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors import AuditContext, AuditSettings, run_all
from govpatrol.model import Link, Page, SiteRecords
from govpatrol.rules.profile import load_profile

SITE = "江河县人民政府"
HOME = "http://www.jhx.gov.cn/"
AS_OF = date(2026, 11, 20)
FOOTER = ("主办：江河县人民政府办公室 联系电话：0817-2222222 党政机关\n"
          "政府网站标识码5118000022 川公网安备51180202511865号 蜀ICP备13021309号-1")
ENTRY = Link("https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5118000022", "a", "")
NAV = [Link(f"{HOME}xxgk/{n}/index.html", "a", f"栏目{n}") for n in range(6)]


def article(n: int, links: list[Link]) -> Page:
    return Page(site=SITE, url=f"{HOME}xw/2026/{n:03d}.html", status=200, kind="detail",
                title=f"县政府召开第{n}次常务会议", column="政务要闻", footer=FOOTER,
                text="县政府召开常务会议，研究部署近期重点工作。", links=links)


def pages() -> list[Page]:
    """Articles with the navigation, some with the 找错 entry, a 留言统计 link on the last
    page and external links to gov.cn and an off-list host on some."""
    out = [Page(site=SITE, url=HOME, status=200, kind="home", title=SITE, text="首页",
                footer=FOOTER, links=[*NAV, ENTRY])]
    for n in range(40):
        links = NAV[n % 3:] + NAV[:n % 3]
        if n % 4:
            links = [*links, ENTRY]
        if n % 5 == 0:
            links = [*links, Link(f"http://www.other{n % 3}.com/a.html", "a", "友情链接")]
        if n == 39:
            links = [*links, Link(f"{HOME}hdjl/tj/index.html", "a", "留言办理情况统计")]
        out.append(article(n, links))
    return out


def audit() -> list[dict]:
    records = SiteRecords.from_lists(SITE, HOME, [], pages())
    ctx = AuditContext(as_of=AS_OF, profile=load_profile("national"),
                       settings=AuditSettings(external_deny=("www.other1.com",)))
    return [f.to_dict() for f in run_all(records, ctx, only=[
        "site_identity", "external_link", "interaction", "structure"])]


def test_findings_are_the_same_when_every_memo_is_forgotten_again_and_again(monkeypatch):
    unbounded = audit()
    rules = {f["rule"] for f in unbounded}
    assert "identity.footer.zhaocuo" in rules  # the pages without the entry are named
    [denied] = [f for f in unbounded if f["rule"].startswith("external_link.denied")]
    assert "共 2 处链接" in denied["message"]  # articles 10 and 25 link it
    assert not any(r.startswith("interaction.publication.stats") for r in rules)
    assert {f["url"] for f in unbounded if f["rule"] == "identity.footer.zhaocuo"} >= {
        f"{HOME}xw/2026/000.html"}
    import govpatrol.auditors.external_link as external_link
    import govpatrol.auditors.message_publication as message_publication
    import govpatrol.auditors.site_identity as site_identity
    import govpatrol.auditors.structure as structure

    for module, name in ((site_identity, "_MEMO_MAX"), (external_link, "_MEMO_MAX"),
                         (message_publication, "_PLAIN_MAX"), (structure, "_HUBS_MAX")):
        monkeypatch.setattr(module, name, 2)
    assert audit() == unbounded


@pytest.mark.parametrize("last", [False, True])
def test_the_statistics_link_is_found_wherever_it_is(monkeypatch, last):
    """The 留言统计 link on one page among many repeated anchors: seen with a memo of 2 too."""
    import govpatrol.auditors.message_publication as message_publication

    if last:
        monkeypatch.setattr(message_publication, "_PLAIN_MAX", 2)
    rules = load_profile("national")
    seen = message_publication.StatsSeen(
        message_publication.PublicationRules.from_profile(rules))
    for page in pages():
        seen.page(page)
    assert seen.where == f"{HOME}hdjl/tj/index.html"
