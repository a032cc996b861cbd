"""A time line of the link-check process, for benchmarks/links.py: what was still open when the
crawl ended, and why (found late, waiting for a host slot, waiting for a reader).

Off unless GOVPATROL_LINK_TRACE names a file; then one line per event is appended to it:
`<monotonic seconds> <event> <url>`. CLOCK_MONOTONIC is the machine's, so the benchmark can
set these times beside its own. Events: found (the crawl stored the link), start (a request
slot of the host and of the checker held), done (the check's verdict), read_wait (the
attachment's bytes are in, waiting for a reader), read (its text read), crawl_over (the crawl
ended, seen by the checker), end (every check done), cpu (in place of the URL: the CPU
seconds of the process / of its readers, at its very end).
"""

from __future__ import annotations

import os
import time
from typing import TextIO

ENV = "GOVPATROL_LINK_TRACE"


class Trace:
    """Appends events to the file ENV names; does nothing when it is unset."""

    def __init__(self) -> None:
        path = os.environ.get(ENV, "").strip()
        # open for the process's life, closed by close()
        self.handle: TextIO | None = (open(path, "a", encoding="utf-8")  # noqa: SIM115
                                       if path else None)

    def __call__(self, event: str, url: str = "") -> None:
        if self.handle is not None:
            self.handle.write(f"{time.monotonic():.3f} {event} {url}\n")

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
