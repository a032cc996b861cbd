"""Text scans stored ahead of the audit (govpatrol/prescan.py writes, the audit reads).

A row is one page's (or attachment's) hits under one scan key; a key digests everything the
scan depends on (auditors/text/stored.py), so a row is either exactly right or never asked for.
"""

from __future__ import annotations

from collections.abc import Iterable

from govpatrol.store.base import StoreBase


class ScansTable(StoreBase):
    def save_text_scans(self, run_id: int, rows: Iterable[tuple[str, str, str]]) -> None:
        """(url, scan_key, hits JSON) rows, in one transaction; a row already there stays."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR IGNORE INTO text_scans (run_id, url, scan_key, hits)"
                " VALUES (?, ?, ?, ?)", [(run_id, *row) for row in rows])

    def text_scan(self, run_id: int, url: str, scan_key: str) -> str | None:
        """The stored hits of this exact scan of a page, or None."""
        row = self.conn.execute(
            "SELECT hits FROM text_scans WHERE run_id = ? AND url = ? AND scan_key = ?",
            (run_id, url, scan_key)).fetchone()
        return row[0] if row else None

    def scanned_keys(self, run_id: int, urls: Iterable[str]) -> set[tuple[str, str]]:
        """(url, scan_key) of the scans stored for these pages."""
        urls = list(urls)
        found: set[tuple[str, str]] = set()
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(self.conn.execute(
                f"SELECT url, scan_key FROM text_scans WHERE run_id = ? AND url IN ({marks})",
                [run_id, *chunk]))
        return found

    def forget_text_scans(self, run_id: int) -> None:
        """Drop a run's stored scans (a benchmark starting cold; nothing is lost: the audit
        scans a page it finds none for)."""
        with self.conn:
            self.conn.execute("DELETE FROM text_scans WHERE run_id = ?", (run_id,))

    def text_scan_count(self, run_id: int) -> int:
        return self._count("text_scans", run_id)

    def page_texts_stored(self, run_id: int, at_least: int) -> bool:
        """Whether the run holds `at_least` pages with text (counted no further than that)."""
        return self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM pages WHERE run_id = ? AND text IS NOT NULL"
            " AND text != '' LIMIT ?)", (run_id, at_least)).fetchone()[0] >= at_least

    def page_texts_since(self, run_id: int, after: int,
                         limit: int) -> list[tuple[int, str, str, str | None, str | None]]:
        """(rowid, url, text, published, metadata JSON) of the run's pages with text stored
        after row `after`, in row order: what the prescan worker follows during the crawl. A
        page stored again (INSERT OR REPLACE) gets a new row, so it is seen again."""
        return self.conn.execute(
            "SELECT rowid, url, text, published, metadata FROM pages WHERE run_id = ?"
            " AND rowid > ? AND text IS NOT NULL AND text != '' ORDER BY rowid LIMIT ?",
            (run_id, after, limit)).fetchall()

    def unscanned_page_texts(self, run_id: int, before: str | None,
                             limit: int) -> list[tuple[str, str, str | None, str | None]]:
        """(url, text, published, metadata JSON) of the run's pages with text and no stored
        scan, in descending URL order below `before` (None: from the last). The audit reads
        upwards: a worker started beside it meets it in the middle and never scans a page the
        audit is scanning too, however slow the worker is on a loaded machine."""
        return self._unscanned("pages", "url, text, published, metadata", run_id, before, limit)

    def unscanned_attachment_texts(self, run_id: int, before: str | None,
                                   limit: int) -> list[tuple[str, str]]:
        """(url, text) of the run's read attachments with no stored scan, in descending URL
        order below `before` (the audit reads them after the pages, upwards)."""
        return self._unscanned("attachments", "url, text", run_id, before, limit)

    def _unscanned(self, table: str, columns: str, run_id: int, before: str | None,
                   limit: int) -> list[tuple]:
        bound, args = ("AND url < ?", (run_id, before, limit)) if before is not None else (
            "", (run_id, limit))
        return self.conn.execute(
            f"SELECT {columns} FROM {table} t WHERE run_id = ? {bound}"
            " AND text IS NOT NULL AND text != '' AND NOT EXISTS (SELECT 1 FROM text_scans s"
            " WHERE s.run_id = t.run_id AND s.url = t.url) ORDER BY url DESC LIMIT ?",
            args).fetchall()
