"""What a list-page adapter returns, and the dated-link finder all of them share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from lxml import etree

from govpatrol.crawler.dates import parse_date
from govpatrol.crawler.extract.text import inline_text
from govpatrol.model import Item

ROW_TAGS = frozenset({"li", "tr", "dd", "dt"})


@dataclass(slots=True)
class FollowUp:
    """A further page of the same list: another HTML page or a CMS data endpoint."""

    url: str
    method: str = "GET"
    formdata: dict[str, str] | None = None


@dataclass(slots=True)
class ListPage:
    """One list page read by an adapter. `items` may be empty for a recognised empty column."""

    adapter: str
    items: list[Item] = field(default_factory=list)
    follow: list[FollowUp] = field(default_factory=list)
    pager_urls: frozenset[str] = frozenset()  # links that are pagination, not content


@dataclass(slots=True)
class ListInput:
    """What adapters look at: the parsed tree, the raw text for script-embedded data, the URL."""

    root: etree._Element
    text: str
    url: str
    today: date
    first_page: bool = True
    form: dict[str, str] | None = None  # the form fields a data endpoint was asked with


def dated_rows(root: etree._Element, base_url: str, today: date) -> list[list[Item]]:
    """Runs of item links that carry dates, grouped by their common container, largest first."""
    groups: dict[etree._Element, list[Item]] = defaultdict(list)
    seen: set[str] = set()
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        row = _row_of(anchor)
        if row is None:
            continue
        title_text = inline_text(anchor)
        title_attr = (anchor.get("title") or "").strip()
        title = title_attr if len(title_attr) > len(title_text) else title_text
        if len(title) < 4 or title_text.isdigit():
            continue
        rest = inline_text(row).replace(title_text, " ", 1)
        found = parse_date(rest) or _month_day(rest, today)
        if found is None or found > today.replace(year=today.year + 1):
            continue
        url = urljoin(base_url, href.strip())
        if url in seen:
            continue
        seen.add(url)
        groups[row.getparent()].append(Item(url=url, title=title, list_date=found))
    return sorted(groups.values(), key=len, reverse=True)


def _month_day(text: str, today: date) -> date | None:
    """A month-day date printed without a year lies in the past year when it would be future."""
    found = parse_date(text, default_year=today.year)
    if found and found > today:
        try:
            found = found.replace(year=today.year - 1)
        except ValueError:
            return None
    return found


def _row_of(anchor: etree._Element) -> etree._Element | None:
    """The list row an anchor sits in (li, tr, dd), at most four levels up."""
    element = anchor
    for _ in range(4):
        element = element.getparent()
        if element is None:
            return None
        if element.tag in ROW_TAGS:
            return element
    parent = anchor.getparent()
    return parent if parent is not None and len(inline_text(parent)) < 200 else None


def items_in(root: etree._Element, base_url: str, today: date) -> list[Item]:
    """The dominant run of dated links of a list page (the list, not a sidebar)."""
    groups = dated_rows(root, base_url, today)
    return groups[0] if groups else []
