"""Links as an inspector reviews them: dead targets grouped, and where the site points outside.

A dead footer link repeats on every page; the findings stay one per (page, target), because each
page is edited by someone, but the report groups them by target so the fix is made once. The
groups come from the link checks themselves, so every dead target is listed whatever finding
reports it. The
external-link inventory (外链清单) lets a person review every site the portal links to, which
matters because linking reactionary, violent or pornographic sites is a veto item.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from govpatrol.crawler.urls import host_variants
from govpatrol.model import LinkStatus

EXAMPLES = 3


def dead_targets(statuses: Iterable[LinkStatus], links: Iterable[tuple[str, str, str | None]],
                 departments: dict[str, str | None]) -> list[dict[str, Any]]:
    """One row per dead target: its status, how many pages carry it, a few of them.

    Built from the link checks, not from the findings: an unreachable page of the site is one
    `unreachable` finding rather than a `broken_link` per linking page, and it still belongs
    here. `statuses`: every link target's fate (store.link_statuses); `links`: (page_url, url,
    anchor) of the run's links; `departments`: page URL -> its department.
    """
    dead = {status.url: status.status for status in statuses if status.broken}
    pages: dict[str, set[str]] = defaultdict(set)
    for page_url, url, _ in links:
        if url in dead:
            pages[url].add(page_url)
    rows = [
        {
            "target": target,
            "status": dead[target],
            "pages": len(linking),
            "examples": sorted(linking)[:EXAMPLES],
            "departments": sorted({d for u in linking if (d := departments.get(u))}),
        }
        for target, linking in pages.items()
    ]
    return sorted(rows, key=lambda row: (-row["pages"], row["target"]))


def external_links(checks: Iterable[tuple[str, int | None, str | None, str | None, int]],
                   links: Iterable[tuple[str, str, str | None]], home_url: str,
                   hosts: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every target outside the site's hosts, with the pages linking it and its check.

    `checks`: (url, status, error, soft_404, broken) of the link checks of the run; `links`:
    (page_url, url, anchor) of its links.
    """
    own = host_variants(urlsplit(home_url).netloc) | {h.lower() for h in hosts}
    by_url = {url: (status, error, soft, broken) for url, status, error, soft, broken in checks}
    pages: dict[str, set[str]] = defaultdict(set)
    anchors: dict[str, str] = {}
    for page_url, url, anchor in links:
        if urlsplit(url).netloc.lower() in own:
            continue
        pages[url].add(page_url)
        if anchor and url not in anchors:
            anchors[url] = anchor
    rows = []
    for url, linking in pages.items():
        status, error, soft, broken = by_url.get(url, (None, None, None, None))
        label = error or ("soft_404" if soft else (str(status) if status else "未检查"))
        rows.append({
            "target": url, "host": urlsplit(url).netloc, "anchor": anchors.get(url, ""),
            "pages": len(linking), "examples": sorted(linking)[:EXAMPLES],
            "status": label, "broken": bool(broken),
        })
    return sorted(rows, key=lambda row: (row["host"], row["target"]))
