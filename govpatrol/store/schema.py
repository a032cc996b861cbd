"""The store's schema, its version, and the check that a file is govpatrol's before writing.

Everything the SQLite file holds is declared here: the tables (the availability probes of
`govpatrol watch` included), their indexes, and the schema version kept in `PRAGMA
user_version` together with govpatrol's `PRAGMA application_id`. Opening a store first *reads*
the file (application id, version, table and column names) and refuses, before a single byte is
written, a database that belongs to another program; only then does it switch to WAL and create
or migrate its tables. Migrations are additive (tables, columns, indexes) so an older govpatrol
can still be pointed at a report of a newer run's predecessors.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from govpatrol.errors import GovpatrolError

#: `PRAGMA application_id` of a govpatrol store: "GPTR" in ASCII.
APPLICATION_ID = 0x47505452

#: Version 1: what govpatrol wrote before versioning (no application id, user_version 0).
#: Version 2: application id and user_version set, the probes table part of the schema.
#: Version 3: pages.hidden_links (JSON list of hidden off-site anchors, 暗链 evidence).
#: Version 4: findings.linked_from (JSON list of the pages linking an unreachable page),
#: pages.mirror_of (the WeChat article a page of the portal copies).
#: Version 5: pages.header (the page header's text: the site name must show there).
#: Version 6: the reviews table (an office's answers read back from the ledger).
#: Version 7: the attachments table (text read from PDF, Word and Excel attachments), the
#: variants table (pages fetched again as Baiduspider, a phone, a search visitor) and
#: pages.script_redirects (obfuscated inline redirects): the evidence of `cloaking`.
#: Version 8: accounts.source_state, source_updated, mass_only (how a WeChat mirror read: a
#: stale account is a veto only from a source read this run); link_checks.title and
#: link_checks.sample (the title and the start of the text of an external HTML target: the
#: evidence of `external_link`).
#: Version 9: findings.page_url (the page linking the attachment a finding is in).
#: Version 10: pages.scripts (external script addresses) and the script_files table (the site's
#: own script files read for hidden redirects: `cloaking.script`).
#: Version 11: the search_probes table (the site-search probe's form and queries).
#: Version 12: the host_checks table (IPv6 answers and the certificate of each site host).
#: Version 13: the text_scans table (text scans stored ahead of the audit by the prescan
#: worker, keyed by page URL and the scan's key).
SCHEMA_VERSION = 13

TABLES: dict[str, dict[str, Any]] = {
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
            "content_hash": str, "soft_404": str, "footer": str, "header": str,
            "hidden_links": str,  # JSON [{url, anchor, evidence}] or NULL
            "script_redirects": str,  # JSON [evidence] of obfuscated inline redirects, or NULL
            "scripts": str,  # JSON [address] of its external scripts (schema 10), or NULL
            "reused_from": int,  # nightly: the run this unchanged page was copied from
            "mirror_of": str,  # a copy of a WeChat article: the original's URL (schema 4)
        },
        "pk": ("run_id", "url"),
    },
    "accounts": {  # WeChat accounts (政务新媒体) configured for a site
        "columns": {"run_id": int, "site": str, "name": str, "url": str, "department": str,
                    "source_state": str, "source_updated": str, "mass_only": int},
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
            "title": str,  # an external HTML target's <title> (schema 8), or NULL
            "sample": str,  # the start of its visible text, bounded (schema 8), or NULL
        },
        "pk": ("run_id", "url"),
    },
    "attachments": {  # text of the site's attachments, read by the link checker
        "columns": {
            "run_id": int, "site": str, "url": str, "text": str, "state": str, "detail": str,
            "pages": int, "content_hash": str, "extracted_at": str,
        },
        "pk": ("run_id", "url"),
    },
    "variants": {  # sampled pages fetched again as Baiduspider, a phone, a search visitor
        "columns": {
            "run_id": int, "site": str, "url": str, "agent": str, "status": int,
            "final_url": str, "title": str, "text": str, "error": str, "fetched_at": str,
        },
        "pk": ("run_id", "url", "agent"),
    },
    "script_files": {  # the site's own external scripts, read once each after the crawl
        "columns": {
            "run_id": int, "site": str, "url": str, "status": int, "evidence": str,
            "error": str, "fetched_at": str,
        },
        "pk": ("run_id", "url"),
    },
    "search_probes": {  # the site-search probe (linkcheck/search.py): one row per step
        "columns": {
            "run_id": int, "site": str, "seq": int, "state": str, "title": str,
            "item_url": str, "request_url": str, "status": int, "error": str, "detail": str,
            "fetched_at": str,
        },
        "pk": ("run_id", "seq"),
    },
    "host_checks": {  # IPv6 and HTTPS of the site's hosts (linkcheck/network.py)
        "columns": {
            "run_id": int, "site": str, "host": str, "scheme": str, "ipv4": str, "ipv6": str,
            "cert_expires": str, "tls_error": str, "checked_at": str,
        },
        "pk": ("run_id", "host"),
    },
    # text scans made ahead of the audit (govpatrol/prescan.py): the hits of one page's text
    # under one scan key (auditors/text/stored.py: lists, options, dates and text digested)
    "text_scans": {
        "columns": {"run_id": int, "url": str, "scan_key": str, "hits": str},
        "pk": ("run_id", "url", "scan_key"),
    },
    "findings": {
        "columns": {
            "run_id": int, "id": str, "site": str, "category": str, "rule": str,
            "severity": str, "url": str, "column": str, "department": str, "text": str,
            "suggestion": str, "context": str, "message": str, "link_url": str, "status": str,
            "published": str, "formed": str, "last_updated": str, "limit_days": int,
            "actual_days": int,
            "linked_from": str,  # JSON list of page URLs, or NULL
            "page_url": str,  # an attachment's finding: the page linking it (schema 9), or NULL
        },
        "pk": ("run_id", "id"),
    },
    # Review decisions (`govpatrol review`): a log, the newest row per finding is current.
    "reviews": {
        "columns": {
            "id": int, "site": str, "finding_id": str, "state": str, "measure": str,
            "owner": str, "done_on": str, "note": str, "reviewer": str, "reviewed_at": str,
            "source": str,  # the ledger file read, or "undo"
            "run_id": int,  # the run whose ledger was read (None: --undo)
            "after_run": int,  # the site's newest run when decided: later runs re-check it
        },
        "pk": "id",
    },
    # Availability probes (`govpatrol watch`): one row per request, days in Asia/Shanghai.
    "probes": {
        "columns": {
            "id": int, "site": str, "url": str, "kind": str, "checked_at": str, "day": str,
            "status": int, "error": str, "elapsed": float, "ok": int,
        },
        "pk": "id",
    },
}

INDEXES: dict[str, list[tuple[str, ...]]] = {
    "links": [("run_id", "page_url"), ("run_id", "url")],
    "pages": [("run_id", "column_url")],
    "findings": [("id",)],
    "link_checks": [("site", "url")],
    "attachments": [("site", "url")],
    "runs": [("site",)],
    "probes": [("site", "day")],
    "reviews": [("site", "finding_id")],
}


class StoreError(GovpatrolError):
    """The database cannot be opened or does not hold what was asked for."""


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def stored_version(conn: sqlite3.Connection, path: object) -> int:
    """The schema version of an open file (0: empty), read without writing anything.

    Raises StoreError for a file that is not govpatrol's: another program's application id or
    user_version, a table govpatrol never creates, or a govpatrol-named table with columns
    govpatrol never wrote (so another program's `pages` table is not altered either).
    """
    app_id = _pragma(conn, "application_id")
    version = _pragma(conn, "user_version")
    tables = {
        name: [row[1] for row in conn.execute(f"PRAGMA table_info([{name}])")]
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }

    def foreign(why: str) -> StoreError:
        return StoreError(f"不是 govpatrol 的数据库，未做任何修改 (not a govpatrol database, left "
                          f"untouched) {path}: {why}")

    if app_id not in (0, APPLICATION_ID):
        raise foreign(f"application_id {app_id:#x}")
    if app_id == 0 and version != 0:
        raise foreign(f"user_version {version}")
    others = sorted(set(tables) - set(TABLES))
    if others:
        raise foreign("表 (tables) " + ", ".join(others[:5]))
    for name, columns in tables.items():
        unknown = sorted(set(columns) - set(TABLES[name]["columns"]))
        if unknown:
            raise foreign(f"{name}.{unknown[0]}")
    if app_id == 0:
        return 1 if tables else 0
    if version > SCHEMA_VERSION:
        raise StoreError(f"数据库由更新版本的 govpatrol 写入 (database written by a newer "
                         f"govpatrol: schema {version} > {SCHEMA_VERSION}) {path}")
    return version


_TYPES = {int: "INTEGER", str: "TEXT", float: "REAL"}


def create_table_sql(name: str) -> str:
    """The CREATE TABLE statement of a table (as sqlite-utils wrote it for version 1)."""
    spec = TABLES[name]
    pk = spec["pk"]
    lines = [f'"{column}" {_TYPES[kind]}' + (" PRIMARY KEY" if column == pk else "")
             for column, kind in spec["columns"].items()]
    if isinstance(pk, tuple):
        lines.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in pk) + ")")
    return f'CREATE TABLE IF NOT EXISTS "{name}" (\n   ' + ",\n   ".join(lines) + "\n)"


def create_index_sql(name: str, columns: tuple[str, ...]) -> str:
    """CREATE INDEX under the name sqlite-utils gave it, so version-1 files keep theirs."""
    return (f'CREATE INDEX IF NOT EXISTS "idx_{name}_{"_".join(columns)}" ON "{name}" ('
            + ", ".join(f'"{c}"' for c in columns) + ")")


def _create(conn: sqlite3.Connection) -> None:
    """Every table and index of the current version; existing tables gain missing columns."""
    for name, spec in TABLES.items():
        conn.execute(create_table_sql(name))
        existing = {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')}
        for column, kind in spec["columns"].items():  # only ever add, never drop or rename
            if column not in existing:
                conn.execute(f'ALTER TABLE "{name}" ADD COLUMN "{column}" {_TYPES[kind]}')
        for columns in INDEXES.get(name, []):
            conn.execute(create_index_sql(name, columns))


def _from_1(conn: sqlite3.Connection) -> None:
    """Unversioned files: tables added late (probes) and columns added over time."""
    _create(conn)


def _from_2(conn: sqlite3.Connection) -> None:
    """pages.hidden_links: pages crawled before have none recorded (NULL), not "none found"."""
    _create(conn)


def _from_3(conn: sqlite3.Connection) -> None:
    """findings.linked_from, pages.mirror_of: rows stored before have none (NULL)."""
    _create(conn)


def _from_4(conn: sqlite3.Connection) -> None:
    """pages.header: pages stored before have none (NULL): their header is not judged."""
    _create(conn)


def _from_5(conn: sqlite3.Connection) -> None:
    """The reviews table: no decision recorded yet, every finding stays 未整改."""
    _create(conn)


def _from_6(conn: sqlite3.Connection) -> None:
    """attachments, variants, pages.script_redirects: earlier runs have none recorded."""
    _create(conn)


def _from_7(conn: sqlite3.Connection) -> None:
    """accounts.source_state ..., link_checks.title, link_checks.sample: rows stored before have
    none (NULL, not recorded), so their external links are not judged against nothing."""
    _create(conn)


def _from_8(conn: sqlite3.Connection) -> None:
    """findings.page_url: findings stored before name the linking page in their message only."""
    _create(conn)


def _from_9(conn: sqlite3.Connection) -> None:
    """pages.scripts, script_files: earlier runs read no script file (nothing, not clean)."""
    _create(conn)


def _from_10(conn: sqlite3.Connection) -> None:
    """search_probes: earlier runs have no probe recorded (their search is not judged)."""
    _create(conn)


def _from_11(conn: sqlite3.Connection) -> None:
    """host_checks: earlier runs have none (their IPv6 and HTTPS are not judged)."""
    _create(conn)


def _from_12(conn: sqlite3.Connection) -> None:
    """text_scans: earlier runs have none stored (their pages are scanned by the audit)."""
    _create(conn)


#: version -> the step that brings a file of that version to the next one.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _from_1, 2: _from_2, 3: _from_3, 4: _from_4, 5: _from_5, 6: _from_6, 7: _from_7,
    8: _from_8, 9: _from_9, 10: _from_10, 11: _from_11, 12: _from_12}


def ensure_schema(conn: sqlite3.Connection, path: object) -> None:
    """Check the file (`stored_version`), then create (version 0) or migrate it to
    SCHEMA_VERSION in one transaction. Checked again under the write lock: another process
    (the crawl's writer, the link checker) may be opening the same new file."""
    if stored_version(conn, path) == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = stored_version(conn, path)
        if version == 0:
            _create(conn)
        for step in range(version, SCHEMA_VERSION) if version else ():
            MIGRATIONS[step](conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
