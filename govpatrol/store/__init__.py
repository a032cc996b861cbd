"""The SQLite store: the boundary between crawling, auditing and reporting.

Every stage reads from and writes to it, so each can be re-run alone (`govpatrol report`
re-renders without crawling). Rows are committed as they arrive (in batches at most a fifth of
a second apart) and the file is in WAL mode, so a killed crawl loses at most the pages in
flight and the database stays readable.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from govpatrol.errors import GovpatrolError
from govpatrol.model import Account, Column, Finding, Item, Link, LinkStatus, Page, SiteRecords

SCHEMA_VERSION = 1

_TABLES: dict[str, dict[str, Any]] = {
    "runs": {
        "columns": {
            "id": int, "site": str, "url": str, "as_of": str, "started": str, "finished": str,
            "status": str, "options": str, "stats": str, "warnings": str,
        },
        "pk": "id",
    },
    "sites": {"columns": {"name": str, "url": str, "first_seen": str}, "pk": "name"},
    "columns": {
        "columns": {
            "run_id": int, "site": str, "url": str, "name": str, "parent": str,
            "department": str, "adapter": str, "configured_class": str, "list_pages": int,
        },
        "pk": ("run_id", "url"),
    },
    "items": {
        "columns": {
            "run_id": int, "site": str, "column_url": str, "url": str, "title": str,
            "list_date": str, "position": int,
        },
        "pk": ("run_id", "column_url", "url"),
    },
    "pages": {
        "columns": {
            "run_id": int, "site": str, "url": str, "final_url": str, "status": int,
            "error": str, "kind": str, "title": str, "published": str, "metadata": str,
            "meta_tags": str, "text": str, "column_url": str, "encoding": str,
            "fetched_at": str, "size": int, "etag": str, "last_modified": str,
            "content_hash": str, "soft_404": str, "footer": str,
            "reused_from": int,  # nightly: the run this unchanged page was copied from
        },
        "pk": ("run_id", "url"),
    },
    "accounts": {  # WeChat accounts (政务新媒体) configured for a site
        "columns": {"run_id": int, "site": str, "name": str, "url": str, "department": str},
        "pk": ("run_id", "name"),
    },
    "account_articles": {
        "columns": {"run_id": int, "account": str, "url": str, "title": str,
                    "list_date": str},
        "pk": ("run_id", "account", "url"),
    },
    "links": {
        "columns": {"run_id": int, "page_url": str, "url": str, "kind": str, "anchor": str},
        "pk": None,
    },
    "link_checks": {
        "columns": {
            "run_id": int, "site": str, "url": str, "status": int, "error": str,
            "final_url": str, "soft_404": str, "broken": int, "checked_at": str, "cached": int,
        },
        "pk": ("run_id", "url"),
    },
    "findings": {
        "columns": {
            "run_id": int, "id": str, "site": str, "category": str, "rule": str,
            "severity": str, "url": str, "column": str, "department": str, "text": str,
            "suggestion": str, "context": str, "message": str, "link_url": str, "status": str,
            "published": str, "formed": str, "last_updated": str, "limit_days": int,
            "actual_days": int,
        },
        "pk": ("run_id", "id"),
    },
}
_INDEXES = {
    "links": [("run_id", "page_url"), ("run_id", "url")],
    "pages": [("run_id", "column_url")],
    "findings": [("id",)],
    "link_checks": [("site", "url")],
    "runs": [("site",)],
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Store:
    """One SQLite file per deployment; runs are kept side by side for history."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite_utils.Database(self.path)
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._ensure_schema()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"无法打开数据库 (cannot open database) {self.path}: {exc}") from exc

    def _ensure_schema(self) -> None:
        for name, spec in _TABLES.items():
            table = self.db[name]
            if not table.exists():
                table.create(spec["columns"], pk=spec["pk"], not_null=None)
                for columns in _INDEXES.get(name, []):
                    table.create_index(list(columns), if_not_exists=True)
            else:  # a newer version may add columns; never drop or rename
                existing = set(table.columns_dict)
                for column, kind in spec["columns"].items():
                    if column not in existing:
                        table.add_column(column, kind)

    def close(self) -> None:
        self.db.close()

    # -- runs -------------------------------------------------------------------------------
    def start_run(self, site: str, url: str, as_of: date, options: dict[str, Any]) -> int:
        with self.db.conn:
            self.db["sites"].insert(
                {"name": site, "url": url, "first_seen": _now()}, ignore=True
            )
            table = self.db["runs"].insert(
                {
                    "site": site, "url": url, "as_of": as_of.isoformat(), "started": _now(),
                    "status": "running", "options": json.dumps(options, ensure_ascii=False),
                }
            )
        return int(table.last_pk)

    def finish_run(self, run_id: int, status: str, stats: dict[str, Any],
                   warnings: list[str]) -> None:
        with self.db.conn:
            self.db["runs"].update(
                run_id,
                {
                    "finished": _now(), "status": status,
                    "stats": json.dumps(stats, ensure_ascii=False, default=str),
                    "warnings": json.dumps(warnings, ensure_ascii=False),
                },
            )

    def run(self, run_id: int | None = None, site: str | None = None) -> dict[str, Any] | None:
        """A run by id, or the newest run (of `site` when given)."""
        if run_id is not None:
            rows = list(self.db["runs"].rows_where("id = ?", [run_id]))
        elif site is not None:
            rows = list(self.db["runs"].rows_where("site = ?", [site], order_by="id desc",
                                                   limit=1))
        else:
            rows = list(self.db["runs"].rows_where(order_by="id desc", limit=1))
        return rows[0] if rows else None

    def previous_run(self, run_id: int) -> dict[str, Any] | None:
        current = self.run(run_id)
        if current is None:
            return None
        rows = list(self.db["runs"].rows_where(
            "site = ? and id < ? and status != 'running'", [current["site"], run_id],
            order_by="id desc", limit=1,
        ))
        return rows[0] if rows else None

    def _transaction(self, commit: bool):
        """`with self.db.conn` commits; callers batching records commit themselves."""
        return self.db.conn if commit else nullcontext()

    # -- crawl writes -------------------------------------------------------------------------
    def save_column(self, run_id: int, column: Column, commit: bool = True) -> None:
        with self._transaction(commit):
            self.db["columns"].upsert(
                {
                    "run_id": run_id, "site": column.site, "url": column.url,
                    "name": column.name, "parent": column.parent,
                    "department": column.department, "adapter": column.adapter,
                    "configured_class": column.configured_class,
                    "list_pages": column.list_pages,
                },
                pk=("run_id", "url"),
            )

    def save_items(self, run_id: int, site: str, column_url: str, items: Iterable[Item],
                   start: int = 0, commit: bool = True) -> None:
        rows = [
            (run_id, site, column_url, item.url, item.title, _iso(item.list_date), start + i)
            for i, item in enumerate(items)
        ]
        with self._transaction(commit):
            self.db.conn.executemany(
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
            "published": _iso(page.published),
            "metadata": json.dumps(page.metadata, ensure_ascii=False),
            "meta_tags": json.dumps(page.meta_tags, ensure_ascii=False),
            "text": page.text, "column_url": column_url, "encoding": page.encoding,
            "footer": page.footer,
            "fetched_at": _now(), **(extra or {}),
        }
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self._transaction(commit):
            self.db.conn.execute(
                f"INSERT OR REPLACE INTO pages ({names}) VALUES ({marks})", list(row.values())
            )
            self.db.conn.execute(
                "DELETE FROM links WHERE run_id = ? AND page_url = ?", (run_id, page.url)
            )
            self.db.conn.executemany(
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
        names = [c for c in _TABLES["pages"]["columns"]
                 if c not in ("run_id", "fetched_at", "reused_from")]
        cols = ", ".join(names)
        picked = ", ".join("coalesce(?, column_url)" if c == "column_url" else c for c in names)
        with self._transaction(commit):
            self.db.conn.execute(
                f"INSERT OR REPLACE INTO pages (run_id, fetched_at, reused_from, {cols})"
                f" SELECT ?, ?, ?, {picked} FROM pages WHERE run_id = ? AND url = ?",
                [run_id, _now(), source_run, column_url, source_run, url],
            )
            self.db.conn.execute(
                "DELETE FROM links WHERE run_id = ? AND page_url = ?", (run_id, url)
            )
            self.db.conn.execute(
                "INSERT INTO links (run_id, page_url, url, kind, anchor) SELECT ?, page_url, url,"
                " kind, anchor FROM links WHERE run_id = ? AND page_url = ? ORDER BY rowid",
                (run_id, source_run, url),
            )

    def save_account(self, run_id: int, site: str, name: str, url: str,
                     department: str | None, commit: bool = True) -> None:
        with self._transaction(commit):
            self.db.conn.execute(
                "INSERT OR IGNORE INTO accounts (run_id, site, name, url, department)"
                " VALUES (?, ?, ?, ?, ?)", (run_id, site, name, url, department))

    def save_article(self, run_id: int, account: str, item: Item, commit: bool = True) -> None:
        """An article seen in a feed and then on its own page: one row, the better date kept."""
        with self._transaction(commit):
            self.db.conn.execute(
                "INSERT INTO account_articles (run_id, account, url, title, list_date)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, account, url) DO UPDATE SET"
                " title = coalesce(nullif(excluded.title, ''), title),"
                " list_date = coalesce(excluded.list_date, list_date)",
                (run_id, account, item.url, item.title, _iso(item.list_date)))

    def accounts(self, run_id: int) -> list[Account]:
        accounts = []
        for row in self.db["accounts"].rows_where("run_id = ?", [run_id], order_by="rowid"):
            articles = [
                Item(url=url, title=title or "", list_date=_date(list_date))
                for url, title, list_date in self.db.execute(
                    "SELECT url, title, list_date FROM account_articles WHERE run_id = ? AND"
                    " account = ? ORDER BY list_date DESC, rowid", [run_id, row["name"]])
            ]
            accounts.append(Account(site=row["site"], name=row["name"], url=row["url"],
                                    department=row["department"], articles=articles))
        return accounts

    def save_findings(self, run_id: int, findings: Iterable[Finding]) -> int:
        rows = [{"run_id": run_id, **finding.to_dict()} for finding in findings]
        with self.db.conn:
            self.db["findings"].delete_where("run_id = ?", [run_id])
            if rows:
                self.db["findings"].insert_all(rows, pk=("run_id", "id"), ignore=True)
        return self.db["findings"].count_where("run_id = ?", [run_id])

    def attach_pages_to_columns(self, run_id: int) -> None:
        """Pages fetched before their list was read still belong to the column that lists them."""
        with self.db.conn:
            self.db.execute(
                """UPDATE pages SET column_url = (
                       SELECT items.column_url FROM items
                       WHERE items.run_id = pages.run_id AND items.url = pages.url LIMIT 1)
                   WHERE run_id = ? AND column_url IS NULL""",
                [run_id],
            )

    def page(self, run_id: int, url: str) -> dict[str, Any] | None:
        from govpatrol.crawler.urls import canonical

        rows = list(self.db["pages"].rows_where("run_id = ? and url in (?, ?)",
                                                [run_id, url, canonical(url)], limit=1))
        return rows[0] if rows else None

    # -- link checks ----------------------------------------------------------------------------
    def link_targets_since(self, run_id: int, after_rowid: int,
                           limit: int = 5000) -> list[tuple[int, str, str]]:
        """(rowid, url, kind) of links stored after `after_rowid`: the checker's work queue."""
        return self.db.execute(
            "SELECT rowid, url, kind FROM links WHERE run_id = ? AND rowid > ? ORDER BY rowid"
            " LIMIT ?", [run_id, after_rowid, limit]
        ).fetchall()

    def crawled_urls(self, run_id: int) -> set[str]:
        return {url for (url,) in self.db.execute(
            "SELECT url FROM pages WHERE run_id = ?", [run_id])}

    def save_link_checks(self, run_id: int, site: str, rows: Iterable[dict[str, Any]]) -> None:
        now = _now()
        with self.db.conn:
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO link_checks (run_id, site, url, status, error,"
                " final_url, soft_404, broken, checked_at, cached)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, site, r["url"], r.get("status"), r.get("error"), r.get("final_url"),
                  r.get("soft_404"), int(bool(r.get("broken"))), r.get("checked_at") or now,
                  int(bool(r.get("cached")))) for r in rows],
            )

    def live_link_checks(self, site: str, since: str) -> dict[str, dict[str, Any]]:
        """Targets found live for `site` since an ISO time: the nightly cache."""
        rows = self.db.execute(
            "SELECT url, status, final_url, max(checked_at) FROM link_checks"
            " WHERE site = ? AND broken = 0 AND cached = 0 AND checked_at >= ? GROUP BY url",
            [site, since],
        )
        return {url: {"url": url, "status": status, "final_url": final_url, "checked_at": at,
                      "cached": True, "broken": False}
                for url, status, final_url, at in rows}

    def link_statuses(self, run_id: int) -> dict[str, LinkStatus]:
        """Every link target's fate: its check, or the crawl's own fetch for internal pages."""
        from govpatrol.crawler.urls import canonical

        pages = {
            url: (status, error, soft)
            for url, status, error, soft in self.db.execute(
                "SELECT url, status, error, soft_404 FROM pages WHERE run_id = ?", [run_id])
        }
        statuses: dict[str, LinkStatus] = {}
        for url, status, error, soft, broken in self.db.execute(
            "SELECT url, status, error, soft_404, broken FROM link_checks WHERE run_id = ?",
            [run_id],
        ):
            label = error or ("soft_404" if soft else str(status))
            statuses[url] = LinkStatus(url, label, bool(broken), checked=True)
        for (url,) in self.db.execute(
            "SELECT DISTINCT url FROM links WHERE run_id = ?", [run_id]
        ):
            if url in statuses:
                continue
            fetched = pages.get(url) or pages.get(canonical(url))
            if fetched is None:
                continue
            status, error, soft = fetched
            if error in ("robots_forbidden", "ignored"):
                continue
            if status is None:
                label = error or "unknown"
            else:
                label = "soft_404" if soft and status < 400 else str(status)
            broken = bool(error) or bool(soft) or (status is not None and status >= 400)
            statuses[url] = LinkStatus(url, label, broken, checked=False)
        return statuses

    # -- reads ----------------------------------------------------------------------------------
    def columns(self, run_id: int) -> list[Column]:
        columns = []
        for row in self.db["columns"].rows_where("run_id = ?", [run_id], order_by="rowid"):
            items = [
                Item(url=r["url"], title=r["title"], list_date=_date(r["list_date"]))
                for r in self.db["items"].rows_where(
                    "run_id = ? and column_url = ?", [run_id, row["url"]], order_by="position"
                )
            ]
            columns.append(Column(
                site=row["site"], name=row["name"], url=row["url"], parent=row["parent"],
                department=row["department"], adapter=row["adapter"],
                configured_class=row["configured_class"], items=items,
                list_pages=row["list_pages"] or 0,
            ))
        return columns

    def iter_pages(self, run_id: int, with_links: bool = True) -> Iterator[Page]:
        """Pages in URL order, links merged in from one ordered query (not one per page)."""
        names = {
            r["url"]: (r["name"], r["department"])
            for r in self.db["columns"].rows_where("run_id = ?", [run_id])
        }
        links = self.db.execute(
            "SELECT page_url, url, kind, anchor FROM links WHERE run_id = ?"
            " ORDER BY page_url, rowid", [run_id]
        ) if with_links else iter(())
        pending = next(links, None)
        rows = self.db.execute(
            "SELECT site, url, status, error, title, published, metadata, text, column_url,"
            " meta_tags, kind, encoding, footer FROM pages WHERE run_id = ? ORDER BY url",
            [run_id],
        )
        for (site, url, status, error, title, published, metadata, text, column_url,
             meta_tags, kind, encoding, footer) in rows:
            page_links = []
            while pending is not None and pending[0] < url:
                pending = next(links, None)
            while pending is not None and pending[0] == url:
                page_links.append(Link(url=pending[1], kind=pending[2], anchor=pending[3] or ""))
                pending = next(links, None)
            column, department = names.get(column_url, (None, None))
            yield Page(
                site=site, url=url, status=status, error=error, title=title,
                published=_date(published), metadata=json.loads(metadata or "{}"),
                text=text or "", column=column, department=department, links=page_links,
                meta_tags=json.loads(meta_tags or "{}"), kind=kind or "page", encoding=encoding,
                footer=footer or "",
            )

    def site_records(self, run_id: int) -> SiteRecords:
        run = self.run(run_id)
        if run is None:
            raise StoreError(f"没有这次巡检 (no such run): {run_id}")
        return SiteRecords(
            site=run["site"], home_url=run["url"], columns=self.columns(run_id),
            pages=lambda: self.iter_pages(run_id),
            link_status=self.link_statuses(run_id),
            accounts=self.accounts(run_id),
        )

    def published_dates(self, run_id: int) -> dict[str, date]:
        """Page URL -> publish date, for columns whose lists carry no dates."""
        return {
            url: date.fromisoformat(published)
            for url, published in self.db.execute(
                "SELECT url, published FROM pages WHERE run_id = ? AND published IS NOT NULL",
                [run_id],
            )
        }

    def findings(self, run_id: int) -> list[Finding]:
        return [
            Finding.from_dict(row)
            for row in self.db["findings"].rows_where("run_id = ?", [run_id], order_by="rowid")
        ]

    def counts(self, run_id: int) -> dict[str, int]:
        return {
            name: self.db[name].count_where("run_id = ?", [run_id])
            for name in ("columns", "items", "pages", "links", "findings")
        }


class StoreError(GovpatrolError):
    """The database cannot be opened or does not hold what was asked for."""
