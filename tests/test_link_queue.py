"""The link checker's work queue (`Store.link_targets_since`): the links one run stored after a
given row, in the order they were stored, and a poll that costs what is new, not what the run
stored before it (the checker polls it every 0.3 s beside the crawl). Real SQLite."""

from __future__ import annotations

from datetime import date

from govpatrol.model import Link, Page
from govpatrol.store import Store

BASE = "http://127.0.0.1:8000"


def _page(n: int, links: int) -> Page:
    return Page(site="江河市", url=f"{BASE}/p{n}.html", status=200, kind="detail",
                text="正文", title=f"第{n}页",
                links=[Link(f"{BASE}/t{n}_{i}.html", "a", f"链接{i}") for i in range(links)])


def _steps(store: Store, run_id: int, after: int) -> int:
    """SQLite virtual-machine steps one poll takes (counted in hundreds)."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    store.conn.set_progress_handler(count, 100)
    try:
        store.link_targets_since(run_id, after)
    finally:
        store.conn.set_progress_handler(None, 0)
    return steps


def test_the_queue_is_one_runs_links_in_stored_order_after_a_row(tmp_path) -> None:
    store = Store(tmp_path / "g.db")
    first = store.start_run("江河市", f"{BASE}/", date(2026, 11, 20), {"mode": "site"})
    second = store.start_run("江河市", f"{BASE}/", date(2026, 11, 21), {"mode": "site"})
    for n in range(6):  # two runs writing side by side
        store.save_page(first if n % 2 else second, _page(n, 3))
    rows = store.link_targets_since(second, 0)
    assert [url for _, url, _ in rows] == [f"{BASE}/t{n}_{i}.html" for n in (0, 2, 4)
                                         for i in range(3)]
    assert all(kind == "a" for _, _, kind in rows)
    rowids = [rowid for rowid, _, _ in rows]
    assert rowids == sorted(rowids)
    after = store.link_targets_since(second, rowids[4])
    assert [url for _, url, _ in after] == [url for _, url, _ in rows[5:]]
    assert [url for _, url, _ in store.link_targets_since(second, 0, limit=2)] == \
        [url for _, url, _ in rows[:2]]
    assert store.link_targets_since(second, rowids[-1]) == []
    store.close()


def test_a_poll_after_the_last_row_does_not_read_the_runs_earlier_links(tmp_path) -> None:
    store = Store(tmp_path / "g.db")
    run_id = store.start_run("江河市", f"{BASE}/", date(2026, 11, 20), {"mode": "site"})
    store.save_page(run_id, _page(0, 50))
    small = _steps(store, run_id, store.link_targets_since(run_id, 0)[-1][0])
    with store.transaction():
        for n in range(1, 400):  # 20,000 links: a crawl of a few hundred pages
            store.save_page(run_id, _page(n, 50), commit=False)
    last = store.link_targets_since(run_id, 0, limit=100_000)[-1][0]
    large = _steps(store, run_id, last)
    assert large <= small + 2, (small, large)
    store.close()
