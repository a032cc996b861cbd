"""办事统计 (service_stats.*): the 办件统计 column's newest item in calendar months, scored as the
19号 table says: not published -2, not updated in 1 month -1, in 3 months -2 (cap 2)."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors import AuditContext, run_all
from govpatrol.model import CATEGORIES, Column, Finding, Item, Page, SiteRecords
from govpatrol.rules.profile import load_profile
from govpatrol.rules.scoring import ScoringRules, score

SITE = "江河县人民政府"
HOME = "http://www.jhx.gov.cn/"
AS_OF = date(2026, 11, 20)
NATIONAL = load_profile("national")


def stats_column(*days: date | None, name: str = "办件统计") -> Column:
    items = [Item(f"{HOME}zwfw/bjtj/{n}.html", f"2026年{n + 1}月办件统计", d)
             for n, d in enumerate(days)]
    return Column(site=SITE, name=name, url=f"{HOME}zwfw/bjtj/index.html", parent="办事服务",
                  items=items)


GUIDES = Column(site=SITE, name="办事指南", url=f"{HOME}zwfw/bszn/index.html", parent="办事服务",
                items=[Item(f"{HOME}zwfw/bszn/1.html", "个体工商户注册登记", date(2026, 9, 1))])


def audit(columns: list[Column], pages: list[Page] | None = None,
          profile=NATIONAL) -> list[Finding]:
    records = SiteRecords.from_lists(SITE, HOME, columns, pages or [])
    return list(run_all(records, AuditContext(as_of=AS_OF, profile=profile),
                        only=["service_stats"]))


def rules_of(found: list[Finding]) -> list[str]:
    return [f.rule for f in found]


def test_category_is_registered() -> None:
    assert CATEGORIES["service_stats"] == "办事统计未公开或未更新"


@pytest.mark.parametrize(("newest", "expected"), [
    (date(2026, 10, 20), []),  # exactly one calendar month: still updated
    (date(2026, 10, 19), ["service_stats.stale_1m"]),
    (date(2026, 8, 20), ["service_stats.stale_1m"]),  # exactly three months
    (date(2026, 8, 19), ["service_stats.stale_3m"]),
])
def test_newest_item_against_one_and_three_calendar_months(newest, expected) -> None:
    found = audit([GUIDES, stats_column(date(2026, 6, 3), newest)])
    assert rules_of(found) == expected
    if found:
        assert (found[0].last_updated, found[0].column, found[0].category) == (
            newest, "办件统计", "service_stats")


def test_missing_on_a_site_with_services_not_on_one_without() -> None:
    found = audit([GUIDES])
    assert rules_of(found) == ["service_stats.missing"] and found[0].url == HOME
    news = Column(site=SITE, name="工作动态", url=f"{HOME}gzdt/index.html")
    assert audit([news]) == []


def test_undated_lists_use_the_items_own_dates() -> None:
    column = stats_column(None, None)
    pages = [Page(site=SITE, url=item.url, status=200, kind="detail", title=item.title,
                  published=d, text="本月共受理办件1024件，办结1020件。")
             for item, d in zip(column.items, (date(2026, 10, 5), date(2026, 11, 4)),
                                strict=True)]
    assert audit([GUIDES, column], pages) == []
    assert rules_of(audit([GUIDES, column])) == ["service_stats.missing"]  # nothing dated


def test_the_default_profile_checks_nothing() -> None:
    assert audit([GUIDES], profile=load_profile()) == []


def test_scored_with_the_table_units_and_the_cap() -> None:
    rules = ScoringRules.from_profile(NATIONAL)
    one = audit([GUIDES, stats_column(date(2026, 10, 1))])
    three = audit([GUIDES, stats_column(date(2026, 5, 1))])
    missing = audit([GUIDES])
    assert score(one, rules, "s", HOME).score == 99
    assert score(three, rules, "s", HOME).score == 98
    assert score(missing, rules, "s", HOME).score == 98
    assert score(missing + three, rules, "s", HOME).score == 98  # cap 2


def test_a_stale_statistics_column_is_not_counted_again_under_other_columns() -> None:
    rules = ScoringRules.from_profile(NATIONAL)
    stale = Finding(site=SITE, category="stale_column", rule="freshness.stale", severity="major",
                    url=f"{HOME}zwfw/bjtj/index.html", column="办件统计", message="栏目未更新")
    assert rules.item_for(stale, HOME) is None
