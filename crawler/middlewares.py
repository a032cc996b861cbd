"""Downloader middlewares."""

from __future__ import annotations

import asyncio
import codecs
import logging
import re
from email.utils import parsedate_to_datetime

from charset_normalizer import from_bytes
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.stats import DownloaderStats, get_status_size
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

log = logging.getLogger(__name__)

#: How much of a page the detector reads: enough Chinese text to decide, cheap on huge pages.
DETECT_BYTES = 64 * 1024


class OutOfScope(IgnoreRequest):
    """A request the scope refuses (an off-site redirect, an excluded path): never fetched.
    Here, beside the middleware that raises it, not in crawler.scope: the link checker uses
    the scope without Scrapy, and importing Scrapy cost every patrol's link-check process
    about a third of its start."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"out of scope ({reason}): {url}")
        self.url, self.reason = url, reason


#: Request meta key: the charset a page declared when its bytes are in another one.
DECLARED_ENCODING = "declared_encoding"
#: At most this share of a UTF-8-declared page's non-ASCII characters may be invalid bytes for
#: the page to stay UTF-8 with replacement characters, as browsers show it.
MAX_BAD_UTF8 = 0.05


class ChineseEncodingMiddleware:
    """Decode pages by their declared charset, by detection when they declare none or lie.

    Older government sites serve GBK / GB2312 / GB18030 with the charset only in `<meta>`, only
    in the HTTP header, or nowhere. Scrapy honours the first two (and w3lib maps gb2312 and gbk
    to gb18030, their superset); for the third it would fall back to cp1252 and store mojibake.

    A declaration is followed as browsers follow it: a UTF-8 page with a few invalid bytes (a
    bad paste) stays UTF-8 with replacement characters; sending it to detection turned the
    whole page into GB18030 mojibake (false traditional characters, real typos missed). Only
    bytes that do not match their label at all (a GBK page under a copied UTF-8 template, a
    UTF-8 page labelled GB2312) are decoded by detection, and the request's meta keeps the
    false label (DECLARED_ENCODING) so the page is reported as an encoding problem.
    """

    def process_response(self, request, response: Response, spider=None) -> Response:
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if read_bom(response.body)[0]:
            return response
        declared = http_content_type_encoding(content_type) or html_body_declared_encoding(
            response.body
        )
        sample = response.body[:DETECT_BYTES]
        if declared is None:
            if _is_utf8(sample):
                return response.replace(encoding="utf-8")
            return self._detected(request, response, _chinese_encoding(sample))
        if declared in ("utf-8", "utf8"):
            if _mostly_utf8(sample):
                return response
            # "UTF-8" on bytes that are not (a GBK page with a copied template)
            return self._detected(request, response, _chinese_encoding(sample), declared)
        if _is_utf8(sample) and _non_ascii(sample) and declared in _CHINESE_LEGACY:
            # a legacy Chinese label on UTF-8 bytes: they would decode as GB18030 mojibake
            return self._detected(request, response, "utf-8", declared)
        return response

    @staticmethod
    def _detected(request, response: Response, encoding: str,
                  declared: str | None = None) -> Response:
        # `request`, not response.request: Scrapy sets that only after the middlewares
        log.debug("detected %s for %s (declared %s)", encoding, response.url, declared)
        if declared is not None and request is not None:
            request.meta[DECLARED_ENCODING] = declared
        return response.replace(encoding=encoding)


#: Labels w3lib normalises the GB and Big5 families to.
_CHINESE_LEGACY = frozenset({"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp936"})


def _non_ascii(sample: bytes) -> bool:
    return any(byte > 127 for byte in sample)


def _mostly_utf8(sample: bytes) -> bool:
    """UTF-8 but for a few invalid bytes: at most MAX_BAD_UTF8 of its non-ASCII characters."""
    if _is_utf8(sample):
        return True
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 127)
    return bad <= MAX_BAD_UTF8 * wide


def _is_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 4  # only cut in the middle of the last character
    return True


def _chinese_encoding(sample: bytes) -> str:
    """GB18030 or Big5 when the bytes decode cleanly to Chinese; else ask charset-normalizer.

    A generic detector often calls a short GBK page cp949 (Korean): on government sites the
    Chinese encodings are the overwhelmingly likely ones, so they are tried first.
    """
    best_name, best_score = None, 0.0
    for name in ("gb18030", "big5"):
        try:
            text = sample.decode(name)
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 4:
                continue
            text = sample[: exc.start].decode(name)
        wide = [ch for ch in text if ord(ch) > 127]
        if not wide:
            continue
        score = sum(1 for ch in wide if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                    or "\uff00" <= ch <= "\uffef") / len(wide)
        if score > best_score:
            best_name, best_score = name, score
    if best_name and best_score >= 0.9:
        return best_name
    best = from_bytes(sample).best()
    return best.encoding if best else "gb18030"


#: Scrapy looks for a meta refresh in a page's first 4,096 characters: at most 4 bytes each in
#: every ASCII-compatible encoding (UTF-8, GB18030, Big5).
REFRESH_SCAN_BYTES = 4 * 4096
_REFRESH = re.compile(rb"[Rr][Ee][Ff][Rr][Ee][Ss][Hh]")


class CheapMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware, asked only when the page can hold a meta refresh.

    Scrapy's looks for `<meta http-equiv="refresh">` by decoding the whole body of every
    HTML page on the reactor thread (`response.text`), ~3% of a patrol's crawl, when almost no
    page has one. The word "refresh" is ASCII in every encoding Chinese sites use; a page
    whose first REFRESH_SCAN_BYTES bytes lack it cannot redirect by meta refresh and goes on
    untouched. Any other page, and any page in an encoding that is not ASCII-compatible
    (UTF-16), is Scrapy's to judge as before.
    """

    def process_response(self, request, response: Response, spider=None):
        if (isinstance(response, HtmlResponse) and _ascii_compatible(response.encoding)
                and not _REFRESH.search(response.body, 0, REFRESH_SCAN_BYTES)):
            return response
        return super().process_response(request, response)


def _ascii_compatible(encoding: str) -> bool:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return not name.startswith(("utf-16", "utf-32"))


class CrawlStats(DownloaderStats):
    """Scrapy's DownloaderStats without the request's byte count.

    Scrapy's counts each request's bytes by writing the whole request out as HTTP text
    (`request_httprepr`: URL parsing, every header), for every request on the reactor thread;
    nothing here reads `downloader/request_bytes`. The counters the run reads (requests,
    responses, their statuses and bytes: crawler.process, crawler.progress) are Scrapy's own,
    counted as Scrapy counts them.
    """

    def process_request(self, request, spider=None):
        self.stats.inc_value("downloader/request_count")
        self.stats.inc_value(f"downloader/request_method_count/{request.method}")
        return None

    def process_response(self, request, response: Response, spider=None) -> Response:
        """Scrapy's count and size; the headers' size read from their stored lists, without
        Scrapy's normalisation of every header again."""
        stats = self.stats
        stats.inc_value("downloader/response_count")
        stats.inc_value(f"downloader/response_status_count/{response.status}")
        headers = response.headers
        size = sum(2 + len(key) + len(value) for key, values in dict.items(headers)
                   for value in values) + 2 * (len(headers) - 1)
        stats.inc_value("downloader/response_bytes",
                        len(response.body) + size + get_status_size(response.status) + 4)
        return response


class ScopeMiddleware:
    """Redirects and meta refreshes are held to the site's scope, as links are.

    Scrapy follows a 3xx or a `<meta http-equiv=refresh>` by scheduling a new request; without
    this check a site page redirecting to another host (or to an excluded path) was fetched,
    stored and audited as a page of the site. Such a request is refused here (`OutOfScope`):
    the spider records nothing, and the link checker reports where the link leads.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> ScopeMiddleware:
        return cls(crawler)

    def process_request(self, request, spider=None):
        # Scrapy >= 2.13 no longer passes the spider: ask the crawler (the WeChat spider has
        # no scope of its own and is left alone)
        scope = getattr(spider or self.crawler.spider, "scope", None)
        if scope is None or not request.meta.get("redirect_urls"):
            return None
        reason = scope.page_reason(request.url)
        if reason is not None:
            log.info("重定向超出巡检范围，未抓取 (redirect out of scope, %s): %s <- %s", reason,
                     request.url, request.meta["redirect_urls"][0])
            raise OutOfScope(request.url, reason)
        return None


#: Answers that mean "slow down": retried after the advised wait, never a broken page.
THROTTLE_STATUSES = (429, 503)


class ThrottleRetryMiddleware:
    """429 and 503-with-Retry-After from the site's own pages: wait as advised, then retry.

    Scrapy's RetryMiddleware retries at once and AutoThrottle only looks at latency, so a site
    behind a rate limiter (20 requests/s is common) answered most of a patrol with 429s that
    became broken links and unreached columns. Here each such answer is held for its
    Retry-After (seconds or an HTTP date; without one 1, 2, 4 ... seconds), capped at
    GOVPATROL_THROTTLE_MAX_WAIT, while its host's download slot slows down (per-host backoff,
    which AutoThrottle then eases as answers come back 200). Waiting requests count against
    CONCURRENT_REQUESTS, so the crawl as a whole slows too. After
    GOVPATROL_THROTTLE_RETRIES tries the answer goes through marked `rate_limited` (stored as
    such: neither broken nor unreachable) and the stats tell the run it is incomplete.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.retries = crawler.settings.getint("GOVPATROL_THROTTLE_RETRIES", 8)
        self.max_wait = crawler.settings.getfloat("GOVPATROL_THROTTLE_MAX_WAIT", 60.0)

    @classmethod
    def from_crawler(cls, crawler) -> ThrottleRetryMiddleware:
        return cls(crawler)

    async def process_response(self, request, response: Response, spider=None):
        if response.status not in THROTTLE_STATUSES:
            return response
        advised = retry_after(response.headers.get(b"Retry-After"))
        if response.status == 503 and advised is None:
            return response  # a plain 503: RetryMiddleware's one retry, then a finding
        stats = self.crawler.stats
        tries = request.meta.get("throttle_retries", 0)
        stats.inc_value("govpatrol/throttled")
        if tries >= self.retries:
            stats.inc_value("govpatrol/throttled_exhausted")
            log.warning("网站持续限流，页面未能检查 (still throttled after %d retries): %s",
                        tries, request.url)
            request.meta["rate_limited"] = True
            return response
        wait = min(advised if advised is not None else 2.0 ** tries, self.max_wait)
        self._slow_down(request, wait)
        log.info("网站限流 (HTTP %d)，%.1f 秒后重试 (throttled, retrying): %s", response.status,
                 wait, request.url)
        await asyncio.sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["throttle_retries"] = tries + 1
        return retry

    def _slow_down(self, request, wait: float) -> None:
        """The host's slot spaces its requests out: at most `concurrency` per advised wait."""
        downloader = getattr(self.crawler.engine, "downloader", None)
        if downloader is None:
            return
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            slot.delay = max(slot.delay, min(wait / max(slot.concurrency, 1), 10.0))


def retry_after(value: bytes | None) -> float | None:
    """Retry-After in seconds: a number, or an HTTP date (RFC 9110); None when absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    from datetime import UTC, datetime

    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
