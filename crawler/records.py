"""What the portal spider yields to the store pipeline: one small type per kind of row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditors.records import Column, Item, Page


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
