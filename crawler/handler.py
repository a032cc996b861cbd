"""The patrol's HTTP download handler: Scrapy's HTTP/1.1 handler, host names encoded once.

Twisted builds a new endpoint for every request, and every endpoint encodes its host name
with the `idna` package (IDNA 2008 checks, label by label, in Python): ~2% of the reactor
thread's time in a 5,000-page crawl, for the one or two host names a site has. The encoding
is a pure function of the name, so it is remembered (bounded). Scrapy installs its own
fallbacks around Twisted's functions first (emoji and underscore host names); the memo wraps
whatever is installed, so those fallbacks stay in force.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

#: Host names remembered; a crawl sees a handful, a link-heavy portal a few hundred.
IDNA_MEMO = 4096


class PatrolDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)  # installs Scrapy's IDNA fallbacks
        remember_idna()


def remember_idna() -> None:
    """Twisted's endpoint module encodes host names through the memo (once per process)."""
    from twisted.internet import endpoints

    for name in ("_idnaBytes", "_idnaText"):
        function = getattr(endpoints, name, None)
        if function is not None and not hasattr(function, "cache_info"):
            setattr(endpoints, name, lru_cache(maxsize=IDNA_MEMO)(function))
