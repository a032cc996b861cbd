"""What an earlier crawl already holds: the basis of nightly (incremental) runs and of resume.

A nightly run must not hammer a server that has not changed. Lists and the home page are always
fetched (that is where change shows); an article whose list entry (URL, title, date) is the same
as in the previous run is not requested at all, its stored page is copied into this run; other
pages seen before are asked for with If-None-Match / If-Modified-Since, and a 304 copies the
stored page too. Links of a reused page come from the store, so the crawl still reaches
everything behind it.

A recheck (`govpatrol recheck`) is the same idea again: the home page and the lists are fetched
(a column finding is judged on them), the pages of the findings to re-check are fetched whole,
and every other page of the last run is copied without a request.

Resume is the same idea with the killed run as its own source: pages it already stored are not
fetched again (their stored links are followed), lists are read again to rebuild the spider's
state, and rows are keyed by (run, url), so nothing is duplicated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from govpatrol.model import Link
from govpatrol.store import Store

#: Kinds that are always fetched: they are where a change of the site shows.
ALWAYS_FETCH = frozenset({"home", "list", "list-data"})


class FetchPolicy(Protocol):
    """Whether the crawl requests a URL, asks for it conditionally, or copies its stored page."""

    run_id: int | None

    def decide(self, url: str, kind: str, item: tuple[str, date | None] | None) -> str: ...
    def headers(self, url: str) -> dict[str, str]: ...
    def links(self, url: str) -> list[Link]: ...


class AlwaysFetch:
    """A full crawl: every page is requested."""

    run_id: int | None = None

    def decide(self, url: str, kind: str, item: tuple[str, date | None] | None) -> str:
        return "fetch"

    def headers(self, url: str) -> dict[str, str]:
        return {}

    def links(self, url: str) -> list[Link]:
        return []


def fetch_policy(db: str | None, reuse_run: int | None, *, resume: bool = False,
                 recheck: tuple[str, ...] = ()) -> FetchPolicy:
    """`PreviousRun` when there is a run to reuse (nightly, resume, recheck), else
    `AlwaysFetch`."""
    if reuse_run is None or not db:
        return AlwaysFetch()
    return PreviousRun(db, reuse_run, resume=resume, recheck=recheck)


@dataclass(slots=True)
class Stored:
    kind: str
    etag: str | None
    last_modified: str | None
    column_url: str | None


class PreviousRun:
    """Read-only view of one earlier run (or, on resume, of the run being resumed)."""

    def __init__(self, db: str, run_id: int, *, resume: bool = False,
                 recheck: tuple[str, ...] = ()) -> None:
        self.run_id = run_id
        self.resume = resume
        self.recheck = frozenset(recheck)
        self.store = Store(db, readonly=True)
        self.pages: dict[str, Stored] = {
            url: Stored(kind or "page", etag, last_modified, column_url)
            for url, kind, etag, last_modified, column_url in self.store.reusable_pages(run_id)
        }
        self.items: dict[str, set[tuple[str, str | None]]] = {}
        for url, title, list_date in self.store.item_entries(run_id):
            self.items.setdefault(url, set()).add((title or "", list_date))

    def decide(self, url: str, kind: str, item: tuple[str, date | None] | None,
               incremental_kinds: bool = True) -> str:
        """'fetch', 'reuse' (no request) or 'conditional' (If-None-Match / If-Modified-Since)."""
        stored = self.pages.get(url)
        if url in self.recheck:
            return "fetch"  # whole: a 304 from a careless server must not confirm anything
        if kind in ALWAYS_FETCH or stored is None or stored.kind in ALWAYS_FETCH:
            return "fetch"
        if self.resume:
            return "reuse"
        if item is not None:
            title, list_date = item
            key = (title or "", list_date.isoformat() if list_date else None)
            if key in self.items.get(url, ()):
                return "reuse"
        elif self.recheck:
            return "reuse"  # not a list entry that changed: copied, not asked for
        if stored.etag or stored.last_modified:
            return "conditional"
        return "fetch"

    def headers(self, url: str) -> dict[str, str]:
        stored = self.pages[url]
        headers = {}
        if stored.etag:
            headers["If-None-Match"] = stored.etag
        if stored.last_modified:
            headers["If-Modified-Since"] = stored.last_modified
        return headers

    def links(self, url: str) -> list[Link]:
        return self.store.page_links(self.run_id, url)


def previous_done_run(db: str, site: str, before: int) -> int | None:
    """The newest completed run of `site` before run `before`: the nightly baseline."""
    store = Store(db, readonly=True)
    try:
        run = store.latest_done_run(site, before=before)
    finally:
        store.close()
    return run["id"] if run else None

