"""Column ages of the national deduction table: 动态要闻 2 weeks, the 政策文件 and 政策解读
first-level columns 6 months, in calendar days, a first-level column updated through the
columns below it; scored under their own indicators (5 each), never under 其他栏目."""

from __future__ import annotations

from datetime import date, timedelta

from govpatrol.auditors import AuditContext, run_all
from govpatrol.model import Column, Item, SiteRecords
from govpatrol.rules.profile import load_profile
from govpatrol.rules.scoring import ScoringRules, score

SITE = "江河县人民政府"
HOME = "http://www.jhx.gov.cn/"
AS_OF = date(2026, 11, 20)


def column(name: str, path: str, age: int | None, parent: str | None = "政府信息公开",
           items: int = 3) -> Column:
    day = None if age is None else AS_OF - timedelta(days=age)
    return Column(site=SITE, name=name, url=f"{HOME}{path}/index.html", parent=parent,
                  items=[Item(f"{HOME}{path}/t{n}.html", f"{name}信息{n}",
                              None if day is None else day - timedelta(days=n))
                         for n in range(items)])


def audit(columns: list[Column], profile: str | None = "national") -> list:
    records = SiteRecords.from_lists(SITE, HOME, columns, [])
    ctx = AuditContext(as_of=AS_OF)
    ctx.profile = load_profile(profile)
    return list(run_all(records, ctx, only=["column_age"]))


def test_news_two_weeks_in_calendar_days() -> None:
    fresh = column("政务要闻", "zwyw", 14, parent=None)
    stale = column("部门动态", "bmdt", 15, parent="新闻中心")
    findings = audit([fresh, stale])
    assert [(f.rule, f.column, f.actual_days, f.limit_days) for f in findings] == [
        ("column_age.news", "部门动态", 15, 14)]
    assert findings[0].category == "stale_column" and findings[0].severity == "major"
    assert "已15天未更新" in findings[0].message


def test_first_level_policy_column_is_updated_through_its_children() -> None:
    """政策文件 itself last had an item 8 months ago, but 县政府文件 under it 2 months ago:
    the first-level column is updated. 政策解读 7 months: not."""
    policy = column("政策文件", "zcwj", 240)
    child = column("县政府文件", "zcwj/xzfwj", 60, parent="政策文件")
    interp = column("政策解读", "zcjd", 213)
    sub_interp = column("图片解读", "zcjd/tpjd", 300, parent="政策解读")
    findings = audit([policy, child, interp, sub_interp])
    assert [(f.rule, f.column) for f in findings] == [
        ("column_age.interpretation", "政策解读")]
    alone = audit([column("政策文件", "zcwj", 184)])
    assert [(f.rule, f.actual_days) for f in alone] == [("column_age.policy", 184)]
    assert audit([column("政策文件", "zcwj", 183)]) == []


def test_undated_counts_as_not_updated_and_empty_is_not_judged_here() -> None:
    findings = audit([column("政策解读", "zcjd", None), column("要闻", "yw", 30, items=0)])
    assert [(f.rule, f.last_updated) for f in findings] == [
        ("column_age.interpretation", None)]
    assert "未显示发布日期" in findings[0].message


def test_default_profile_checks_nothing() -> None:
    assert audit([column("部门动态", "bmdt", 100)], profile=None) == []


def test_scored_under_their_own_indicators() -> None:
    rules = ScoringRules.from_profile(load_profile("national"))
    findings = audit([column("部门动态", "bmdt", 30), column("政策文件", "zcwj", 200),
                      column("政策解读", "zcjd", 200), column("乡镇动态", "xzdt", 40)])
    result = score(findings, rules, SITE, HOME)
    assert result.score == 85  # 5 + 5 + 5: two news columns share the 动态要闻 cap
    assert result.item("news_stale").count == 2 and result.item("other_stale").count == 0
