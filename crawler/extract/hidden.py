"""Hidden anchors (暗链 evidence): links a reader cannot see, with the CSS that hides them.

Spam links injected into government pages are hidden so editors do not notice them: in a
`display:none` or `visibility:hidden` box, positioned far off-screen, at zero font size or
size, or in the background colour. Only the raw HTML shows that, so it is read here, at crawl
time, and stored with the page as facts (url, anchor text, evidence); whether a hidden link is
spam is the `hidden_link` auditor's judgement, not the crawler's.

Hiding is found in inline `style` attributes, the `hidden` attribute, and rules of the page's
own `<style>` blocks that name a class, an id or a tag. Links to the page's own host are
skipped here (a hidden mobile menu, a skip link): they cannot be spam links to elsewhere.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from govpatrol.crawler.extract.text import inline_text
from govpatrol.model import HiddenLink

MAX_PER_PAGE = 50
#: Characters urllib drops from anywhere in a URL (as browsers do): `/\n/host` is `//host`.
_URL_NOISE = re.compile(r"[\t\r\n]")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SIMPLE = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?P<kind>[.#])?(?P<name>[\w-]+)?$", re.I)
_OFFSCREEN = re.compile(
    r"(?:^|;)\s*(?:left|top|right|margin-left|margin-top|text-indent)\s*:\s*-\s*(\d{3,})(?:px|em)?",
    re.I)


def _declarations(style: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in style.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            out[name.strip().lower()] = value.strip().lower().replace("!important", "").strip()
    return out


def _zero(value: str | None) -> bool:
    return value is not None and re.fullmatch(r"0(?:\.0+)?(?:px|pt|em|rem|%)?", value) is not None


def hiding(style: str, *, inline: bool = True) -> str | None:
    """What in a CSS declaration block hides its element, or None. Colour against background is
    judged only inline, where both stand in the same block."""
    decl = _declarations(style)
    if decl.get("display") == "none":
        return "display:none"
    if decl.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    if _zero(decl.get("opacity")):
        return "opacity:0"
    if _zero(decl.get("font-size")):
        return "font-size:0"
    offscreen = _OFFSCREEN.search(";" + ";".join(f"{k}:{v}" for k, v in decl.items()))
    if offscreen and int(offscreen.group(1)) >= 500:
        return offscreen.group(0).strip("; ")
    overflow = decl.get("overflow") == "hidden"
    if (_zero(decl.get("width")) or _zero(decl.get("height"))) and (
            overflow or _zero(decl.get("width")) and _zero(decl.get("height"))):
        return "width/height:0"
    background = decl.get("background-color") or decl.get("background")
    if inline and decl.get("color") and background and _colour(decl["color"]) == _colour(
            background):
        return f"color:{decl['color']} = background"
    return None


def _colour(value: str) -> str:
    value = value.split()[0] if value.split() else value
    named = {"white": "#ffffff", "black": "#000000", "#fff": "#ffffff", "#000": "#000000"}
    return named.get(value, value)


def stylesheet_rules(root: etree._Element) -> dict[str, str]:
    """Simple selectors of the page's `<style>` blocks that hide, mapped to their evidence
    ('.hz{display:none}'). Selectors with combinators are left out: they are rarely how spam
    is hidden and a wrong match would accuse a menu."""
    rules: dict[str, str] = {}
    for style in root.iter("style"):
        css = _COMMENT.sub("", style.text or "")
        for selectors, block in _RULE.findall(css):
            why = hiding(block, inline=False)
            if why is None:
                continue
            for selector in selectors.split(","):
                selector = selector.strip()
                if _SIMPLE.match(selector) and selector:
                    rules[selector.lower()] = f"{selector}{{{why}}}"
    return rules


def _matching_rule(element: etree._Element, rules: dict[str, str]) -> str | None:
    if not rules:
        return None
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    names = [f"#{element.get('id')}".lower()] if element.get("id") else []
    names += [f".{c}".lower() for c in (element.get("class") or "").split()]
    for name in (*names, *(tag + n for n in names), tag):
        if name in rules:
            return rules[name]
    return None


def _hidden_by(element: etree._Element, rules: dict[str, str]) -> str | None:
    """Evidence that `element` or one of its ancestors is hidden."""
    node: etree._Element | None = element
    while node is not None and isinstance(node.tag, str) and node.tag != "body":
        if node.get("hidden") is not None:
            return f"<{node.tag} hidden>"
        why = hiding(node.get("style") or "")
        if why:
            return f"<{node.tag} style> {why}"
        why = _matching_rule(node, rules)
        if why:
            return f"<style> {why}"
        node = node.getparent()
    return None


def hidden_anchors(root: etree._Element, page_url: str) -> list[HiddenLink]:
    """Hidden anchors of the page that point to another host, with their evidence."""
    rules = stylesheet_rules(root)
    own = urlsplit(page_url).hostname
    found: list[HiddenLink] = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        if "//" not in href and not _URL_NOISE.search(href):
            continue  # no authority part: resolves to the page's own host (or to none)
        url = urljoin(page_url, href)
        host = urlsplit(url).hostname
        if not host or host == own:
            continue
        why = _hidden_by(anchor, rules)
        if why:
            found.append(HiddenLink(url=url, anchor=inline_text(anchor)[:80], evidence=why))
            if len(found) >= MAX_PER_PAGE:
                break
    return found
