"""Freshness findings from hand-built records, checked field by field."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest

from govpatrol.auditors import REGISTRY, AuditContext, audit, load, run_all
from govpatrol.auditors.freshness import (
    Classification,
    Freshness,
    classify,
    column_inventory,
)
from govpatrol.model import Account, Column, Finding, Item, Link, Page, SiteRecords
from govpatrol.rules.calendar import WorkCalendar
from govpatrol.rules.profile import PROFILES_DIR, Profile, load_profile

SITE = "示例市人民政府"
HOME = "http://www.example.gov.cn/"
MON = date(2026, 11, 2)  # a Monday; November 2026 has no holidays


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile()


def column(
    name: str,
    *dates: date | None,
    parent: str | None = None,
    configured: str | None = None,
    department: str | None = "市政府办公室",
    slug: str | None = None,
) -> Column:
    slug = slug or hashlib.sha1(name.encode()).hexdigest()[:8]
    url = f"{HOME}{slug}/index.html"
    items = [
        Item(url=f"{HOME}{slug}/t{i}.html", title=f"{name}信息{i}", list_date=d)
        for i, d in enumerate(dates)
    ]
    return Column(
        site=SITE,
        name=name,
        url=url,
        parent=parent,
        department=department,
        configured_class=configured,
        items=items,
    )


def run(
    columns: list[Column],
    pages: list[Page] | None = None,
    accounts: list[Account] | None = None,
    as_of: date = MON,
    profile: Profile | str | None = None,
) -> tuple[list[Finding], AuditContext]:
    records = SiteRecords.from_lists(SITE, HOME, columns, pages or [])
    records.accounts = accounts or []
    ctx = AuditContext(as_of=as_of, profile=profile)
    return audit(records, ctx, only=["freshness"], strict=True), ctx


# --- classification ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cls", "reason"),
    [
        ("政务要闻", "important_news", "关键词“政务要闻”"),
        ("部门动态", "important_news", "关键词“部门动态”"),
        ("领导活动", "important_news", "关键词“领导活动”"),
        ("行政处罚", "enforcement", "关键词“行政处罚”"),
        ("双公示", "enforcement", "关键词“双公示”"),
        ("财政预决算", "key_areas", "关键词“预决算”"),
        ("重大建设项目", "key_areas", "关键词“重大建设项目”"),
        ("人事信息", "statutory_other", "关键词“人事信息”"),
        ("通知公告", "statutory_other", "关键词“通知公告”"),
        ("政策解读", "statutory_other", "关键词“政策解读”"),
        ("政府信息公开指南", "exempt", "关键词“政府信息公开指南”"),
        ("机构概况", "exempt", "关键词“概况”"),
        ("领导信息", "exempt", "关键词“领导信息”"),
        ("教育 动态", "important_news", "关键词“动态”"),  # news beats key area; spaces ignored
        ("专题专栏", "statutory_other", "默认: 其他法定主动公开内容"),
    ],
)
def test_classify_typical_columns(profile: Profile, name: str, cls: str, reason: str) -> None:
    result = classify(column(name), profile)
    assert result == Classification(cls, reason, profile.limit(cls))


def test_parent_name_is_the_fallback(profile: Profile) -> None:
    result = classify(column("2026年", parent="财政预决算"), profile)
    assert result == Classification("key_areas", "上级栏目“财政预决算”关键词“预决算”", 10)


def test_configured_class_wins(profile: Profile) -> None:
    result = classify(column("政务要闻", configured="statutory_other"), profile)
    assert result == Classification("statutory_other", "配置: sites.toml", 20)
    assert classify(column("机构概况", configured="key_areas"), profile).limit_days == 10


def test_unknown_configured_class_falls_back_and_warns(profile: Profile) -> None:
    col = column("政务要闻", MON, configured="news")
    result = classify(col, profile)
    assert result.freshness_class == "important_news"
    assert result.class_reason == "配置的类别“news”无效，关键词“政务要闻”"
    _, ctx = run([col])
    assert any("news" in w for w in ctx.warnings)


def test_profile_override_changes_the_limit_used() -> None:
    custom = load_profile(overrides={"freshness": {"important_news": {"limit_days": 3}}})
    col = column("部门动态", MON)
    assert classify(col, custom).limit_days == 3
    findings, _ = run([col], as_of=MON + timedelta(days=3), profile=custom)  # Thu: 3 days
    assert findings == []
    findings, _ = run([col], as_of=MON + timedelta(days=3))  # default: 2 days
    assert [f.limit_days for f in findings] == [2]


# --- stale and empty columns ------------------------------------------------------------------

LIMIT_CASES = [
    # class, column name, as_of at the limit, as_of one working day past it
    ("important_news", "部门动态", date(2026, 11, 4), date(2026, 11, 5)),
    ("enforcement", "行政处罚", date(2026, 11, 11), date(2026, 11, 12)),
    ("key_areas", "重大建设项目", date(2026, 11, 16), date(2026, 11, 17)),
    ("statutory_other", "通知公告", date(2026, 11, 30), date(2026, 12, 1)),
]


@pytest.mark.parametrize(("cls", "name", "at_limit", "past_limit"), LIMIT_CASES)
def test_stale_column_boundaries(
    profile: Profile, cls: str, name: str, at_limit: date, past_limit: date
) -> None:
    limit = profile.limit(cls)
    col = column(name, MON - timedelta(days=30), MON, None)
    assert run([col], as_of=at_limit)[0] == []
    findings, _ = run([col], as_of=past_limit)
    assert len(findings) == 1
    f = findings[0]
    assert (f.category, f.rule, f.severity) == ("stale_column", f"freshness.{cls}", "major")
    assert (f.url, f.column, f.department) == (col.url, name, "市政府办公室")
    assert (f.last_updated, f.limit_days, f.actual_days) == (MON, limit, limit + 1)
    assert f.site == SITE


def test_stale_message_reads_like_the_ledger() -> None:
    col = column("部门动态", date(2026, 11, 16))
    findings, _ = run([col], as_of=date(2026, 11, 20))
    assert [f.message for f in findings] == [
        "栏目“部门动态”最近更新于2026-11-16，已4个工作日未更新，"
        "超过“重要会议、活动等动态类”2个工作日的时限"
    ]


def test_national_day_keeps_a_news_column_fresh() -> None:
    col = column("政务要闻", date(2026, 9, 30))
    assert run([col], as_of=date(2026, 10, 9))[0] == []  # Mon-Fri would count 7
    findings, _ = run([col], as_of=date(2026, 10, 10))  # the adjusted Saturday
    assert [(f.actual_days, f.limit_days) for f in findings] == [(3, 2)]


def test_spring_festival_keeps_a_news_column_fresh() -> None:
    col = column("工作动态", date(2026, 2, 13))
    assert run([col], as_of=date(2026, 2, 24))[0] == []  # Mon-Fri would count 7


def test_exempt_columns_never_stale() -> None:
    assert run([column("机构概况", date(2019, 1, 1))])[0] == []


def test_empty_column(profile: Profile) -> None:
    col = column("行政许可")
    findings, _ = run([col])
    assert len(findings) == 1
    f = findings[0]
    assert (f.category, f.rule, f.severity) == ("empty_column", "freshness.empty", "major")
    assert (f.url, f.column, f.limit_days, f.actual_days) == (col.url, "行政许可", 7, None)
    assert "空白栏目" in f.message


def test_undated_items_count_as_not_updated() -> None:
    col = column("通知公告", None, None)
    findings, _ = run([col])
    assert [(f.category, f.rule, f.severity, f.last_updated) for f in findings] == [
        ("stale_column", "freshness.statutory_other", "minor", None)
    ]


def test_undated_list_falls_back_to_page_publication_dates() -> None:
    col = column("通知公告", None, slug="tzgg")
    page = Page(site=SITE, url=col.items[0].url, published=MON, column="通知公告", kind="detail")
    assert run([col], [page], as_of=date(2026, 11, 30))[0] == []
    findings, _ = run([col], [page], as_of=date(2026, 12, 1))
    assert [(f.last_updated, f.actual_days) for f in findings] == [(MON, 21)]


def test_future_dated_newest_is_not_stale() -> None:
    assert run([column("部门动态", MON + timedelta(days=10))])[0] == []


# --- late publication -------------------------------------------------------------------------


def detail(
    col: Column,
    published: date,
    *,
    formed: date | None = None,
    text: str = "",
    index: int = 0,
    title: str = "关于开展2026年度统计执法检查的通知",
    links: list[Link] | None = None,
    metadata: dict[str, str] | None = None,
) -> Page:
    meta = dict(metadata or {})
    if formed:
        meta["formed"] = formed.isoformat()
    return Page(
        site=SITE,
        url=col.items[index].url,
        title=title,
        published=published,
        metadata=meta,
        text=text,
        column=col.name,
        department="市统计局",
        links=links or [],
        kind="detail",
    )


@pytest.mark.parametrize(("cls", "name", "at_limit", "past_limit"), LIMIT_CASES)
def test_late_publication_boundaries_from_metadata(
    profile: Profile, cls: str, name: str, at_limit: date, past_limit: date
) -> None:
    col = column(name, MON, MON)
    ok = detail(col, at_limit, formed=MON, index=0)
    late = detail(col, past_limit, formed=MON, index=1)
    findings, _ = run([col], [ok, late], as_of=MON)
    assert len(findings) == 1
    f = findings[0]
    assert (f.category, f.rule, f.severity) == ("late_publication", f"freshness.{cls}", "major")
    assert (f.url, f.column, f.department) == (late.url, name, "市统计局")
    assert (f.formed, f.published) == (MON, past_limit)
    assert (f.limit_days, f.actual_days) == (profile.limit(cls), profile.limit(cls) + 1)
    assert f.text is None
    assert f"成文日期为{MON.isoformat()}" in f.message


def test_late_news_from_the_lead_sentence() -> None:
    col = column("政务要闻", date(2026, 10, 14), date(2026, 10, 12))
    text = "10月9日上午，市政府召开第12次常务会议，研究部署下一阶段重点工作。会议指出……"
    late = detail(col, date(2026, 10, 14), text=text, index=0, title="市政府召开第12次常务会议")
    on_time = detail(col, date(2026, 10, 12), text=text, index=1, title="同一会议")
    findings, _ = run([col], [late, on_time], as_of=date(2026, 10, 14))
    assert len(findings) == 1
    f = findings[0]
    assert (f.category, f.rule) == ("late_publication", "freshness.important_news")
    # 10-10 (the adjusted Saturday), 10-12, 10-13, 10-14; the copy published 10-12 took 2
    assert (f.formed, f.published, f.limit_days, f.actual_days) == (
        date(2026, 10, 9),
        date(2026, 10, 14),
        2,
        4,
    )
    assert f.text == "10月9日上午"
    assert f.context is not None and f.context.startswith("10月9日上午，市政府召开")


def test_lead_sentence_is_not_used_outside_news_classes() -> None:
    col = column("通知公告", MON)
    page = detail(col, date(2026, 12, 30), text="10月9日上午，召开会议。")
    assert run([col], [page], as_of=MON)[0] == []


def test_vague_lead_gives_no_finding() -> None:
    col = column("部门动态", date(2026, 10, 20))
    page = detail(col, date(2026, 10, 20), text="近日，我局召开安全生产工作会议。")
    assert run([col], [page], as_of=date(2026, 10, 20))[0] == []


def test_exempt_pages_are_never_late() -> None:
    col = column("机构概况", MON)
    page = detail(col, date(2026, 12, 30), formed=date(2025, 1, 1))
    assert run([col], [page], as_of=MON)[0] == []


def test_page_found_by_column_name_when_not_listed() -> None:
    col = column("行政处罚", MON, slug="xzcf")
    page = Page(
        site=SITE,
        url=f"{HOME}xzcf/unlisted.html",
        published=date(2026, 11, 12),
        metadata={"formed": MON.isoformat()},
        column="行政处罚",
        kind="detail",
    )
    findings, _ = run([col], [page], as_of=MON)
    assert [(f.rule, f.actual_days) for f in findings] == [("freshness.enforcement", 8)]


# --- policy interpretations -------------------------------------------------------------------


def interpretation_case(
    published: date, *, forward: bool = True, older_policy: bool = False
) -> tuple[list[Column], list[Page]]:
    policies = column("政策文件", MON, MON - timedelta(days=60), slug="zcwj")
    interps = column("政策解读", published, slug="zcjd")
    policy = detail(
        policies,
        MON,
        formed=MON - timedelta(days=3),
        title="关于促进民营经济发展的若干措施",
        metadata={"doc_number": "示政发〔2026〕12号"},
    )
    old = detail(
        policies,
        MON - timedelta(days=60),
        index=1,
        title="旧文件",
        metadata={"doc_number": "示政发〔2026〕3号"},
    )
    interp_links = [Link(url=policy.url, kind="a", anchor="原文")] if forward else []
    if older_policy:
        interp_links.append(Link(url=old.url, kind="a", anchor="相关文件"))
    interp = Page(
        site=SITE,
        url=interps.items[0].url,
        title="《关于促进民营经济发展的若干措施》政策解读",
        published=published,
        column="政策解读",
        department="市发展改革委",
        links=interp_links,
        kind="detail",
    )
    if not forward:
        policy.links.append(Link(url=interp.url, kind="a", anchor="相关解读"))
    return [policies, interps], [interp, policy, old]


def interpretation_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == "freshness.interpretation"]


def test_interpretation_within_five_working_days() -> None:
    columns, pages = interpretation_case(date(2026, 11, 9))
    findings, _ = run(columns, pages, as_of=date(2026, 11, 9))
    assert interpretation_findings(findings) == []


@pytest.mark.parametrize("forward", [True, False])
def test_late_interpretation(forward: bool) -> None:
    columns, pages = interpretation_case(date(2026, 11, 10), forward=forward)
    findings, _ = run(columns, pages, as_of=date(2026, 11, 10))
    late = interpretation_findings(findings)
    assert len(late) == 1
    f = late[0]
    assert (f.category, f.severity) == ("late_publication", "major")
    assert (f.url, f.column, f.department) == (pages[0].url, "政策解读", "市发展改革委")
    assert (f.formed, f.published, f.limit_days, f.actual_days) == (
        MON,
        date(2026, 11, 10),
        5,
        6,
    )
    assert f.link_url == pages[1].url
    assert "关于促进民营经济发展的若干措施" in f.message


def test_interpretation_measured_from_the_latest_linked_policy() -> None:
    columns, pages = interpretation_case(date(2026, 11, 9), older_policy=True)
    findings, _ = run(columns, pages, as_of=date(2026, 11, 9))
    assert interpretation_findings(findings) == []


# --- WeChat accounts --------------------------------------------------------------------------


def account(name: str, *dates: date | None, **source) -> Account:
    return Account(
        site=SITE,
        name=name,
        url=f"https://rss.example.org/wechat/{name}",
        department="市委网信办",
        articles=[
            Item(url=f"https://mp.weixin.qq.com/s/{name}{i}", title="t", list_date=d)
            for i, d in enumerate(dates)
        ],
        **({"source_state": "ok"} | source),
    )


def article_pages(*accounts: Account) -> list[Page]:
    """Each article's own page read this run, its date from `var ct`: a fresh source."""
    return [Page(site=SITE, url=item.url, status=200, kind="wechat", title=item.title,
                 published=item.list_date, text="正文") for a in accounts for item in a.articles
            if item.list_date]


def test_wechat_two_weeks() -> None:
    as_of = date(2026, 11, 30)
    fresh = account("示例发布", as_of - timedelta(days=14), as_of - timedelta(days=40))
    stale = account("示例人社", as_of - timedelta(days=15))
    findings, _ = run([], article_pages(fresh, stale), accounts=[fresh, stale], as_of=as_of)
    assert len(findings) == 1
    f = findings[0]
    assert (f.category, f.rule, f.severity) == ("stale_column", "freshness.wechat", "veto")
    assert (f.url, f.column, f.department) == (stale.url, "示例人社", "市委网信办")
    assert (f.last_updated, f.limit_days, f.actual_days) == (date(2026, 11, 15), 14, 15)
    assert "15天未更新" in f.message


def test_wechat_without_articles_is_to_be_verified_not_a_veto() -> None:
    """No article, or none dated: the mirror may be broken; a person checks the account."""
    findings, _ = run([], accounts=[account("示例应急", source_state="empty"),
                                    account("示例文旅", None)])
    assert [(f.rule, f.severity, f.last_updated) for f in findings] == [
        ("freshness.wechat_source", "major", None),
        ("freshness.wechat_source", "major", None),
    ]
    assert "未发现任何文章" in findings[0].message and "镜像来源中没有文章" in findings[0].message
    assert "均无发布日期" in findings[1].message and "未能从文章页面读取" in findings[1].message
    assert all("来源失效/待核实" in f.message and "单项否决）" not in f.message for f in findings)


def test_mirror_health_apart_from_account_freshness() -> None:
    """A stale-looking account is a veto only from a fresh source: the mirror read this run and
    the newest date read from the article page."""
    as_of = date(2026, 11, 30)
    old = as_of - timedelta(days=30)
    fresh_source = account("示例发布", old)
    failed = account("示例人社", old, source_state="failed")
    stopped = account("示例交通", old, source_updated=as_of - timedelta(days=20))
    mass = account("示例文旅", old, mass_only=True)
    unread = account("示例教育", old)  # its article page was not read: the date is the mirror's
    polled = account("示例卫健", old, source_updated=as_of - timedelta(days=1))
    accounts = [fresh_source, failed, stopped, mass, unread, polled]
    pages = article_pages(fresh_source, failed, stopped, mass, polled)
    findings, _ = run([], pages, accounts=accounts, as_of=as_of)
    by_name = {f.column: f for f in findings}
    assert {name: f.rule for name, f in by_name.items()} == {
        "示例发布": "freshness.wechat", "示例人社": "freshness.wechat_source",
        "示例交通": "freshness.wechat_source", "示例文旅": "freshness.wechat_source",
        "示例教育": "freshness.wechat_source", "示例卫健": "freshness.wechat"}
    assert "镜像来源本次无法读取" in by_name["示例人社"].message
    assert "镜像自2026-11-10起未更新" in by_name["示例交通"].message
    assert "只收录群发文章" in by_name["示例文旅"].message
    assert "未能从文章页面读取" in by_name["示例教育"].message
    assert all(f.last_updated == old and f.actual_days == 30 for f in findings)
    # a fresh account is fresh whatever its mirror: nothing to verify
    quiet = account("示例发布", as_of - timedelta(days=3), source_state="failed", mass_only=True)
    assert run([], [], accounts=[quiet], as_of=as_of)[0] == []


def test_wechat_limit_is_profile_data() -> None:
    custom = load_profile(overrides={"wechat": {"stale_days": 7}})
    as_of = date(2026, 11, 30)
    silent = account("示例发布", as_of - timedelta(days=8))
    findings, _ = run([], article_pages(silent), accounts=[silent], as_of=as_of, profile=custom)
    assert [(f.limit_days, f.actual_days) for f in findings] == [(7, 8)]


# --- audit entry point and inventory ----------------------------------------------------------


def test_registered_and_runs_through_run_all() -> None:
    assert REGISTRY["freshness"] == "govpatrol.auditors.freshness:Freshness"
    assert load("freshness") is Freshness
    records = SiteRecords.from_lists(SITE, HOME, [column("部门动态", MON)], [])
    ctx = AuditContext(as_of=date(2026, 11, 5))
    findings = list(run_all(records, ctx, only=["freshness"]))
    assert [f.rule for f in findings] == ["freshness.important_news"]
    assert ctx.warnings == []  # run_all turns a crash into a warning: there must be none


def test_profile_given_as_path(tmp_path: Path) -> None:
    path = tmp_path / "strict.toml"
    path.write_text(
        '[profile]\nextends = "default"\n[freshness.statutory_other]\nlimit_days = 5\n',
        encoding="utf-8",
    )
    findings, _ = run([column("通知公告", MON)], as_of=date(2026, 11, 10), profile=str(path))
    assert [(f.limit_days, f.actual_days) for f in findings] == [(5, 6)]


def test_2027_audit_warns_once_and_does_not_crash() -> None:
    cols = [column("部门动态", date(2026, 12, 30)), column("通知公告", date(2026, 12, 1))]
    findings, ctx = run(cols, as_of=date(2027, 1, 5))
    assert [(f.column, f.actual_days) for f in findings] == [("部门动态", 4), ("通知公告", 25)]
    assert len(ctx.warnings) == 1 and "2027" in ctx.warnings[0]


def test_2027_audit_with_holiday_file_in_profile() -> None:
    example = PROFILES_DIR / "holidays.example.toml"
    custom = load_profile(overrides={"holidays_file": str(example)})  # as govpatrol.auditors.context does
    findings, ctx = run(
        [column("部门动态", date(2026, 12, 30))], as_of=date(2027, 1, 5), profile=custom
    )
    assert [f.actual_days for f in findings] == [3]  # 2027-01-01 is a day off in the file
    assert ctx.warnings == []


def test_column_inventory(profile: Profile) -> None:
    cols = [
        column("部门动态", date(2026, 9, 30), date(2026, 9, 1), parent="新闻中心"),
        column("机构概况"),
    ]
    rows = column_inventory(cols, date(2026, 10, 9), profile, WorkCalendar())
    assert rows[0] == {
        "site": SITE,
        "name": "部门动态",
        "url": cols[0].url,
        "parent": "新闻中心",
        "freshness_class": "important_news",
        "class_reason": "关键词“部门动态”",
        "limit_days": 2,
        "item_count": 2,
        "newest": "2026-09-30",
        "working_days_since_newest": 2,
        "department": "市政府办公室",
    }
    assert rows[1]["freshness_class"] == "exempt"
    assert rows[1]["limit_days"] is None
    assert rows[1]["newest"] is None
    assert rows[1]["working_days_since_newest"] is None


def test_an_event_far_before_publication_is_implausible_and_close_ones_say_so() -> None:
    """More than 60 working days between the lead's date and publication: a retrospective or a
    misread date, not a late item. Between 40 and 60 the finding asks for a check by hand."""
    col = column("工作动态", date(2026, 11, 20), date(2026, 11, 19))
    far = detail(col, date(2026, 11, 20), index=0, title="回顾今年春耕生产",
                 text="4月1日，我县启动春耕生产工作，全县各乡镇积极行动。")
    close = detail(col, date(2026, 11, 19), index=1, title="我县举行秋季运动会",
                   text="9月15日，我县举行2026年秋季全民运动会。")
    findings, _ = run([col], [far, close], as_of=date(2026, 11, 20))
    assert [(f.url, f.formed) for f in findings] == [(close.url, date(2026, 9, 15))]
    assert findings[0].actual_days > 40 and "接近60个工作日的可信上限" in findings[0].message
