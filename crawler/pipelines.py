"""The store pipeline: every record the spider yields goes to SQLite, off the crawl's thread.

A single writer thread owns the database connection and commits small batches (at most a fifth
of a second apart). SQLite does its work without the GIL, so storage runs on the second core
while Scrapy parses on the first; a killed crawl loses only the records still in the queue,
which are, in effect, the pages in flight. The reactor hands records over in small lists (at
most HANDOVER_RECORDS, or every HANDOVER_SECONDS): waking the writer thread for every record
cost the reactor a GIL hand-off each time.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from govpatrol.crawler.records import (
    AccountRecord,
    ArticleRecord,
    ColumnRecord,
    ItemsRecord,
    PageRecord,
    ReusedPageRecord,
)
from govpatrol.store import Store

log = logging.getLogger(__name__)

BATCH_SECONDS = 0.2
BATCH_RECORDS = 200
HANDOVER_RECORDS = 50
HANDOVER_SECONDS = 0.1
_STOP = object()


class StoreWriter(threading.Thread):
    """Owns the Store; applies records in batches of one transaction each."""

    def __init__(self, store_path: str, run_id: int) -> None:
        super().__init__(name="govpatrol-store-writer", daemon=True)
        self.store_path = store_path
        self.run_id = run_id
        # lists of records (see HANDOVER_RECORDS): at most 5,000 records waiting
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=5000 // HANDOVER_RECORDS)
        self._handover: list[Any] = []
        self.error: BaseException | None = None
        self.written = 0
        self.writers: dict[type, Callable[[Store, Any], None]] = {
            PageRecord: self._page,
            ColumnRecord: self._column,
            ItemsRecord: self._items,
            ReusedPageRecord: self._reused,
            AccountRecord: self._account,
            ArticleRecord: self._article,
        }

    def run(self) -> None:
        store = Store(self.store_path)
        try:
            done = False
            while not done:
                batch = list(self.queue.get())
                deadline = time.monotonic() + BATCH_SECONDS
                while len(batch) < BATCH_RECORDS and batch[-1:] != [_STOP]:
                    timeout = deadline - time.monotonic()
                    if timeout <= 0:
                        break
                    try:
                        batch.extend(self.queue.get(timeout=timeout))
                    except queue.Empty:
                        break
                if batch[-1:] == [_STOP]:
                    batch.pop()
                    done = True
                self._apply(store, batch)
        except BaseException as exc:  # reported by close(): a store failure must not pass unseen
            self.error = exc
            log.exception("store writer failed")
        finally:
            store.close()

    def _apply(self, store: Store, batch: list[Any]) -> None:
        if not batch:
            return
        with store.transaction():
            for record in batch:
                self.writers[type(record)](store, record)
        self.written += len(batch)

    def put(self, record: Any) -> None:
        if self.error is not None:
            raise RuntimeError(f"数据库写入失败 (store writer failed): {self.error}")
        self._handover.append(record)
        if len(self._handover) >= HANDOVER_RECORDS:
            self.flush()

    def flush(self) -> None:
        """The records put so far, to the writer thread."""
        if self._handover:
            records, self._handover = self._handover, []
            self.queue.put(records)

    def close(self) -> None:
        self.flush()
        self.queue.put([_STOP])
        self.join()
        if self.error is not None:
            raise RuntimeError(f"数据库写入失败 (store writer failed): {self.error}")

    def _page(self, store: Store, record: PageRecord) -> None:
        store.save_page(self.run_id, record.page, column_url=record.column_url,
                        extra=record.extra, commit=False)

    def _reused(self, store: Store, record: ReusedPageRecord) -> None:
        store.copy_page(record.source_run, self.run_id, record.url,
                        column_url=record.column_url, commit=False)

    def _account(self, store: Store, record: AccountRecord) -> None:
        store.save_account(self.run_id, record.site, record.name, record.url,
                           record.department, commit=False, source_state=record.source_state,
                           source_updated=record.source_updated, mass_only=record.mass_only)

    def _article(self, store: Store, record: ArticleRecord) -> None:
        store.save_article(self.run_id, record.account, record.item, commit=False)

    def _column(self, store: Store, record: ColumnRecord) -> None:
        store.save_column(self.run_id, record.column, commit=False)

    def _items(self, store: Store, record: ItemsRecord) -> None:
        store.save_items(self.run_id, record.site, record.column_url, record.items,
                         record.start, commit=False)


class StorePipeline:
    def __init__(self, store_path: str, run_id: int) -> None:
        self.writer = StoreWriter(store_path, run_id)
        self._flusher: Any = None

    @classmethod
    def from_crawler(cls, crawler) -> StorePipeline:
        settings = crawler.settings
        return cls(settings.get("GOVPATROL_DB"), settings.getint("GOVPATROL_RUN_ID"))

    def open_spider(self, spider=None) -> None:
        from twisted.internet import task

        self.writer.start()
        self._flusher = task.LoopingCall(self.writer.flush)
        self._flusher.start(HANDOVER_SECONDS, now=False)

    def close_spider(self, spider=None) -> None:
        if self._flusher is not None and self._flusher.running:
            self._flusher.stop()
        self.writer.close()

    def process_item(self, item: Any, spider=None) -> Any:
        self.writer.put(item)
        return item
