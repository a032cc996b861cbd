"""Auditors: pure visitors from stored records to findings.

A new auditor is one module and one line in `REGISTRY`. The module's visitor class is built with
the site's records and the audit context; the driver shows it every page once (`page(page)`)
and then asks for the column- and site-level findings (`finish(facts)`, auditors/facts.py). An
auditor never fetches anything and never reads the pages itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from govpatrol.auditors.base import (
    AuditContext,
    AuditSettings,
    PageAuditor,
    Visitor,
    VisitorFactory,
)
from govpatrol.model import Finding, SiteRecords

__all__ = ["REGISTRY", "AuditContext", "AuditSettings", "PageAuditor", "Visitor",
           "VisitorFactory", "audit", "load", "run_all"]

#: name -> "module:visitor class". Imported lazily so a broken optional auditor cannot stop the
#: others.
REGISTRY: dict[str, str] = {
    "unreachable": "govpatrol.auditors.unreachable:Unreachable",
    "typo": "govpatrol.auditors.typo:Typo",
    "sensitive": "govpatrol.auditors.sensitive:Sensitive",
    "wrong_expression": "govpatrol.auditors.expressions:WrongExpression",
    "script_mix": "govpatrol.auditors.script_mix:ScriptMix",
    "privacy": "govpatrol.auditors.privacy:Privacy",
    "unreadable_text": "govpatrol.auditors.attachments:UnreadableText",
    "hidden_link": "govpatrol.auditors.hidden_link:HiddenLinks",
    "cloaking": "govpatrol.auditors.cloaking:Cloaking",
    "external_link": "govpatrol.auditors.external_link:ExternalLinks",
    "freshness": "govpatrol.auditors.freshness:Freshness",
    "column_age": "govpatrol.auditors.column_age:ColumnAge",
    "interpretation_link": "govpatrol.auditors.interpretation_link:InterpretationLinks",
    "links": "govpatrol.auditors.links:Links",
    "blocked": "govpatrol.auditors.blocked:Blocked",
    "encoding": "govpatrol.auditors.encoding:EncodingMismatch",
    "interaction": "govpatrol.auditors.interaction:Interaction",
    "site_identity": "govpatrol.auditors.site_identity:SiteIdentity",
    "page_tags": "govpatrol.auditors.page_tags:PageTags",
    "structure": "govpatrol.auditors.structure:Structure",
    "service_guide": "govpatrol.auditors.service_guide:ServiceGuides",
    "service_stats": "govpatrol.auditors.service_stats:ServiceStats",
    "search": "govpatrol.auditors.search:SiteSearch",
    "network": "govpatrol.auditors.network:HostChecks",
    "veto": "govpatrol.auditors.veto:Veto",
}


def load(name: str) -> VisitorFactory:
    """The visitor factory registered as `name`."""
    from govpatrol.auditors.driver import load as load_target

    return load_target(REGISTRY[name])


def audit(records: SiteRecords, ctx: AuditContext, only: Iterable[str] | None = None, *,
          strict: bool = False) -> list[Finding]:
    """Every registered auditor (or those named) over one pass of the pages. The driver is
    imported here, not above: `check-text` imports the text engine from this package and
    should not pay for the site-level auditors it never runs."""
    from govpatrol.auditors.driver import audit as drive

    return drive(records, ctx, REGISTRY, only, strict=strict)


def run_all(
    records: SiteRecords, ctx: AuditContext, only: Iterable[str] | None = None
) -> Iterator[Finding]:
    """Run every registered auditor; one that raises is logged and reported, never fatal."""
    return iter(audit(records, ctx, only))
