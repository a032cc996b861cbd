"""Rules profiles: the default values from rules.md, overrides, user files, clear errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govpatrol.rules.profile import PROFILES_DIR, ProfileError, load_profile

DEFAULT_TEXT = (PROFILES_DIR / "default.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_profile_has_the_limits_of_rules_md() -> None:
    profile = load_profile()
    assert profile.name == "default"
    assert list(profile.classes) == [
        "exempt",
        "important_news",
        "enforcement",
        "key_areas",
        "statutory_other",
    ]
    assert {n: c.limit_days for n, c in profile.classes.items()} == {
        "exempt": None,
        "important_news": 2,
        "enforcement": 7,
        "key_areas": 10,
        "statutory_other": 20,
    }
    assert profile.default_class == "statutory_other"
    assert profile.interpretation_limit == 5
    assert profile.news_release_limit == 3
    assert profile.wechat_stale_days == 14
    assert profile.limits["message_reply_limit"] == 5
    assert profile.severity["stale_column"] == "major"
    assert profile.severity["wechat"] == "veto"
    assert profile.holidays_file is None
    assert "政务要闻" in profile.classes["important_news"].keywords
    assert profile.classes["important_news"].formed_from_lead
    assert not profile.classes["statutory_other"].formed_from_lead


def test_load_by_name_equals_load_by_path() -> None:
    assert load_profile("default").classes == load_profile(PROFILES_DIR / "default.toml").classes


def test_overrides_change_a_limit_and_keep_the_rest() -> None:
    profile = load_profile(overrides={"freshness": {"important_news": {"limit_days": 3}}})
    assert profile.limit("important_news") == 3
    assert profile.limit("enforcement") == 7
    assert "要闻" in profile.classes["important_news"].keywords
    assert load_profile().limit("important_news") == 2  # the bundled file is untouched


def test_override_none_lifts_a_limit_and_lists_replace() -> None:
    profile = load_profile(
        overrides={
            "freshness": {"statutory_other": {"limit_days": None}},
            "wechat": {"stale_days": 7},
            "interpretation": {"keywords": ["解读"]},
        }
    )
    assert profile.limit("statutory_other") is None
    assert profile.wechat_stale_days == 7
    assert profile.interpretation_keywords == ("解读",)


def test_user_file_extending_default(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[profile]\nextends = "default"\n\n[freshness.key_areas]\nlimit_days = 5\n'
        "[wechat]\nstale_days = 10\n",
        "city.toml",
    )
    profile = load_profile(str(path))
    assert profile.name == "city"
    assert profile.limit("key_areas") == 5
    assert profile.limit("important_news") == 2
    assert profile.wechat_stale_days == 10


def test_holidays_file_relative_to_the_profile(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    write(tmp_path / "conf", '[2027]\nholidays = ["2027-01-01"]\n', "holidays.toml")
    path = write(
        tmp_path / "conf",
        'holidays_file = "holidays.toml"\n[profile]\nextends = "default"\n',
        "mine.toml",
    )
    profile = load_profile(path)
    assert profile.holidays_file == tmp_path / "conf" / "holidays.toml"
    calendar = profile.calendar(warn=pytest.fail)  # no "no data" warning for 2027
    assert not calendar.is_workday(date(2027, 1, 1))


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("limit_days = 2\n", 'limit_days = "two"\n', "freshness.important_news.limit_days"),
        ("limit_days = 7\n", "limt_days = 7\n", "freshness.enforcement.limt_days"),
        ("limit_days = 10\n", "limit_days = -1\n", "freshness.key_areas.limit_days"),
        ('"key_areas", "statutory_other"]', '"key_area", "statutory_other"]', "freshness.order"),
        ('default_class = "statutory_other"', 'default_class = "other"', "freshness.default_class"),
        ('wechat = "veto"', 'wechat = "fatal"', "severity.wechat"),
        ("stale_days = 14", "stale_days = 14.5", "wechat.stale_days"),
        ("\n[severity]\n", "\n[severities]\n", "severity"),
    ],
)
def test_bad_profile_names_file_and_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    assert old in DEFAULT_TEXT
    path = write(tmp_path, DEFAULT_TEXT.replace(old, new, 1))
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.key == key
    assert str(path) in str(info.value)
    assert "有误" in str(info.value)


def test_toml_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "[freshness\nlimit_days = 2\n")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert "TOML" in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_and_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="not found"):
        load_profile(tmp_path / "nope.toml")
    with pytest.raises(ProfileError, match="default"):  # lists the bundled names
        load_profile("shanghai")


def test_bad_override_is_reported_as_override() -> None:
    with pytest.raises(ProfileError) as info:
        load_profile(overrides={"freshness": {"important_news": {"limit_days": "3"}}})
    assert info.value.key == "freshness.important_news.limit_days"
    assert "overrides" in str(info.value)


def test_bad_holidays_file_is_a_profile_error(tmp_path: Path) -> None:
    write(tmp_path, '[2027]\nholidays = ["2028-01-01"]\n', "h.toml")
    path = write(tmp_path, 'holidays_file = "h.toml"\n[profile]\nextends = "default"\n')
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.key == "holidays_file"
    assert "2027.holidays" in str(info.value)


def test_missing_holidays_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'holidays_file = "gone.toml"\n[profile]\nextends = "default"\n')
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.key == "holidays_file"


def test_holidays_file_belongs_at_the_top_level(tmp_path: Path) -> None:
    path = write(tmp_path, '[profile]\nextends = "default"\nholidays_file = "h.toml"\n')
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.key == "profile.holidays_file"


def test_extends_cycle(tmp_path: Path) -> None:
    write(tmp_path, '[profile]\nextends = "b.toml"\n', "a.toml")
    write(tmp_path, '[profile]\nextends = "a.toml"\n', "b.toml")
    with pytest.raises(ProfileError, match="cycle"):
        load_profile(tmp_path / "a.toml")
