"""Attachments: the text the link checker read from each attachment, and who links it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from govpatrol.model import Attachment
from govpatrol.store.base import StoreBase, now

_FIELDS = ("url", "text", "state", "detail", "pages", "content_hash")


class AttachmentsTable(StoreBase):
    def save_attachments(self, run_id: int, site: str, rows: Iterable[dict[str, Any]]) -> None:
        """Rows of {url, text, state, detail, pages, content_hash} (one per attachment URL)."""
        stamp = now()
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO attachments (run_id, site, url, text, state, detail,"
                " pages, content_hash, extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, site, *(r.get(name) for name in _FIELDS),
                  r.get("extracted_at") or stamp) for r in rows])

    def latest_attachment(self, site: str, url: str,
                          before_run: int | None = None) -> dict[str, Any] | None:
        """The newest stored reading of an attachment (a cached link check reuses it)."""
        return self._first(
            "SELECT url, text, state, detail, pages, content_hash, extracted_at FROM attachments"
            " WHERE site = ? AND url = ? AND run_id < ? ORDER BY run_id DESC LIMIT 1",
            [site, url, before_run if before_run is not None else 2**62])

    def iter_attachments(self, run_id: int) -> Iterator[Attachment]:
        """A run's attachments in URL order, each with the page linking it (its link text and
        that page's column and department): an article before a list or the home page (the
        file belongs to the article), a link text someone wrote (江政办发〔2026〕18号.pdf)
        before the bare file name a directory listing shows, then the first in URL order;
        never simply the first page stored, which depends on the order responses arrived in."""
        rows = self.conn.execute(
            "SELECT a.site, a.url, a.text, a.state, a.detail, a.pages, l.page_url, l.anchor,"
            " c.name, c.department FROM attachments a"
            " LEFT JOIN links l ON l.rowid = (SELECT k.rowid FROM links k LEFT JOIN pages q"
            "   ON q.run_id = k.run_id AND q.url = k.page_url WHERE k.run_id = a.run_id"
            "   AND k.url = a.url ORDER BY CASE q.kind WHEN 'detail' THEN 0 WHEN 'page' THEN 1"
            "   ELSE 2 END, k.anchor = '' OR substr(k.url, -length(k.anchor)) = k.anchor,"
            "   k.page_url, k.rowid LIMIT 1)"
            " LEFT JOIN pages p ON p.run_id = a.run_id AND p.url = l.page_url"
            " LEFT JOIN columns c ON c.run_id = a.run_id AND c.url = p.column_url"
            " WHERE a.run_id = ? ORDER BY a.url", [run_id])
        for (site, url, text, state, detail, pages, page_url, anchor, column,
             department) in rows:
            yield Attachment(site=site, url=url, text=text or "", state=state or "ok",
                             detail=detail or "", pages=pages, page_url=page_url,
                             anchor=anchor or "", column=column, department=department)

    def attachment_count(self, run_id: int) -> int:
        return self._count("attachments", run_id)
