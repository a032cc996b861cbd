"""Attachment readings shared between identical files: the same bytes are read once.

A government CMS stores every upload under a new name, so one form (报名表.doc, 申请表.pdf)
attached to many articles is the same file at many URLs. Reading it is the costliest step of a
check (pdftotext is a process of its own), and the outcome depends only on the bytes, the
extension and the limits, which are the patrol's: the first reading serves the others, also
while it is still running. A reader's `timeout` is not shared (the machine was busy, not the
file bad): the next copy is read again.

Bounded: the memo forgets everything once it holds MAX_ENTRIES files or MAX_CHARS characters
of text, so a site of large distinct attachments costs no more memory than without it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace

from govpatrol.crawler.extract.documents import Extracted

MAX_ENTRIES = 2048
MAX_CHARS = 4_000_000
#: Outcomes that say more about the moment than about the file: never shared.
NOT_SHARED = frozenset({"timeout"})


class SharedReadings:
    """(content digest, extension) -> the reading of those bytes, bounded."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_chars: int = MAX_CHARS) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.readings: dict[tuple[str, str], asyncio.Future[Extracted]] = {}
        self.chars = 0
        self.shared = 0  # readings served from an identical file's

    async def read(self, digest: str, ext: str,
                   reader: Callable[[], Awaitable[Extracted]]) -> Extracted:
        """The reading of a file with this digest and extension: an identical file's (done or
        under way), else `reader()`'s."""
        key = (digest, ext)
        earlier = self.readings.get(key)
        if earlier is not None:
            got = await asyncio.shield(earlier)
            if got.state not in NOT_SHARED:
                self.shared += 1
                return replace(got)  # a copy: the caller may not share the object
            return await reader()
        if len(self.readings) >= self.max_entries or self.chars >= self.max_chars:
            self.readings.clear()
            self.chars = 0
        future: asyncio.Future[Extracted] = asyncio.get_running_loop().create_future()
        self.readings[key] = future
        try:
            got = await reader()
        except BaseException:  # the waiting copies read for themselves
            self.readings.pop(key, None)
            future.set_result(Extracted(state="timeout"))
            raise
        future.set_result(got)
        if got.state in NOT_SHARED:
            self.readings.pop(key, None)
        else:
            self.chars += len(got.text)
        return got
