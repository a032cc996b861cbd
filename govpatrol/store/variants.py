"""Variants: sampled pages fetched again as Baiduspider, a phone and a search visitor."""

from __future__ import annotations

import random
from collections.abc import Iterable

from govpatrol.model import Variant
from govpatrol.store.base import StoreBase, now


class VariantsTable(StoreBase):
    def variant_sample(self, run_id: int, home_url: str, size: int) -> list[str]:
        """The home page and up to `size` other pages of the run that answered, a sample that
        is the same for the same run (seeded by its id)."""
        urls = sorted(url for (url,) in self.conn.execute(
            "SELECT url FROM pages WHERE run_id = ? AND error IS NULL AND status = 200"
            " AND url != ?", [run_id, home_url]))
        picked = random.Random(run_id).sample(urls, min(size, len(urls)))
        home = [home_url] if self._first(
            "SELECT 1 AS x FROM pages WHERE run_id = ? AND url = ?", [run_id, home_url]) else []
        return home + sorted(picked)

    def save_variants(self, run_id: int, site: str, variants: Iterable[Variant]) -> None:
        stamp = now()
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO variants (run_id, site, url, agent, status, final_url,"
                " title, text, error, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, site, v.url, v.agent, v.status, v.final_url, v.title, v.text,
                  v.error, stamp) for v in variants])

    def variants(self, run_id: int) -> list[Variant]:
        return [Variant(url=url, agent=agent, status=status, final_url=final_url,
                        title=title or "", text=text or "", error=error)
                for url, agent, status, final_url, title, text, error in self.conn.execute(
                    "SELECT url, agent, status, final_url, title, text, error FROM variants"
                    " WHERE run_id = ? ORDER BY url, agent", [run_id])]
