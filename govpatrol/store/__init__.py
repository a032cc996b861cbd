"""The SQLite store: the boundary between crawling, auditing and reporting.

Every stage reads from and writes to it, so each can be re-run alone (`govpatrol report`
re-renders without crawling). Rows are committed as they arrive (in batches at most a fifth of
a second apart) and the file is in WAL mode, so a killed crawl loses at most the pages in
flight and the database stays readable.

`Store` is the one door: every SQL statement of govpatrol is a named method of it, grouped by
the tables it touches (runs, pages, links, attachments, variants, script files, findings,
probes, reviews, search probes, host checks, text scans: one module each); the schema and its
version are in `schema.py`. Nothing else opens the file.
"""

from __future__ import annotations

from collections.abc import Callable

from govpatrol.model import SiteRecords
from govpatrol.store.attachments import AttachmentsTable
from govpatrol.store.findings import FindingsTable
from govpatrol.store.hosts import HostsTable
from govpatrol.store.links import LinksTable
from govpatrol.store.pages import PagesTable
from govpatrol.store.probes import ProbesTable
from govpatrol.store.reviews import ReviewsTable
from govpatrol.store.runs import RunsTable
from govpatrol.store.scans import ScansTable
from govpatrol.store.schema import SCHEMA_VERSION, StoreError
from govpatrol.store.scripts import ScriptFilesTable
from govpatrol.store.search import SearchTable
from govpatrol.store.variants import VariantsTable
from govpatrol.store.writable import check_writable


class Store(RunsTable, PagesTable, LinksTable, AttachmentsTable, VariantsTable, ScriptFilesTable,
            FindingsTable, ProbesTable, ReviewsTable, SearchTable, HostsTable, ScansTable):
    """One SQLite file per deployment; runs are kept side by side for history."""

    def site_records(self, run_id: int,
                     canonical: Callable[[str], str] = str) -> SiteRecords:
        """What the auditors read of a run. `canonical`: the crawler's URL rule, so a link
        written differently from the URL its page is stored under still finds its page."""
        run = self.run(run_id)
        if run is None:
            raise StoreError(f"没有这次巡检 (no such run): {run_id}")
        return SiteRecords(
            site=run["site"], home_url=run["url"], columns=self.columns(run_id),
            pages=lambda: self.iter_pages(run_id),
            link_status=self.link_statuses(run_id, canonical),
            accounts=self.accounts(run_id),
            attachments=lambda: self.iter_attachments(run_id),
            pages_with=lambda needles: self.iter_pages(run_id, with_links=False,
                                                       containing=needles),
            variants=self.variants(run_id),
            script_files=self.script_evidence(run_id),
            search=self.search_probes(run_id),
            hosts=self.host_checks(run_id),
            text_scans=self.scan_reader(run_id),
        )


__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "check_writable"]
