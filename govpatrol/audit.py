"""Building the audit context (profile, calendar, config) and the column inventory."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from govpatrol.auditors import AuditContext
from govpatrol.auditors.freshness import column_inventory as freshness_inventory
from govpatrol.config import Config, SiteConfig
from govpatrol.model import Column
from govpatrol.rules.profile import deep_merge, load_profile

log = logging.getLogger(__name__)


def make_context(config: Config | None, site: SiteConfig, as_of: date) -> AuditContext:
    """Profile = bundled default (or the site's), overridden by `[rules]`, then `[sites.rules]`."""
    site_config = dict(site.raw)
    if config and config.path:  # relative word-list paths are relative to sites.toml
        site_config["config_dir"] = str(config.path.parent.resolve())
    top = config.raw if config else {}
    for key in ("wordlists", "whitelist"):
        if key in top:
            site_config[key] = list(top[key]) + list(site_config.get(key, []))
    ctx = AuditContext(as_of=as_of, site_config=site_config)
    overrides = deep_merge(config.rules if config else {}, site.raw.get("rules", {}))
    if config and config.holidays_file:
        overrides.setdefault("holidays_file", config.holidays_file)
    profile_name = site.profile or (top.get("profile") if config else None)
    ctx.profile = load_profile(profile_name, overrides=overrides or None)
    return ctx


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
