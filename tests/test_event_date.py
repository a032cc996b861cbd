"""Event dates from news leads, the way an inspector reads them."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors.event_date import LEAD_CHARS, event_date, find_event_date

PUBLISHED = date(2026, 10, 12)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        (
            "10月9日上午，市政府召开第12次常务会议，研究部署下一阶段重点工作。",
            date(2026, 10, 9),
            "10月9日上午",
        ),
        ("9月28日，区委书记张三带队调研重点项目建设情况。", date(2026, 9, 28), "9月28日"),
        ("11月18日下午，市委理论学习中心组举行集体学习。", None, None),  # after publication
        ("10月8日至9日，全市政务公开工作培训班在市委党校举办。", date(2026, 10, 9), "10月8日至9日"),
        ("9月29日—30日，省督导组来我县开展安全生产督导检查。", date(2026, 9, 30), "9月29日—30日"),
        ("9月30日至10月2日，我区举办农民丰收节系列活动。", date(2026, 10, 2), "9月30日至10月2日"),
        (
            "2026年10月9日，市长李四主持召开专题会议，研究城市更新工作。",
            date(2026, 10, 9),
            "2026年10月9日",
        ),
        ("2026年10月9日上午，第三届消费品博览会开幕。", date(2026, 10, 9), "2026年10月9日上午"),
        ("近日，市政务服务中心召开10月9日工作例会。", None, None),
        ("日前，我县召开秋冬季森林防火工作会议。", None, None),
        ("区领导到社区开展走访慰问活动，为困难群众送去米面油。", None, None),
        (
            "本网讯（记者 王五 通讯员 赵六）10月10日下午，区人大常委会召开第二十次会议。",
            date(2026, 10, 10),
            "10月10日下午",
        ),
        ("新华社北京10月9日电 国务院总理李强9日主持召开国务院常务会议。", date(2026, 10, 9), "9日"),
        ("截至10月底，全市已完成高标准农田建设任务的九成。", None, None),
        ("截至9月30日，全区累计发放稳岗补贴1200万元。", None, None),
        (
            "为深入贯彻落实全省安全生产电视电话会议精神，10月9日上午，区应急管理局召开专题会议。",
            date(2026, 10, 9),
            "10月9日上午",
        ),
        ("《关于2026年10月1日起实施的若干措施》政策解读会在市政府召开。", None, None),
        ("市政府将于10月20日召开新闻发布会，介绍前三季度经济运行情况。", None, None),
        ("自10月1日起，我市全面推行企业开办“一网通办”。", None, None),
        ("10月9日以来，我区持续开展安全生产大检查。", None, None),
        ("１０月９日上午，县长调研秋粮收购工作。", date(2026, 10, 9), "１０月９日上午"),
        ("10月9日（星期五）下午，市委常委会召开会议。", date(2026, 10, 9), "10月9日（星期五）下午"),
        ("发布时间：2026年10月09日 来源：市政府办公室", None, None),
        ("9日，县委书记主持召开县委常委会会议。", date(2026, 10, 9), "9日"),
        ("连续3日，我市开展防汛应急演练。", None, None),
        (
            "10月1日上午，数千名群众齐聚人民广场，隆重举行升国旗仪式。",
            date(2026, 10, 1),
            "10月1日上午",
        ),
        ("", None, None),
    ],
)
def test_lead_sentences(text: str, expected: date | None, phrase: str | None) -> None:
    found = find_event_date(text, PUBLISHED)
    assert (found.date if found else None) == expected
    assert (found.phrase if found else None) == phrase
    assert event_date(text, PUBLISHED) == expected


def test_december_event_published_in_january_is_last_year() -> None:
    assert event_date("12月30日，市委召开全会。", date(2027, 1, 5)) == date(2026, 12, 30)
    assert event_date("12月30日至1月2日，开展走访慰问。", date(2027, 1, 5)) == date(2027, 1, 2)
    assert event_date("29日，召开年终总结会。", date(2027, 1, 5)) == date(2026, 12, 29)


def test_year_never_after_publication() -> None:
    # a date just after publication is an announced event, not last year's
    assert event_date("10月20日，将举行招聘会。", date(2026, 10, 12)) is None
    assert event_date("2026年10月20日，举行招聘会。", date(2026, 10, 12)) is None


def test_range_still_running_on_publication_day_gives_that_day() -> None:
    assert event_date("10月8日至12日，第五届文化旅游节举办。", date(2026, 10, 9)) == date(
        2026, 10, 9
    )


def test_only_the_first_sentence_counts() -> None:
    text = "我区召开全体会议。10月9日，另有活动。"
    assert event_date(text, PUBLISHED) is None


def test_only_the_first_lead_chars_count() -> None:
    opening = "为深入贯彻落实" + "党中央国务院关于政务公开工作的决策部署" * 4 + "，"
    assert len(opening) > LEAD_CHARS
    assert event_date(opening + "10月9日，召开会议。", PUBLISHED) is None
    assert event_date("为贯彻落实会议精神，10月9日，召开会议。", PUBLISHED) == date(2026, 10, 9)


def test_invalid_dates_are_ignored() -> None:
    assert event_date("2月30日，召开会议。", date(2026, 3, 10)) is None


# --- what plain templates put above the lead (issue 17 item 3) --------------------------------


def test_the_title_and_date_line_in_the_body_container_are_not_the_lead() -> None:
    """A plain template: the container holds the title, the 日期/来源 line, then the lead."""
    text = ("我县召开2026年秋冬季安全生产工作会议\n"
            "发布日期：2026-10-12 来源：县应急管理局 浏览次数：135\n"
            "【字号：大 中 小】【打印】【关闭】\n"
            "10月9日上午，我县召开2026年秋冬季安全生产工作会议。会议由副县长主持。")
    found = find_event_date(text, PUBLISHED, title="我县召开2026年秋冬季安全生产工作会议")
    assert found is not None and (found.date, found.phrase) == (date(2026, 10, 9), "10月9日上午")


def test_a_flattened_table_row_with_a_deadline_is_not_an_event() -> None:
    """A policy page whose first line is a table row: its dates are deadlines, not events."""
    text = ("序号 项目名称 申报单位 截止时间 2026年10月30日\n"
            "各乡镇人民政府，县直各单位：请于10月30日前将申报材料报送县发展改革局。")
    assert find_event_date(text, PUBLISHED) is None


@pytest.mark.parametrize("text", [
    "请于10月8日前报送材料。",
    "截止时间：10月8日，逾期不予受理。",
    "10月8日17:00前报名，名额有限。",
    "10月8日之前完成整改。",
])
def test_deadlines_are_not_events(text: str) -> None:
    assert find_event_date(text, PUBLISHED) is None
