"""What a crawl stores: columns and their items, pages and their links, WeChat accounts."""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

import ahocorasick

from govpatrol.model import NOT_ARTICLE_KINDS, Account, Column, HiddenLink, Item, Link, Page
from govpatrol.store.base import StoreBase, iso, now, to_date
from govpatrol.store.schema import TABLES


def _matcher(needles: Sequence[str]) -> Callable[[str], bool] | None:
    """Does a text contain any of `needles`? None: no needles, every text is wanted."""
    if not needles:
        return None
    if "" in needles:  # contained in every text
        return lambda text: True
    automaton = ahocorasick.Automaton()
    for needle in needles:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    return lambda text: next(automaton.iter(text), None) is not None


class PagesTable(StoreBase):
    # -- crawl writes -------------------------------------------------------------------------
    def save_column(self, run_id: int, column: Column, commit: bool = True) -> None:
        with self._transaction(commit):
            # an upsert: a column seen again keeps its one row; its list pages only grow (two
            # workers reading two of its pages may deliver their counts in either order)
            self.conn.execute(
                "INSERT INTO columns (run_id, site, url, name, parent, department, adapter,"
                " configured_class, list_pages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (run_id, url) DO UPDATE SET site = excluded.site,"
                " name = excluded.name, parent = excluded.parent,"
                " department = excluded.department, adapter = excluded.adapter,"
                " configured_class = excluded.configured_class,"
                " list_pages = max(coalesce(columns.list_pages, 0),"
                " coalesce(excluded.list_pages, 0))",
                [run_id, column.site, column.url, column.name, column.parent,
                 column.department, column.adapter, column.configured_class,
                 column.list_pages])

    def save_items(self, run_id: int, site: str, column_url: str, items: Iterable[Item],
                   start: int = 0, commit: bool = True) -> None:
        rows = [
            (run_id, site, column_url, item.url, item.title, iso(item.list_date), start + i)
            for i, item in enumerate(items)
        ]
        with self._transaction(commit):
            self.conn.executemany(
                "INSERT OR IGNORE INTO items (run_id, site, column_url, url, title, list_date,"
                " position) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def save_page(self, run_id: int, page: Page, *, column_url: str | None = None,
                  extra: dict[str, Any] | None = None, commit: bool = True) -> None:
        """A page with its links, in one transaction: either both are there or neither."""
        row = {
            "run_id": run_id, "site": page.site, "url": page.url, "status": page.status,
            "error": page.error, "kind": page.kind, "title": page.title,
            "published": iso(page.published),
            "metadata": json.dumps(page.metadata, ensure_ascii=False),
            "meta_tags": json.dumps(page.meta_tags, ensure_ascii=False),
            "text": page.text, "column_url": column_url, "encoding": page.encoding,
            "footer": page.footer, "header": page.header,
            "hidden_links": json.dumps([asdict(h) for h in page.hidden_links],
                                       ensure_ascii=False) if page.hidden_links else None,
            "soft_404": page.soft_404, "mirror_of": page.mirror_of,
            "script_redirects": json.dumps(page.script_redirects, ensure_ascii=False)
            if page.script_redirects else None,
            "scripts": json.dumps(page.scripts) if page.scripts else None,
            "fetched_at": now(), **(extra or {}),
        }
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self._transaction(commit):
            self.conn.execute(
                f"INSERT OR REPLACE INTO pages ({names}) VALUES ({marks})", list(row.values())
            )
            self.conn.execute(
                "DELETE FROM links WHERE run_id = ? AND page_url = ?", (run_id, page.url)
            )
            self.conn.executemany(
                "INSERT INTO links (run_id, page_url, url, kind, anchor) VALUES (?, ?, ?, ?, ?)",
                [(run_id, page.url, link.url, link.kind, link.anchor) for link in page.links],
            )

    def copy_page(self, source_run: int, run_id: int, url: str, *,
                  column_url: str | None = None, commit: bool = True) -> None:
        """A page unchanged since `source_run` (nightly reuse, 304): its row and links, copied.

        Copying keeps every run complete on its own, so reports, history and auditors never
        have to look into an earlier run.
        """
        if source_run == run_id:  # resume: the row is already there
            return
        names = [c for c in TABLES["pages"]["columns"]
                 if c not in ("run_id", "fetched_at", "reused_from")]
        cols = ", ".join(names)
        picked = ", ".join("coalesce(?, column_url)" if c == "column_url" else c for c in names)
        with self._transaction(commit):
            self.conn.execute(
                f"INSERT OR REPLACE INTO pages (run_id, fetched_at, reused_from, {cols})"
                f" SELECT ?, ?, ?, {picked} FROM pages WHERE run_id = ? AND url = ?",
                [run_id, now(), source_run, column_url, source_run, url],
            )
            self.conn.execute(
                "DELETE FROM links WHERE run_id = ? AND page_url = ?", (run_id, url)
            )
            self.conn.execute(
                "INSERT INTO links (run_id, page_url, url, kind, anchor) SELECT ?, page_url, url,"
                " kind, anchor FROM links WHERE run_id = ? AND page_url = ? ORDER BY rowid",
                (run_id, source_run, url),
            )

    def save_account(self, run_id: int, site: str, name: str, url: str,
                     department: str | None, commit: bool = True, *,
                     source_state: str | None = None, source_updated: date | None = None,
                     mass_only: bool = False) -> None:
        """An account once configured, then again once its source was read: the second call
        adds how the source read (a known state is never overwritten by an unknown one)."""
        with self._transaction(commit):
            self.conn.execute(
                "INSERT INTO accounts (run_id, site, name, url, department, source_state,"
                " source_updated, mass_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (run_id, name) DO UPDATE SET"
                " source_state = coalesce(excluded.source_state, source_state),"
                " source_updated = coalesce(excluded.source_updated, source_updated),"
                " mass_only = max(excluded.mass_only, mass_only)",
                (run_id, site, name, url, department, source_state, iso(source_updated),
                 int(mass_only)))

    def save_article(self, run_id: int, account: str, item: Item, commit: bool = True) -> None:
        """An article seen in a feed and then on its own page: one row, the better date kept."""
        with self._transaction(commit):
            self.conn.execute(
                "INSERT INTO account_articles (run_id, account, url, title, list_date)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, account, url) DO UPDATE SET"
                " title = coalesce(nullif(excluded.title, ''), title),"
                " list_date = coalesce(excluded.list_date, list_date)",
                (run_id, account, item.url, item.title, iso(item.list_date)))

    def attach_pages_to_columns(self, run_id: int) -> None:
        """Pages fetched before their list was read still belong to the column that lists them."""
        with self.conn:
            self.conn.execute(
                """UPDATE pages SET column_url = (
                       SELECT items.column_url FROM items
                       WHERE items.run_id = pages.run_id AND items.url = pages.url LIMIT 1)
                   WHERE run_id = ? AND column_url IS NULL""",
                [run_id],
            )

    def list_page_urls(self, run_id: int) -> dict[str, set[str]]:
        """Column URL -> the URLs of every list page stored for it (its own included)."""
        urls: dict[str, set[str]] = {}
        for column_url, url in self.conn.execute(
                "SELECT column_url, url FROM pages WHERE run_id = ? AND kind = 'list'"
                " AND column_url IS NOT NULL", [run_id]):
            urls.setdefault(column_url, {column_url}).add(url)
        return urls

    def rename_column(self, run_id: int, old: str, new: str) -> None:
        """Record column `old` under URL `new` (another URL of its first list page): the
        column row, its items and the pages that belong to it move together."""
        if old == new:
            return
        with self.conn:
            taken = self.conn.execute("SELECT 1 FROM columns WHERE run_id = ? AND url = ?",
                                      [run_id, new]).fetchone()
            if taken:  # both URLs opened it (a race between workers): keep one row
                self.conn.execute("DELETE FROM columns WHERE run_id = ? AND url = ?",
                                  [run_id, old])
            else:
                self.conn.execute("UPDATE columns SET url = ? WHERE run_id = ? AND url = ?",
                                  [new, run_id, old])
            self.conn.execute("UPDATE OR IGNORE items SET column_url = ? WHERE run_id = ?"
                              " AND column_url = ?", [new, run_id, old])
            self.conn.execute("DELETE FROM items WHERE run_id = ? AND column_url = ?",
                              [run_id, old])
            self.conn.execute("UPDATE pages SET column_url = ? WHERE run_id = ?"
                              " AND column_url = ?", [new, run_id, old])

    # -- reads ----------------------------------------------------------------------------------
    def accounts(self, run_id: int) -> list[Account]:
        accounts = []
        for row in self._rows("SELECT * FROM accounts WHERE run_id = ? ORDER BY rowid",
                              [run_id]):
            articles = [
                Item(url=url, title=title or "", list_date=to_date(list_date))
                for url, title, list_date in self.conn.execute(
                    "SELECT url, title, list_date FROM account_articles WHERE run_id = ? AND"
                    " account = ? ORDER BY list_date DESC, rowid", [run_id, row["name"]])
            ]
            accounts.append(Account(site=row["site"], name=row["name"], url=row["url"],
                                    department=row["department"], articles=articles,
                                    source_state=row["source_state"],
                                    source_updated=to_date(row["source_updated"]),
                                    mass_only=bool(row["mass_only"])))
        return accounts

    def page(self, run_id: int, *urls: str) -> dict[str, Any] | None:
        """The stored row of a page, under the first of `urls` that is stored (a URL as given
        and its canonical form, say)."""
        marks = ", ".join("?" for _ in urls)
        rows = {row["url"]: row for row in self._rows(
            f"SELECT * FROM pages WHERE run_id = ? AND url IN ({marks})", [run_id, *urls])}
        return next((rows[url] for url in urls if url in rows), None)

    def page_titles(self, run_id: int, urls: Container[str] | None = None) -> dict[str, str]:
        """URL -> title of every page of the run that has one (the ledger's 页面标题); with
        `urls`, of those pages only (the pages findings are on: a report's titles grow with
        its findings, not with the site)."""
        return {url: title for url, title in self.conn.execute(
            "SELECT url, title FROM pages WHERE run_id = ? AND title IS NOT NULL"
            " AND title != ''", [run_id]) if urls is None or url in urls}

    def crawled_urls(self, run_id: int) -> set[str]:
        return {url for (url,) in self.conn.execute(
            "SELECT url FROM pages WHERE run_id = ?", [run_id])}

    def fetched_ok_urls(self, run_id: int) -> set[str]:
        """Pages of the run that were fetched (or found unchanged) and answered: the pages on
        which a problem of an earlier run can be seen to be fixed."""
        return {url for (url,) in self.conn.execute(
            "SELECT url FROM pages WHERE run_id = ? AND error IS NULL"
            " AND (status IS NULL OR status < 400)", [run_id])}

    def reused_urls(self, run_id: int, source_run: int) -> set[str]:
        """Pages of `run_id` copied unchanged from `source_run` (nightly reuse, 304)."""
        return {url for (url,) in self.conn.execute(
            "SELECT url FROM pages WHERE run_id = ? AND reused_from = ?", [run_id, source_run])}

    def reusable_pages(self, run_id: int) -> Iterator[tuple[str, str | None, str | None,
                                                          str | None, str | None]]:
        """(url, kind, etag, last_modified, column_url) of the pages of a run that came back
        whole (2xx/3xx, no error, not a soft 404): what a later run may reuse."""
        yield from self.conn.execute(
            "SELECT url, kind, etag, last_modified, column_url FROM pages WHERE run_id = ?"
            " AND status >= 200 AND status < 400 AND error IS NULL AND soft_404 IS NULL",
            [run_id])

    def item_entries(self, run_id: int) -> Iterator[tuple[str, str | None, str | None]]:
        """(url, title, list_date) of every list entry of a run."""
        yield from self.conn.execute(
            "SELECT url, title, list_date FROM items WHERE run_id = ?", [run_id])

    def page_links(self, run_id: int, page_url: str) -> list[Link]:
        """The links stored for one page, in page order."""
        return [Link(url=u, kind=k, anchor=a or "") for u, k, a in self.conn.execute(
            "SELECT url, kind, anchor FROM links WHERE run_id = ? AND page_url = ?"
            " ORDER BY rowid", [run_id, page_url])]

    def page_departments(self, run_id: int) -> dict[str, str | None]:
        """Page URL -> the department of its column, for the pages of a column."""
        return dict(self.conn.execute(
            "SELECT pages.url, columns.department FROM pages JOIN columns"
            " ON columns.run_id = pages.run_id AND columns.url = pages.column_url"
            " WHERE pages.run_id = ? AND columns.department IS NOT NULL", [run_id]))

    def link_rows(self, run_id: int) -> Iterator[tuple[str, str, str | None]]:
        """(page_url, url, anchor) of every link of a run."""
        yield from self.conn.execute(
            "SELECT page_url, url, anchor FROM links WHERE run_id = ?", [run_id])

    def columns(self, run_id: int) -> list[Column]:
        """The columns of a run in URL order: the same for every patrol of an unchanged site,
        whatever order its lists answered in (the crawl order is not)."""
        columns = []
        days: dict[str | None, date | None] = {}  # one date object per day, not per item
        for row in self._rows("SELECT * FROM columns WHERE run_id = ? ORDER BY url", [run_id]):
            items = [
                Item(url=url, title=title, list_date=days[list_date] if list_date in days
                     else days.setdefault(list_date, to_date(list_date)))
                for url, title, list_date in self.conn.execute(
                    "SELECT url, title, list_date FROM items WHERE run_id = ? AND column_url = ?"
                    " ORDER BY position", [run_id, row["url"]])
            ]
            columns.append(Column(
                site=row["site"], name=row["name"], url=row["url"], parent=row["parent"],
                department=row["department"], adapter=row["adapter"],
                configured_class=row["configured_class"], items=items,
                list_pages=row["list_pages"] or 0,
            ))
        return columns

    def item_rows(self, run_id: int) -> Iterator[dict[str, Any]]:
        """Each list entry with its column's name and what its article page says about
        itself (publish date, metadata), in column (URL) and list order: items.jsonl's source.
        Streamed from the cursor: a big portal's items are never all in memory at once."""
        sql = """
            SELECT items.site, columns.name AS "column", items.url, items.title,
                   items.list_date, pages.published, pages.metadata
            FROM items
            JOIN columns ON columns.run_id = items.run_id AND columns.url = items.column_url
            LEFT JOIN pages ON pages.run_id = items.run_id AND pages.url = items.url
            WHERE items.run_id = ?
            ORDER BY columns.url, items.position
        """
        names = ("site", "column", "url", "title", "list_date", "published")
        for row in self.conn.execute(sql, [run_id]):
            yield {**dict(zip(names, row[:6], strict=True)),
                   "metadata": json.loads(row[6] or "{}")}

    def iter_pages(self, run_id: int, with_links: bool = True,
                   containing: Sequence[str] = ()) -> Iterator[Page]:
        """Pages in URL order, links merged in from one ordered query (not one per page).

        `containing`: only the pages whose text contains one of these strings (the typo
        auditor's second look at the few pages a site-level finding is on). The texts are
        matched as they are read, all strings at once (an Aho-Corasick automaton: one pass per
        text however many strings, where SQLite's instr() takes a pass per string), and only
        the pages that match are decoded into Pages."""
        names = {
            url: (name, department) for url, name, department in self.conn.execute(
                "SELECT url, name, department FROM columns WHERE run_id = ?", [run_id])
        }
        links = self.conn.execute(
            "SELECT page_url, url, kind, anchor FROM links WHERE run_id = ?"
            " ORDER BY page_url, rowid", [run_id]
        ) if with_links else iter(())
        # each page's links one group (itertools.groupby: the rows are grouped in C, and a
        # group of a page that is not read is skipped there too)
        groups = groupby(links, itemgetter(0))
        pending = next(groups, None)
        matcher = _matcher(containing)
        rows = self.conn.execute(
            "SELECT site, url, status, error, title, published, metadata, text, column_url,"
            " meta_tags, kind, encoding, footer, hidden_links, soft_404, mirror_of, header,"
            " script_redirects, scripts FROM pages"
            " WHERE run_id = ?"
            " ORDER BY url",
            [run_id],
        )
        for (site, url, status, error, title, published, metadata, text, column_url,
             meta_tags, kind, encoding, footer, hidden, soft_404, mirror_of, header,
             redirects, scripts) in rows:
            while pending is not None and pending[0] < url:
                pending = next(groups, None)
            if pending is not None and pending[0] == url:
                page_links = [Link(u, k, a or "") for _, u, k, a in pending[1]]
                pending = next(groups, None)
            else:
                page_links = []
            if matcher is not None and not matcher(text or ""):
                continue
            column, department = names.get(column_url, (None, None))
            # the JSON columns are decoded only when they hold something: most pages have no
            # hidden links, redirects or scripts, and many no metadata (five decodes a page
            # were a third of the read)
            yield Page(
                site=site, url=url, status=status, error=error, title=title,
                published=to_date(published),
                metadata=json.loads(metadata) if metadata and metadata != "{}" else {},
                text=text or "", column=column, department=department, links=page_links,
                meta_tags=json.loads(meta_tags) if meta_tags and meta_tags != "{}" else {},
                kind=kind or "page", encoding=encoding, footer=footer or "",
                hidden_links=[HiddenLink(**h) for h in json.loads(hidden)] if hidden else [],
                soft_404=soft_404, mirror_of=mirror_of, header=header or "",
                script_redirects=json.loads(redirects) if redirects else [],
                scripts=json.loads(scripts) if scripts else [],
            )

    def earliest_published(self, run_id: int) -> date | None:
        """The earliest date published_dates() holds, found by SQLite (ISO dates sort as
        dates), without holding a date per article."""
        kinds = sorted(NOT_ARTICLE_KINDS)
        (earliest,) = self.conn.execute(
            "SELECT min(published) FROM pages WHERE run_id = ? AND published IS NOT NULL"
            f" AND coalesce(kind, 'page') NOT IN ({', '.join('?' for _ in kinds)})",
            [run_id, *kinds]).fetchone()
        return date.fromisoformat(earliest) if earliest else None

    def published_dates(self, run_id: int) -> dict[str, date]:
        """Article URL -> publish date, for columns whose lists carry no dates. Home, list and
        navigation pages are not articles (model.NOT_ARTICLE_KINDS): a sub-column listed as an
        item must not lend its regeneration date to its parent."""
        kinds = sorted(NOT_ARTICLE_KINDS)
        days: dict[str, date] = {}  # one date object per day, not per article
        return {
            url: days[published] if published in days
            else days.setdefault(published, date.fromisoformat(published))
            for url, published in self.conn.execute(
                "SELECT url, published FROM pages WHERE run_id = ? AND published IS NOT NULL"
                f" AND coalesce(kind, 'page') NOT IN ({', '.join('?' for _ in kinds)})",
                [run_id, *kinds],
            )
        }
