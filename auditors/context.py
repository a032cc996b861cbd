"""Building the audit context (profile, calendar, typed settings from the config) and the
column inventory: where the validated sites.toml becomes what auditors read."""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from typing import Any

from govpatrol.auditors import AuditContext, AuditSettings
from govpatrol.auditors.freshness import column_inventory as freshness_inventory
from govpatrol.config import Config, SiteConfig
from govpatrol.model import Column
from govpatrol.rules.profile import deep_merge, load_profile

log = logging.getLogger(__name__)


def make_context(config: Config | None, site: SiteConfig, as_of: date) -> AuditContext:
    """Profile = bundled default (or the site's), overridden by `[rules]`, then `[sites.rules]`."""
    overrides = deep_merge(config.rules if config else {}, site.rules)
    if config and config.holidays_file:
        overrides.setdefault("holidays_file", config.holidays_file)
    profile_name = site.profile or (config.profile if config else None)
    ctx = AuditContext(as_of=as_of, settings=audit_settings(config, site, overrides))
    ctx.profile = load_profile(profile_name, overrides=overrides or None)
    return ctx


def audit_settings(config: Config | None, site: SiteConfig,
                   overrides: dict[str, Any] | None = None) -> AuditSettings:
    """The typed settings auditors read; the config's lists come before the site's own."""
    return AuditSettings(
        department=site.department,
        issuer=site.issuer,
        hosts=tuple(site.hosts),
        exclude=tuple(site.exclude),
        robots=site.robots,
        allow_addresses=tuple(site.allow_addresses),
        wordlists=(*(config.wordlists if config else ()), *site.wordlists),
        whitelist=(*(config.whitelist if config else ()), *site.whitelist),
        link_cues=tuple(site.link_cues),
        traditional=site.traditional,
        profile=site.profile or (config.profile if config else None),
        # relative word-list paths are relative to sites.toml
        config_dir=str(config.path.parent.resolve()) if config and config.path else None,
        holidays_file=config.holidays_file if config else None,
        rules=dict(overrides or {}),
        external_allow=tuple(site.external_links.allow),
        external_deny=tuple(site.external_links.deny),
        site_digest=hashlib.sha1(site.model_dump_json().encode()).hexdigest(),
    )


def column_inventory(columns: list[Column], ctx: AuditContext,
                     published: dict[str, date] | None = None) -> list[dict[str, Any]]:
    """columns.jsonl rows (findings.md): the column with its class, limit and age.

    `published` (item URL -> the article's own date) fills in columns whose lists show no dates,
    as the stale check does.
    """
    rows = freshness_inventory(columns, ctx.as_of, ctx.profile,
                               ctx.profile.calendar(warn=ctx.warn), published)
    for row, column in zip(rows, columns, strict=True):
        row["adapter"] = column.adapter  # which CMS reader found it: useful when one is missed
    return rows
