"""The bundled `national` profile: what it adds to default, how a site selects it, its scoring."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govpatrol.auditors import AuditContext
from govpatrol.auditors.context import make_context
from govpatrol.auditors.veto import veto_dashboard
from govpatrol.config import parse_config
from govpatrol.model import Finding, SiteRecords
from govpatrol.rules.profile import ProfileError, load_profile
from govpatrol.rules.scoring import ScoringRules, score


def test_national_extends_default_and_adds_veto_lines() -> None:
    national, default = load_profile("national"), load_profile("default")
    assert national.name == "national"
    assert national.classes == default.classes  # day-to-day freshness rules stay
    veto = national.raw["veto"]
    lines = {k: (v.get("veto"), v.get("warn")) for k, v in veto.items() if isinstance(v, dict)}
    assert lines == {
        "availability": (5.0, 3.0), "home_page": (14, 10), "stale_columns": (5, 3),
        "long_unupdated": (10, 6), "empty_columns": (5, 3), "content": (1, None),
        "interaction": (None, 60), "new_media": (None, 10), "service_use": (None, 3),
    }
    groups = veto["stale_columns"]["groups"]
    assert [(g["max_days"], g.get("first_level_only", False)) for g in groups] == [
        (14, False), (183, True)]
    assert veto["long_unupdated"]["max_days"] == 365
    assert national.raw["interaction"]["unanswered_days"] == 90  # inherited
    assert national.wechat_stale_days == 14
    assert "veto" not in default.raw


def test_site_selects_the_national_profile_in_sites_toml() -> None:
    config = parse_config('[[sites]]\nname = "甲"\nurl = "http://www.a.gov.cn/"\n'
                          'profile = "national"\n\n[[sites]]\nname = "乙"\n'
                          'url = "http://www.b.gov.cn/"\n')
    national = make_context(config, config.sites[0], date(2026, 11, 20))
    default = make_context(config, config.sites[1], date(2026, 11, 20))
    assert national.profile.name == "national"
    assert default.profile.name == "default"


def test_site_rules_override_a_veto_line(tmp_path: Path) -> None:
    config = parse_config('[[sites]]\nname = "甲"\nurl = "http://www.a.gov.cn/"\n'
                          'profile = "national"\n[sites.rules.veto.home_page]\nveto = 7\n')
    ctx = make_context(config, config.sites[0], date(2026, 11, 20))
    assert ctx.profile.raw["veto"]["home_page"]["veto"] == 7
    assert ctx.profile.raw["veto"]["home_page"]["warn"] == 10  # the rest stays


def test_user_file_extending_national(tmp_path: Path) -> None:
    path = tmp_path / "province.toml"
    path.write_text('[profile]\nextends = "national"\n\n[veto.empty_columns]\nwarn = 2\n',
                    encoding="utf-8")
    profile = load_profile(path)
    assert profile.raw["veto"]["empty_columns"] == {
        "label": "空白栏目", "category": "empty_column", "veto": 5, "warn": 2, "compare": ">="}


@pytest.mark.parametrize(("table", "message"), [
    ('[veto.nonsense]\nlabel = "x"\ncategory = "x"\nveto = 1\n', "未知的单项否决指标"),
    ('[veto.home_page]\ncompare = "<"\n', "compare"),
    ('[veto.home_page]\nveto = "两周"\n', "veto.home_page.veto"),
])
def test_bad_veto_tables_name_the_key(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'[profile]\nextends = "national"\n\n{table}', encoding="utf-8")
    profile = load_profile(path)
    records = SiteRecords.from_lists("s", "http://x.gov.cn/", [], [])
    with pytest.raises(ProfileError, match=message):
        veto_dashboard(records, [], AuditContext(as_of=date(2026, 11, 20), profile=profile))


def test_national_scoring_items() -> None:
    """The four areas of the real tables (31/25/23/21), not the old 40/20/20/20 weights."""
    rules = ScoringRules.from_profile(load_profile("national"))
    assert rules.areas == {"发布解读": 31, "办事服务": 25, "互动交流": 23, "功能设计": 21}

    def finding(category: str, rule: str, severity: str = "major", **kw) -> Finding:
        return Finding(site="s", category=category, rule=rule, severity=severity,
                       url=f"http://x/{category}", message="m", **kw)

    result = score([finding("site_identity", "identity.footer.icp", "minor"),
                    finding("stale_column", "freshness.key_areas", column="人事信息"),
                    finding("site_identity", "identity.footer.police", "info"),
                    finding("typo", "typo.confusion")], rules, "甲")
    assert result.score == 100 - 0.5 - 1  # info is never scored, typos are not national items
    assert result.grade == "合格"
    vetoed = score([finding("stale_column", "freshness.key_areas", "veto")], rules, "甲")
    assert vetoed.grade == "单项否决"
    assert vetoed.verdict == "不合格"
