"""Who a page is asked again as, to catch cloaking, and what their answer showed.

Cloaked pages answer by User-Agent or Referer: Baiduspider gets gambling titles for the search
index, a phone or a visitor arriving from Baidu's results is sent to a gambling site, while
the editor at a desktop browser sees the real page. The answer is read as a crawled page is
(crawler/extract/page.py: title and main text); a meta refresh or a short unconditional
script assigning an absolute address to `location` counts as where the page led (a
conditional one is the static script check's: crawler/extract/scripts.py).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from govpatrol.crawler.extract.page import extract_page
from govpatrol.crawler.settings import USER_AGENT
from govpatrol.model import VARIANT_AGENTS, Variant

AGENT_HEADERS: dict[str, dict[str, str]] = {
    "baiduspider": {"User-Agent": "Mozilla/5.0 (compatible; Baiduspider/2.0; "
                                  "+http://www.baidu.com/search/spider.html)"},
    "mobile": {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
                             "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
                             "Mobile/15E148 Safari/604.1"},
    "search_visitor": {"User-Agent": USER_AGENT,
                       "Referer": "https://www.baidu.com/s?wd=%E6%94%BF%E5%BA%9C"},
}
assert set(AGENT_HEADERS) == set(VARIANT_AGENTS)

MAX_TEXT = 20_000
_REFRESH = re.compile(r"\d*\s*;?\s*url\s*=\s*['\"]?([^'\"\s>]+)", re.I)
_SCRIPT_GO = re.compile(
    r"(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*['\"](https?://[^'\"]+)"
    r"|location\.(?:replace|assign)\s*\(\s*['\"](https?://[^'\"]+)", re.I)


_CONDITION = re.compile(r"\bif\s*\(|\?|\bswitch\b|&&|\|\|")


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", errors="replace")


def client_redirect(root: etree._Element, base: str) -> str | None:
    """Where a meta refresh or an inline script sends the browser, if anywhere."""
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            match = _REFRESH.search(meta.get("content") or "")
            if match:
                return urljoin(base, match.group(1))
    for script in root.iter("script"):
        code = (script.text or "").strip()
        if len(code) > 300 or _CONDITION.search(code):  # only what runs for every visitor
            continue
        match = _SCRIPT_GO.search(code)
        if match:
            return match.group(1) or match.group(2)
    return None


def read_variant(url: str, agent: str, status: int | None, final_url: str, body: bytes,
                 error: str | None) -> Variant:
    variant = Variant(url=url, agent=agent, status=status, final_url=final_url, error=error)
    if error or not body.strip():
        return variant
    try:
        root = lxml_html.fromstring(_decode(body))
    except (ValueError, etree.ParserError):
        return variant
    data = extract_page(root, final_url)
    variant.title = data.title or ""
    variant.text = data.text[:MAX_TEXT]
    variant.final_url = client_redirect(root, final_url) or final_url
    return variant
