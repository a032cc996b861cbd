"""Availability probes (`govpatrol watch`), in the same file as the crawl.

WAL and the busy timeout let `watch` write while a patrol writes or a report reads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

from govpatrol.store.base import StoreBase
from govpatrol.store.schema import TABLES, StoreError


class ProbesTable(StoreBase):
    def save_probes(self, rows: Iterable[dict[str, Any]]) -> int:
        """Probe rows (site, url, kind, checked_at, day, status, error, elapsed, ok)."""
        names = [n for n in TABLES["probes"]["columns"] if n != "id"]
        values = [[row.get(n) for n in names] for row in rows]
        try:
            with self.conn:
                self.conn.executemany(
                    f"INSERT INTO probes ({', '.join(names)})"
                    f" VALUES ({', '.join('?' for _ in names)})", values)
        except sqlite3.DatabaseError as exc:  # locked past the busy timeout, disk full...
            raise StoreError(f"无法写入数据库 (cannot write database) {self.path}: {exc}") from exc
        return len(values)

    def probe_results(self, site: str, start: date, end: date) -> list[tuple[date, str, bool]]:
        """(day, url, ok) of the probes of `site` on days start..end (inclusive)."""
        return [(date.fromisoformat(day), url, bool(ok)) for day, url, ok in self.conn.execute(
            "SELECT day, url, ok FROM probes WHERE site = ? AND day >= ? AND day <= ?",
            [site, start.isoformat(), end.isoformat()])]
