"""The audit as one pass: every page read once and shown to every auditor.

Each auditor's findings are kept apart and returned in registry order, so the output is the
same as when the auditors ran one after the other. An auditor that raises (when built, on a
page or in `finish`) is logged and reported as a warning naming it, keeps the findings it gave
before, and is not called again: one auditor's bug must not lose the run.

Every finding's quote and context leave the driver with personal numbers masked
(auditors/personal_data.py): a typo next to an ID number must not publish the number.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping

from govpatrol.auditors.attachments import as_page, name_attachment, readability, thresholds
from govpatrol.auditors.base import AuditContext, Visitor, VisitorFactory, log
from govpatrol.auditors.facts import SiteFacts
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.personal_data import redact_finding
from govpatrol.model import Finding, SiteRecords


def load(target: str) -> VisitorFactory:
    """"module:attr" -> the factory it names."""
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def audit(records: SiteRecords, ctx: AuditContext, registry: Mapping[str, str],
          only: Iterable[str] | None = None, *, strict: bool = False) -> list[Finding]:
    """The findings of the named auditors (all of `registry` by default), pages read once.

    `strict`: let an auditor's exception through instead of turning it into a warning (tests
    that want to see a bug, not a warning)."""
    names = list(only or registry)
    found: dict[str, list[Finding]] = {name: [] for name in names}
    active: dict[str, Visitor] = {}

    def failed(name: str, exc: Exception) -> None:
        if strict:
            raise exc
        log.exception("auditor %s failed", name)
        ctx.warn(f"审计模块 {name} 运行出错（auditor failed）：{exc}")
        active.pop(name, None)

    for name in names:
        try:
            active[name] = load(registry[name])(records, ctx)
        except Exception as exc:  # noqa: BLE001
            failed(name, exc)
    facts = SiteFacts(profile_from(ctx.profile))
    for page in records.iter_pages():
        facts.page(page)
        for name, visitor in list(active.items()):
            try:
                found[name].extend(visitor.page(page))
            except Exception as exc:  # noqa: BLE001
                failed(name, exc)
    facts.finish()
    _attachments(records, ctx, active, found, failed)
    for name, visitor in list(active.items()):
        try:
            found[name].extend(visitor.finish(facts))
        except Exception as exc:  # noqa: BLE001
            failed(name, exc)
    year = ctx.as_of.year
    return [redact_finding(finding, year) for name in names for finding in found[name]]


def _attachments(records: SiteRecords, ctx: AuditContext, active: dict[str, Visitor],
                 found: dict[str, list[Finding]], failed) -> None:
    """Every attachment, once, to the visitors with an `attachment` hook (text auditors,
    privacy, unreadable_text); their findings name the attachment and its linking page.
    Garbled text goes to none of the text auditors: it is one unreadable_text finding."""
    limits = thresholds(profile_from(ctx.profile))
    hooks = {name: getattr(visitor, "attachment", None) for name, visitor in active.items()}
    hooks = {name: hook for name, hook in hooks.items() if hook is not None}
    if not hooks:
        return
    for attachment in records.attachments():
        verdict = readability(attachment, limits)
        page = as_page(attachment) if attachment.text and verdict is None else None
        for name, hook in list(hooks.items()):
            if name not in active:
                continue
            try:
                found[name].extend(name_attachment(finding, attachment)
                                   for finding in hook(attachment, page, verdict))
            except Exception as exc:  # noqa: BLE001
                failed(name, exc)
