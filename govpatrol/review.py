"""The review loop's driver: an office's answers, read from a filled-in ledger, stored as
decisions (`govpatrol review LEDGER.xlsx`), and taken back (`govpatrol review --undo ID`).

Only answers the office changed are stored. A row is compared with what the ledger showed when
it was written (the answers stored then: the ledger records the newest one as 整改记录版本), so
a sheet left as it was is no answer, even when a later import changed that finding; and an
answer equal to the finding's current decision is not stored again, so importing the same ledger
twice records nothing the second time. The same finding may stand on several sheets (全部问题
and its department's): edits that differ from each other are refused rather than one of them
silently winning.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from govpatrol.reports.ledger_reader import Answer, Ledger, LedgerError
from govpatrol.rules.review import CLAIMED_FIXED, NOT_FIXED, REVIEW_STATES, split_suppressed
from govpatrol.store import Store
from govpatrol.store.reviews import DECISION_FIELDS


@dataclass
class ImportResult:
    site: str
    run_id: int | None
    changed: list[dict[str, Any]] = field(default_factory=list)  # the decisions stored
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)  # ids no run of the site ever had
    states: Counter = field(default_factory=Counter)  # 整改状态 -> findings, after the import

    def lines(self) -> list[str]:
        """The summary printed after an import, in Chinese."""
        by_state = " · ".join(f"{state} {self.states[state]}" for state in REVIEW_STATES
                              if self.states.get(state))
        out = [f"站点“{self.site}”" + (f"（巡检编号 {self.run_id}）" if self.run_id else "")
               + f"：台账中 {sum(self.states.values())} 个问题，{by_state or '无'}",
               f"本次记录 {len(self.changed)} 项变更，{self.unchanged} 项未变"]
        changed = Counter(d["state"] for d in self.changed)
        if changed:
            out.append("变更：" + " · ".join(f"{s} {changed[s]}" for s in REVIEW_STATES
                                            if changed.get(s)))
        if self.unknown:
            out.append(f"未知的问题编号 {len(self.unknown)} 个（数据库中没有，未记录）："
                       + "、".join(self.unknown))
        return out


def _fields(decision: dict[str, Any] | None) -> tuple:
    decision = decision or {}
    return tuple(decision.get(k) or None for k in DECISION_FIELDS)


def _check_site(store: Store, ledger: Ledger) -> None:
    if ledger.site not in store.site_names():
        raise LedgerError(f"台账属于站点“{ledger.site}”，数据库 {store.path} 中没有该站点的巡检 "
                          f"(the ledger is of another site)")
    if ledger.run_id is not None:
        run = store.run(ledger.run_id)
        if run is None or run["site"] != ledger.site:
            other = f"属于站点“{run['site']}”" if run else "不存在"
            raise LedgerError(f"台账的巡检编号 {ledger.run_id} 在数据库 {store.path} 中{other}，"
                              f"与台账的站点“{ledger.site}”不符 (the ledger is of another "
                              f"site or database)")


def import_ledger(store: Store, ledger: Ledger, by: str) -> ImportResult:
    """Store the answers of `ledger` that changed; nothing is stored when any row is bad."""
    _check_site(store, ledger)
    current = store.reviews(ledger.site)
    shown = store.reviews(ledger.site, up_to=ledger.version or 0)  # when the ledger was written
    known = store.known_finding_ids(ledger.site)
    result = ImportResult(site=ledger.site, run_id=ledger.run_id)
    answers: dict[str, list[Answer]] = {}
    for answer in ledger.answers:
        if answer.finding_id not in known:
            if answer.finding_id not in result.unknown:
                result.unknown.append(answer.finding_id)
            continue
        answers.setdefault(answer.finding_id, []).append(answer)
    for finding_id, rows in answers.items():
        written = shown.get(finding_id)
        baseline = _fields(written) if written else (rows[0].default_state,) + (None,) * 4
        edits = {_fields(a.decision()): a for a in rows if _fields(a.decision()) != baseline}
        if len(edits) > 1:
            first, second = list(edits.values())[:2]
            raise LedgerError(f"问题编号 {finding_id} 在{first.where()}和{second.where()}的填写"
                              f"不一致，请只保留一处 (conflicting answers)")
        now = current.get(finding_id)
        answer = next(iter(edits.values()), None)
        if answer is not None and _fields(answer.decision()) != (_fields(now) if now else None):
            result.changed.append(answer.decision())
            result.states[answer.state] += 1
        else:
            result.unchanged += 1
            result.states[(now or {}).get("state") or baseline[0] or NOT_FIXED] += 1
    if result.changed:
        store.save_reviews(ledger.site, result.changed, by=by, source=ledger.path.name,
                           run_id=ledger.run_id)
    return result


def undo(store: Store, finding_id: str, by: str) -> list[str]:
    """Put a finding back to 未整改 (a 误报 shows again, an 已整改 is no longer re-checked);
    returns the lines to print. The answer's other fields (整改措施 ...) are kept."""
    sites = store.review_sites(finding_id)
    if not sites:
        raise LedgerError(f"数据库 {store.path} 中没有问题编号 {finding_id} (unknown finding id)")
    lines = []
    for site in sites:
        before = store.reviews(site).get(finding_id)
        if before is None or (before.get("state") or NOT_FIXED) == NOT_FIXED:
            lines.append(f"站点“{site}”问题 {finding_id} 没有可撤销的标记（仍为未整改）")
            continue
        decision = {k: before.get(k) for k in DECISION_FIELDS} | {
            "finding_id": finding_id, "state": NOT_FIXED}
        store.save_reviews(site, [decision], by=by, source="undo", run_id=None)
        lines.append(f"站点“{site}”问题 {finding_id}：已撤销“{before['state']}”，恢复为未整改")
    return lines



def recheck_targets(store: Store, site: str) -> tuple[dict[str, Any] | None, list[str]]:
    """(the site's last completed run, the pages `govpatrol recheck` fetches again): those of
    its findings not marked 误报, and those of every finding marked 已整改."""
    run = store.latest_done_run(site)
    if run is None:
        return None, []
    reviews = store.reviews(site)
    open_findings = split_suppressed(store.findings(run["id"]), reviews)[0]
    claimed = [fid for fid, r in reviews.items() if r.get("state") == CLAIMED_FIXED]
    urls = {f.url for f in open_findings if f.url} | store.finding_urls(site, claimed)
    return run, sorted(urls)
