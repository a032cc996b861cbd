"""Scoring under the rules profile (rules.md section 2): numbers for hand-made findings."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.model import Finding
from govpatrol.rules.profile import ProfileError, load_profile
from govpatrol.rules.scoring import (
    UNASSIGNED,
    ScoringRules,
    add_working_days,
    default_scoring,
    format_points,
    score,
    score_by_department,
)


def make(category: str, rule: str = "x.y", severity: str = "minor", department: str | None = "办公室",
         n: int = 0) -> Finding:
    return Finding(site="s", category=category, rule=rule, severity=severity,
                   url=f"http://127.0.0.1/{category}/{n}", message="m", department=department,
                   text=f"t{n}")


def test_the_defaults_are_the_default_profile_section():
    from_file = ScoringRules.from_profile(load_profile())
    assert from_file == ScoringRules.from_mapping({})
    assert from_file == ScoringRules.from_profile(None)
    assert default_scoring() == load_profile("default").raw["scoring"]
    import govpatrol.rules.scoring as module

    assert not hasattr(module, "DEFAULT_SCORING")  # no second copy of the numbers in code


def test_a_user_profile_file_overrides_the_bundled_scoring(tmp_path):
    path = tmp_path / "county.toml"
    path.write_text(
        '[profile]\nname = "county"\nextends = "default"\n'
        "[scoring]\nveto_below = 60\n"
        "[scoring.rectify_days]\nmajor = 3\n"
        "[scoring.items.information_management]\nper_finding = 2\n",
        encoding="utf-8")
    rules = ScoringRules.from_profile(load_profile(path))
    info = next(i for i in rules.items if i.name == "information_management")
    assert (info.per_finding, info.points, info.label) == (2, 20, "信息管理")  # rest: the TOML's
    assert rules.rectify_days["major"] == 3 and rules.rectify_days["minor"] == 10
    assert rules.veto_below == 60
    result = score([make("typo", n=1), make("typo", n=2)], rules, "办公室")
    assert result.score == 96.0  # 2 x 2 instead of 2 x 0.5
    assert score([make("typo", n=i) for i in range(2)],
                 ScoringRules.from_profile(None), "办公室").score == 99.0


def test_deductions_per_item_and_grade():
    rules = ScoringRules.from_mapping({})
    findings = [
        make("typo", n=1), make("typo", n=2), make("sensitive", n=3, severity="major"),
        make("wrong_expression", n=4, severity="major"),           # 信息管理 4 x 0.5 = 2
        make("stale_column", rule="freshness.important_news", severity="major"),
        make("late_publication", rule="freshness.statutory_other", severity="major"),  # 主动公开 2
        make("late_publication", rule="freshness.interpretation", severity="major"),   # 政策解读 1
        make("broken_link"), make("script_mix"),                    # not scored by default
        make("typo", n=9, severity="info"),                         # hints are never scored
    ]
    result = score(findings, rules, "办公室")
    assert [(i.item.label, i.count, i.deduction) for i in result.items] == [
        ("信息管理", 4, 2.0), ("主动公开", 2, 2.0), ("政策解读", 1, 1.0),
    ]
    assert result.deduction == 5.0
    assert result.score == 95.0
    assert result.grade == "优秀"
    assert not result.veto
    assert result.findings == len(findings)


def test_caps_and_grade_boundaries():
    rules = ScoringRules.from_mapping({})
    typos = [make("typo", n=i) for i in range(50)]  # 25 points, capped at 20
    stale = [make("stale_column", n=i, severity="major") for i in range(20)]  # capped at 15
    result = score(typos + stale, rules, "x")
    info = result.item("information_management")
    assert info.raw_deduction == 25.0 and info.deduction == 20.0 and info.capped
    assert result.item("active_disclosure").deduction == 15.0
    assert result.score == 65.0
    assert result.grade == "不合格"
    assert score(typos[:20], rules, "x").score == 90.0  # exactly 90: 优秀
    assert score(typos[:20], rules, "x").grade == "优秀"
    assert score(typos[:21], rules, "x").grade == "合格"  # 89.5
    assert score(typos[:40], rules, "x").grade == "合格"  # 80
    assert score(typos[:40] + stale[:1], rules, "x").grade == "不合格"  # 79


def test_veto_makes_the_grade_whatever_the_score():
    rules = ScoringRules.from_mapping({})
    result = score([make("sensitive", severity="veto")], rules, "宣传科")
    assert result.veto
    assert result.score == 99.5  # a veto sensitive word is still a text error
    assert result.grade == "单项否决"


def test_per_department_with_unassigned_and_known_departments():
    rules = ScoringRules.from_mapping({})
    findings = [make("typo", department="办公室", n=1), make("typo", department=None, n=2),
                make("stale_column", department="财政局", severity="major")]
    scores = score_by_department(findings, rules, ["人事科"])
    assert scores["办公室"].score == 99.5
    assert scores[UNASSIGNED].score == 99.5
    assert scores["财政局"].score == 99.0
    assert scores["人事科"].score == 100.0 and scores["人事科"].findings == 0


def test_profile_overrides_change_weights_and_grades():
    profile = load_profile(overrides={"scoring": {
        "items": {"information_management": {"label": "信息管理", "points": 10,
                                             "per_finding": 1, "categories": ["typo"]},
                  "interpretation": False},
        "veto_below": 95,
        "grades": [{"label": "好", "min": 99}, {"label": "差", "min": 0}],
    }})
    rules = ScoringRules.from_profile(profile)
    assert [i.name for i in rules.items] == ["information_management", "active_disclosure"]
    result = score([make("typo", n=1), make("late_publication",
                                             rule="freshness.interpretation", severity="major")],
                   rules, "x")
    assert result.score == 99.0 and result.grade == "好"
    assert score([make("typo", n=i) for i in range(6)], rules, "x").grade == "单项否决"  # < 95


@pytest.mark.parametrize("section, key", [
    ({"items": {"a": {"label": "A", "points": -1, "per_finding": 1}}}, "scoring.items.a.points"),
    ({"items": {"a": {"label": "A", "points": 1, "per_finding": 1, "colour": 1}}},
     "scoring.items.a.colour"),
    ({"count_severities": ["fatal"]}, "scoring.count_severities"),
    ({"rectify_days": {"major": "five"}}, "scoring.rectify_days.major"),
    ({"bonus": 1}, "scoring.bonus"),
])
def test_bad_sections_name_the_key(section, key):
    with pytest.raises(ProfileError) as info:
        ScoringRules.from_mapping(section, source="my.toml")
    assert info.value.key == key
    assert "my.toml" in str(info.value)


def test_deadlines_count_working_days():
    rules = ScoringRules.from_mapping({})
    friday = date(2024, 5, 17)
    assert add_working_days(friday, 1) == date(2024, 5, 20)  # over the weekend
    assert rules.deadline("major", friday) == date(2024, 5, 24)
    assert add_working_days(date(2024, 5, 10), 1) == date(2024, 5, 11)  # a 调休 Saturday
    # 2024-04-30 (Tue) + 1 working day skips the May Day holiday (May 1-5)
    assert add_working_days(date(2024, 4, 30), 1) == date(2024, 5, 6)
    assert rules.rectify_days == default_scoring()["rectify_days"]


def test_format_points():
    assert format_points(87.5) == "87.5"
    assert format_points(90.0) == "90"
    assert format_points(0.5) == "0.5"
