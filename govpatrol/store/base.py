"""Opening a store: check the file is govpatrol's, then WAL, then create or migrate.

The order matters: nothing is written (not even the switch to WAL) before
`schema.stored_version` has read the file and accepted it, so a database of another program
given by mistake to `--db` is left byte-identical. Plain `sqlite3`: the statements are few and
named, and sqlite-utils would import pandas (half a second) into every command that opens a
store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from govpatrol.store.schema import StoreError, ensure_schema, stored_version

#: Milliseconds a writer waits for another (a patrol and `govpatrol watch` share the file).
BUSY_TIMEOUT_MS = 10000


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class StoreBase:
    """The connection of one store file; the table groups (runs, pages, ...) build on it."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        """`readonly`: a second, read-only view (the crawler's view of an earlier run) that
        may be used from another thread; it never creates, migrates or writes."""
        self.path = Path(path)
        self.readonly = readonly
        try:
            if readonly:
                self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                            check_same_thread=False)
            else:
                if not self.path.parent.exists():
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            stored_version(self.conn, self.path)  # refuses a foreign file before any write
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = wal")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                ensure_schema(self.conn, self.path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"无法打开数据库 (cannot open database) {self.path}: {exc}") from exc

    def close(self) -> None:
        self.conn.close()

    def transaction(self) -> AbstractContextManager[object]:
        """One transaction: committed on exit, rolled back on an exception."""
        return self.conn

    def _transaction(self, commit: bool) -> AbstractContextManager[object]:
        """Callers batching records (the crawl's writer thread) commit themselves."""
        return self.conn if commit else nullcontext()

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        cursor = self.conn.execute(sql, args)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _first(self, sql: str, args: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, args)
        return rows[0] if rows else None

    def _count(self, table: str, run_id: int) -> int:
        return int(self.conn.execute(
            f'SELECT count(*) FROM "{table}" WHERE run_id = ?', [run_id]).fetchone()[0])
