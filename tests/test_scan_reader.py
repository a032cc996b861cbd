"""How the audit reads the stored text scans (govpatrol/store/scans.py, ScanReader).

The prescan worker may keep storing scans while the audit runs. The audit must see them (else
both processes scan the same texts) and must get exactly the stored row for a (page, key), in
whatever window of pages it is read: a wrong row would be a wrong finding.
"""

from __future__ import annotations

import random
from datetime import date

from govpatrol.model import Page
from govpatrol.store import Store
from govpatrol.store.scans import ROWS, WINDOW

SITE = "示例县人民政府"
HOME = "http://127.0.0.1:8000/"


def _run(store: Store, urls: list[str]) -> int:
    run_id = store.start_run(SITE, HOME, date(2026, 11, 20), {"mode": "site"})
    for url in urls:
        store.save_page(run_id, Page(site=SITE, url=url, status=200, kind="detail",
                                     title="关于做好防汛工作的通知",
                                     text="各乡镇人民政府，县直各部门：现将有关事项通知如下。"),
                        commit=False)
    store.conn.commit()
    return run_id


def test_scans_stored_while_the_audit_reads_the_pages_are_used(tmp_path):
    """A worker's scan committed after the audit opened its page cursor is handed to the audit
    (on the store's own connection the cursor's read transaction hid it)."""
    db = tmp_path / "store.db"
    store = Store(db)
    urls = [f"{HOME}c1/t{i:03d}.html" for i in range(30)]
    run_id = _run(store, urls)
    records = store.site_records(run_id)
    pages = records.iter_pages()
    first = next(pages)  # the audit is reading: its cursor is open
    worker = Store(db)
    worker.save_text_scans(run_id, [(url, "k1", f"[\"{url}\"]") for url in urls])
    worker.close()
    assert records.text_scans is not None
    seen = [records.text_scans(first.url, "k1")]
    seen += [records.text_scans(page.url, "k1") for page in pages]
    assert seen == [f"[\"{url}\"]" for url in urls]
    assert records.text_scans(urls[0], "another key") is None
    store.close()


def test_every_lookup_gets_its_own_row_in_any_window(tmp_path):
    """Many pages, several keys on some, one page with more keys than a read returns, pages
    without scans, lookups in page order and out of it: each answer is the stored row."""
    db = tmp_path / "store.db"
    store = Store(db)
    urls = [f"{HOME}c{c}/t{i:04d}.html" for c in range(3) for i in range(WINDOW * 2)]
    run_id = _run(store, urls)
    rng = random.Random(3)
    rows = []
    for url in urls:
        keys = 0 if rng.random() < 0.2 else 1 + (rng.random() < 0.1)
        rows += [(url, f"key{k}", f"[{k},\"{url}\"]") for k in range(keys)]
    crowded = urls[WINDOW]
    rows += [(crowded, f"many{k:04d}", f"[\"many{k}\"]") for k in range(ROWS + 5)]
    store.save_text_scans(run_id, rows)
    stored = {(url, key): hits for url, key, hits in rows}
    reader = store.scan_reader(run_id)
    asks = [(url, key) for url in urls for key in ("key0", "key1", "nokey")]
    asks += [(crowded, f"many{k:04d}") for k in (0, ROWS - 1, ROWS + 4)]
    asks.insert(WINDOW + 3, (crowded, "many0002"))
    shuffled = asks[:]
    rng.shuffle(shuffled)
    for order in (asks, shuffled):
        assert [reader(url, key) for url, key in order] == [stored.get(a) for a in order]
    assert reader.queries < len(asks)  # a window of pages per query, not one per page
    store.close()


def test_an_in_memory_store_reads_its_own_scans():
    store = Store(":memory:")
    run_id = _run(store, [f"{HOME}a.html"])
    store.save_text_scans(run_id, [(f"{HOME}a.html", "k", "[]")])
    assert store.site_records(run_id).text_scans(f"{HOME}a.html", "k") == "[]"
    store.close()


def test_a_batch_the_busy_store_would_not_take_is_left_to_the_audit(tmp_path, monkeypatch):
    """Another writer holding the store past the busy timeout (a 50,000-page crawl did, and
    the prescan worker died of it): the batch is not stored, the worker is told so and goes
    on; the next batch is stored once the writer is done."""
    import sqlite3

    import govpatrol.store.base as base

    monkeypatch.setattr(base, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "store.db"
    store = Store(db)
    run_id = _run(store, [f"{HOME}a.html", f"{HOME}b.html"])
    writer = sqlite3.connect(db)
    writer.execute("BEGIN IMMEDIATE")  # the crawl's long write
    assert store.save_text_scans(run_id, [(f"{HOME}a.html", "k", "[]")]) is False
    writer.rollback()
    assert store.save_text_scans(run_id, [(f"{HOME}b.html", "k", "[]")]) is True
    assert store.text_scan(run_id, f"{HOME}a.html", "k") is None  # the audit scans it
    assert store.text_scan(run_id, f"{HOME}b.html", "k") == "[]"
    writer.close()
