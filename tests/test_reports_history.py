"""Run-to-run history: new / still open / fixed by stable id, first-seen dates, the trend."""

from __future__ import annotations

from datetime import date

from reports_helpers import FIRST_DAY, SECOND_DAY, add_run, bundle_for, finding, two_runs

from govpatrol.reporting import load_history
from govpatrol.reports.history import FIXED, NEW, OPEN
from govpatrol.store import Store

BASE = "http://127.0.0.1:9"


def test_marks_new_open_and_fixed(tmp_path):
    store, first, second = two_runs(tmp_path, BASE)
    history = load_history(store, second)
    assert history.previous_run["id"] == first
    ids = {key: finding(BASE, key).id for key in ("typo", "veto", "stale", "fixed", "interp")}
    assert history.status[ids["typo"]] == OPEN
    assert history.status[ids["veto"]] == OPEN
    assert history.status[ids["interp"]] == NEW
    assert [f.id for f in history.fixed] == [ids["fixed"]]
    assert history.first_seen[ids["typo"]] == FIRST_DAY
    assert history.first_seen[ids["interp"]] == SECOND_DAY
    assert history.first_seen[ids["fixed"]] == FIRST_DAY
    assert [(p.run_id, p.total, p.veto) for p in history.trend] == [(first, 4, 1), (second, 6, 1)]


def test_summary_rows_carry_the_marks(tmp_path):
    store, _, second = two_runs(tmp_path, BASE)
    summary = bundle_for(store, second).summary
    assert (summary.new_count, summary.open_count, summary.fixed_count) == (3, 3, 1)
    fixed = summary.fixed_rows[0]
    assert fixed.status == FIXED and fixed.department == "财政局"
    typo = next(r for r in summary.rows if r.finding.category == "typo")
    assert typo.first_seen == FIRST_DAY
    # minor: 10 working days from 2024-05-06 -> 2024-05-17 (05-11 is a 调休 working Saturday)
    assert typo.deadline == date(2024, 5, 17)
    assert typo.overdue and typo.status_label == "持续未整改（已逾期）"
    # site score: 97.5 before (two typos, one stale column), 96.5 now
    assert summary.previous_site_score.score == 97.5
    assert summary.score_delta() == -1.0


def test_first_run_has_no_previous(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    run = add_run(store, BASE, FIRST_DAY, ["typo"])
    history = load_history(store, run)
    assert history.previous_run is None
    assert history.fixed == []
    assert set(history.status.values()) == {NEW}
    summary = bundle_for(store, run).summary
    assert summary.score_delta() is None


def test_failed_runs_and_other_start_urls_are_not_compared(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    first = add_run(store, BASE, FIRST_DAY, ["typo", "stale"])
    add_run(store, BASE, date(2024, 5, 10), [], status="failed")  # holds nothing
    add_run(store, BASE, date(2024, 5, 13), ["typo"], url=f"{BASE}/news/")  # one column only
    last = add_run(store, BASE, SECOND_DAY, ["typo", "stale"])
    history = load_history(store, last)
    assert history.previous_run["id"] == first
    assert history.fixed == []
    assert set(history.status.values()) == {OPEN}
    assert [p.run_id for p in history.trend] == [first, last]


def test_rerendering_an_old_run_ignores_later_runs(tmp_path):
    store, first, _ = two_runs(tmp_path, BASE)
    history = load_history(store, first)
    assert history.previous_run is None
    assert all(d == FIRST_DAY for d in history.first_seen.values())
    assert [p.run_id for p in history.trend] == [first]


def test_a_broken_link_folded_into_an_unreachable_finding_is_not_fixed(tmp_path):
    """Runs before the merge reported a down page twice: its unreachable finding and a broken
    link on the page linking it. Now one finding carries both; the link is not 已整改, while
    a broken link that really went away is."""
    from govpatrol.model import Finding

    store = Store(tmp_path / "db.sqlite")
    down, home = f"{BASE}/zxft/index.html", f"{BASE}/a.html"

    def link(target: str) -> Finding:
        return Finding(site="江河市人民政府", category="broken_link", rule="links.a",
                       severity="minor", url=home, link_url=target, status="500",
                       message="链接无法访问")

    first = add_run(store, BASE, FIRST_DAY, [])
    store.save_findings(first, [link(down), link(f"{BASE}/old.html")])
    second = add_run(store, BASE, SECOND_DAY, [])
    store.save_findings(second, [Finding(
        site="江河市人民政府", category="unreachable", rule="unreachable.500", severity="minor",
        url=down, status="500", linked_from=[home], message="本站页面无法访问")])
    history = load_history(store, second)
    assert [f.link_url for f in history.fixed] == [f"{BASE}/old.html"]
