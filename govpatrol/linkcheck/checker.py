"""The link checker: each distinct target once, politely, without reporting live links dead.

HEAD first (no body), GET when HEAD is refused or unreliable (405, 501, 403, and HTML targets,
whose body soft-404 detection must read: at most READ_BYTES of it). Redirects are followed by
hand so a loop is named as one, and so every hop is held to the site's scope
(`govpatrol.crawler.scope`): a redirect to an excluded path, a robots-disallowed one or a private
address is not followed; the result is the redirect itself, pointing there. HTTP 429 is honoured
(Retry-After, back off, recheck later) and never reported dead; a connection error gets one retry.
A firewall or anti-bot challenge (瑞数 412, 加速乐 521, 403/503 challenge pages:
`govpatrol.crawler.extract.challenge`) is `blocked`: unknown, never dead.
"""

from __future__ import annotations

import asyncio
import email.utils
import errno
import logging
import math
import ssl
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import aiohttp
from lxml import html as lxml_html

from govpatrol.crawler.extract.challenge import CHALLENGE_STATUSES, challenge
from govpatrol.crawler.extract.text import visible_text
from govpatrol.crawler.settings import USER_AGENT
from govpatrol.linkcheck.soft404 import redirected_home, soft_404_reason

log = logging.getLogger(__name__)

READ_BYTES = 64 * 1024
#: Characters of an HTML target's visible text kept: enough for a parking notice or a casino's
#: pitch, little enough that thousands of external links stay a small table.
SAMPLE_CHARS = 1500
MAX_REDIRECTS = 10
#: Some servers refuse HEAD wrongly; a challenge is only told from a real error by its body.
RETRY_STATUSES = frozenset({405, 501, 400, 404}) | CHALLENGE_STATUSES - {429}
#: Connection errors get one more try; a timeout does not (it already waited its full limit).
RETRIED_ERRORS = frozenset({"connection_refused", "connection_lost", "dns", "connection_error"})
HTML_TYPES = ("text/html", "application/xhtml")
BROWSER_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
}


@dataclass(slots=True)
class CheckResult:
    url: str
    status: int | None = None  # final HTTP status
    error: str | None = None  # timeout, connection_refused, dns, tls, redirect_loop, ...
    final_url: str | None = None
    soft_404: str | None = None  # reason, when a 200 is really a missing page
    rate_limited: bool = False  # still 429 after backing off: unknown, never "dead"
    refused: str | None = None  # out of scope (crawler.scope reason): not requested at all
    blocked: str | None = None  # a challenge answered (js_challenge, ...): unknown, never dead
    # an HTML page answered: its <title> and the start of its visible text (SAMPLE_CHARS),
    # which the external_link auditor judges against the anchor linking it
    title: str | None = None
    sample: str | None = None
    # check(keep_body=N) of a live non-HTML target: its bytes (at most N), or "too_large";
    # handed to the caller, never stored with the check
    body: bytes | str | None = None

    @property
    def broken(self) -> bool:
        if self.rate_limited or self.refused or self.blocked:
            return False
        if self.error or self.soft_404:
            return True
        return self.status is not None and self.status >= 400

    @property
    def label(self) -> str:
        """The `status` of a broken_link finding (findings.md)."""
        if self.blocked:
            return self.blocked
        if self.error:
            return self.error
        if self.soft_404:
            return "soft_404"
        return str(self.status) if self.status is not None else "unknown"


@dataclass
class CheckerOptions:
    timeout: float = 15.0
    concurrency: int = 32  # in all
    per_host: int = 8  # per host, internal or external
    retry_after_cap: float = 30.0  # longest wait a Retry-After may impose
    rate_limit_rounds: int = 3
    #: the site's own hosts and the seconds between two requests to one of them (its `delay`
    #: or `max_rps`): a patrol keeps to the site's politeness in its link checks too
    spaced_hosts: frozenset[str] = frozenset()
    spacing: float = 0.0
    #: spaced hosts are not asked until `release_spaced()`: the crawl is asking them at that
    #: pace already, and two askers at one pace would be twice the site's limit
    hold_spaced: bool = False


#: Why a URL must not be requested (None: it may be); blocking, so run in a thread.
Guard = Callable[[str, bool], str | None]
#: Origins whose first guard call ran (in a thread): the scope has cached their robots.txt and
#: address, so later calls return at once and run on the loop. Bounded below the scope's own
#: address cache (crawler.scope._addresses, 4096) so a warm origin's answer is never evicted
#: by the origins after it; origins past this keep going through a thread.
WARM_ORIGINS = 2048


class LinkChecker:
    """Checks targets; every request holds a slot of its host (`per_host`), then one of the
    whole checker (`concurrency`), in that order: a task waiting for a busy host must not sit
    on a global slot, or a slow host (timeouts, 0.5 s answers) ends up holding every slot and
    the checks of all other hosts wait behind it."""

    def __init__(self, options: CheckerOptions | None = None, guard: Guard | None = None) -> None:
        """`guard`: the site's scope (`Scope.fetch_reason`); without one everything is asked."""
        self.options = options or CheckerOptions()
        self.guard = guard
        self.global_limit = asyncio.Semaphore(self.options.concurrency)
        self.host_limits: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self.options.per_host)
        )
        self.host_resume: dict[str, float] = {}  # host -> monotonic time it may be asked again
        self.host_next: dict[str, float] = {}  # spaced host -> when its next request may start
        self.spaced_open = asyncio.Event()
        if not self.options.hold_spaced:
            self.spaced_open.set()
        self.session: aiohttp.ClientSession | None = None
        self.warm: set[str] = set()  # origins the guard answers without blocking (WARM_ORIGINS)
        self.warming: dict[str, asyncio.Lock] = {}  # origins whose first guard call is running
        self.trace: Callable[[str, str], None] | None = None  # linkcheck.trace: slots taken

    async def __aenter__(self) -> LinkChecker:
        # the link timeout is the site's rule, kept to the letter: aiohttp rounds a timeout of
        # 5 s or more up to the loop clock's next whole second (up to 1 s more a timeout, the
        # tail of every patrol whose last targets never answer); no rounding here
        timeout = aiohttp.ClientTimeout(total=self.options.timeout,
                                        sock_connect=self.options.timeout,
                                        ceil_threshold=math.inf)
        connector = aiohttp.TCPConnector(limit=self.options.concurrency,
                                         limit_per_host=self.options.per_host,
                                         ttl_dns_cache=300, timeout_ceil_threshold=math.inf)
        self.session = aiohttp.ClientSession(timeout=timeout, connector=connector,
                                             headers=BROWSER_HEADERS,
                                             cookie_jar=aiohttp.DummyCookieJar())
        return self

    async def __aexit__(self, *exc) -> None:
        if self.session is not None:
            await self.session.close()

    async def refused(self, url: str, page: bool = True) -> str | None:
        """The guard's answer. Its first call for an origin may block (robots.txt, DNS) and
        runs in a thread, while the origin's other URLs wait for it; once that is cached the
        call is a few look-ups, run here: a thread hop per URL costs more than the check's
        own request."""
        if self.guard is None:
            return None
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin in self.warm:
            return self.guard(url, page)
        if len(self.warm) >= WARM_ORIGINS:
            return await asyncio.to_thread(self.guard, url, page)
        lock = self.warming.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin in self.warm:
                return self.guard(url, page)
            # that first call asks the host for its robots.txt: on the site's own (spaced)
            # hosts a request like any other, held until the crawl is over and paced (it came
            # 0.16 s after a crawl request of a max_rps site, and the site answered 429)
            await self._pace(parts.netloc)
            reason = await asyncio.to_thread(self.guard, url, page)
            self.warm.add(origin)
            self.warming.pop(origin, None)
            return reason

    async def check(self, url: str, html_expected: bool = False,
                    keep_body: int = 0) -> CheckResult:
        """`keep_body`: the target will be downloaded if live (an attachment whose text is
        read): asked with GET at once, its body (up to that many bytes) kept in `body`, so
        the file costs one request rather than a HEAD and a GET."""
        reason = await self.refused(url, html_expected)
        if reason is not None:
            return CheckResult(url, refused=reason)
        host = urlsplit(url).netloc
        for _round in range(self.options.rate_limit_rounds):
            await self._wait_for_host(host)
            async with self.host_limits[host]:  # host first: see the class
                await self._pace(host)
                async with self.global_limit:
                    if self.trace is not None:
                        self.trace("start", url)
                    result = await self._check_with_retry(url, html_expected, keep_body)
            if not result.rate_limited:
                return result
        return result

    async def _pace(self, host: str) -> None:
        """One request start per `spacing` seconds on the site's own hosts: each caller takes
        the next start time, then sleeps until it (before a global slot: a paced host must not
        keep other hosts waiting)."""
        spacing = self.options.spacing
        if spacing <= 0 or host.lower() not in self.options.spaced_hosts:
            return
        await self.spaced_open.wait()
        now = time.monotonic()
        start = max(now, self.host_next.get(host, 0.0))
        self.host_next[host] = start + spacing
        if start > now:
            await asyncio.sleep(start - now)

    def release_spaced(self) -> None:
        """The crawl is over: the site's own hosts may be asked, at the spacing, starting one
        spacing after now (the crawl's last request was about now)."""
        if not self.spaced_open.is_set():
            start = time.monotonic() + self.options.spacing
            for host in self.options.spaced_hosts:
                self.host_next[host] = max(self.host_next.get(host, 0.0), start)
            self.spaced_open.set()

    async def _wait_for_host(self, host: str) -> None:
        resume = self.host_resume.get(host, 0.0)
        delay = resume - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)

    async def _check_with_retry(self, url: str, html_expected: bool,
                                keep_body: int = 0) -> CheckResult:
        result = await self._check_once(url, html_expected, keep_body)
        if result.error in RETRIED_ERRORS:
            await asyncio.sleep(0.2)
            result = await self._check_once(url, html_expected, keep_body)
        return result

    async def _check_once(self, url: str, html_expected: bool,
                          keep_body: int = 0) -> CheckResult:
        method = "GET" if html_expected or keep_body else "HEAD"
        try:
            result, is_html = await self._fetch(url, method, keep_body)
            # HEAD was refused, or an "attachment" answered with an HTML page: look at the body
            if method == "HEAD" and (result.status in RETRY_STATUSES
                                     or (result.status == 200 and is_html)):
                result, _ = await self._fetch(url, "GET")
            return result
        except TooManyRedirects:
            return CheckResult(url, error="redirect_loop")
        except (TimeoutError, aiohttp.ServerTimeoutError):
            return CheckResult(url, error="timeout")
        except aiohttp.ClientConnectorCertificateError:
            return CheckResult(url, error="tls")
        except aiohttp.ClientSSLError:
            return CheckResult(url, error="tls")
        except aiohttp.ClientConnectorDNSError:
            return CheckResult(url, error="dns")
        except aiohttp.ClientConnectorError as exc:
            return CheckResult(url, error=_connector_error(exc))
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError,
                aiohttp.ClientOSError):
            return CheckResult(url, error="connection_lost")
        except (aiohttp.InvalidURL, ValueError):
            return CheckResult(url, error="invalid_url")
        except ssl.SSLError:
            return CheckResult(url, error="tls")
        except aiohttp.ClientError as exc:
            return CheckResult(url, error=type(exc).__name__)

    async def _fetch(self, url: str, method: str,
                     keep_body: int = 0) -> tuple[CheckResult, bool]:
        """The result and whether the target is an HTML page."""
        assert self.session is not None
        current = url
        seen = {url}
        for _hop in range(MAX_REDIRECTS + 1):
            async with self.session.request(method, current, allow_redirects=False) as response:
                if response.status in (301, 302, 303, 307, 308) and "Location" in response.headers:
                    target = urljoin(current, response.headers["Location"])
                    if target in seen:
                        raise TooManyRedirects(url)
                    if await self.refused(target, method == "GET"):
                        # where it leads is the fact; the target itself is not asked
                        return CheckResult(url, status=response.status,
                                           final_url=target), False
                    seen.add(target)
                    current = target
                    if response.status == 303:
                        method = "GET"
                    continue
                if response.status == 429:
                    self._back_off(urlsplit(current).netloc, response.headers.get("Retry-After"))
                    return CheckResult(url, status=429, final_url=current,
                                       rate_limited=True), False
                content_type = response.headers.get("Content-Type", "").lower()
                is_html = content_type.startswith(HTML_TYPES)
                if method == "HEAD":
                    return CheckResult(url, status=response.status, final_url=current), is_html
                soft = None
                if response.status in CHALLENGE_STATUSES:
                    body = await response.content.read(READ_BYTES)
                    cookies = "; ".join(response.headers.getall("Set-Cookie", []))
                    blocked = challenge(response.status, body, cookies)
                    if blocked:
                        return CheckResult(url, status=response.status, final_url=current,
                                           blocked=blocked), is_html
                title = sample = None
                if response.status == 200 and keep_body and not is_html:
                    kept = await _read_up_to(response, keep_body)
                    return CheckResult(url, status=200, final_url=current, body=kept,
                                       soft_404="redirected_home"
                                       if redirected_home(url, current) else None), False
                if response.status == 200:
                    body = await response.content.read(READ_BYTES)
                    if is_html:
                        title, sample = _page_text(body, response)
                        soft = soft_404_reason(title=title, text=sample or "", url=url,
                                               final_url=current) if sample is not None else None
                    elif redirected_home(url, current):
                        soft = "redirected_home"
                return CheckResult(url, status=response.status, final_url=current,
                                   soft_404=soft, title=title,
                                   sample=sample[:SAMPLE_CHARS] if sample else sample), is_html
        raise TooManyRedirects(url)

    async def download(self, url: str, max_bytes: int) -> bytes | str:
        """The body of a target already checked live (an attachment whose text is read), or
        the reason it was not read: `too_large` past `max_bytes` (declared or streamed), an
        error name, or the HTTP status. Redirects were followed by the check: `url` is final.
        """
        if await self.refused(url, False):
            return "out_of_scope"
        assert self.session is not None
        host = urlsplit(url).netloc
        await self._wait_for_host(host)
        try:
            async with self.host_limits[host], self.global_limit, self.session.get(
                    url, allow_redirects=False) as response:
                if response.status != 200:
                    return str(response.status)
                return await _read_up_to(response, max_bytes)
        except (TimeoutError, aiohttp.ServerTimeoutError):
            return "timeout"
        except (aiohttp.ClientError, ssl.SSLError, ValueError) as exc:
            return type(exc).__name__

    async def fetch_as(self, url: str, headers: dict[str, str], same_site: Callable[[str], bool],
                       max_bytes: int = 512 * 1024) -> tuple[int | None, str, bytes, str | None]:
        """(status, final URL, body, error) of `url` asked with other headers (a crawler's or
        a phone's User-Agent, a search engine's Referer). Redirects are followed on the site's
        own hosts only: a redirect that leaves them is the answer, its target never asked."""
        if await self.refused(url, True):
            return None, url, b"", "out_of_scope"
        assert self.session is not None
        current, seen = url, {url}
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                host = urlsplit(current).netloc
                await self._wait_for_host(host)
                async with self.host_limits[host], self.global_limit, self.session.get(
                        current, headers=headers, allow_redirects=False) as response:
                    location = response.headers.get("Location")
                    if response.status in (301, 302, 303, 307, 308) and location:
                        target = urljoin(current, location)
                        if (target in seen or not same_site(target)
                                or await self.refused(target, True)):
                            return response.status, target, b"", None
                        seen.add(target)
                        current = target
                        continue
                    body = bytearray()  # up to max_bytes of the page, not what is buffered
                    async for chunk in response.content.iter_chunked(64 * 1024):
                        body += chunk
                        if len(body) >= max_bytes:
                            break
                    return response.status, current, bytes(body[:max_bytes]), None
        except (TimeoutError, aiohttp.ServerTimeoutError):
            return None, current, b"", "timeout"
        except (aiohttp.ClientError, ssl.SSLError, ValueError) as exc:
            return None, current, b"", type(exc).__name__
        return None, current, b"", "redirect_loop"

    def _back_off(self, host: str, retry_after: str | None) -> None:
        delay = _retry_after_seconds(retry_after)
        delay = min(delay if delay is not None else 2.0, self.options.retry_after_cap)
        self.host_resume[host] = max(self.host_resume.get(host, 0.0), time.monotonic() + delay)


class TooManyRedirects(Exception):
    pass


async def _read_up_to(response: aiohttp.ClientResponse, max_bytes: int) -> bytes | str:
    """The whole body, or "too_large" past `max_bytes` (declared or streamed)."""
    declared = response.content_length
    if declared is not None and declared > max_bytes:
        return "too_large"
    body = bytearray()  # read() returns what is buffered: read to the end
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > max_bytes:
            return "too_large"
    return bytes(body)


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _connector_error(exc: aiohttp.ClientConnectorError) -> str:
    os_error = getattr(exc, "os_error", None)
    code = getattr(os_error, "errno", None)
    if code == errno.ECONNREFUSED:
        return "connection_refused"
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "no_route"
    if isinstance(os_error, ssl.SSLError):
        return "tls"
    if code in (-2, -3, -5) or "Name or service" in str(exc):
        return "dns"
    return "connection_refused" if "refused" in str(exc).lower() else "connection_error"


def _page_text(body: bytes, response: aiohttp.ClientResponse) -> tuple[str | None, str | None]:
    """(title, visible text) of an HTML body; (None, None) when it does not parse."""
    encoding = response.get_encoding() if response.charset else None
    text_body = body.decode(encoding or "utf-8", errors="replace")
    if "\ufffd" in text_body[:2000] and encoding is None:
        text_body = body.decode("gb18030", errors="replace")
    try:
        root = lxml_html.fromstring(text_body)
    except (ValueError, lxml_html.etree.ParserError):
        return None, None
    titles = root.xpath("//title")
    title = " ".join(titles[0].text_content().split()) if titles else None
    return title or None, visible_text(root)
