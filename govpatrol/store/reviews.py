"""Review decisions: what an office answered about a finding (整改状态 and the rest of the
ledger's fill-in columns), who said it and when.

The table is a log, never updated in place: each import of a ledger (`govpatrol review`) adds
one row per finding whose answer changed, and `--undo` adds a row that puts the finding back to
未整改. The current decision on a finding is its newest row, so every past answer stays on
record with its author. Decisions are keyed by site and the stable finding id, so they apply to
that problem in every later run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from govpatrol.store.base import StoreBase, now

#: The columns a decision carries besides its key, author and time.
DECISION_FIELDS = ("state", "measure", "owner", "done_on", "note")


class ReviewsTable(StoreBase):
    def save_reviews(self, site: str, decisions: Iterable[dict[str, Any]], *, by: str,
                     source: str, run_id: int | None) -> int:
        """Record decisions (dicts with finding_id and DECISION_FIELDS) in one transaction;
        `after_run` is the site's newest run now, so only runs started later re-check them."""
        at = now()
        with self.conn:
            row = self.conn.execute("SELECT max(id) FROM runs WHERE site = ?", [site]).fetchone()
            after_run = row[0] if row and row[0] is not None else 0
            rows = [[site, d["finding_id"], *(d.get(k) for k in DECISION_FIELDS), by, at,
                     source, run_id, after_run] for d in decisions]
            self.conn.executemany(
                "INSERT INTO reviews (site, finding_id, state, measure, owner, done_on, note,"
                " reviewer, reviewed_at, source, run_id, after_run)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def reviews(self, site: str, up_to: int | None = None) -> dict[str, dict[str, Any]]:
        """Finding id -> its current (newest) decision for `site`; with `up_to`, as it was
        when decision `up_to` was the newest (what a ledger written then showed)."""
        return {row["finding_id"]: row for row in self._rows(
            """SELECT r.* FROM reviews r JOIN (
                   SELECT finding_id, max(id) AS newest FROM reviews
                   WHERE site = ? AND id <= ? GROUP BY finding_id) latest
               ON r.id = latest.newest ORDER BY r.id""",
            [site, 2**62 if up_to is None else up_to])}

    def review_log(self, site: str, finding_id: str) -> list[dict[str, Any]]:
        """Every decision on one finding, oldest first: who answered what, when."""
        return self._rows("SELECT * FROM reviews WHERE site = ? AND finding_id = ? ORDER BY id",
                          [site, finding_id])

    def review_sites(self, finding_id: str) -> list[str]:
        """The sites that have a finding with this id in some run (for `review --undo ID`)."""
        return [site for (site,) in self.conn.execute(
            "SELECT DISTINCT site FROM findings WHERE id = ? ORDER BY site", [finding_id])]

    def known_finding_ids(self, site: str) -> set[str]:
        """Every finding id any run of `site` recorded."""
        return {fid for (fid,) in self.conn.execute(
            "SELECT DISTINCT id FROM findings WHERE site = ?", [site])}

    def site_names(self) -> list[str]:
        """Sites with at least one run."""
        return [name for (name,) in self.conn.execute(
            "SELECT DISTINCT site FROM runs ORDER BY site")]

    def finding_urls(self, site: str, ids: Iterable[str]) -> set[str]:
        """The pages the findings `ids` of `site` were found on (in any run)."""
        ordered = sorted(set(ids))
        urls: set[str] = set()
        for at in range(0, len(ordered), 500):
            chunk = ordered[at:at + 500]
            urls.update(url for (url,) in self.conn.execute(
                f"SELECT DISTINCT url FROM findings WHERE site = ? AND id IN"
                f" ({', '.join('?' for _ in chunk)})", [site, *chunk]) if url)
        return urls
