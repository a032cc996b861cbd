"""Every link, image, frame and attachment of a page, with its anchor text."""

from __future__ import annotations

from lxml import etree

from govpatrol.crawler.extract.text import inline_text
from govpatrol.crawler.urls import is_attachment, is_checkable, join
from govpatrol.model import Link

_SOURCES = {"a": "href", "area": "href", "img": "src", "iframe": "src", "frame": "src",
            "embed": "src"}


def extract_links(root: etree._Element, base_url: str) -> list[Link]:
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    for element in root.iter(*_SOURCES):
        attr = _SOURCES[element.tag]
        raw = element.get(attr) or (element.get("data-src") if element.tag == "img" else None)
        if not raw or not is_checkable(raw):
            continue
        try:
            url = join(base_url, raw.strip())
        except ValueError:
            continue
        if not url.startswith(("http://", "https://")):
            continue
        kind = "a" if element.tag in ("a", "area") else element.tag
        if kind == "a" and is_attachment(url):
            kind = "attachment"
        elif kind in ("frame", "embed"):
            kind = "iframe"
        anchor = inline_text(element) if kind in ("a", "attachment") else ""
        if not anchor:
            anchor = element.get("title") or element.get("alt") or ""
        if (url, kind) in seen:
            continue
        seen.add((url, kind))
        links.append(Link(url=url, kind=kind, anchor=anchor[:200]))
    return links
