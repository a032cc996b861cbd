"""Names for fetch failures, as findings.md spells them (`timeout`, `dns`, `tls`, ...)."""

from __future__ import annotations

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from twisted.internet import error as neterr
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from govpatrol.crawler.scope import OutOfScope

try:  # scrapy-internal, present in all supported versions
    from scrapy.core.downloader.handlers.http11 import TunnelError
except ImportError:  # pragma: no cover
    TunnelError = ()  # type: ignore[assignment,misc]

def _scrapy(*names: str) -> tuple[type, ...]:
    """Scrapy >= 2.14 wraps network errors in its own types; older ones pass Twisted's."""
    return tuple(getattr(scrapy_errors, n) for n in names if hasattr(scrapy_errors, n))


_BY_TYPE: list[tuple[type | tuple, str]] = [
    (_scrapy("DownloadTimeoutError"), "timeout"),
    (_scrapy("DownloadConnectionRefusedError"), "connection_refused"),
    (_scrapy("CannotResolveHostError"), "dns"),
    (_scrapy("ResponseDataLossError", "DownloadFailedError"), "connection_lost"),
    ((neterr.TimeoutError, neterr.TCPTimedOutError), "timeout"),
    (neterr.ConnectionRefusedError, "connection_refused"),
    (neterr.DNSLookupError, "dns"),
    ((neterr.ConnectionLost, neterr.ConnectionDone, ResponseNeverReceived, ResponseFailed),
     "connection_lost"),
    (neterr.NoRouteError, "no_route"),
]


def error_name(failure: Failure) -> str:
    exc = failure.value
    text = str(exc)
    if isinstance(exc, OutOfScope):
        return "out_of_scope"
    if isinstance(exc, IgnoreRequest):
        if "redirection" in text:
            return "redirect_loop"
        if "robots" in text.lower():
            return "robots_forbidden"
        return "ignored"
    if "SSL" in type(exc).__name__ or "ssl" in text.lower() or "certificate" in text.lower():
        return "tls"
    if "larger than" in text or "maxsize" in text.lower():
        return "too_large"
    for kinds, name in _BY_TYPE:
        if isinstance(exc, kinds):
            if name == "connection_lost" and ("larger than" in repr(exc) or "maxsize" in repr(exc)):
                return "too_large"
            return name
    if TunnelError and isinstance(exc, TunnelError):
        return "proxy"
    return type(exc).__name__
