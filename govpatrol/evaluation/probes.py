"""The `probes` table: availability probes `govpatrol watch` records, the veto dashboard reads.

The national inspection monitors a site for a week, at least 20 times a day, and fails it when
5% of the probes get no page within 15 seconds (rules.md 1b). Each probe is one row, in the same
SQLite file as the crawl (WAL, so `watch` can write while a patrol or a report reads). The
table is created here, not in store.py: the crawl never needs it. Days are counted in
Asia/Shanghai, where the evaluators count them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from govpatrol.auditors.veto import ProbeStats, probe_window
from govpatrol.rules.profile import Profile

TABLE = "probes"
CHINA = ZoneInfo("Asia/Shanghai")
_COLUMNS: dict[str, Any] = {
    "id": int, "site": str, "url": str, "kind": str, "checked_at": str, "day": str,
    "status": int, "error": str, "elapsed": float, "ok": int,
}


@dataclass(frozen=True)
class Probe:
    """One request to one page of a site, and whether a page came back in time."""

    site: str
    url: str
    kind: str  # "home", "column" or "extra" (sites.toml probe_urls)
    checked_at: datetime  # timezone-aware
    ok: bool
    status: int | None = None
    error: str | None = None  # timeout, connection_refused, dns, ...
    elapsed: float | None = None  # seconds

    @property
    def day(self) -> date:
        return self.checked_at.astimezone(CHINA).date()

    def row(self) -> dict[str, Any]:
        return {"site": self.site, "url": self.url, "kind": self.kind,
                "checked_at": self.checked_at.astimezone(UTC).isoformat(timespec="seconds"),
                "day": self.day.isoformat(), "status": self.status, "error": self.error,
                "elapsed": None if self.elapsed is None else round(self.elapsed, 3),
                "ok": int(self.ok)}


def ensure_table(db: sqlite_utils.Database) -> None:
    table = db[TABLE]
    if not table.exists():
        table.create(_COLUMNS, pk="id", not_null=None)
        table.create_index(["site", "day"], if_not_exists=True)


class ProbeLog:
    """The probes table of one database file, opened for writing."""

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(path)
        self.db.enable_wal()
        self.db.execute("PRAGMA busy_timeout = 10000")  # a patrol may be writing too
        ensure_table(self.db)

    def record(self, probes: Iterable[Probe]) -> int:
        rows = [p.row() for p in probes]
        if rows:
            with self.db.conn:
                self.db[TABLE].insert_all(rows)
        return len(rows)

    def close(self) -> None:
        self.db.close()


def read_stats(db: sqlite_utils.Database, site: str, start: date, end: date) -> ProbeStats:
    """Probe statistics of `site` for the days start..end (inclusive, Asia/Shanghai)."""
    rows: list[tuple[date, str, bool]] = []
    if db[TABLE].exists():
        try:
            cursor = db.execute(
                f"SELECT day, url, ok FROM {TABLE} WHERE site = ? AND day >= ? AND day <= ?",
                [site, start.isoformat(), end.isoformat()])
            rows = [(date.fromisoformat(day), url, bool(ok)) for day, url, ok in cursor]
        except sqlite3.DatabaseError:
            rows = []
    return ProbeStats.from_probes(rows, start, end)


def probe_stats(db: sqlite_utils.Database, site: str, profile: Profile,
                as_of: date) -> ProbeStats | None:
    """The week of probes the profile's availability line looks at (None: it has none)."""
    window = probe_window(profile, as_of)
    if window is None:
        return None
    return read_stats(db, site, *window)
