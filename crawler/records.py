"""What the portal spider yields to the store pipeline: one small type per kind of row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govpatrol.model import Column, Item, Page


@dataclass(slots=True)
class PageRecord:
    page: Page
    column_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ColumnRecord:
    column: Column


@dataclass(slots=True)
class ItemsRecord:
    site: str
    column_url: str
    items: list[Item]
    start: int = 0


@dataclass(slots=True)
class ReusedPageRecord:
    """A page not fetched again (unchanged list entry, 304): its stored row is copied."""

    source_run: int
    url: str
    column_url: str | None = None


@dataclass(slots=True)
class AccountRecord:
    """A WeChat account configured for the site (stored even when its source shows nothing);
    yielded again once its source was read, with how that went (model.Account)."""

    site: str
    name: str
    url: str
    department: str | None = None
    source_state: str | None = None  # "ok", "empty", "failed"; None: not read yet
    source_updated: date | None = None
    mass_only: bool = False


@dataclass(slots=True)
class ArticleRecord:
    """An article of an account, from its mirror's list or its own page (`var ct`)."""

    site: str
    account: str
    item: Item
