"""The national profile's scoring, rule by rule, from the tables of national-indicators.md:
each rule's unit, its indicator's cap, no double counting, the home / other page split, the
veto items read from findings, and the rules a person must check listed, never guessed."""

from __future__ import annotations

from collections import defaultdict

import pytest

from govpatrol.model import Finding
from govpatrol.rules.profile import load_profile
from govpatrol.rules.scoring import ScoringRules, rule_lines, score

HOME = "http://www.x.gov.cn/"


@pytest.fixture(scope="module")
def rules() -> ScoringRules:
    return ScoringRules.from_profile(load_profile("national"))


def make(category: str, rule: str, n: int = 0, severity: str = "major", url: str = "",
         **kw) -> Finding:
    kw.setdefault("text", f"t{n}")
    return Finding(site="s", category=category, rule=rule, severity=severity,
                   url=url or f"{HOME}page{n}.html", message="m", **kw)


def test_tables_add_up(rules: ScoringRules) -> None:
    """31 + 25 + 23 + 21 = 100; the caps of each area's indicators add up to its points; the
    bonus table is 30 points, for sites above 80; below 60 fails."""
    caps: dict[str, float] = defaultdict(float)
    for indicator in rules.indicators.values():
        caps[indicator.area] += indicator.cap
    assert dict(caps) == rules.areas == {"发布解读": 31, "办事服务": 25, "互动交流": 23,
                                         "功能设计": 21}
    assert sum(rules.areas.values()) == rules.base == 100
    assert sum(b.cap for b in rules.bonus) == rules.bonus_cap == 30
    assert rules.bonus_above == 80
    assert rules.grade(60, False) == "合格" and rules.grade(59.9, False) == "不合格"
    caps_by_label = {i.label: i.cap for i in rules.indicators.values()}
    assert caps_by_label["可用性"] == 1 and caps_by_label["网站标识"] == 3
    assert caps_by_label["我为政府网站找错"] == 4 and caps_by_label["其他栏目"] == 4


def test_broken_links_cost_at_most_one_point(rules: ScoringRules) -> None:
    """可用性: 0.2 per broken link on the home page, 0.1 elsewhere, cap 1 however many."""
    home = [make("broken_link", "links.page", i, url=HOME) for i in range(2)]
    other = [make("broken_link", "links.image", i) for i in range(3)]
    result = score(home + other, rules, "s", HOME)
    assert result.score == pytest.approx(100 - 0.4 - 0.3)
    many = [make("broken_link", "links.page", i) for i in range(40)]
    assert score(many, rules, "s", HOME).score == 99
    line = next(x for x in rule_lines(score(many, rules, "s", HOME), rules)
                if x.indicator == "可用性")
    assert (line.count, line.points, line.cap, line.unit) == (40, 1, 1, "个")
    assert line.unit_text == "首页每个扣0.2分，其他每个扣0.1分"


def test_footer_identity_half_a_point_each_cap_three(rules: ScoringRules) -> None:
    keys = ["site_code", "icp", "police", "emblem", "sponsor", "contact", "x", "y"]
    found = [make("site_identity", f"identity.footer.{k}", severity="minor") for k in keys]
    assert score(found[:4], rules, "s", HOME).score == 98
    assert score(found, rules, "s", HOME).score == 97  # 8 x 0.5 = 4, capped at 3


def test_report_errors_entry_home_and_other_pages(rules: ScoringRules) -> None:
    """我为政府网站找错: -1 at the home page bottom; -0.2 per other page, at most 1."""
    home = make("site_identity", "identity.footer.zhaocuo", url=HOME)
    others = [make("site_identity", "identity.footer.zhaocuo", i) for i in range(8)]
    assert score([home], rules, "s", HOME).score == 99
    assert score(others[:3], rules, "s", HOME).score == pytest.approx(99.4)
    assert score([home, *others], rules, "s", HOME).score == 98  # 1 + min(1.6, 1)
    # and it is not deducted again under 网站标识
    result = score([home], rules, "s", HOME)
    assert result.item("identity").count == 0


def test_columns_counted_once(rules: ScoringRules) -> None:
    """A 要闻 column not updated in 2 weeks (column_age.news) costs 5 under 动态要闻; past
    freshness' 2 working days only, it costs nothing, here or under 其他栏目; other columns
    cost 1 each (stale) or 2 (empty) within 4 together."""
    news = make("stale_column", "column_age.news", 1, column="政务要闻")
    daily = make("stale_column", "freshness.important_news", 1, column="政务要闻")
    result = score([news, daily], rules, "s", HOME)
    assert result.score == 95
    assert result.item("news_stale").count == 1 and result.item("other_stale").count == 0
    assert score([daily], rules, "s", HOME).score == 100
    two_news = [news, make("stale_column", "column_age.news", 2, column="部门动态")]
    assert score(two_news, rules, "s", HOME).score == 95  # the indicator's cap
    other = [make("stale_column", "freshness.key_areas", i, column=f"栏目{i}") for i in range(2)]
    empty = [make("empty_column", "freshness.empty", 10 + i, column=f"空{i}") for i in range(2)]
    assert score(other, rules, "s", HOME).score == 98
    assert score(other + empty, rules, "s", HOME).score == 96  # 2 + 4 = 6, capped at 4
    policy = make("stale_column", "column_age.policy", 3, column="政策文件")
    interpretation = make("stale_column", "column_age.interpretation", 4, column="政策解读")
    late = [make("stale_column", "freshness.key_areas", 5 + i, column=c)
            for i, c in enumerate(("政策文件", "政策解读"))]
    assert score([policy, interpretation, *late], rules, "s", HOME).score == 90
    assert score(late, rules, "s", HOME).score == 100


def test_veto_items_are_not_deducted_again(rules: ScoringRules) -> None:
    """The dashboard's own findings (veto.*) fail the site; they cost no points on top."""
    line = make("stale_column", "veto.stale_columns", severity="veto", column="政务要闻")
    result = score([line], rules, "s", HOME)
    assert result.deduction == 0 and result.veto and result.verdict == "不合格"


def test_typos_are_not_a_national_deduction(rules: ScoringRules) -> None:
    typos = [make("typo", "typo.confusion", i) for i in range(30)]
    assert score(typos, rules, "s", HOME).score == 100


@pytest.mark.parametrize(("category", "rule", "severity"), [
    ("wrong_expression", "expression.banned_usage", "major"),  # 台湾政府
    ("sensitive", "sensitive.gambling", "major"),  # gambling content or hidden links
    ("sensitive", "sensitive.reactionary", "veto"),
    ("sensitive", "sensitive.pornography", "veto"),
    ("privacy", "privacy.id_number", "major"),  # leaked personal data, once it lands
    ("cloaking", "cloaking.spider", "major"),  # tampered pages
    ("hidden_link", "hidden_link.display_none", "major"),  # hidden spam links
])
def test_security_incidents_veto_the_site(rules: ScoringRules, category: str, rule: str,
                                          severity: str) -> None:
    result = score([make(category, rule, severity=severity)], rules, "s", HOME)
    assert result.veto and result.grade == "单项否决" and result.verdict == "不合格"


def test_minor_banned_usage_and_outdated_names_do_not_veto(rules: ScoringRules) -> None:
    """大陆与香港 (a minor banned usage) and 国家卫生计生委 (an outdated name) are not
    安全、泄密事故."""
    minor = make("wrong_expression", "expression.banned_usage", severity="minor")
    outdated = make("wrong_expression", "expression.outdated_institution")
    assert not score([minor, outdated], rules, "s", HOME).veto


def test_the_default_profile_maps_the_same_vetoes() -> None:
    """The demo patrols under the default profile: 台湾政府 and gambling fail it there too."""
    rules = ScoringRules.from_profile(None)
    found = [make("wrong_expression", "expression.banned_usage"),
             make("sensitive", "sensitive.gambling", 1)]
    result = score(found, rules, "s")
    assert len(result.vetoes) == 2 and result.verdict == "不合格"


def test_every_rule_says_how_sure_it_is(rules: ScoringRules) -> None:
    """M computed; P 「疑似，需人工核查」 with the evidence; H 「需人工核查」 with nothing
    deducted; an M rule no auditor checks yet says so."""
    lines = {x.rule: x for x in rule_lines(score([], rules, "s", HOME), rules)}
    assert lines["无法注册或在线申请"].note == "需人工核查"
    assert lines["模拟咨询未答复或答非所问"].note == "需人工核查"
    assert lines["不可用链接、图片、附件（首页每个0.2分，其他页面每个0.1分）"].note == "机器检查"
    assert lines["概况信息缺失或过时"].note == "本工具尚未检查，需人工核查"
    assert lines["设定依据只列名称无内容"].note == "疑似，需人工核查"
    h_rules = [item for item in rules.items if item.method == "H"]
    assert h_rules and all(not item.checked for item in h_rules)
    basis = make("service_guide", "service_guide.basis.name_only", text="依据《某某条例》")
    line = next(x for x in rule_lines(score([basis], rules, "s", HOME), rules)
                if x.rule == "设定依据只列名称无内容")
    assert (line.count, line.points, line.note) == (1, 0.5, "疑似，需人工核查")
    assert line.evidence == ("依据《某某条例》",)
