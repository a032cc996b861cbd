"""Runs: one row per patrol of a site, with its status, options, statistics and warnings."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from govpatrol.store.base import StoreBase, now


class RunsTable(StoreBase):
    def start_run(self, site: str, url: str, as_of: date, options: dict[str, Any]) -> int:
        with self.conn:
            self.conn.execute("INSERT OR IGNORE INTO sites (name, url, first_seen)"
                              " VALUES (?, ?, ?)", [site, url, now()])
            cursor = self.conn.execute(
                "INSERT INTO runs (site, url, as_of, started, status, options)"
                " VALUES (?, ?, ?, ?, 'running', ?)",
                [site, url, as_of.isoformat(), now(), json.dumps(options, ensure_ascii=False)])
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, stats: dict[str, Any],
                   warnings: list[str]) -> None:
        with self.conn:
            self.conn.execute(
                "UPDATE runs SET finished = ?, status = ?, stats = ?, warnings = ? WHERE id = ?",
                [now(), status, json.dumps(stats, ensure_ascii=False, default=str),
                 json.dumps(warnings, ensure_ascii=False), run_id])

    def reopen_run(self, run_id: int) -> None:
        """A killed run goes on (`--resume`): it is `running` again, its rows kept."""
        with self.conn:
            self.conn.execute("UPDATE runs SET status = 'running' WHERE id = ?", [run_id])

    def run(self, run_id: int | None = None, site: str | None = None) -> dict[str, Any] | None:
        """A run by id, or the newest run (of `site` when given)."""
        if run_id is not None:
            return self._first("SELECT * FROM runs WHERE id = ?", [run_id])
        if site is not None:
            return self._first("SELECT * FROM runs WHERE site = ? ORDER BY id DESC LIMIT 1",
                               [site])
        return self._first("SELECT * FROM runs ORDER BY id DESC LIMIT 1")

    def previous_run(self, run_id: int) -> dict[str, Any] | None:
        """The newest earlier run of the same site that is no longer running."""
        current = self.run(run_id)
        if current is None:
            return None
        return self._first(
            "SELECT * FROM runs WHERE site = ? AND id < ? AND status != 'running'"
            " ORDER BY id DESC LIMIT 1", [current["site"], run_id])

    def latest_done_run(self, site: str, before: int | None = None) -> dict[str, Any] | None:
        """The newest completed run of `site` (before run `before` when given): the nightly
        baseline and the run `govpatrol prep` reads."""
        return self._first(
            "SELECT * FROM runs WHERE site = ? AND status = 'done' AND id < ?"
            " ORDER BY id DESC LIMIT 1", [site, before if before is not None else 2**62])

    def previous_comparable_run(self, run: dict[str, Any]) -> dict[str, Any] | None:
        """The newest earlier complete run with the same site name and start URL (a
        one-column patrol is not compared with a whole-site patrol; an interrupted, failed or
        throttled run, which missed pages, is no baseline)."""
        return self._first(
            "SELECT * FROM runs WHERE site = ? AND url = ? AND id < ? AND status = 'done'"
            " AND json_extract(coalesce(stats, '{}'), '$.incomplete') IS NULL"
            " ORDER BY id DESC LIMIT 1", [run["site"], run["url"], run["id"]])

    def trend_runs(self, run: dict[str, Any], limit: int) -> list[tuple[int, str]]:
        """(id, as_of) of the last `limit` completed comparable runs up to `run` (itself
        included whatever its status), newest first."""
        return self.conn.execute(
            "SELECT id, as_of FROM runs WHERE site = ? AND url = ? AND id <= ?"
            " AND (status = 'done' OR id = ?) ORDER BY id DESC LIMIT ?",
            [run["site"], run["url"], run["id"], run["id"], limit],
        ).fetchall()
