"""Redirects hidden in a page's inline scripts: the static half of `cloaking` (网页篡改/跳转).

A tampered government page often carries a few lines that send visitors elsewhere, written so
that neither the editor nor a keyword scan sees them: `eval(String.fromCharCode(...))`, the
p.a.c.k.e.r. packer (`eval(function(p,a,c,k,e,d)`), hex-escaped strings, `_0x`-named
obfuscator output, or a plain check of `document.referrer` for a search engine (visitors who
come from Baidu go to a gambling site, the editor who types the address does not).

Obfuscation alone is no proof (old CMS plugins are packed too): a script is recorded only when
what it hides, once decoded, moves the browser (location, window.open, a meta refresh or a
script/iframe written into the page), or when it checks the referrer for a search engine and
moves the browser. Each finding is one evidence line with a decoded excerpt. Inline scripts
are read here; the addresses of external ones (`script_sources`) are kept with the page, and the
link checker reads the files on the site's own hosts once each with the same test
(`redirect_evidence`), after the crawl (linkcheck/worker.py).
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

from lxml import etree

_PACKED = re.compile(r"eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,"
                     r"\s*[rd]\s*\)")
_PACKED_WORDS = re.compile(r"""(['"])((?:[^'"\\]|\\.){0,20000}?)\1\s*\.split\(\s*['"]\|['"]\s*\)""")
_CHAR_CODES = re.compile(r"String\.fromCharCode\s*\(\s*((?:\d{2,3}\s*,\s*){5,}\d{2,3})\s*\)")
_HEX_STRING = re.compile(r"(?:\\x[0-9a-fA-F]{2}){6,}")
_UNICODE_STRING = re.compile(r"(?:\\u[0-9a-fA-F]{4}){6,}")
_OBFUSCATOR = re.compile(r"\b_0x[0-9a-f]{4,6}\b")
_MOVES = re.compile(r"location|window\.open|http-equiv\s*=\s*['\"]?refresh|<script|<iframe"
                    r"|document\.write", re.I)
_REFERRER = re.compile(r"document\.referrer")
_SEARCH_ENGINES = re.compile(r"baidu|sogou|so\.com|sm\.cn|360\.cn|google|bing|soso", re.I)
_REDIRECT = re.compile(r"location|window\.open|refresh", re.I)
_LOCATION = re.compile(r"location(?:\.href)?\s*=|location\.(?:replace|assign)\s*\("
                       r"|window\.open\s*\(")


def _excerpt(text: str, size: int = 80) -> str:
    text = " ".join(text.split())
    match = _MOVES.search(text)
    start = max(0, match.start() - 20) if match else 0
    return text[start:start + size]


def _decoded_parts(script: str) -> list[tuple[str, str]]:
    """(technique, decoded text) for each obfuscated piece of a script."""
    parts: list[tuple[str, str]] = []
    for match in _CHAR_CODES.finditer(script):
        codes = [int(n) for n in re.findall(r"\d+", match.group(1))]
        parts.append(("String.fromCharCode", "".join(chr(c) for c in codes if c < 0x110000)))
    for pattern, name in ((_HEX_STRING, "\\x 转义字符串"), (_UNICODE_STRING, "\\u 转义字符串")):
        for match in pattern.finditer(script):
            try:
                parts.append((name, match.group(0).encode("ascii").decode("unicode_escape")))
            except UnicodeDecodeError:
                continue
    if _PACKED.search(script):
        words = _PACKED_WORDS.search(script)
        if words:  # the packer's dictionary: every identifier and string of the hidden code
            parts.append(("eval(function(p,a,c,k,e,d)) 打包", words.group(2).replace("|", " ")))
    if len(set(_OBFUSCATOR.findall(script))) >= 3:
        parts.append(("_0x 混淆变量", script))
    return parts


#: External script addresses kept per page: a page with more is a script soup, not a target.
MAX_SOURCES = 30


def redirect_evidence(script: str) -> str | None:
    """The evidence line of one script's text that hides a redirect, or None."""
    if len(script) < 20:
        return None
    for technique, decoded in _decoded_parts(script):
        if (_hex_strings_move(script) if technique == "_0x 混淆变量"
                else _MOVES.search(decoded)):
            return f"{technique}：{_excerpt(decoded)}"
    if _REFERRER.search(script) and _SEARCH_ENGINES.search(script) and _LOCATION.search(script):
        return f"按来源（搜索引擎）跳转：{_excerpt(script)}"
    return None


def script_redirects(root: etree._Element) -> list[str]:
    """Evidence lines for inline scripts that hide a redirect (empty for a clean page)."""
    found: list[str] = []
    for element in root.iter("script"):
        if element.get("src"):
            continue
        evidence = redirect_evidence(element.text or "")
        if evidence:
            found.append(evidence)
    return found


def script_sources(root: etree._Element, base_url: str) -> list[str]:
    """The absolute http(s) addresses of the page's external scripts, in page order, once."""
    found: list[str] = []
    for element in root.iter("script"):
        raw = (element.get("src") or "").strip()
        if not raw:
            continue
        try:
            url = urldefrag(urljoin(base_url, raw)).url
        except ValueError:
            continue
        if url.startswith(("http://", "https://")) and url not in found:
            found.append(url)
            if len(found) >= MAX_SOURCES:
                break
    return found


def _hex_strings_move(script: str) -> bool:
    """Obfuscator output keeps its strings hex-escaped in an array: decoded, do they move?"""
    if _REDIRECT.search(script):
        return True
    for match in _HEX_STRING.finditer(script):
        try:
            if _REDIRECT.search(match.group(0).encode("ascii").decode("unicode_escape")):
                return True
        except UnicodeDecodeError:
            continue
    return False
