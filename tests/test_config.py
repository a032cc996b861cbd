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
