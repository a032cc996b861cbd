"""Script files: the site's own external scripts, read once each for a hidden redirect."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from govpatrol.store.base import StoreBase, now


class ScriptFilesTable(StoreBase):
    def script_sources(self, run_id: int) -> Counter[str]:
        """Every external script address of a run's pages, with how many pages load it."""
        counts: Counter[str] = Counter()
        for (scripts,) in self.conn.execute(
                "SELECT scripts FROM pages WHERE run_id = ? AND scripts IS NOT NULL", [run_id]):
            counts.update(json.loads(scripts))
        return counts

    def save_script_files(self, run_id: int, site: str, rows: Iterable[dict[str, Any]]) -> None:
        """Rows of {url, status, evidence, error}: one per script file read (or tried)."""
        stamp = now()
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO script_files (run_id, site, url, status, evidence, error,"
                " fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(run_id, site, r["url"], r.get("status"), r.get("evidence"), r.get("error"),
                  stamp) for r in rows])

    def script_evidence(self, run_id: int) -> dict[str, str]:
        """Script address -> evidence, for the files of a run found hiding a redirect."""
        return dict(self.conn.execute(
            "SELECT url, evidence FROM script_files WHERE run_id = ? AND evidence IS NOT NULL",
            [run_id]))

    def script_file_count(self, run_id: int) -> int:
        return self._count("script_files", run_id)
