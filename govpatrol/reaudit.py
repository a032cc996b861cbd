"""Re-auditing only what changed, for nightly (incremental) runs.

The text auditors (typos, sensitive words, expressions, script mix) look at one page at a time,
so a page copied unchanged from the previous run has the previous run's text findings, as
long as nothing they depend on changed: the word lists, the whitelist, the rules profile, the
site's config, the day (date rules) and the auditors' code. All of that is hashed into an audit
fingerprint kept with each run; when it differs, everything is audited again. The site-wide
auditors (freshness, links, structure, ...) always run over everything: they are cheap and
their answer depends on the whole site.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from govpatrol.auditors import REGISTRY, AuditContext, run_all
from govpatrol.model import Finding, SiteRecords
from govpatrol.store import Store

#: Auditors that read one page at a time, and the categories of their findings.
PAGE_AUDITORS = {"typo": "typo", "sensitive": "sensitive",
                 "wrong_expression": "wrong_expression", "script_mix": "script_mix"}


def audit_fingerprint(ctx: AuditContext) -> str:
    """sha1 over everything a text finding depends on besides the page itself."""
    digest = hashlib.sha1()
    digest.update(ctx.as_of.isoformat().encode())
    digest.update(json.dumps(dataclasses.asdict(ctx.settings), sort_keys=True,
                             ensure_ascii=False, default=str).encode())
    files: list[Path] = []
    roots = {package: Path(str(resources.files(package)))
             for package in ("govpatrol.wordlists", "govpatrol.auditors", "govpatrol.rules")}
    for folder, pattern in ((roots["govpatrol.wordlists"], "**/*"),
                            (roots["govpatrol.auditors"], "**/*.py"),
                            (roots["govpatrol.rules"], "**/*")):
        files += sorted(p for p in folder.glob(pattern) if p.is_file())
    settings = ctx.settings
    base = Path(settings.config_dir or ".")
    for entry in (*settings.wordlists, *settings.whitelist, settings.holidays_file,
                  settings.profile):
        if entry and (base / entry).is_file():
            files.append(base / entry)
    for path in files:
        root = next((r for r in roots.values() if r in path.parents), None)
        digest.update(str(path.relative_to(root) if root else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def incremental_findings(store: Store, run_id: int, previous_run: int, records: SiteRecords,
                         ctx: AuditContext) -> Iterator[Finding]:
    """Text auditors over the pages fetched this run, the previous findings for the others."""
    reused = {url for (url,) in store.db.execute(
        "SELECT url FROM pages WHERE run_id = ? AND reused_from = ?", [run_id, previous_run])}
    changed = SiteRecords(
        site=records.site, home_url=records.home_url, columns=records.columns,
        pages=lambda: (p for p in records.iter_pages() if p.url not in reused),
        accounts=records.accounts, link_status=records.link_status, extra=records.extra,
    )
    yield from run_all(changed, ctx, only=list(PAGE_AUDITORS))
    categories = sorted(set(PAGE_AUDITORS.values()))
    marks = ", ".join("?" for _ in categories)
    for row in store.db["findings"].rows_where(
            f"run_id = ? AND category IN ({marks})", [previous_run, *categories],
            order_by="rowid"):
        if row["url"] in reused:
            yield Finding.from_dict(row)
    yield from run_all(records, ctx, only=[n for n in REGISTRY if n not in PAGE_AUDITORS])
