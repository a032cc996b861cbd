"""办事指南: the 10 key elements, the materials' form and copies, catch-all wordings, a basis
named only, and the 服务不实用 estimate, on guide pages as a TRS or Hanweb portal prints them
(a table whose cells become lines of the page text), scored with the national profile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govpatrol.auditors import AuditContext, run_all
from govpatrol.auditors.service_guide import GuideRules, judge
from govpatrol.model import Page, SiteRecords
from govpatrol.rules.profile import ProfileError, load_profile
from govpatrol.rules.scoring import ScoringRules, score

SITE = "江河县人民政府"
HOME = "http://www.jhx.gov.cn/"
SEEDS = Path(__file__).parent / "data" / "seeds"

#: A complete guide, as the crawler reads a 办事指南 table (one cell a line).
GUIDE = """事项名称
个体工商户注册登记
设定依据
《促进个体工商户发展条例》第八条：申请登记为个体工商户，应当向经营场所所在地登记机关申请注册登记。
申请条件
有经营能力的自然人，经营场所符合要求。
申请材料
1.个体工商户注册登记申请书（原件1份，纸质或电子）
2.经营者身份证明（复印件1份，核验原件）
3.经营场所使用证明（复印件1份）
办理地点
江河县政务服务中心一楼市场监管窗口（江滨大道18号）
办理机构
江河县市场监督管理局
收费标准
不收费
办理时间
工作日上午9:00-12:00，下午13:30-17:00（法定节假日除外）
联系电话
0771-5862301
办理流程
申请→受理→审查→决定→领取营业执照"""


def guide_page(n: int, text: str = GUIDE, title: str | None = None,
               column: str = "办事指南") -> Page:
    return Page(site=SITE, url=f"{HOME}zwfw/bszn/t2026110{n}_{n}.html", status=200,
                kind="detail", title=title or f"个体工商户注册登记办事指南（{n}）", text=text,
                column=column, published=date(2026, 11, 1))


def without(text: str, *labels: str) -> str:
    """The guide with the rows of `labels` taken out (the label line and its content line)."""
    lines = text.splitlines()
    out, skip = [], False
    for line in lines:
        if line in labels:
            skip = True
            continue
        if skip and line.startswith(("1.", "2.", "3.")) and "申请材料" in labels:
            continue
        if skip:
            skip = False
            continue
        out.append(line)
    return "\n".join(out)


def audit(pages: list[Page], profile: str | None = None) -> list:
    records = SiteRecords.from_lists(SITE, HOME, [], pages)
    ctx = AuditContext(as_of=date(2026, 11, 20))
    if profile:
        ctx.profile = load_profile(profile)
    return list(run_all(records, ctx, only=["service_guide"]))


def test_a_complete_guide_raises_nothing() -> None:
    assert audit([guide_page(1)]) == []


def test_real_government_text_is_not_a_guide() -> None:
    """The seed documents (政务公开 rules and plans that talk about 办事指南) are no guide."""
    pages = [Page(site=SITE, url=f"{HOME}zwgk/{p.stem}.html", status=200, kind="detail",
                  title=p.stem, text=p.read_text(encoding="utf-8"), column="办事指南")
             for p in sorted(SEEDS.glob("*.txt"))]
    assert audit(pages) == []


@pytest.mark.parametrize(("label", "key"), [
    ("设定依据", "basis"), ("申请条件", "conditions"), ("办理地点", "place"),
    ("办理机构", "agency"), ("收费标准", "fees"), ("办理时间", "hours"),
    ("联系电话", "phone"), ("办理流程", "process")])
def test_each_missing_element(label: str, key: str) -> None:
    findings = audit([guide_page(1, without(GUIDE, label))])
    assert [(f.rule, f.text) for f in findings] == [(f"service_guide.element.{key}", label)]
    assert findings[0].message == f"办事指南“个体工商户注册登记办事指南（1）”缺少要素“{label}”"


def test_an_empty_element_is_missing_and_the_title_names_the_matter() -> None:
    text = GUIDE.replace("不收费", "/").replace("事项名称\n个体工商户注册登记\n", "")
    assert [f.rule for f in audit([guide_page(1, text)])] == ["service_guide.element.fees"]


def test_labels_with_numbering_and_colons() -> None:
    labels = [line for line in GUIDE.splitlines() if len(line) == 4 and "第" not in line]
    assert len(labels) == 10
    numbered = GUIDE
    for n, label in enumerate(labels, 1):
        numbered = numbered.replace(f"{label}\n", f"（{n}）{label}：", 1)
    assert "（10）办理流程：申请" in numbered
    assert audit([guide_page(1, numbered)]) == []


def test_catch_all_wordings() -> None:
    for wording in ("根据有关法律法规规定应提交的其他材料", "其他相关材料",
                    "相关部门要求提供的其他材料"):
        text = GUIDE.replace("3.经营场所使用证明（复印件1份）",
                             f"3.经营场所使用证明（复印件1份）\n4.{wording}")
        (finding,) = audit([guide_page(1, text)])
        assert (finding.rule, finding.text) == ("service_guide.vague", wording)


def test_materials_without_form_or_copies() -> None:
    text = GUIDE.replace("（原件1份，纸质或电子）", "").replace("（复印件1份，核验原件）", "") \
        .replace("（复印件1份）", "")
    (finding,) = audit([guide_page(1, text)])
    assert finding.rule == "service_guide.format"
    assert "份数" in finding.text and "原件" in finding.text
    only_copies = GUIDE.replace("原件1份，纸质或电子", "1份").replace("复印件1份，核验原件", "1份") \
        .replace("复印件1份", "1份")
    (finding,) = audit([guide_page(1, only_copies)])
    assert finding.text.startswith("形式") and "份数" not in finding.text


def test_basis_named_without_articles_is_a_suspicion() -> None:
    text = GUIDE.replace("第八条：申请登记为个体工商户，应当向经营场所所在地登记机关申请注册登记。", "")
    (finding,) = audit([guide_page(1, text)])
    assert finding.rule == "service_guide.basis" and "疑似，需人工核查" in finding.message


def test_guides_are_found_by_name_or_by_many_labels() -> None:
    """A news item mentioning two labels is no guide; a platform page titled by the matter
    with most labels is one."""
    news = guide_page(1, "记者从县政务服务中心获悉，\n办理时间\n延长至晚上八点。\n联系电话\n12345",
                      title="县政务服务中心推出延时服务", column="政务要闻")
    assert audit([news]) == []
    matter = guide_page(2, without(GUIDE, "办理流程"), title="个体工商户注册登记",
                        column="行政许可")
    assert [f.rule for f in audit([matter])] == ["service_guide.element.process"]


def test_unit_and_cap_under_the_national_profile() -> None:
    """0.5 per missing element, 2 per catch-all, 1 per unclear materials; 办事指南 cap 8."""
    rules = ScoringRules.from_profile(load_profile("national"))
    two_missing = audit([guide_page(1, without(GUIDE, "办理时间", "联系电话"))], "national")
    assert score(two_missing, rules, SITE, HOME).score == 99
    vague = audit([guide_page(1, GUIDE + "\n其他相关材料")], "national")
    assert [f.rule for f in vague] == ["service_guide.vague"]
    assert score(vague, rules, SITE, HOME).score == 98
    many = [guide_page(n, without(GUIDE, "办理时间", "联系电话", "收费标准", "办理地点"))
            for n in range(6)]
    findings = audit(many, "national")
    result = score(findings, rules, SITE, HOME)
    assert result.score == 92  # 6 guides x 4 elements x 0.5 = 12, capped at 8


def test_veto_estimate_at_five_poor_guides_is_a_suspicion_not_a_veto() -> None:
    poor = without(GUIDE, "办理时间", "联系电话", "收费标准", "办理地点")
    four = audit([guide_page(n, poor) for n in range(4)] + [guide_page(9)])
    assert "service_guide.veto_estimate" not in {f.rule for f in four}
    five = audit([guide_page(n, poor) for n in range(5)] + [guide_page(9)], "national")
    (estimate,) = [f for f in five if f.rule == "service_guide.veto_estimate"]
    assert estimate.severity == "major" and estimate.url == HOME
    assert estimate.message.startswith("疑似触及单项否决“服务不实用”：5个事项")
    assert "已检查办事指南6个" in estimate.message and "需人工核查" in estimate.message
    rules = ScoringRules.from_profile(load_profile("national"))
    assert not score(five, rules, SITE, HOME).veto


def test_rules_are_profile_data() -> None:
    profile = load_profile(None, overrides={"service_guide": {"vague": ["兜底"]}})
    assert [p.pattern for p in GuideRules.from_profile(profile).vague] == ["兜底"]
    bad = load_profile(None, overrides={"service_guide": {"materials": "forms"}})
    with pytest.raises(ProfileError, match="materials"):
        GuideRules.from_profile(bad)
    assert judge(guide_page(1), GuideRules.from_profile(load_profile(None))).missing == []


def test_error_and_list_pages_are_not_guides() -> None:
    """A soft 404 (the guide was withdrawn, the CMS answers 200 with its error page text) and
    the 办事指南 list page are not judged."""
    soft = guide_page(1, without(GUIDE, "收费标准"))
    soft.soft_404 = "error_text"
    listing = guide_page(2, without(GUIDE, "收费标准"))
    listing.kind = "list"
    assert audit([soft, listing]) == []
