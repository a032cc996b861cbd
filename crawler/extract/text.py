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
    """Walk the tree with lxml's iterwalk (iterative, in C): hostile pages nest thousands of
    unclosed tags, and a recursive walk would die of RecursionError and lose the whole page.
    Invisible and `skip`ped subtrees are not entered; their tails are text all the same."""
    parts: list[str] = []
    if not isinstance(root.tag, str):  # a comment or processing instruction: its tail only
        return [root.tail] if root.tail else []
    append = parts.append
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    skipped = None
    for event, element in walker:
        if event == "comment" or event == "pi":
            if element.tail:
                append(element.tail)
        elif event == "start":
            tag = element.tag
            if tag in INVISIBLE_TAGS or element in skip:
                walker.skip_subtree()
                skipped = element
                continue
            if tag in BLOCK_TAGS:
                append("\n")
            if element.text:
                append(element.text)
        else:
            if element is skipped:
                skipped = None
            elif element.tag in BLOCK_TAGS:
                append("\n")
            if element.tail:
                append(element.tail)
    return parts


def inline_text(element: etree._Element) -> str:
    """All text of a small element on one line (anchors, cells, labels)."""
    return " ".join("".join(element.itertext()).split())


def squash(text: str) -> str:
    """Remove every kind of space, including the full-width ones labels are padded with."""
    return re.sub(r"[\s\u3000\u00a0]+", "", text)
