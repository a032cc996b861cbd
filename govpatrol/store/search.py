"""The site-search probe: the titles it asks for, and what each step came to."""

from __future__ import annotations

from collections.abc import Iterable

from govpatrol.model import NOT_ARTICLE_KINDS, SearchProbe
from govpatrol.store.base import StoreBase, now

_FIELDS = ("state", "title", "item_url", "request_url", "status", "error", "detail")


class SearchTable(StoreBase):
    def recent_titles(self, run_id: int, count: int, min_chars: int = 6) -> list[tuple[str, str]]:
        """(title, URL) of the `count` most recently published items of the run, newest first
        (ties by URL: the same run always asks the same titles). The article page's own title
        is preferred to the list's (lists cut long titles short); titles shorter than
        `min_chars` are skipped (「通知」 finds everything and proves nothing)."""
        kinds = sorted(NOT_ARTICLE_KINDS)
        rows = self.conn.execute(
            "SELECT items.url, coalesce(nullif(trim(pages.title), ''), items.title) AS title,"
            " coalesce(pages.published, items.list_date) AS day FROM items"
            " LEFT JOIN pages ON pages.run_id = items.run_id AND pages.url = items.url"
            " WHERE items.run_id = ? AND day IS NOT NULL"
            f" AND coalesce(pages.kind, 'detail') NOT IN ({', '.join('?' for _ in kinds)})"
            " AND (pages.url IS NULL OR (pages.error IS NULL AND pages.status = 200))"
            " ORDER BY day DESC, items.url", [run_id, *kinds])
        picked: list[tuple[str, str]] = []
        seen: set[str] = set()
        for url, title, _day in rows:
            title = " ".join((title or "").split())
            if len(title) < min_chars or title in seen:
                continue
            seen.add(title)
            picked.append((title, url))
            if len(picked) >= count:
                break
        return picked

    def save_search_probes(self, run_id: int, site: str, probes: Iterable[SearchProbe]) -> None:
        stamp = now()
        with self.conn:
            self.conn.execute("DELETE FROM search_probes WHERE run_id = ?", [run_id])
            self.conn.executemany(
                "INSERT INTO search_probes (run_id, site, seq, state, title, item_url,"
                " request_url, status, error, detail, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, site, seq, *(getattr(p, name) for name in _FIELDS), stamp)
                 for seq, p in enumerate(probes)])

    def search_probes(self, run_id: int) -> list[SearchProbe]:
        return [SearchProbe(state=state, title=title, item_url=item_url,
                            request_url=request_url, status=status, error=error,
                            detail=detail or "")
                for state, title, item_url, request_url, status, error, detail
                in self.conn.execute(
                    "SELECT state, title, item_url, request_url, status, error, detail"
                    " FROM search_probes WHERE run_id = ? ORDER BY seq", [run_id])]
