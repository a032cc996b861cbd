"""Building the audit context (profile, calendar, typed settings from the config) and the
column inventory: where the validated sites.toml becomes what auditors read."""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from typing import Any

from govpatrol.auditors import AuditContext, AuditSettings
from govpatrol.auditors.freshness import column_inventory as freshness_inventory
from govpatrol.auditors.link_cues import site_cues
from govpatrol.auditors.text.site_corpus import SiteSettings
from govpatrol.config import Config, ConfigError, SiteConfig
from govpatrol.model import Column
from govpatrol.rules.profile import ProfileError, deep_merge, load_profile
from govpatrol.rules.scoring import ScoringRules

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


def checked_context(config: Config | None, site: SiteConfig, as_of: date) -> AuditContext:
    """`make_context`, with the tables read only later (scoring, [typo], the site's link cue
    lists) checked now: a bad value stops a patrol before any crawling, not after an hour.
    A bad value that sites.toml sets (`[sites.rules]`, `[rules]`) is named at its line there,
    not in the bundled profile it overrides."""
    try:
        ctx = make_context(config, site, as_of)
        ScoringRules.from_profile(ctx.profile)
        SiteSettings.from_profile(ctx.profile)
    except ProfileError as exc:
        where = config.rule_location(site, exc.key) if config is not None else None
        if where is None:
            raise
        raise ConfigError(f"{where}: {exc.problem}") from None
    site_cues(ctx.settings.link_cues, ctx.settings.config_dir)
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
