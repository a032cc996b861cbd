"""Link checks: the checker's work queue, its results, and every link target's fate."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from govpatrol.model import BLOCKED_ERRORS, LinkStatus
from govpatrol.store.base import StoreBase, now


class LinksTable(StoreBase):
    def link_targets_since(self, run_id: int, after_rowid: int,
                           limit: int = 5000) -> list[tuple[int, str, str]]:
        """(rowid, url, kind) of links stored after `after_rowid`: the checker's work queue.

        `+run_id` keeps SQLite off the (run_id, ...) indexes: with one of them it read every
        link of the run and sorted them at each poll (quadratic in the crawl: at 5,000 pages
        the checker polling beside the crawl spent as much CPU as the extraction worker);
        the rowid range reads only the links stored since the last poll."""
        return self.conn.execute(
            "SELECT rowid, url, kind FROM links WHERE rowid > ? AND +run_id = ? ORDER BY rowid"
            " LIMIT ?", [after_rowid, run_id, limit]
        ).fetchall()

    def save_link_checks(self, run_id: int, site: str, rows: Iterable[dict[str, Any]]) -> None:
        stamp = now()
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO link_checks (run_id, site, url, status, error,"
                " final_url, soft_404, broken, checked_at, cached, title, sample)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, site, r["url"], r.get("status"), r.get("error"), r.get("final_url"),
                  r.get("soft_404"), int(bool(r.get("broken"))), r.get("checked_at") or stamp,
                  int(bool(r.get("cached"))), r.get("title"), r.get("sample")) for r in rows],
            )

    def live_link_checks(self, site: str, since: str) -> dict[str, dict[str, Any]]:
        """Targets found live for `site` since an ISO time: the nightly cache (with the
        title and text sample of the newest check, which external links are judged by)."""
        rows = self.conn.execute(
            "SELECT url, status, final_url, max(checked_at), title, sample FROM link_checks"
            " WHERE site = ? AND broken = 0 AND cached = 0 AND checked_at >= ? GROUP BY url",
            [site, since],
        )
        return {url: {"url": url, "status": status, "final_url": final_url, "checked_at": at,
                      "cached": True, "broken": False, "title": title, "sample": sample}
                for url, status, final_url, at, title, sample in rows}

    def link_checks(self, run_id: int) -> Iterator[tuple[str, int | None, str | None,
                                                       str | None, int]]:
        """(url, status, error, soft_404, broken) of every target checked in a run."""
        yield from self.conn.execute(
            "SELECT url, status, error, soft_404, broken FROM link_checks WHERE run_id = ?",
            [run_id])

    def link_statuses(self, run_id: int,
                      canonical: Callable[[str], str] = str) -> dict[str, LinkStatus]:
        """Every link target's fate: its check, or the crawl's own fetch for internal pages.

        `canonical` maps a link to the URL its page is stored under (the crawler's rule; the
        store does not know it).
        """
        pages = {
            url: (status, error, soft)
            for url, status, error, soft in self.conn.execute(
                "SELECT url, status, error, soft_404 FROM pages WHERE run_id = ?", [run_id])
        }
        statuses: dict[str, LinkStatus] = {}
        labels: dict[str, str] = {}  # one "200" for every target, not one each (50,000 pages)
        for url, status, error, soft, broken, title, sample in self.conn.execute(
                "SELECT url, status, error, soft_404, broken, title, sample FROM link_checks"
                " WHERE run_id = ?", [run_id]):
            label = error or ("soft_404" if soft else str(status))
            label = labels.setdefault(label, label)
            statuses[url] = LinkStatus(url, label, bool(broken), checked=True, title=title,
                                       sample=sample)
        for (url,) in self.conn.execute(
            "SELECT DISTINCT url FROM links WHERE run_id = ?", [run_id]
        ):
            if url in statuses:
                continue
            page_url = url if url in pages else canonical(url)
            fetched = pages.get(page_url)
            if fetched is None:
                continue
            status, error, soft = fetched
            if error in ("robots_forbidden", "ignored", "rate_limited"):  # not checked
                continue
            if error in BLOCKED_ERRORS:  # a challenge answered the patrol: unknown, not dead
                statuses[url] = LinkStatus(url, error, False, checked=False)
                continue
            if status is None:
                label = error or "unknown"
            else:
                label = "soft_404" if soft and status < 400 else str(status)
            label = labels.setdefault(label, label)
            broken = bool(error) or bool(soft) or (status is not None and status >= 400)
            statuses[url] = LinkStatus(url, label, broken, checked=False, page_url=page_url,
                                       page_status=status, page_error=error)
        return statuses
