"""The command line's shape: lazy commands, one-line errors with exit 1, one error base class."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from govpatrol.cli import main
from govpatrol.commands import COMMANDS
from govpatrol.errors import GovpatrolError

HEAVY = ("scrapy", "twisted", "pandas", "numpy", "aiohttp", "playwright", "sqlite_utils")


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def imported_by(*args: str, input: bytes = b"") -> set[str]:
    """Top-level packages a fresh `python -m govpatrol ARGS` imports (python -X importtime)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "govpatrol", *args],
                            input=input, capture_output=True, timeout=120)
    return {line.rsplit("|", 1)[-1].strip().split(".")[0]
            for line in result.stderr.decode().splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args, stdin", [
    (("--help",), b""),
    (("check-text", "-", "--as-of", "2026-01-01"), "各部门要认真做好布署工作。".encode()),
])
def test_help_and_check_text_import_nothing_heavy(args, stdin):
    loaded = imported_by(*args, input=stdin)
    assert "govpatrol" in loaded and "click" in loaded  # the measurement saw the imports
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_every_command_is_listed_and_loads():
    result = invoke("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
        assert invoke(name, "--help").exit_code == 0


@pytest.mark.parametrize("args, needle", [
    (("patrol", "http://www.example.gov.cn/", "--as-of", "2026-13-45"), "--as-of"),
    (("patrol", "http://www.example.gov.cn/", "--max-pages", "0"), "--max-pages"),
    (("column", "http://www.example.gov.cn/", "--concurrency", "many"), "--concurrency"),
    (("nightly", "--keep", "0", "--config", "x.toml"), "--keep"),
    (("report", "--no-such-option"), "--no-such-option"),
    (("no-such-command",), "no-such-command"),
])
def test_usage_errors_are_one_chinese_english_line_and_exit_1(args, needle):
    result = invoke(*args)
    assert result.exit_code == 1, result.output
    line = result.output.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("错误 (error): 命令行参数有误 (usage error)") and needle in line


def test_no_arguments_shows_the_help():
    result = invoke()
    assert result.exit_code == 0 and "check-text" in result.output


def test_user_errors_share_one_base_class_and_keep_their_homes():
    from govpatrol.auditors.text import WordlistError
    from govpatrol.check_text import InputError
    from govpatrol.config import ConfigError
    from govpatrol.nightly import NightlyLocked
    from govpatrol.rules.calendar import HolidayFileError
    from govpatrol.rules.profile import ProfileError
    from govpatrol.run import RunError
    from govpatrol.store import StoreError

    for error in (ConfigError, StoreError, ProfileError, HolidayFileError, WordlistError,
                  InputError, RunError, NightlyLocked):
        assert issubclass(error, GovpatrolError), error
    assert issubclass(ProfileError, ValueError)  # callers that caught ValueError still do


def test_a_user_error_is_one_line_without_traceback(tmp_path):
    result = invoke("report", "--db", str(tmp_path / "missing.db"))
    assert result.exit_code == 1
    assert result.output.strip() == f"错误 (error): 数据库不存在 (database not found): {tmp_path / 'missing.db'}"


def test_no_import_cycle_between_cli_and_evaluation():
    import ast
    from pathlib import Path

    import govpatrol.evaluation

    folder = Path(govpatrol.evaluation.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("govpatrol.cli", "govpatrol.commands")), path


def test_a_bad_site_setting_stops_the_patrol_before_any_run(tmp_path):
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "x"\nurl = "http://127.0.0.1:9/"\n\n\n\nlink_timeout = "abc"\n',
                      encoding="utf-8")
    db = tmp_path / "g.db"
    result = invoke("patrol", "http://127.0.0.1:9/", "--config", str(config), "--db", str(db))
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"错误 (error): {config}:7 [link_timeout]: ")
    assert "\n" not in result.output.strip()
    assert not db.exists()  # no run was started, so none is left `running`


def test_a_gbk_config_and_an_unmatched_url_are_one_line_each(tmp_path):
    config = tmp_path / "sites.toml"
    config.write_bytes('[[sites]]\nname = "江河市"\nurl = "http://127.0.0.1:9/"\n'.encode("gbk"))
    result = invoke("column", "http://127.0.0.1:9/col/", "--config", str(config))
    assert result.exit_code == 1 and "save it as UTF-8" in result.output
    config.write_text('[[sites]]\nname = "江河市"\nurl = "http://127.0.0.1:9/"\n', encoding="utf-8")
    result = invoke("patrol", "http://www.other.gov.cn/", "--config", str(config),
                    "--db", str(tmp_path / "g.db"))
    assert result.exit_code == 1
    assert "www.other.gov.cn" in result.output and "no site in the config" in result.output
    assert len(result.output.strip().splitlines()) == 1
