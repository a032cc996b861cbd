"""One answer to "may govpatrol request this URL?", for everything that fetches.

The crawler, the link checker and Chromium (JS-rendered lists, evidence screenshots) used to
carry their own idea of the site's scope; the link checker then requested what `exclude` and
robots.txt keep out. A `Scope` is built once from a site's settings and asked by all of them:

- a *page of the site* is http(s) on one of the site's hosts, not excluded, included when an
  include list is given, and allowed by the host's robots.txt (when robots are obeyed);
- *any other request* (an external link, a page script's XHR) is allowed unless its host lives
  on a loopback, private, link-local or otherwise non-public address: a page must not make
  govpatrol reach the patrolling machine, its network or a cloud metadata service
  (169.254.169.254). The site's own hosts are exempt (a site may live on an intranet), and
  `allow_addresses` names further addresses or networks explicitly.

Out-of-scope links are still links (the inventory keeps them); they are just never fetched.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from protego import Protego

from govpatrol.crawler.urls import host_variants

#: Reasons a request is refused; the values are what logs and counters name.
OFFSITE = "offsite"
EXCLUDED = "excluded"
NOT_INCLUDED = "not_included"
ROBOTS = "robots"
PRIVATE_ADDRESS = "private_address"
SCHEME = "scheme"

#: robots.txt is read once per scheme and host; this long at most.
ROBOTS_TIMEOUT = 10.0

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass
class Scope:
    """What one site's patrol may fetch (see the module docstring)."""

    # protego matches the product token of a user agent; callers pass the crawl's own

    start_url: str
    hosts: Iterable[str] = ()
    include: Iterable[str] = ()
    exclude: Iterable[str] = ()
    robots: bool = True
    allow_addresses: Iterable[str] = ()
    user_agent: str = "govpatrol"
    site_hosts: frozenset[str] = field(init=False)
    _include: list[re.Pattern[str]] = field(init=False, repr=False)
    _exclude: list[re.Pattern[str]] = field(init=False, repr=False)
    _allowed: list[Network] = field(init=False, repr=False)
    _allowed_names: frozenset[str] = field(init=False, repr=False)
    _robots: dict[str, Protego | None] = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False)

    def __post_init__(self) -> None:
        start = urlsplit(self.start_url).netloc.lower()
        self.site_hosts = frozenset(host_variants(start) | {h.lower() for h in self.hosts})
        self._include = [re.compile(p) for p in self.include]
        self._exclude = [re.compile(p) for p in self.exclude]
        networks, names = [], set()
        for entry in self.allow_addresses:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.add(entry.lower())  # a host name (or host:port)
        self._allowed, self._allowed_names = networks, frozenset(names)
        self._robots = {}
        self._lock = threading.Lock()

    # -- pages of the site ---------------------------------------------------------------------
    def on_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc.lower() in self.site_hosts

    def page_reason(self, url: str) -> str | None:
        """Why `url` is not a page of the site to crawl (None: crawl it), robots aside.

        The crawler leaves robots.txt to Scrapy's RobotsTxtMiddleware (the same protego
        parser, one robots.txt request per host), so this check never blocks on the network.
        """
        if not self.on_site(url):
            return OFFSITE
        if any(p.search(url) for p in self._exclude):
            return EXCLUDED
        if self._include and not any(p.search(url) for p in self._include):
            return NOT_INCLUDED
        return None

    def in_scope(self, url: str) -> bool:
        return self.page_reason(url) is None

    # -- any request -----------------------------------------------------------------------------
    def fetch_reason(self, url: str, page: bool = True) -> str | None:
        """Why `url` must not be requested at all (None: it may be).

        On the site's hosts: the page rules and robots.txt (fetched here, once per host, which
        may block: call it from a thread in async code); `page=False` for what a page uses
        (images, attachments, a script's data), which `include` does not restrict.
        Elsewhere: the address rule.
        """
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):  # inline content, no network
            return None
        if parts.scheme not in ("http", "https"):
            return SCHEME
        if self.on_site(url):
            reason = self.page_reason(url)
            if reason == NOT_INCLUDED and not page:
                reason = None
            if reason is None and not self.robots_allow(url):
                reason = ROBOTS
            return reason
        return PRIVATE_ADDRESS if self.private_target(url) else None

    def private_target(self, url: str) -> bool:
        """Whether `url` (not on the site's hosts) points at a non-public address not allowed
        explicitly. A name that does not resolve is not refused: its failure is the fact."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.netloc.lower() in self.site_hosts:
            return False
        if host in self._allowed_names or parts.netloc.lower() in self._allowed_names:
            return False
        addresses = _addresses(host)
        return any(not _public(a) and not any(a in n for n in self._allowed) for a in addresses)

    # -- robots.txt ------------------------------------------------------------------------------
    def robots_allow(self, url: str) -> bool:
        if not self.robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._lock:
            if origin not in self._robots:
                self._robots[origin] = _fetch_robots(origin, self.user_agent)
            parser = self._robots[origin]
        return parser is None or parser.can_fetch(url, self.user_agent)

    def set_robots(self, origin: str, text: str | None) -> None:
        """Use this robots.txt for `origin` (scheme://host): tests, and callers that have it."""
        with self._lock:
            self._robots[origin] = Protego.parse(text) if text is not None else None


def _fetch_robots(origin: str, user_agent: str) -> Protego | None:
    """The origin's robots.txt; None (everything allowed) when it has none or cannot be read,
    as Scrapy's RobotsTxtMiddleware does."""
    request = urllib.request.Request(origin + "/robots.txt", headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=ROBOTS_TIMEOUT) as response:
            body = response.read(512 * 1024)
            charset = response.headers.get_content_charset() or "utf-8"
    except (urllib.error.URLError, OSError, ValueError):
        return None
    return Protego.parse(body.decode(charset, errors="replace"))


@lru_cache(maxsize=4096)
def _addresses(host: str) -> tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, ...]:
    try:
        return (ipaddress.ip_address(host.strip("[]")),)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return ()
    found = []
    for info in infos:
        try:
            found.append(ipaddress.ip_address(info[4][0].split("%")[0]))
        except ValueError:
            continue
    return tuple(found)


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast
