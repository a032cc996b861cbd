"""Text scans stored ahead of the audit (govpatrol/prescan.py writes, the audit reads).

A row is one page's (or attachment's) hits under one scan key; a key digests everything the
scan depends on (auditors/text/stored.py), so a row is either exactly right or never asked for.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Iterable

from govpatrol.store.base import BUSY_TIMEOUT_MS, StoreBase

#: Pages the audit looks up per read of the stored scans (one query per WINDOW pages, not
#: one per page), and the rows one read returns at most.
WINDOW = 100
ROWS = 2 * WINDOW


class ScanReader:
    """The audit's view of the stored scans: `reader(url, key)` -> hits JSON or None.

    The audit asks for the pages in URL order (the order Store.iter_pages reads them), so the
    scans of the next pages are read together: one query per WINDOW lookups. The query runs on
    a connection of its own, outside the read transaction the audit's page cursor holds on the
    store's connection: on that one, every lookup saw the store as it was when the audit
    started, so a prescan worker running beside the audit stored scans the audit never saw
    (and scanned again itself). A window is read again after WINDOW lookups, so what the worker
    stored meanwhile is seen; a scan missed is scanned inline: the findings are the same."""

    def __init__(self, connect: Callable[[], sqlite3.Connection | _Borrowed],
                 run_id: int) -> None:
        self._connect = connect
        self._conn: sqlite3.Connection | _Borrowed | None = None
        self.run_id = run_id
        self._rows: dict[tuple[str, str], str] = {}
        self._low: str | None = None  # the first URL the rows cover
        self._high: str | None = None  # the URL the rows stop before (None: none after)
        self._left = 0  # lookups before the window is read again
        self.queries = 0

    def __call__(self, url: str, key: str) -> str | None:
        if (self._left <= 0 or self._low is None or url < self._low
                or (self._high is not None and url >= self._high)):
            self._read(url)
        self._left -= 1
        if self._high is not None and url >= self._high:  # more keys of one URL than ROWS
            return self._one(url, key)
        return self._rows.get((url, key))

    def _db(self) -> sqlite3.Connection | _Borrowed:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _read(self, url: str) -> None:
        self.queries += 1
        rows = self._db().execute(
            "SELECT url, scan_key, hits FROM text_scans WHERE run_id = ? AND url >= ?"
            " ORDER BY url LIMIT ?", (self.run_id, url, ROWS)).fetchall()
        self._rows = {(u, k): hits for u, k, hits in rows}
        self._low = url
        # a full read may have cut the last URL's keys short: it is not covered
        self._high = rows[-1][0] if len(rows) == ROWS else None
        self._left = WINDOW

    def _one(self, url: str, key: str) -> str | None:
        self.queries += 1
        row = self._db().execute(
            "SELECT hits FROM text_scans WHERE run_id = ? AND url = ? AND scan_key = ?",
            (self.run_id, url, key)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class ScansTable(StoreBase):
    def save_text_scans(self, run_id: int, rows: Iterable[tuple[str, str, str]]) -> bool:
        """(url, scan_key, hits JSON) rows, in one transaction; a row already there stays.

        False when another writer held the database past the busy timeout: a stored scan only
        saves the audit work (it scans a page that has none), so the prescan worker goes on
        with its next batch instead of dying (a 50,000-page crawl held it >10 s, twice)."""
        try:
            with self.conn:
                self.conn.executemany(
                    "INSERT OR IGNORE INTO text_scans (run_id, url, scan_key, hits)"
                    " VALUES (?, ?, ?, ?)", [(run_id, *row) for row in rows])
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise
            return False
        return True

    def text_scan(self, run_id: int, url: str, scan_key: str) -> str | None:
        """The stored hits of this exact scan of a page, or None."""
        row = self.conn.execute(
            "SELECT hits FROM text_scans WHERE run_id = ? AND url = ? AND scan_key = ?",
            (run_id, url, scan_key)).fetchone()
        return row[0] if row else None

    def scan_reader(self, run_id: int) -> ScanReader:
        """The stored scans of a run as the audit reads them (ScanReader: a window of pages
        per query, on a read-only connection of its own, closed with the store or when the
        reader is dropped)."""
        reader = ScanReader(self._scan_connection, run_id)
        readers = self.__dict__.setdefault("_scan_readers", weakref.WeakSet())
        readers.add(reader)
        return reader

    def _scan_connection(self) -> sqlite3.Connection | _Borrowed:
        """A second connection to the same file (the store's own one when there is no file to
        open twice: an in-memory store)."""
        if str(self.path) == ":memory:":
            return _Borrowed(self.conn)
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def close(self) -> None:
        for reader in list(self.__dict__.get("_scan_readers", ())):
            reader.close()
        super().close()

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


class _Borrowed:
    """The store's own connection lent to a ScanReader: closing the reader leaves it open."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.execute = conn.execute

    def close(self) -> None:
        pass
