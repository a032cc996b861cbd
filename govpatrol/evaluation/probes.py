"""The `probes` table: availability probes `govpatrol watch` records, the veto dashboard reads.

The national inspection monitors a site for a week, at least 20 times a day, and fails it when
5% of the probes get no page within 15 seconds (rules.md 1b). Each probe is one row, in the same
SQLite file as the crawl (WAL, so `watch` can write while a patrol or a report reads); the
table is part of the store's schema (govpatrol/store/schema.py) and read and written through
`Store`. Days are counted in Asia/Shanghai, where the evaluators count them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from govpatrol.auditors.veto import ProbeStats, probe_window
from govpatrol.rules.profile import Profile
from govpatrol.store import Store

CHINA = ZoneInfo("Asia/Shanghai")


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


class ProbeLog:
    """The probes of one database file, opened for writing (`govpatrol watch`)."""

    def __init__(self, path: str | Path) -> None:
        self.store = Store(path)

    def record(self, probes: Iterable[Probe]) -> int:
        return self.store.save_probes(p.row() for p in probes)

    def close(self) -> None:
        self.store.close()


def read_stats(store: Store, site: str, start: date, end: date) -> ProbeStats:
    """Probe statistics of `site` for the days start..end (inclusive, Asia/Shanghai)."""
    return ProbeStats.from_probes(store.probe_results(site, start, end), start, end)


def probe_stats(store: Store, site: str, profile: Profile,
                as_of: date) -> ProbeStats | None:
    """The week of probes the profile's availability line looks at (None: it has none)."""
    window = probe_window(profile, as_of)
    if window is None:
        return None
    return read_stats(store, site, *window)
