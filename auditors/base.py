"""What every auditor shares: the audit context and the visitor interface.

An auditor is a visitor. The driver (auditors/driver.py) reads the site's pages once and hands
each page to every auditor's `page()`; when all pages are through, it calls `finish(facts)`,
where column- and site-level rules use what the shared facts visitor (auditors/facts.py) kept.
Reading the pages once instead of once per auditor is most of the audit's time saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from govpatrol.model import Finding, Page, SiteRecords

if TYPE_CHECKING:
    from govpatrol.auditors.facts import SiteFacts

log = logging.getLogger("govpatrol.auditors")


def compact(text: str | None) -> str:
    """The text without any whitespace: a column name or label compared as the site shows it,
    whatever spaces and line breaks the CMS put inside (「教育 动态」 is 教育动态)."""
    return "".join((text or "").split())


@dataclass(frozen=True)
class AuditSettings:
    """The site settings auditors read, typed: built from the validated sites.toml by
    govpatrol.auditors.context.make_context (auditors never see the config file's raw tables)."""

    department: str | None = None  # the site's own office: site-wide findings are its
    hosts: tuple[str, ...] = ()  # further host names of the site
    # the fetch scope, for what still fetches after the crawl (evidence screenshots)
    exclude: tuple[str, ...] = ()
    robots: bool = True
    allow_addresses: tuple[str, ...] = ()
    wordlists: tuple[str, ...] = ()  # the user's word lists, relative to config_dir
    whitelist: tuple[str, ...] = ()
    link_cues: tuple[str, ...] = ()  # the site's own link cue lists, relative to config_dir
    traditional: bool = False
    profile: str | None = None
    config_dir: str | None = None  # the folder of sites.toml
    holidays_file: str | None = None
    rules: Mapping[str, Any] = field(default_factory=dict)  # profile overrides in force
    site_digest: str = ""  # sha1 of the whole validated site table
    issuer: str | None = None  # who signs the reports (落款); read by the reports only
    # 链接归属 (sites.toml [sites.external_links]): hosts never judged, hosts always reported
    external_allow: tuple[str, ...] = ()
    external_deny: tuple[str, ...] = ()


@dataclass
class AuditContext:
    """What every auditor may depend on besides the records: all of it is data."""

    as_of: date
    settings: AuditSettings = field(default_factory=AuditSettings)
    profile: Any = None  # govpatrol.rules.profile.Profile once loaded
    warnings: list[str] = field(default_factory=list)  # shown at the top of the report

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            log.warning(message)


class Visitor(Protocol):
    """One auditor. Built once per audit with the site's records (columns, link statuses,
    accounts: never its pages, which only the driver reads) and the context."""

    def page(self, page: Page) -> Iterable[Finding]:
        """Findings about this one page (and anything to remember for `finish`)."""
        ...

    def finish(self, facts: SiteFacts) -> Iterable[Finding]:
        """Findings about columns and the whole site, after every page was seen."""
        ...


#: What REGISTRY names: called as `factory(records, ctx)`, usually the auditor's class.
VisitorFactory = Callable[[SiteRecords, AuditContext], Visitor]


class PageAuditor:
    """Base for auditors that judge one page at a time and keep nothing for `finish`."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        self.records = records
        self.ctx = ctx

    def page(self, page: Page) -> Iterable[Finding]:
        return ()

    def finish(self, facts: SiteFacts) -> Iterable[Finding]:
        return ()
