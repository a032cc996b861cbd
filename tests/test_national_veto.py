"""The veto dashboard under the national profile: each line exactly at, just under, just over."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

from govpatrol.auditors import REGISTRY, AuditContext, AuditSettings, run_all
from govpatrol.auditors.veto import NO_DATA, PASS, VETO, WARN, ProbeStats, VetoItem, veto_dashboard
from govpatrol.model import Account, Column, Finding, Item, Link, Page, SiteRecords
from govpatrol.rules.profile import load_profile

SITE = "示例市人民政府"
HOME = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 20)
NATIONAL = load_profile("national")


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def col(name: str, *dates: date | None, parent: str | None = None,
        department: str | None = "市政府办公室") -> Column:
    slug = hashlib.sha1(f"{name}{parent}".encode()).hexdigest()[:8]
    items = [Item(f"{HOME}{slug}/t{i}.html", f"{name}信息{i}", d) for i, d in enumerate(dates)]
    return Column(site=SITE, name=name, url=f"{HOME}{slug}/index.html", parent=parent,
                  department=department, items=items)


def home_page(*links: str, text: str = "") -> Page:
    return Page(site=SITE, url=HOME, status=200, kind="home", title="首页", text=text,
                links=[Link(url=u, kind="a", anchor="新闻") for u in links])


def dashboard(columns: list[Column] | None = None, pages: list[Page] | None = None,
              findings: list[Finding] | None = None, probes: ProbeStats | None = None,
              accounts: list[Account] | None = None, profile=NATIONAL) -> dict[str, VetoItem]:
    records = SiteRecords.from_lists(SITE, HOME, columns or [], pages or [])
    records.accounts = accounts or []
    ctx = AuditContext(as_of=AS_OF, profile=profile, settings=AuditSettings(department="办公室"))
    return {item.key: item for item in veto_dashboard(records, findings or [], ctx, probes)}


def fresh_home() -> tuple[list[Column], list[Page]]:
    """A home page updated today, so other items can be looked at alone."""
    news = col("要闻", AS_OF)
    return [news], [home_page(news.items[0].url)]


def test_national_profile_lists_every_veto_item() -> None:
    columns, pages = fresh_home()
    items = dashboard(columns, pages)
    assert list(items) == ["availability", "home_page", "stale_columns", "long_unupdated",
                           "empty_columns", "content", "interaction", "service_use",
                           "new_media"]
    assert items["home_page"].status == PASS
    assert items["service_use"].status == NO_DATA  # no 办事指南 on this site
    assert items["availability"].status == NO_DATA
    assert items["new_media"].status == NO_DATA
    assert items["interaction"].status == NO_DATA


def test_default_profile_has_no_veto_lines() -> None:
    columns, pages = fresh_home()
    assert dashboard(columns, pages, profile=load_profile()) == {}
    assert "veto" in REGISTRY


# --- home page: veto when more than 14 days, warning from 10 ----------------------------------


@pytest.mark.parametrize(("days", "status"), [
    (9, PASS), (10, WARN), (11, WARN), (13, WARN), (14, WARN), (15, VETO),
])
def test_home_page_lines(days: int, status: str) -> None:
    news = col("要闻", ago(days))
    items = dashboard([news], [home_page(news.items[0].url)])
    assert items["home_page"].value == days
    assert items["home_page"].status == status
    assert (items["home_page"].veto_line, items["home_page"].warn_line) == (14, 10)


def test_home_page_dates_from_linked_pages_and_from_its_text() -> None:
    article = Page(site=SITE, url=f"{HOME}a/1.html", status=200, kind="detail",
                   published=ago(3), title="文章")
    items = dashboard([], [home_page(article.url), article])
    assert items["home_page"].value == 3
    items = dashboard([], [home_page(text="政务要闻\n某某会议召开 2026-11-12\n今天是2026-11-20 星期五")])
    assert items["home_page"].value == 8  # the "today" widget is not an update


def test_home_page_without_any_date_counts_as_not_updated() -> None:
    undated = col("要闻", None)
    item = dashboard([undated], [home_page(undated.items[0].url)])["home_page"]
    assert item.status == VETO and item.value is None
    assert "视为未更新" in item.detail


# --- columns ----------------------------------------------------------------------------------


def stale_news(n: int, days: int = 15) -> list[Column]:
    return [col(f"部门动态{i}", ago(days)) for i in range(n)]


@pytest.mark.parametrize(("count", "status"), [(2, PASS), (3, WARN), (4, WARN), (5, VETO),
                                               (6, VETO)])
def test_stale_columns_lines(count: int, status: str) -> None:
    columns, pages = fresh_home()
    item = dashboard(columns + stale_news(count), pages)["stale_columns"]
    assert (item.value, item.status) == (count, status)
    assert len(item.entries) == count


def test_stale_column_boundaries_of_each_group() -> None:
    columns, pages = fresh_home()
    columns += [
        col("工作动态", ago(14)),  # exactly 2 weeks: not yet
        col("乡镇动态", ago(15)),  # counted
        col("通知公告", ago(183)),  # exactly 6 months: not yet
        col("政策文件", ago(184)),  # counted
        col("通知公告", ago(400), parent="政府信息公开"),  # not first level: not this group
        col("政务要闻", None),  # undated: not updated
    ]
    item = dashboard(columns, pages)["stale_columns"]
    assert sorted(e["name"] for e in item.entries) == ["乡镇动态", "政务要闻", "政策文件"]
    assert item.status == WARN


@pytest.mark.parametrize(("count", "status"), [(5, PASS), (6, WARN), (9, WARN), (10, VETO)])
def test_long_unupdated_lines(count: int, status: str) -> None:
    columns, pages = fresh_home()
    columns += [col(f"人事信息{i}", ago(366)) for i in range(count)]
    columns += [col("规划计划", ago(365)), col("机构概况", ago(900))]  # a year exactly; exempt
    item = dashboard(columns, pages)["long_unupdated"]
    assert (item.value, item.status) == (count, status)


def test_a_column_counts_in_one_group_only() -> None:
    columns, pages = fresh_home()
    columns.append(col("部门动态", ago(500)))
    items = dashboard(columns, pages)
    assert items["stale_columns"].value == 1
    assert items["long_unupdated"].value == 0


@pytest.mark.parametrize(("count", "status"), [(2, PASS), (3, WARN), (4, WARN), (5, VETO)])
def test_empty_columns_lines(count: int, status: str) -> None:
    columns, pages = fresh_home()
    columns += [col(f"专栏{i}") for i in range(count)]
    item = dashboard(columns, pages)["empty_columns"]
    assert (item.value, item.status) == (count, status)


def test_finding_ids_behind_column_items() -> None:
    columns, pages = fresh_home()
    empty = col("专栏")
    behind = Finding(site=SITE, category="empty_column", rule="freshness.empty",
                     severity="major", url=empty.url, message="空白栏目")
    other = Finding(site=SITE, category="typo", rule="typo.x", severity="minor", url=HOME,
                    message="x")
    item = dashboard(columns + [empty], pages, findings=[behind, other])["empty_columns"]
    assert item.finding_ids == [behind.id]


# --- availability: 5% veto, 3% warning --------------------------------------------------------


def probes(failed: int, total: int = 1000, days: int = 7) -> ProbeStats:
    rows = []
    for i in range(total):
        day = AS_OF - timedelta(days=i % days)
        rows.append((day, HOME, i >= failed))
    return ProbeStats.from_probes(rows, AS_OF - timedelta(days=6), AS_OF)


@pytest.mark.parametrize(("failed", "status"), [
    (29, PASS), (30, WARN), (49, WARN), (50, VETO), (51, VETO),
])
def test_availability_lines(failed: int, status: str) -> None:
    columns, pages = fresh_home()
    item = dashboard(columns, pages, probes=probes(failed))["availability"]
    assert item.status == status
    assert item.value == pytest.approx(failed / 10)


def test_probe_log_of_4_9_and_5_1_percent() -> None:
    columns, pages = fresh_home()
    below = dashboard(columns, pages, probes=probes(49))["availability"]
    above = dashboard(columns, pages, probes=probes(51))["availability"]
    assert (below.value_text, below.status) == ("4.9%", WARN)
    assert (above.value_text, above.status) == ("5.1%", VETO)
    assert "每天探测不少于20次的天数为7/7" in above.detail


def test_probes_outside_the_week_do_not_count() -> None:
    old = [(AS_OF - timedelta(days=8), HOME, False)] * 100
    recent = [(AS_OF, HOME, True)] * 100
    stats = ProbeStats.from_probes(old + recent, AS_OF - timedelta(days=6), AS_OF)
    assert (stats.total, stats.failed, stats.rate) == (100, 0, 0.0)
    assert stats.full_days(20) == 1


# --- content, interaction, new media ----------------------------------------------------------


def test_content_counts_veto_findings_of_listed_categories() -> None:
    columns, pages = fresh_home()
    veto = Finding(site=SITE, category="sensitive", rule="sensitive.reactionary",
                   severity="veto", url=HOME, message="x", text="某词")
    minor = Finding(site=SITE, category="wrong_expression", rule="expression.x",
                    severity="major", url=HOME, message="y", text="某表述")
    item = dashboard(columns, pages, findings=[veto, minor])["content"]
    assert (item.value, item.status, item.finding_ids) == (1, VETO, [veto.id])
    assert item.covered


def board(asked: date, replied: date | None = None) -> Page:
    text = f"留言时间：{asked.isoformat()}\n回复时间：{replied.isoformat() if replied else ''}"
    return Page(site=SITE, url=f"{HOME}hdjl/{asked.isoformat()}.html", status=200,
                kind="detail", title="关于路灯的留言", text=text, column="市长信箱")


@pytest.mark.parametrize(("days", "status"), [(59, PASS), (60, WARN), (90, WARN), (91, VETO)])
def test_interaction_lines(days: int, status: str) -> None:
    columns, pages = fresh_home()
    item = dashboard(columns, pages + [board(ago(days)), board(ago(200), ago(190))])[
        "interaction"]
    assert (item.value, item.status, item.veto_line) == (days, status, 90)


def wechat_page(url: str, day: date) -> Page:
    return Page(site=SITE, url=url, status=200, kind="wechat", title="文章", published=day,
                text="正文")


def test_new_media_lines() -> None:
    columns, pages = fresh_home()
    for days, status in [(9, PASS), (10, WARN), (14, WARN), (15, VETO)]:
        account = Account(site=SITE, name="示例发布", url="http://mirror/x", source_state="ok",
                          articles=[Item("http://mp/1", "文章", ago(days))])
        item = dashboard(columns, pages + [wechat_page("http://mp/1", ago(days))],
                         accounts=[account])["new_media"]
        assert (item.value, item.status) == (days, status)


def test_new_media_veto_needs_a_fresh_source() -> None:
    """A silent mirror (read this run, but its feed stamp is a month old) is 待核实: listed,
    never at the veto line; a fresh source beside it is what the item measures."""
    columns, pages = fresh_home()
    stopped = Account(site=SITE, name="示例交通", url="http://mirror/jt", source_state="ok",
                      source_updated=ago(30), articles=[Item("http://mp/2", "文章", ago(30))])
    item = dashboard(columns, pages + [wechat_page("http://mp/2", ago(30))],
                     accounts=[stopped])["new_media"]
    assert (item.value, item.status) == (None, NO_DATA)
    assert "来源失效/待核实" in item.detail and "示例交通" in item.detail
    fresh = Account(site=SITE, name="示例发布", url="http://mirror/x", source_state="ok",
                    articles=[Item("http://mp/1", "文章", ago(3))])
    item = dashboard(columns, pages + [wechat_page("http://mp/1", ago(3)),
                                       wechat_page("http://mp/2", ago(30))],
                     accounts=[fresh, stopped])["new_media"]
    assert (item.value, item.status) == (3, PASS)
    assert [e["source"] for e in item.entries][0] == "正常"
    assert "镜像自" in item.entries[1]["source"]


# --- the auditor: findings at the lines -------------------------------------------------------


def audit(columns: list[Column], pages: list[Page], probes_: ProbeStats | None = None,
          profile=NATIONAL) -> list[Finding]:
    records = SiteRecords.from_lists(SITE, HOME, columns, pages)
    if probes_ is not None:
        records.extra["probes"] = probes_
    ctx = AuditContext(as_of=AS_OF, profile=profile, settings=AuditSettings(department="办公室"))
    return list(run_all(records, ctx, only=["veto"]))


def test_auditor_emits_veto_and_warning_findings() -> None:
    news = col("要闻", ago(15))
    empties = [col(f"专栏{i}", department="财政局") for i in range(3)]
    findings = audit([news, *empties], [home_page(news.items[0].url)], probes(51))
    by_rule = {f.rule: f for f in findings}
    assert by_rule["veto.home_page"].severity == "veto"
    assert by_rule["veto.home_page"].category == "stale_column"
    assert (by_rule["veto.home_page"].actual_days, by_rule["veto.home_page"].limit_days) == (15, 14)
    assert by_rule["veto.availability"].severity == "veto"
    assert by_rule["veto.availability"].category == "unreachable"
    warning = by_rule["veto.empty_columns.warning"]
    assert warning.severity == "info"
    assert warning.department == "财政局"  # every empty column is theirs
    assert by_rule["veto.home_page"].department == "办公室"  # the site's own
    assert "veto.stale_columns" not in by_rule  # one stale column: nowhere near the line
    assert all(f.url == HOME for f in findings)


def test_auditor_ids_are_stable_and_quiet_when_all_pass() -> None:
    news = col("要闻", AS_OF)
    assert audit([news], [home_page(news.items[0].url)], probes(0)) == []
    stale = col("要闻", ago(20))
    first = audit([stale], [home_page(stale.items[0].url)])
    again = audit([stale], [home_page(stale.items[0].url)])
    assert [f.id for f in first] == [f.id for f in again]


def test_interaction_veto_is_left_to_the_interaction_auditor() -> None:
    columns, pages = fresh_home()
    findings = audit(columns, pages + [board(ago(100))])
    assert not any(f.rule == "veto.interaction" for f in findings)
    records = SiteRecords.from_lists(SITE, HOME, columns, pages + [board(ago(100))])
    ctx = AuditContext(as_of=AS_OF, profile=NATIONAL)
    own = [f for f in run_all(records, ctx, only=["interaction"])
           if not f.rule.startswith("interaction.publication.")]  # 留言公开: its own test
    assert [(f.rule, f.severity) for f in own] == [("interaction.unanswered", "veto")]


def test_to_dict_carries_the_texts_the_reports_show() -> None:
    news = col("要闻", ago(12))
    data = dashboard([news], [home_page(news.items[0].url)])["home_page"].to_dict()
    assert data["status"] == WARN
    assert (data["value_text"], data["line_text"], data["warn_text"]) == ("12天", "超过14天",
                                                                         "达到10天")


def test_an_items_own_findings_are_behind_it() -> None:
    news = col("要闻", ago(15))
    pages = [home_page(news.items[0].url)]
    findings = audit([news], pages)
    item = dashboard([news], pages, findings=findings)["home_page"]
    assert item.finding_ids == [f.id for f in findings if f.rule == "veto.home_page"]
    empty_window = ProbeStats.from_probes([], AS_OF - timedelta(days=6), AS_OF)
    item = dashboard([news], pages, probes=empty_window)["availability"]
    assert item.status == NO_DATA and "2026-11-14至2026-11-20没有可用性探测记录" in item.detail
