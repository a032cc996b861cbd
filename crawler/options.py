"""What a portal crawl is asked to do: plain data, so a distributed run can publish it as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Departments:
    """Who must fix a column, as data (sites.toml's columns, [sites.departments], department).

    The same lookup as `SiteConfig.department_for`, held as a table rather than a bound method,
    because Redis carries a distributed run's options as JSON to workers that have no config.
    """

    columns: list[list[str | None]] = field(default_factory=list)  # [name, url, department]
    table: dict[str, list[str]] = field(default_factory=dict)
    default: str | None = None

    @classmethod
    def of(cls, site: Any) -> Departments:
        return cls(columns=[[c.name, c.url, c.department] for c in site.columns if c.department],
                   table={k: list(v) for k, v in site.departments.items()},
                   default=site.department)

    def __call__(self, column_name: str | None, url: str | None) -> str | None:
        for name, column_url, department in self.columns:
            if name == column_name or column_url == url:
                return department
        for department, keys in self.table.items():
            for key in keys:
                if key == column_name or (url and "/" in key and url.startswith(key)):
                    return department
                if url and key.startswith("/") and urlsplit(url).path.startswith(key):
                    return department
        return self.default


@dataclass
class SpiderOptions:
    site: str
    start_url: str
    today: date
    mode: str = "site"  # "site": whole site; "column": one list and its items
    max_pages: int = 5000
    max_list_pages: int = 100
    max_query_variants: int = 30
    max_date_variants: int = 30  # date-shaped paths per template (calendar traps)
    hosts: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    allow_addresses: tuple[str, ...] = ()  # non-public addresses the site may reach (scope)
    department: str | None = None
    explicit_columns: tuple[dict[str, Any], ...] = ()  # name, url, class, department, parent
    departments: Departments | None = None  # column name, url -> department
    db: str | None = None  # the store, read for `reuse_run`
    reuse_run: int | None = None  # nightly: the previous run; resume: the run itself
    resume: bool = False
    # `govpatrol recheck`: the pages fetched again; every other page of `reuse_run` is copied
    recheck: tuple[str, ...] = ()
    js_columns: tuple[str, ...] = ()  # list URLs rendered in Chromium (scrapy-playwright)
    js_auto: bool = False  # render a list page again in Chromium when its HTML lists nothing
    redis_url: str | None = None  # distributed: state and queue shared through Redis
    run_id: int = 0
    seed: bool = True  # False for a joining worker: the coordinator seeds the queue
