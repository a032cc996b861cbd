"""Text helpers over lxml trees: the one place that decides what counts as visible text."""

from __future__ import annotations

import re

from lxml import etree

INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "select"})
BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table",
        "ul", "ol", "section", "article", "dd", "dt", "blockquote", "pre", "hr", "center",
    }
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def visible_text(element: etree._Element, *, skip: frozenset[etree._Element] = frozenset()) -> str:
    """Text a reader sees, blocks on their own lines; scripts, styles and `skip`ped subtrees out."""
    parts: list[str] = []
    _collect(element, parts, skip)
    text = _SPACES.sub(" ", "".join(parts))
    return _NEWLINES.sub("\n", text).strip()


def _collect(element: etree._Element, parts: list[str], skip: frozenset) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in INVISIBLE_TAGS or element in skip or not tag:
        if element.tail:
            parts.append(element.tail)
        return
    block = tag in BLOCK_TAGS
    if block:
        parts.append("\n")
    if element.text:
        parts.append(element.text)
    for child in element:
        _collect(child, parts, skip)
    if block:
        parts.append("\n")
    if element.tail:
        parts.append(element.tail)


def inline_text(element: etree._Element) -> str:
    """All text of a small element on one line (anchors, cells, labels)."""
    return " ".join("".join(element.itertext()).split())


def squash(text: str) -> str:
    """Remove every kind of space, including the full-width ones labels are padded with."""
    return re.sub(r"[\s\u3000\u00a0]+", "", text)
