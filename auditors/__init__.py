"""Auditors: pure functions from stored records to findings.

A new auditor is one module and one line in `REGISTRY`. Each auditor is called with the site's
records and the audit context and yields findings; it never fetches anything.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govpatrol.model import Finding, SiteRecords

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditSettings:
    """The site settings auditors read, typed: built from the validated sites.toml by
    govpatrol.audit.make_context (auditors never see the config file's raw tables)."""

    department: str | None = None  # the site's own office: site-wide findings are its
    hosts: tuple[str, ...] = ()  # further host names of the site
    # the fetch scope, for what still fetches after the crawl (evidence screenshots)
    exclude: tuple[str, ...] = ()
    robots: bool = True
    allow_addresses: tuple[str, ...] = ()
    wordlists: tuple[str, ...] = ()  # the user's word lists, relative to config_dir
    whitelist: tuple[str, ...] = ()
    traditional: bool = False
    profile: str | None = None
    config_dir: str | None = None  # the folder of sites.toml
    holidays_file: str | None = None
    rules: Mapping[str, Any] = field(default_factory=dict)  # profile overrides in force
    site_digest: str = ""  # sha1 of the whole validated site table (audit fingerprint)


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


Auditor = Callable[[SiteRecords, AuditContext], Iterable[Finding]]

#: name -> "module:function". Imported lazily so a broken optional auditor cannot stop the others.
REGISTRY: dict[str, str] = {
    "unreachable": "govpatrol.auditors.unreachable:audit",
    "typo": "govpatrol.auditors.typo:audit",
    "sensitive": "govpatrol.auditors.sensitive:audit",
    "wrong_expression": "govpatrol.auditors.expressions:audit",
    "script_mix": "govpatrol.auditors.script_mix:audit",
    "freshness": "govpatrol.auditors.freshness:audit",
    "links": "govpatrol.auditors.links:audit",
    "interaction": "govpatrol.auditors.interaction:audit",
    "site_identity": "govpatrol.auditors.site_identity:audit",
    "structure": "govpatrol.auditors.structure:audit",
    "veto": "govpatrol.auditors.veto:audit",
}


def load(name: str) -> Auditor:
    module_name, _, func = REGISTRY[name].partition(":")
    return getattr(importlib.import_module(module_name), func)


def run_all(
    records: SiteRecords, ctx: AuditContext, only: Iterable[str] | None = None
) -> Iterator[Finding]:
    """Run every registered auditor; one that raises is logged and reported, never fatal."""
    for name in only or REGISTRY:
        try:
            auditor = load(name)
            yield from auditor(records, ctx)
        except Exception as exc:  # noqa: BLE001 - one auditor's bug must not lose the run
            log.exception("auditor %s failed", name)
            ctx.warn(f"审计模块 {name} 运行出错（auditor failed）：{exc}")
