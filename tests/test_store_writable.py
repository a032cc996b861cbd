"""`--out` and `--db` are checked writable before crawling: one line, exit 1, nothing left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import govpatrol

from govpatrol.store import StoreError, check_writable

UNREACHABLE = "http://127.0.0.1:9/"  # never requested: the check comes first

#: A folder nobody can create files in, root included (permission bits do not stop root).
READ_ONLY = Path("/proc/self")


def test_writable_places_pass_and_nothing_is_created(tmp_path: Path) -> None:
    check_writable(db=tmp_path / "a" / "b" / "govpatrol.db", out_dir=tmp_path / "out" / "site")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_database_is_not_touched(tmp_path: Path) -> None:
    db = tmp_path / "govpatrol.db"
    db.write_bytes(b"x" * 10)
    check_writable(db=db)
    assert db.read_bytes() == b"x" * 10


@pytest.mark.parametrize("where", ["db", "out_dir"])
def test_a_path_through_a_file_is_not_writable(tmp_path: Path, where: str) -> None:
    blocker = tmp_path / "report.txt"
    blocker.write_text("一个文件", encoding="utf-8")
    with pytest.raises(StoreError, match="not writable") as caught:
        check_writable(**{where: blocker / "sub" / "govpatrol.db"})
    assert "\n" not in str(caught.value) and "report.txt" in str(caught.value)


@pytest.mark.skipif(not READ_ONLY.is_dir(), reason="needs /proc")
def test_a_read_only_folder_is_not_writable_even_for_root() -> None:
    with pytest.raises(StoreError, match="输出目录不可写 \\(output folder not writable\\)"):
        check_writable(out_dir=READ_ONLY / "out")
    with pytest.raises(StoreError, match="数据库不可写 \\(database not writable\\)"):
        check_writable(db=READ_ONLY / "govpatrol.db")


def test_a_folder_given_as_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="database not writable"):
        check_writable(db=tmp_path)


@pytest.mark.parametrize("option", ["--out", "--db"])
def test_patrol_checks_before_crawling(tmp_path: Path, option: str) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    paths = {"--out": tmp_path / "out", "--db": tmp_path / "govpatrol.db"}
    paths[option] = blocker / ("out" if option == "--out" else "govpatrol.db")
    result = govpatrol("patrol", UNREACHABLE, "--out", str(paths["--out"]),
                       "--db", str(paths["--db"]), timeout=120)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not writable" in lines[0], result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]  # no run, no database
