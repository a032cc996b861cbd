"""解读关联: an interpretation links its policy document and the document links back; each
direction missing is one finding (-0.5, the 解读关联 indicator's cap 3 under the national
profile). Pairs come from a link either way or from the document name the title quotes."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors import AuditContext, run_all
from govpatrol.model import Column, Item, Link, Page, SiteRecords
from govpatrol.rules.profile import load_profile
from govpatrol.rules.scoring import ScoringRules, score

SITE = "江河县人民政府"
HOME = "http://www.jhx.gov.cn/"
AS_OF = date(2026, 11, 20)
POLICY_COL = f"{HOME}zwgk/zcwj/index.html"
INTERP_COL = f"{HOME}zwgk/zcjd/index.html"
NAV = [Link(f"{HOME}index.html", "a", "首页"), Link(POLICY_COL, "a", "政策文件"),
       Link(INTERP_COL, "a", "政策解读")]


def policy(n: int, name: str, links: list[Link] = ()) -> Page:
    return Page(site=SITE, url=f"{HOME}zwgk/zcwj/202610/t2026101{n}_{n}.html", status=200,
                kind="detail", title=f"江河县人民政府办公室关于印发《{name}》的通知",
                published=date(2026, 10, 10 + n), column="政策文件",
                metadata={"doc_number": f"江政办发〔2026〕{n}号", "formed": f"2026-10-0{n}"},
                text="各乡镇人民政府，县直各单位：现将……印发给你们，请认真贯彻执行。",
                links=[*NAV, *links])


def interpretation(n: int, title: str, links: list[Link] = ()) -> Page:
    return Page(site=SITE, url=f"{HOME}zwgk/zcjd/202610/t2026101{n}_{50 + n}.html", status=200,
                kind="detail", title=title, published=date(2026, 10, 12 + n), column="政策解读",
                text="一、制定背景……二、主要内容……三、解读机关及联系方式……",
                links=[*NAV, *links])


def columns(pages: list[Page]) -> list[Column]:
    def col(name: str, url: str, part: str) -> Column:
        return Column(site=SITE, name=name, url=url, parent="政府信息公开",
                      items=[Item(p.url, p.title or "", p.published) for p in pages
                             if part in p.url])
    return [col("政策文件", POLICY_COL, "/zcwj/"), col("政策解读", INTERP_COL, "/zcjd/")]


def audit(pages: list[Page], profile: str | None = None) -> list:
    records = SiteRecords.from_lists(SITE, HOME, columns(pages), pages)
    ctx = AuditContext(as_of=AS_OF)
    if profile:
        ctx.profile = load_profile(profile)
    return list(run_all(records, ctx, only=["interpretation_link"]))


def linked_pair(n: int, name: str) -> tuple[Page, Page]:
    p = policy(n, name)
    i = interpretation(n, f"《{name}》政策解读", [Link(p.url, "a", f"《{name}》")])
    p.links.append(Link(i.url, "a", "相关解读"))
    return p, i


def test_pairs_linked_both_ways_raise_nothing() -> None:
    pages = [*linked_pair(1, "江河县农村供水工程管理办法"),
             *linked_pair(2, "江河县城乡居民医疗救助实施细则")]
    assert audit(pages) == []


def test_interpretation_without_a_link_to_its_policy() -> None:
    p, i = linked_pair(1, "江河县农村供水工程管理办法")
    i.links = list(NAV)  # the policy still links its 相关解读
    (finding,) = audit([p, i])
    assert (finding.rule, finding.url, finding.link_url) == (
        "interpretation_link.to_policy", i.url, p.url)
    assert finding.category == "interpretation_link" and finding.column == "政策解读"
    assert "未链接所解读的政策文件“江河县人民政府办公室关于印发《江河县农村供水工程管理办法》的通知”" \
        in finding.message


def test_policy_without_a_link_back() -> None:
    p, i = linked_pair(1, "江河县农村供水工程管理办法")
    p.links = list(NAV)
    (finding,) = audit([p, i])
    assert (finding.rule, finding.url, finding.link_url) == (
        "interpretation_link.to_interpretation", p.url, i.url)
    assert finding.column == "政策文件"
    assert "未链接其政策解读“《江河县农村供水工程管理办法》政策解读”" in finding.message


def test_neither_linked_paired_by_the_quoted_name() -> None:
    p = policy(1, "江河县农村供水工程管理办法")
    i = interpretation(1, "一图读懂《江河县农村供水工程管理办法》")
    assert {f.rule for f in audit([p, i])} == {"interpretation_link.to_policy",
                                               "interpretation_link.to_interpretation"}


def test_unknown_pairs_are_not_judged() -> None:
    """A State Council policy's interpretation (the policy is not on this site) and a title
    quoting a name two local policies share: nothing can be said."""
    state = interpretation(1, "《国务院关于进一步优化营商环境的意见》解读",
                           [Link("https://www.gov.cn/zhengce/content/202610/c_1.htm", "a",
                                 "《国务院关于进一步优化营商环境的意见》")])
    twins = [policy(2, "江河县防汛应急预案"), policy(3, "江河县防汛应急预案")]
    twins[1].url = twins[1].url.replace("_3.html", "_4.html")
    ambiguous = interpretation(4, "《江河县防汛应急预案》解读")
    assert audit([state, *twins, ambiguous]) == []


def test_off_site_copy_cited_by_name_counts_as_linked() -> None:
    """The interpretation links the State Council's copy of a document the county reprinted:
    it cites the policy; only the reprint's missing link back is a finding."""
    p = policy(1, "江河县农村供水工程管理办法")
    i = interpretation(1, "《江河县农村供水工程管理办法》解读",
                       [Link("http://www.shi.gov.cn/zcwj/t1.html", "a",
                             "《江河县农村供水工程管理办法》")])
    assert [f.rule for f in audit([p, i])] == ["interpretation_link.to_interpretation"]


def test_half_a_point_each_cap_three_under_the_national_profile() -> None:
    pages = []
    for n in range(1, 9):
        p = policy(n, f"江河县第{n}项管理办法")
        pages += [p, interpretation(n, f"《江河县第{n}项管理办法》解读")]
    findings = audit(pages, "national")
    assert len(findings) == 16
    rules = ScoringRules.from_profile(load_profile("national"))
    assert score(findings[:3], rules, SITE, HOME).score == pytest.approx(98.5)
    result = score(findings, rules, SITE, HOME)
    assert result.score == 97  # 16 x 0.5 = 8, capped at 3
    assert result.item("interpretation_link").count == 16


def test_switched_off_by_the_profile() -> None:
    p = policy(1, "江河县农村供水工程管理办法")
    i = interpretation(1, "《江河县农村供水工程管理办法》解读")
    records = SiteRecords.from_lists(SITE, HOME, columns([p, i]), [p, i])
    ctx = AuditContext(as_of=AS_OF)
    ctx.profile = load_profile(None, overrides={"interpretation_link": {"enabled": False}})
    assert list(run_all(records, ctx, only=["interpretation_link"])) == []


def test_error_pages_are_not_judged() -> None:
    p = policy(1, "江河县农村供水工程管理办法")
    i = interpretation(1, "《江河县农村供水工程管理办法》解读")
    i.soft_404 = "error_text"
    assert audit([p, i]) == []
