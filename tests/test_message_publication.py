"""留言公开 (interaction.publication.*): the fields of published messages, the board's update in
calendar months, the statistics of messages handled; scored as the 19号 table says (cap 6)."""

from __future__ import annotations

from datetime import date

from govpatrol.auditors import AuditContext, run_all
from govpatrol.model import Column, Finding, Link, Page, SiteRecords
from govpatrol.rules.calendar import months_before
from govpatrol.rules.profile import load_profile
from govpatrol.rules.scoring import ScoringRules, score

SITE = "江河县人民政府"
HOME = "http://www.jhx.gov.cn/"
AS_OF = date(2026, 11, 20)
NATIONAL = load_profile("national")
BOARD = Column(site=SITE, name="县长信箱", url=f"{HOME}hdjl/xzxx/index.html")


def message(n: int, asked: str, replied: str, *, unit: bool = True, content: bool = True,
            title: str = "关于县城路灯维修的咨询") -> Page:
    text = (f"信件标题：{title}\n来信人：王**\n来信时间：{asked} 09:12\n"
            "来信内容：江滨大道北段路灯已坏多日，夜间出行不便，请尽快维修。\n"
            f"回复时间：{replied}\n"
            + ("回复单位：江河县城市管理局\n" if unit else "")
            + ("回复内容：您好，来信收悉。经核实，已于次日安排维修，现已恢复照明。感谢您的监督。\n"
               if content else ""))
    return Page(site=SITE, url=f"{HOME}hdjl/xzxx/2026/{n}.html", status=200, kind="detail",
                title=title, column="县长信箱", text=text)


def home(stats: bool) -> Page:
    links = [Link(f"{HOME}hdjl/xzxx/index.html", "a", "县长信箱")]
    if stats:
        links.append(Link(f"{HOME}hdjl/tj/index.html", "a", "留言办理情况统计"))
    return Page(site=SITE, url=HOME, status=200, kind="home", title=SITE, text="首页",
                links=links)


def audit(pages: list[Page], columns: list[Column] | None = None, profile=NATIONAL,
          as_of: date = AS_OF) -> list[Finding]:
    records = SiteRecords.from_lists(SITE, HOME, [BOARD] if columns is None else columns,
                                     pages)
    ctx = AuditContext(as_of=as_of, profile=profile)
    return [f for f in run_all(records, ctx, only=["interaction"])
            if f.rule.startswith("interaction.publication")]


def clean_board() -> list[Page]:
    return [home(stats=True), message(1, "2026-11-02", "2026-11-04"),
            message(2, "2026-10-20", "2026-10-22", title="关于农贸市场停车难的建议")]


def test_a_clean_board_raises_nothing() -> None:
    assert audit(clean_board()) == []


def test_the_default_profile_does_not_judge_publication() -> None:
    assert audit([home(stats=False), message(1, "2026-01-02", "2026-01-05", unit=False)],
                 profile=load_profile()) == []


def test_each_sampled_message_missing_fields_names_them() -> None:
    pages = [*clean_board(), message(3, "2026-11-10", "2026-11-12", unit=False, content=False,
                                     title="关于学位申请的咨询")]
    found = audit(pages)
    assert [(f.rule, f.url, f.text) for f in found] == [
        ("interaction.publication.fields", pages[-1].url, "答复单位、答复内容")]
    assert "关于学位申请的咨询" in found[0].message and found[0].category == "interaction"


def test_only_the_newest_five_answered_messages_are_sampled() -> None:
    old = message(9, "2026-09-01", "2026-09-03", content=False)  # sixth newest: not sampled
    newer = [message(n, f"2026-11-{n + 1:02d}", f"2026-11-{n + 3:02d}") for n in range(1, 6)]
    assert audit([home(stats=True), old, *newer]) == []


def test_board_not_updated_in_two_calendar_months() -> None:
    last = months_before(AS_OF, 2)  # 2026-09-20: still within the two months
    at_line = [home(stats=True), message(1, "2026-09-18", last.isoformat())]
    assert audit(at_line) == []
    over = [home(stats=True), message(1, "2026-09-15", "2026-09-19")]
    found = audit(over)
    assert [(f.rule, f.last_updated) for f in found] == [
        ("interaction.publication.stale", date(2026, 9, 19))]
    assert found[0].url == BOARD.url


def test_no_statistics_published() -> None:
    found = audit([home(stats=False), *clean_board()[1:]])
    assert [f.rule for f in found] == ["interaction.publication.stats"]
    stats_column = Column(site=SITE, name="数据统计", url=f"{HOME}hdjl/sjtj/index.html")
    assert audit([home(stats=False), *clean_board()[1:]], columns=[BOARD, stats_column]) == []


def test_a_board_with_no_message_and_a_site_without_a_board() -> None:
    found = audit([home(stats=False)])
    assert [(f.rule, f.url) for f in found] == [("interaction.publication.none", BOARD.url)]
    news = Column(site=SITE, name="工作动态", url=f"{HOME}gzdt/index.html")
    assert audit([home(stats=False)], columns=[news]) == []


def test_scored_with_the_table_units_and_the_cap() -> None:
    rules = ScoringRules.from_profile(NATIONAL)
    pages = [home(stats=False), *[message(n, f"2026-08-{n:02d}", f"2026-08-{n + 2:02d}",
                                          unit=False) for n in range(1, 6)]]
    found = audit(pages)
    assert sorted(f.rule for f in found) == (
        ["interaction.publication.fields"] * 5
        + ["interaction.publication.stale", "interaction.publication.stats"])
    result = score(found, rules, "s", HOME)
    line = next(i for i in result.indicators if i.indicator.label == "留言公开")
    assert (line.raw_deduction, line.deduction) == (11, 6)  # 5 x 1 + 3 + 3, capped at 6
    assert result.score == 94
    assert score(found[-2:], rules, "s", HOME).score == 94  # stale 3 + stats 3
