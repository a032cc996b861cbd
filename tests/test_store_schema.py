"""The store's file: govpatrol's own (versioned, migrated) or refused before anything is written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import cli, govpatrol, read_jsonl

from govpatrol.store import SCHEMA_VERSION, Store, StoreError
from govpatrol.store.schema import APPLICATION_ID, TABLES

V1_DUMP = Path(__file__).parent / "data" / "store-v1.sql"
UNREACHABLE = "http://127.0.0.1:9/"  # nothing is fetched: the database is refused first


def pragmas(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as conn:
        return (conn.execute("PRAGMA application_id").fetchone()[0],
                conn.execute("PRAGMA user_version").fetchone()[0])


def columns_of(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def v1_database(path: Path) -> Path:
    """A file as govpatrol wrote it before versioning (tests/data/store-v1.sql, from main)."""
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_DUMP.read_text(encoding="utf-8"))
    return path


def foreign_notes(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('别人的数据')")
    return path


def foreign_pages(path: Path) -> Path:
    """Another program's table that happens to be called `pages`."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE pages (id INTEGER PRIMARY KEY, slug TEXT, body TEXT)")
        conn.execute("INSERT INTO pages (slug, body) VALUES ('home', '首页')")
    return path


def foreign_version(path: Path) -> Path:
    """An empty-looking file another program has claimed through user_version."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 7")
    return path


FOREIGN = [foreign_notes, foreign_pages, foreign_version]


def test_a_new_store_is_versioned_and_holds_every_table(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Store(db).close()
    assert pragmas(db) == (APPLICATION_ID, SCHEMA_VERSION)
    with sqlite3.connect(db) as conn:
        tables = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == set(TABLES)  # the probes table included
    Store(db).close()  # opening it again changes nothing
    assert pragmas(db) == (APPLICATION_ID, SCHEMA_VERSION)


@pytest.mark.parametrize("make", FOREIGN)
def test_another_programs_database_is_refused_and_left_byte_identical(tmp_path: Path,
                                                                     make) -> None:
    db = make(tmp_path / "other.db")
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a govpatrol database"):
        Store(db)
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists()


def test_a_file_that_is_not_sqlite_is_one_error(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("这不是数据库\n" * 200, encoding="utf-8")
    before = db.read_bytes()
    with pytest.raises(StoreError, match="cannot open database"):
        Store(db)
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["patrol", "report"])
def test_the_cli_refuses_a_foreign_database_in_one_line(tmp_path: Path, command: str) -> None:
    db = foreign_notes(tmp_path / "other.db")
    before = db.read_bytes()
    args = ([command, UNREACHABLE] if command == "patrol" else [command]) + [
        "--db", str(db), "--out", str(tmp_path / "out")]
    result = govpatrol(*args, timeout=120)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "不是 govpatrol 的数据库" in lines[0] and "notes" in lines[0]
    assert db.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_a_database_written_before_versioning_is_migrated_in_place(tmp_path: Path) -> None:
    db = v1_database(tmp_path / "old.db")
    with sqlite3.connect(db) as conn:  # older still: a column later versions added
        conn.execute("ALTER TABLE pages DROP COLUMN reused_from")
    assert pragmas(db) == (0, 0)
    assert "probes" not in {name for (name,) in sqlite3.connect(db).execute(
        "SELECT name FROM sqlite_master")}
    store = Store(db)
    assert [run["id"] for run in (store.run(1), store.run(2))] == [1, 2]
    assert len(store.findings(2)) == 6
    assert store.save_probes([{"site": "甲", "url": "http://x/", "kind": "home",
                               "checked_at": "2024-05-06T04:00:00+00:00", "day": "2024-05-06",
                               "ok": 1}]) == 1  # the table a newer version added is there
    store.close()
    assert pragmas(db) == (APPLICATION_ID, SCHEMA_VERSION)
    assert "reused_from" in columns_of(db, "pages")
    assert columns_of(db, "probes") == set(TABLES["probes"]["columns"])


def test_an_old_database_is_still_readable_by_govpatrol_report(tmp_path: Path) -> None:
    db = v1_database(tmp_path / "old.db")
    out = tmp_path / "out"
    result = cli("report", "--db", str(db), "--run", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert pragmas(db) == (APPLICATION_ID, SCHEMA_VERSION)
    findings = read_jsonl(out / "findings.jsonl")
    assert len(findings) == 6
    assert {row["name"] for row in read_jsonl(out / "columns.jsonl")} >= {"工作动态", "通知公告"}
    assert {row["column"] for row in read_jsonl(out / "items.jsonl")} == {"工作动态", "通知公告", "机构概况"}
    assert "已整改" in (out / "report.html").read_text(encoding="utf-8")  # history still works


def test_a_newer_schema_is_refused_not_downgraded(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer govpatrol"):
        Store(db)
    assert pragmas(db) == (APPLICATION_ID, SCHEMA_VERSION + 1)


def test_a_read_only_view_never_creates_or_migrates(tmp_path: Path) -> None:
    db = v1_database(tmp_path / "old.db")
    before = db.read_bytes()
    view = Store(db, readonly=True)
    assert view.latest_done_run("江河市人民政府")["id"] == 2
    view.close()
    assert db.read_bytes() == before
    with pytest.raises(StoreError):
        Store(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()
