"""URL canonicalisation and scoping.

Government CMSs append session ids and cache-busters to links; without stripping them every page
looks new and a crawl never ends. Canonical URLs are also what the store keys pages by.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

#: Query parameters that never change the content: session ids, trackers, cache-busters.
SESSION_PARAMS = frozenset(
    {
        "jsessionid", "phpsessid", "sid", "sessionid", "session_id", "aspsessionid",
        "cfid", "cftoken", "_", "t", "ts", "timestamp", "rnd", "random", "r",
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "spm", "from",
    }
)
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)

#: Extensions of files that are attachments, not pages (checked by the link auditor, not parsed).
ATTACHMENT_EXTENSIONS = frozenset(
    {
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".dps", ".ofd", ".ppt", ".pptx",
        ".zip", ".rar", ".7z", ".txt", ".csv", ".ceb", ".tif", ".tiff",
    }
)
MEDIA_EXTENSIONS = frozenset(
    {
        ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".svg", ".ico", ".mp4", ".mp3",
        ".avi", ".flv", ".wmv", ".swf", ".css", ".js", ".woff", ".woff2", ".ttf", ".exe", ".apk",
        ".xml", ".json",
    }
)
SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "#")


@lru_cache(maxsize=200_000)
def canonical(url: str) -> str:
    """The URL a page is stored and de-duplicated under.

    Cached: every page repeats the same navigation links, and canonicalising them again was
    the crawl's single largest cost.
    """
    url = _PATH_SESSION.sub("", url.strip())
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in SESSION_PARAMS
    ]
    path = parts.path or "/"
    url = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))
    return canonicalize_url(url, keep_fragments=False)


def join(base: str, href: str) -> str:
    """urljoin, with the common absolute and root-relative cases done without parsing."""
    if href.startswith(("http://", "https://")):
        return href
    if href.startswith("/") and not href.startswith("//"):
        scheme_end = base.find("://")
        host_end = base.find("/", scheme_end + 3) if scheme_end >= 0 else -1
        if host_end > 0:
            return base[:host_end] + href
        if scheme_end >= 0:
            return base + href
    return urljoin(base, href)


@lru_cache(maxsize=200_000)
def extension(url: str) -> str:
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return path[dot:] if dot > path.rfind("/") else ""


def is_attachment(url: str) -> bool:
    return extension(url) in ATTACHMENT_EXTENSIONS


def is_page_like(url: str) -> bool:
    """Whether a link probably leads to an HTML page worth parsing."""
    ext = extension(url)
    return ext not in ATTACHMENT_EXTENSIONS and ext not in MEDIA_EXTENSIONS


def is_checkable(href: str) -> bool:
    """Links whose targets can be fetched at all (not javascript:, mailto:, tel: ...)."""
    low = href.strip().lower()
    return bool(low) and not low.startswith(SKIPPED_SCHEMES)


def host_variants(netloc: str) -> set[str]:
    """A site is the same with or without `www.`."""
    netloc = netloc.lower()
    bare = netloc[4:] if netloc.startswith("www.") else netloc
    return {bare, "www." + bare}


def path_key(url: str) -> str:
    """Scheme, host and path without the query: URLs that only differ in query share it."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


#: A whole path segment that is a date: 2024-05-01, 2024_05_01, 2024.5.1, 20240501, 202405,
#: 2024-05 (an extension such as `.html` may follow).
_DATE_SEGMENT = re.compile(
    r"(?:19|20)\d\d(?:(?P<sep>[-_.])(?:0?[1-9]|1[0-2])(?:(?P=sep)(?:0?[1-9]|[12]\d|3[01]))?"
    r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?)(?:\.[a-z]+)?", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTH = re.compile(r"0?[1-9]|1[0-2]")
_DAY = re.compile(r"0?[1-9]|[12]\d|3[01]")


@lru_cache(maxsize=200_000)
def date_path_key(url: str) -> str | None:
    """Host and path with its date-shaped segments replaced by `{date}`, or None when the path
    holds no date: the pages of a calendar (/cal/2024/05/01/, /2024-05-01/, /20240501/) share
    one key, however far into the future its "next day" links go.

    `yyyy/mm/dd` (or `yyyy/mm`, or a lone year) over several segments counts as one date. Only
    whole segments count, so an article's own file name (t20240501_123456.html,
    art_1234_5678.html) keeps every article apart."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    out: list[str] = []
    found = False
    i = 0
    while i < len(segments):
        segment = segments[i]
        if _YEAR.fullmatch(segment):
            i += 1
            if i < len(segments) and _MONTH.fullmatch(segments[i]):
                i += 1
                if i < len(segments) and _DAY.fullmatch(segments[i]):
                    i += 1
            out.append("{date}")
            found = True
            continue
        if _DATE_SEGMENT.fullmatch(segment):
            out.append("{date}")
            found = True
        else:
            out.append(segment)
        i += 1
    return f"{parts.netloc}{'/'.join(out)}" if found else None
