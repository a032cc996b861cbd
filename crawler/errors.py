"""Names for fetch failures, as findings.md spells them (`timeout`, `dns`, `tls`, ...)."""

from __future__ import annotations

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from twisted.internet import error as neterr
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from govpatrol.crawler.middlewares import OutOfScope

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


#: Request meta key: body bytes received so far (the spider counts them on `bytes_received`).
RECEIVED = "govpatrol_received"


def error_name(failure: Failure, maxsize: int = 0) -> str:
    """`maxsize`: DOWNLOAD_MAXSIZE, to tell a body cut off for size (Scrapy cancels it without
    a message when no Content-Length announced it) from any other cancelled download."""
    exc = failure.value
    text = str(exc)
    if isinstance(exc, OutOfScope):
        return "out_of_scope"
    if too_large(exc, getattr(failure, "request", None), maxsize):
        return "too_large"
    if isinstance(exc, IgnoreRequest):
        if "redirection" in text:
            return "redirect_loop"
        if "robots" in text.lower():
            return "robots_forbidden"
        return "ignored"
    if "SSL" in type(exc).__name__ or "ssl" in text.lower() or "certificate" in text.lower():
        return "tls"
    for kinds, name in _BY_TYPE:
        if isinstance(exc, kinds):
            return name
    if TunnelError and isinstance(exc, TunnelError):
        return "proxy"
    return type(exc).__name__


def too_large(exc: BaseException, request: object, maxsize: int) -> bool:
    """A response Scrapy dropped for its size: announced larger than DOWNLOAD_MAXSIZE,
    received larger than it, or inflating beyond it (a decompression bomb, which
    HttpCompressionMiddleware turns into an IgnoreRequest that used to end as `ignored`)."""
    text = f"{exc} {exc!r}"
    if "larger than download max size" in text or "DOWNLOAD_MAXSIZE" in text \
            or "maxsize" in text.lower():
        return True
    cancelled = _scrapy("DownloadCancelledError")
    received = getattr(request, "meta", {}).get(RECEIVED, 0)
    return bool(cancelled and isinstance(exc, cancelled) and maxsize and received > maxsize)
