"""Message boards: replies on time, late, and missing; labelled pages and lists under headers."""

from __future__ import annotations

from datetime import date

from govpatrol.auditors import AuditContext, run_all
from govpatrol.auditors.interaction import InteractionRules, collect_messages, messages_on_page
from govpatrol.model import CATEGORIES, Link, Page, SiteRecords
from govpatrol.rules.calendar import default_calendar
from govpatrol.rules.profile import load_profile

SITE = "示例市人民政府"
HOME = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 20)
RULES = InteractionRules.from_profile(load_profile())


def message(slug: str, asked: str, replied: str | None, title: str = "关于路灯损坏的咨询",
            column: str = "市长信箱") -> Page:
    reply = f"回复单位：市城管局\n回复时间：{replied}\n回复内容：已安排维修。" if replied else \
        "回复时间：\n回复内容：正在办理中"
    return Page(site=SITE, url=f"{HOME}hdjl/{slug}.html", status=200, kind="detail",
                title=title, column=column, department="市城管局",
                text=f"留言标题：{title}\n留言人：张**\n留言时间：{asked} 10:21\n"
                     f"留言内容：小区门口路灯坏了。\n{reply}")


def audit(pages: list[Page], profile=None) -> list:
    records = SiteRecords.from_lists(SITE, HOME, [], pages)
    ctx = AuditContext(as_of=AS_OF, profile=profile)
    return list(run_all(records, ctx, only=["interaction"]))


def test_category_is_registered() -> None:
    assert CATEGORIES["interaction"] == "互动回应不及时"


def test_reply_within_five_working_days_is_fine_and_six_is_late() -> None:
    on_time = message("a", "2026-11-02", "2026-11-09")  # Mon -> next Mon: 5 working days
    late = message("b", "2026-11-02", "2026-11-10", title="关于噪音扰民的投诉")  # 6
    findings = audit([on_time, late])
    assert len(findings) == 1
    f = findings[0]
    assert (f.category, f.rule, f.severity) == ("interaction", "interaction.reply_late", "major")
    assert (f.url, f.limit_days, f.actual_days) == (late.url, 5, 6)
    assert (f.formed, f.published) == (date(2026, 11, 2), date(2026, 11, 10))
    assert f.text == "留言时间：2026-11-02 10:21" and f.text in late.text
    assert f.department == "市城管局" and f.column == "市长信箱"
    assert "关于噪音扰民的投诉" in f.message


def test_working_days_follow_the_holiday_calendar() -> None:
    over_national_day = message("c", "2026-09-30", "2026-10-12")
    assert default_calendar().working_days(date(2026, 9, 30), date(2026, 10, 12)) == 4
    assert audit([over_national_day]) == []


def test_unanswered_waiting_then_veto_after_three_months() -> None:
    fresh = message("d", "2026-11-18", None)  # 2 working days: still within the limit
    waiting = message("e", "2026-10-20", None)  # a month: overdue, not yet a veto
    at_line = message("f", "2026-08-22", None)  # 90 days: not more than 3 months
    over = message("g", "2026-08-21", None)  # 91 days
    findings = {f.url: f for f in audit([fresh, waiting, at_line, over])}
    assert fresh.url not in findings
    assert (findings[waiting.url].rule, findings[waiting.url].severity) == (
        "interaction.unanswered", "major")
    assert findings[at_line.url].severity == "major"
    assert (findings[over.url].severity, findings[over.url].actual_days) == ("veto", 91)
    assert "单项否决" in findings[over.url].message


def test_limit_is_profile_data() -> None:
    three = load_profile(overrides={"limits": {"message_reply_limit": 3},
                                    "interaction": {"severity_late": "minor"}})
    findings = audit([message("a", "2026-11-02", "2026-11-06")], profile=three)  # 4 days
    assert [(f.limit_days, f.severity) for f in findings] == [(3, "minor")]


def board_list() -> Page:
    text = ("网上信访 留言选登\n标题\n留言时间\n回复时间\n状态\n"
            "关于路灯损坏的咨询\n2026-11-02\n2026-11-04\n已回复\n"
            "关于噪音扰民的投诉\n2026-11-02\n2026-11-16\n已回复\n"
            "关于停车收费的建议\n2026-06-01\n未回复\n"
            "关于供暖时间的咨询\n2026-11-19\n\n")
    return Page(site=SITE, url=f"{HOME}hdjl/index.html", status=200, kind="list",
                title="留言选登", column="留言选登", text=text,
                links=[Link(f"{HOME}hdjl/1.html", "a", "关于路灯损坏的咨询"),
                       Link(f"{HOME}hdjl/3.html", "a", "关于停车收费的建议")])


def test_list_under_headers_pairs_dates_row_by_row() -> None:
    found = messages_on_page(board_list(), RULES)
    assert [(m.title, m.asked.isoformat(), m.replied and m.replied.isoformat(), m.url)
            for m in found] == [
        ("关于路灯损坏的咨询", "2026-11-02", "2026-11-04", f"{HOME}hdjl/1.html"),
        ("关于噪音扰民的投诉", "2026-11-02", "2026-11-16", f"{HOME}hdjl/index.html"),
        ("关于停车收费的建议", "2026-06-01", None, f"{HOME}hdjl/3.html"),
        ("关于供暖时间的咨询", "2026-11-19", None, f"{HOME}hdjl/index.html"),
    ]
    findings = {f.text: f for f in audit([board_list()])}
    assert set(findings) == {"关于噪音扰民的投诉", "关于停车收费的建议"}
    assert findings["关于停车收费的建议"].severity == "veto"
    assert findings["关于停车收费的建议"].url == f"{HOME}hdjl/3.html"


def test_list_row_and_message_page_are_one_message() -> None:
    own_page = message("3", "2026-06-01", "2026-06-03", title="关于停车收费的建议")
    messages = collect_messages([board_list(), own_page], RULES)
    parking = [m for m in messages if m.title == "关于停车收费的建议"]
    assert len(parking) == 1 and parking[0].replied == date(2026, 6, 3)


def test_pages_without_both_labels_are_not_boards() -> None:
    news = Page(site=SITE, url=f"{HOME}xw/1.html", status=200, kind="detail",
                title="会议召开", text="发布时间：2026-01-02\n回复时间的规定……")
    assert messages_on_page(news, RULES) == []
    assert audit([news]) == []
