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
    text = _SPACES.sub(" ", "".join(_collect(element, skip)))
    return _NEWLINES.sub("\n", text).strip()


def _collect(root: etree._Element, skip: frozenset) -> list[str]:
    """Walk the tree with an explicit stack: hostile pages nest thousands of unclosed tags, and a
    recursive walk would die of RecursionError and lose the whole page."""
    parts: list[str] = []
    # ("enter", element) opens an element; ("close", text) appends what follows its children
    stack: list[tuple[bool, object]] = [(True, root)]
    while stack:
        entering, item = stack.pop()
        if not entering:
            parts.append(item)  # type: ignore[arg-type]
            continue
        element: etree._Element = item  # type: ignore[assignment]
        tag = element.tag if isinstance(element.tag, str) else ""
        tail = element.tail
        if tag in INVISIBLE_TAGS or element in skip or not tag:
            if tail:
                parts.append(tail)
            continue
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        closing = ("\n" if block else "") + (tail or "")
        if closing:
            stack.append((False, closing))
        stack.extend((True, child) for child in reversed(element))
    return parts


def inline_text(element: etree._Element) -> str:
    """All text of a small element on one line (anchors, cells, labels)."""
    return " ".join("".join(element.itertext()).split())


def squash(text: str) -> str:
    """Remove every kind of space, including the full-width ones labels are padded with."""
    return re.sub(r"[\s\u3000\u00a0]+", "", text)
