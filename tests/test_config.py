"""sites.toml: a two-line config works; every mistake names the file, the line and the key."""

from pathlib import Path

import pytest

from govpatrol.config import ConfigError, load_config

TWO_LINES = '[[sites]]\nname = "江河市人民政府"\nurl = "https://www.jianghe.gov.cn/"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_two_line_config_patrols_a_site(tmp_path):
    config = load_config(write(tmp_path, TWO_LINES))
    site = config.sites[0]
    assert (site.name, site.url, site.robots, site.columns) == (
        "江河市人民政府", "https://www.jianghe.gov.cn/", True, [])


def test_full_site_config(tmp_path):
    config = load_config(write(tmp_path, TWO_LINES + '''department = "市政府办公室"
exclude = ["/admin/"]

  [[sites.columns]]
  name = "政务要闻"
  url = "https://www.jianghe.gov.cn/xwzx/zwyw/index.html"
  class = "important_news"
  department = "市委宣传部"

  [sites.departments]
  "市财政局" = ["财政预决算", "/zwgk/czyjs/"]
'''))
    site = config.sites[0]
    assert site.columns[0].freshness_class == "important_news"
    assert site.department_for("政务要闻", site.columns[0].url) == "市委宣传部"
    assert site.department_for("财政预决算", None) == "市财政局"
    assert site.department_for("部门预算", "https://www.jianghe.gov.cn/zwgk/czyjs/index.html") == "市财政局"
    assert site.department_for("通知公告", "https://www.jianghe.gov.cn/zwgk/tzgg/") == "市政府办公室"


@pytest.mark.parametrize(
    "extra, line, key",
    [
        ('max_pages = "many"\n', 4, "max_pages"),
        ('exclude = ["(unclosed"]\n', 4, "exclude"),
        ('robots = "no"\n', 4, "robots"),
        ('maxpages = 10\n', 4, "maxpages"),
        ('\n[[sites.columns]]\nname = "要闻"\nurl = "not a url"\n', 7, "url"),
        ('\n[[sites.columns]]\nname = "要闻"\nurl = "http://x.gov.cn/"\nclas = "exempt"\n', 8, "clas"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, extra, line, key):
    path = write(tmp_path, TWO_LINES + extra)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:{line} [{key}]")


def test_second_site_error_points_into_the_second_table(tmp_path):
    path = write(tmp_path, TWO_LINES + '\n[[sites]]\nname = "b"\nurl = "ftp://files.gov.cn/"\n')
    with pytest.raises(ConfigError, match=r"sites.toml:7 \[url\]"):
        load_config(path)


def test_syntax_errors_and_missing_files(tmp_path):
    with pytest.raises(ConfigError, match="line 1"):
        load_config(write(tmp_path, "[[sites]\nname='x'\n"))
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match=r"\[\[sites\]\]"):
        load_config(write(tmp_path, "# nothing here\n"))


# Every site setting is typed: a bad value of any of them names the file, line and key.
SITE_SETTINGS = [
    ("department", "1"), ("issuer", "[1]"), ("profile", "[]"), ("include", '"x"'), ("exclude", "[1]"),
    ("robots", '"no"'), ("hosts", '"a.gov.cn"'), ("columns", "1"), ("departments", "[1]"),
    ("traditional", '"yes"'), ("wordlists", "[1]"), ("whitelist", "1"), ("link_cues", "[2]"), ("rules", "1"),
    ("max_pages", "0"), ("timeout", '"30"'), ("concurrency", "-1"), ("max_list_pages", "1.5"),
    ("link_timeout", '"abc"'), ("link_cache_days", "-1"), ("link_per_host", "0"), ("probe_urls", '["ftp://x/"]'),
    ("wechat", "1"), ("js_auto", "1"), ("allow_addresses", "[1]"), ("prescan", "\"yes\""),
    ("delay", "-0.5"), ("max_rps", "0"), ("max_date_pages", "0"), ("lease_timeout", "0"),
    ("lease_retakes", "-1"),
    ("attachment_text", '"yes"'), ("attachment_max_mb", "0"), ("attachment_max_pages", "0"),
    ("attachment_timeout", "-1"), ("attachment_ocr", '"on"'), ("attachment_ocr_pages", "0"),
    ("cloaking_sample", "-1"), ("external_links", "1"),
    ("script_files", "-1"),
    ("cloaking_sample", "-1"), ("search_probe", '"yes"'), ("host_check", "2"),
    ("resolver", '"no-such-answers.toml"'),
]


def test_the_schema_covers_every_site_setting():
    from govpatrol.config import SiteConfig

    covered = {key for key, _ in SITE_SETTINGS} | {"name", "url"}
    assert covered == {f.alias or name for name, f in SiteConfig.model_fields.items()}


@pytest.mark.parametrize("key, value", SITE_SETTINGS)
def test_a_bad_value_of_any_site_setting_names_file_line_and_key(tmp_path, key, value):
    path = write(tmp_path, TWO_LINES + f'department = "办公室"\n{key} = {value}\n'
                 if key != "department" else TWO_LINES + f"{key} = {value}\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    line = 5 if key != "department" else 4
    message = str(info.value)
    assert message.startswith(f"{path}:{line} [{key}]: "), message
    assert "\n" not in message


def test_typed_values_are_read_as_types(tmp_path):
    config = load_config(write(tmp_path, TWO_LINES + 'link_timeout = 5\nlink_cache_days = 2\n'
                               'js_auto = true\nprobe_urls = ["https://www.jianghe.gov.cn/a/"]\n'
                               'whitelist = "反对台独"\n'))
    site = config.sites[0]
    assert (site.link_timeout, site.link_cache_days, site.js_auto) == (5.0, 2.0, True)
    assert site.probe_urls == ["https://www.jianghe.gov.cn/a/"]
    assert site.whitelist == ["反对台独"]  # one phrase is a list of one


@pytest.mark.parametrize("text, line, key", [
    ('profil = "national"\n' + TWO_LINES, 1, "profil"),
    ('holidays_file = 2026\n' + TWO_LINES, 1, "holidays_file"),
    ('wordlists = "a.tsv"\nwhitelist = [1]\n' + TWO_LINES, 2, "whitelist"),
    ('rules = "strict"\n' + TWO_LINES, 1, "rules"),
])
def test_global_settings_are_typed_too(tmp_path, text, line, key):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:{line} [{key}]"), str(info.value)


def test_a_gbk_config_says_to_save_it_as_utf8(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_bytes(TWO_LINES.encode("gbk"))
    with pytest.raises(ConfigError, match="GBK.*UTF-8"):
        load_config(path)


def test_a_config_without_a_site_for_the_url_says_so(tmp_path):
    config = load_config(write(tmp_path, TWO_LINES + 'hosts = ["jianghe.gov.cn"]\n'))
    assert config.site_matching("http://jianghe.gov.cn/col/1.html").name == "江河市人民政府"
    with pytest.raises(ConfigError, match="www.other.gov.cn") as info:
        config.site_matching("https://www.other.gov.cn/")
    assert "no site in the config matches" in str(info.value)


@pytest.mark.parametrize("rules, line, key", [
    ("\n[sites.rules.typo]\nsite_rare_pages = -1\n", 6, "typo.site_rare_pages"),
    ("\n[sites.rules]\ntypo.site_twin_ratio = 0\n", 6, "typo.site_twin_ratio"),
    ('rules = { freshness = { important_news = { limit_days = "x" } } }\n', 4,
     "freshness.important_news.limit_days"),
    ('\n[[sites]]\nname = "二号站"\nurl = "https://two.gov.cn/"\n\n[rules.scoring]\nbase = -5\n',
     10, "scoring.base"),
])
def test_a_bad_rules_override_is_named_where_sites_toml_sets_it(tmp_path, rules, line, key):
    """A value sites.toml overrides is the user's line, not the bundled profile's."""
    from datetime import date

    from govpatrol.auditors.context import checked_context

    path = write(tmp_path, TWO_LINES + rules)
    config = load_config(path)
    with pytest.raises(ConfigError) as info:
        checked_context(config, config.sites[0], date(2026, 11, 20))
    message = str(info.value)
    assert message.startswith(f"{path}:{line} [rules.{key}]: "), message
    assert "\n" not in message and "default.toml" not in message


def test_a_bad_value_in_the_users_own_profile_names_that_file(tmp_path):
    from datetime import date

    from govpatrol.auditors.context import checked_context
    from govpatrol.rules.profile import ProfileError

    (tmp_path / "mine.toml").write_text('[profile]\nextends = "default"\n\n[typo]\n'
                                        "site_twin_pages = 0\n", encoding="utf-8")
    config = load_config(write(tmp_path, TWO_LINES + 'profile = "mine.toml"\n'))
    with pytest.raises(ProfileError) as info:
        checked_context(config, config.sites[0], date(2026, 11, 20))
    assert "mine.toml" in str(info.value) and "typo.site_twin_pages" in str(info.value)
