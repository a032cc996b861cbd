"""Findings of each run, and what history (first seen, trend) needs of them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from govpatrol.model import Finding
from govpatrol.store.base import StoreBase
from govpatrol.store.schema import TABLES

#: SQLite caps the number of parameters of one statement.
_CHUNK = 500


def _row(finding: Finding) -> dict:
    """A finding as a row: its list field as JSON text (SQLite has no lists)."""
    row = finding.to_dict()
    if row.get("linked_from") is not None:
        row["linked_from"] = json.dumps(row["linked_from"], ensure_ascii=False)
    return row


#: Columns whose values repeat across a run's findings (the site, a rule, a page's URL, a
#: templated message, a date): one object per distinct value. Each value read from SQLite is
#: a new object otherwise: 30,000 findings read back took 29 MB (50 MB at the peak, every row
#: held as a dict first), 10 MB with the values shared and the rows streamed.
_REPEATED = ("site", "category", "rule", "severity", "url", "message", "column", "department",
             "text", "suggestion", "link_url", "status", "page_url")
_DATES = ("published", "formed", "last_updated")


def _shared_values(row: dict[str, Any], shared: dict[Any, Any]) -> dict[str, Any]:
    for key in _REPEATED:
        value = row.get(key)
        if value is not None:
            row[key] = shared.setdefault(value, value)
    for key in _DATES:
        value = row.get(key)
        if isinstance(value, str):
            day = shared.get(("date", value))
            if day is None:
                day = shared[("date", value)] = date.fromisoformat(value)
            row[key] = day
    return row


class FindingsTable(StoreBase):
    def save_findings(self, run_id: int, findings: Iterable[Finding]) -> int:
        """Replace the findings of a run; returns how many are stored.

        The rows are made one at a time as SQLite takes them: a list of every row beside the
        findings took 35 MB at the peak for 30,000 findings, the stream 2 MB."""
        names = list(TABLES["findings"]["columns"])
        rows = ({"run_id": run_id, **_row(finding)} for finding in findings)
        with self.conn:
            self.conn.execute("DELETE FROM findings WHERE run_id = ?", [run_id])
            self.conn.executemany(
                f"INSERT OR IGNORE INTO findings ({', '.join(f'[{n}]' for n in names)})"
                f" VALUES ({', '.join('?' for _ in names)})",
                ([row.get(n) for n in names] for row in rows))
        return self._count("findings", run_id)

    def findings(self, run_id: int, categories: Iterable[str] | None = None) -> list[Finding]:
        """The findings of a run in the order they were found (only `categories` if given)."""
        where, args = "run_id = ?", [run_id]
        if categories is not None:
            chosen = sorted(set(categories))
            where += f" AND category IN ({', '.join('?' for _ in chosen)})"
            args += chosen
        cursor = self.conn.execute(f"SELECT * FROM findings WHERE {where} ORDER BY rowid", args)
        names = [d[0] for d in cursor.description]
        shared: dict[Any, Any] = {}  # one object per distinct value, for this read
        return [Finding.from_dict(_shared_values(dict(zip(names, row, strict=True)), shared))
                for row in cursor]

    def first_seen(self, site: str, up_to_run: int, ids: Iterable[str]) -> dict[str, date]:
        """Finding id -> as-of day of the earliest run of `site`, up to `up_to_run`, that had it."""
        seen: dict[str, date] = {}
        ordered = sorted(set(ids))
        for at in range(0, len(ordered), _CHUNK):
            chunk = ordered[at:at + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for fid, as_of in self.conn.execute(
                f"""SELECT findings.id, min(runs.as_of) FROM findings
                    JOIN runs ON runs.id = findings.run_id
                    WHERE runs.site = ? AND runs.id <= ? AND findings.id IN ({marks})
                    GROUP BY findings.id""", [site, up_to_run, *chunk],
            ):
                seen[fid] = date.fromisoformat(as_of)
        return seen

    def finding_counts(self, run_ids: Iterable[int], only: Iterable[str] | None = None
                       ) -> list[tuple[int, str, str, int]]:
        """(run_id, category, severity, count) for each of `run_ids`; with `only`, counting
        only the findings with those ids."""
        ids = sorted(set(run_ids))
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        if only is None:
            return self.conn.execute(
                f"SELECT run_id, category, severity, count(*) FROM findings"
                f" WHERE run_id IN ({marks}) GROUP BY run_id, category, severity", ids,
            ).fetchall()
        totals: dict[tuple[int, str, str], int] = {}
        chosen = sorted(set(only))
        for at in range(0, len(chosen), _CHUNK):
            chunk = chosen[at:at + _CHUNK]
            for rid, category, severity, n in self.conn.execute(
                f"SELECT run_id, category, severity, count(*) FROM findings"
                f" WHERE run_id IN ({marks}) AND id IN ({', '.join('?' for _ in chunk)})"
                " GROUP BY run_id, category, severity", [*ids, *chunk],
            ):
                totals[(rid, category, severity)] = totals.get((rid, category, severity), 0) + n
        return [(*key, n) for key, n in totals.items()]

    def counts(self, run_id: int) -> dict[str, int]:
        """Rows of a run per table: columns, items, pages, links, findings."""
        return {
            name: self._count(name, run_id)
            for name in ("columns", "items", "pages", "links", "findings")
        }
