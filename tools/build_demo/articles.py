"""The content of the portal: every column's articles, dated on the official calendar, with their
信息索引 metadata, attachments and paths, before anything is planted or rendered.

The prose comes from content.py; this module decides what is published when, so the freshness
facts in expected.json (stale columns, late items) hold by construction.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from govpatrol.demo import DEMO_AS_OF
from tools.build_demo import content as C
from tools.build_demo.model import CENTER, HANWEB, RIGHT, Article, Attachment, Metadata, esc, p
from tools.build_demo.state import Build
from tools.build_demo.workdays import (
    add_workdays,
    back_workdays,
    cn_date,
    is_workday,
    workday_on_or_before,
)

FINANCE_DAYS = (
    date(2026, 10, 30), date(2026, 9, 29), date(2026, 8, 28), date(2026, 8, 26),
    date(2026, 8, 24), date(2026, 8, 14), date(2026, 7, 30), date(2026, 6, 26),
    date(2026, 3, 20), date(2026, 2, 11), date(2026, 2, 10), date(2026, 2, 6),
)


#: 堃 is GBK but not GB2312: the page says gb2312, as such pages do; decoders must use GBK.
GBK_SENTENCE = "如对本信息有疑问，请与市财政局预算科李堃联系，联系电话：0771-5863012。"


#: 㮾 (CJK Extension A) exists only in GB18030, as a four-byte sequence.
GB18030_SENTENCE = ("市本级预算安排㮾溪村饮水安全巩固提升工程补助资金45万元，"
                    "由市水利局组织实施。")


PERSONNEL_DAYS = (
    date(2026, 10, 15), date(2026, 9, 24), date(2026, 8, 20), date(2026, 7, 16),
    date(2026, 6, 18), date(2026, 5, 21), date(2026, 4, 16), date(2026, 3, 19),
    date(2026, 2, 26), date(2026, 1, 15),
)


def lead_when(b: Build, published: datetime, allow_vague: bool = True) -> tuple[str, date | None]:
    roll = b.rng.random()
    if roll < 0.6:
        event = published.date()
        tod = "上午" if published.hour >= 12 else ""
    elif roll < 0.88 or not allow_vague:
        event = published.date() - timedelta(days=1)
        tod = b.rng.choice(("上午", "下午", ""))
    else:
        return "近日", None
    return f"{event.month}月{event.day}日{tod}", event


def _news_params(b: Build) -> dict[str, str]:
    t1, t2 = b.rng.sample(C.NEWS_TOPICS, 2)
    return {
        "mayor": C.MAYOR, "vice": b.rng.choice(C.VICE_MAYORS),
        "place": b.rng.choice(C.COUNTIES), "t1": t1, "t2": t2,
        "partner": b.rng.choice(C.PARTNERS), "event": b.rng.choice(C.CITY_EVENTS),
        "spirit": b.rng.choice(C.SPIRITS), "guest": b.rng.choice(C.GUESTS),
        "dept": b.rng.choice(C.DEPARTMENTS), "act": b.rng.choice(C.DEPT_ACTIVITIES),
    }


def _news_body(b: Build, kind: str, lead: str, params: dict[str, str], who: str) -> list[str]:
    rng = b.rng
    body = [p(lead)]
    if kind == "meeting":
        points = rng.sample(C.MEETING_POINTS, 3)
    elif kind == "inspection":
        points = [x.format(who=who) for x in rng.sample(C.INSPECTION_POINTS, 2)]
        points.append(rng.choice(C.WORK_PARAGRAPHS[:2]).format(subject="各有关部门",
                                                               topic=params["t1"]))
    elif kind == "event":
        points = rng.sample(C.EVENT_POINTS, 2)
    else:
        subject = params.get("place") or "我市"
        points = [x.format(subject=subject, topic=params["t1"])
                  for x in rng.sample(C.WORK_PARAGRAPHS, 3)]
    return body + [p(x) for x in points]


def make_news(b: Build, key: str, templates: tuple[tuple[str, str, str], ...], newest: date,
              count: int, gaps: tuple[int, ...], forced: tuple[date, ...] = ()) -> None:
    column = b.columns[key]
    used: set[str] = set()
    meeting_number = 31
    for day in sorted(b.dates_back(newest, count, gaps, forced)):
        published = b.at(day)
        for _ in range(200):
            kind, title_t, lead_t = b.rng.choice(templates)
            params = _news_params(b)
            params["n"] = str(meeting_number)
            title = title_t.format(**params)
            if title not in used:
                break
        used.add(title)
        if "{n}" in title_t:
            meeting_number += 1
        if kind == "feature":
            when, event = "近日", None
        else:
            when, event = lead_when(b, published)
        lead = lead_t.format(when=when, **params)
        if b.rng.random() < 0.15:
            lead = f"江河日报讯（记者 {b.rng.choice(('张丽', '韦海', '覃晓明'))}）" + lead
        who = C.MAYOR if "{mayor}" in title_t else f"{params['vice']}"
        source = params["dept"].replace("市", "江河市", 1) if key == "bmdt" else \
            b.rng.choice(("江河市人民政府办公室", "江河日报", "江河市融媒体中心"))
        article = Article(key, title, published, source,
                          _news_body(b, kind, lead, params, who), kind=kind)
        if event is not None:
            article.event, article.event_phrase = event, when
        column.articles.append(article)


def make_pictures(b: Build) -> None:
    column = b.columns["tpxw"]
    days = b.dates_back(date(2026, 11, 19), len(C.PICTURE_NEWS), (2, 3, 4))
    for day, (title, _, lead_t) in zip(days, C.PICTURE_NEWS, strict=True):
        published = b.at(day)
        when, event = lead_when(b, published, allow_vague=False)
        body = [p(lead_t.format(when=when))]
        body += [p(x) for x in b.rng.sample(C.EVENT_POINTS, 2)]
        article = Article("tpxw", title, published, "江河市融媒体中心", body, event=event,
                          event_phrase=when, kind="event")
        column.articles.append(article)


def make_notices(b: Build) -> None:
    column = b.columns["tzgg"]
    by_month: dict[int, list[str]] = {}
    for title, month in C.NOTICE_TITLES:
        by_month.setdefault(month, []).append(title)
    for month, titles in by_month.items():
        first = date(2026, month, 1)
        last = date(2026, 11, 16) if month == 11 else (
            date(2026, month + 1, 1) - timedelta(days=1))
        pool = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        pool = [d for d in pool if is_workday(d)]
        days = sorted(b.rng.sample(pool, len(titles)), reverse=True)
        if month == 11:
            days[0] = date(2026, 11, 17)
        for title, day in zip(titles, days, strict=True):
            published = b.at(day, 9, 17)
            column.articles.append(Article("tzgg", title, published,
                                           *_notice_body(b, title, day)))


def _notice_body(b: Build, title: str, day: date) -> tuple[str, list[str]]:
    rng = b.rng
    issuer = "江河市人民政府办公室"
    if "放假" in title:
        holiday = re.sub(r"^关于|放假.*$", "", title)
        body = [
            p("各县（区）人民政府，市人民政府各部门、各直属机构："),
            p(f"经市人民政府同意，现将{holiday}放假安排通知如下，请遵照执行。"),
            p("节假日期间，各单位要妥善安排好值班和安全保卫等工作，遇有重大突发事件，"
              "要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。"),
            p("特此通知。"),
        ]
    elif title.endswith("的通知"):
        task = title.removeprefix("关于").removesuffix("的通知")
        if not task.startswith(("开展", "做好", "举办", "印发", "公布", "组织", "调整")):
            task = "做好" + task
        body = [
            p("各县（区）人民政府，市直各有关单位："),
            p(f"为切实做好相关工作，经市人民政府同意，决定{task}。现将有关事项通知如下："),
            p("一、工作目标。坚持问题导向，压实工作责任，确保各项措施落到实处。"),
            p("二、工作安排。各县（区）、各部门要结合实际制定具体方案，明确责任人和完成时限，"
              "于规定时间内将工作开展情况报市人民政府办公室。"),
            p("三、工作要求。各单位要高度重视，加强组织领导，强化督促检查，"
              "对工作不力、敷衍塞责的单位予以通报。"),
            p(C.NOTICE_CLOSINGS[0]),
        ]
    elif "公示" in title:
        issuer = rng.choice(("江河市科学技术局", "江河市农业农村局", "江河市发展和改革委员会",
                             "江河市住房和城乡建设局", "江河市精神文明建设委员会办公室"))
        end = add_workdays(day, 5)
        subject = title.removeprefix("关于").removesuffix("公示").removesuffix("的")
        body = [
            p(f"根据有关规定，现将{subject}有关情况予以公示。"),
            p(f"公示时间：{day.month}月{day.day}日至{end.month}月{end.day}日（5个工作日）。"),
            p(C.NOTICE_CLOSINGS[2]),
            p("联系电话：0771-5862315。"),
        ]
    else:
        subject = title.removeprefix("关于")
        for suffix in ("的公告", "的通告", "公告", "通告"):
            subject = subject.removesuffix(suffix)
        body = [
            p(f"为做好相关工作，根据有关法律法规规定，现就{subject}有关事项公告如下："),
            p("一、本公告所涉事项自发布之日起施行，请相关单位和个人周知并配合。"),
            p("二、如有疑问，可在工作日拨打咨询电话0771-5862208。"),
            p(C.NOTICE_CLOSINGS[1]),
        ]
    body += [p(issuer, RIGHT), p(cn_date(day), RIGHT)]
    return issuer, body


def short_name(subject: str) -> str:
    name = subject.removeprefix("江河市")
    for suffix in ("保障实施办法", "管理办法", "实施办法", "实施方案", "行动方案", "若干措施",
                   "行动计划", "应急预案", "程序规定", "考核办法", "核对办法", "办法", "方案",
                   "规定", "预案"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix)
    return name


def make_policies(b: Build) -> None:
    column = b.columns["zcwj"]
    subjects = list(C.POLICY_SUBJECTS)
    b.rng.shuffle(subjects)
    late_day = date(2026, 10, 20)
    days = b.dates_back(date(2026, 11, 12), len(subjects), (2, 3, 4, 5), (late_day,))
    serial_by_series: dict[str, int] = {"江政规": 3, "江政办规": 1, "江政发": 6, "江政办发": 12}
    drafts = []
    for day, (subject, topic) in zip(days, subjects, strict=True):
        rule_like = subject.endswith(("办法", "规定", "预案"))
        by_government = b.rng.random() < 0.5
        publisher = "江河市人民政府" if by_government else "江河市人民政府办公室"
        series = ("江政规" if rule_like else "江政发") if by_government else (
            "江政办规" if rule_like else "江政办发")
        formed = date(2026, 9, 1) if day == late_day else back_workdays(
            day, b.rng.randint(2, 15))
        drafts.append((day, subject, topic, publisher, series, formed))
    for day, subject, topic, publisher, series, formed in sorted(drafts, key=lambda d: d[5]):
        serial_by_series[series] += b.rng.randint(1, 3)
        doc_number = f"{series}〔2026〕{serial_by_series[series]}号"
        title = f"{publisher}关于印发《{subject}》的通知"
        published = b.at(day)
        code = "114501000071253619" if publisher == "江河市人民政府" else "114501000071253627"
        meta = Metadata(
            f"{code}/2026-{b.rng.randint(100, 999):05d}", topic, publisher, formed, day,
            doc_number,
            formed_text=cn_date(formed) if b.rng.random() < 0.5 else formed.isoformat(),
            published_text=day.isoformat(),
        )
        article = Article("zcwj", title, published, publisher,
                          policy_body(subject, publisher, formed, day),
                          metadata=meta,
                          subject=subject)
        column.articles.append(article)


def policy_body(subject: str, publisher: str, formed: date, published: date,
                 first_section: str | None = None) -> list[str]:
    short = short_name(subject)
    body = [
        p("各县（区）人民政府，市人民政府各部门、各直属机构："),
        p(f"现将《{subject}》印发给你们，请认真贯彻执行。"),
        p(publisher, RIGHT),
        p(cn_date(formed), RIGHT),
        p("（此件公开发布）"),
        f'<p style="{CENTER}"><strong>{esc(subject)}</strong></p>',
    ]
    if subject.endswith(("办法", "规定", "预案")):
        sections = [x.format(short=short) for x in C.POLICY_ARTICLES]
        effective = max(formed, published) + timedelta(days=30)
        sections.append(f"第六条 本办法自{cn_date(effective)}起施行。")
    else:
        sections = [x.format(short=short) for x in C.PLAN_SECTIONS]
        if first_section:
            sections[0] = first_section
    return body + [p(x) for x in sections]


def make_penalties(b: Build) -> None:
    column = b.columns["xzcf"]
    late_day, late_formed = date(2026, 11, 13), date(2026, 11, 2)
    days = b.dates_back(date(2026, 11, 18), 25, (0, 1, 2, 3), (late_day,))
    drafts = []
    late_done = False
    for day in days:
        agency, prefix, code = b.rng.choice(C.PENALTY_AGENCIES)
        if day == late_day and not late_done:
            formed, late_done = late_formed, True
        else:
            formed = back_workdays(day, b.rng.randint(1, 6))
        drafts.append((day, agency, prefix, code, formed))
    numbers = {prefix: b.rng.randint(20, 40) for _, prefix, _ in C.PENALTY_AGENCIES}
    for day, agency, prefix, code, formed in sorted(drafts, key=lambda d: d[4]):
        numbers[prefix] += b.rng.randint(1, 4)
        doc_number = f"{prefix}〔2026〕{numbers[prefix]}号"
        party, credit = b.rng.choice(C.PENALTY_PARTIES)
        fact, violated, basis = b.rng.choice(C.PENALTY_CASES[agency])
        amount = b.rng.choice((5000, 10000, 20000, 30000, 50000))
        title = f"{agency}行政处罚决定书（{doc_number}）"
        body = [p(x) for x in (
            f"当事人：{party}",
            f"统一社会信用代码：{credit}",
            f"违法事实：经查，当事人存在{fact}的违法行为，违反了{violated}的规定。",
            f"处罚依据：依据{basis}的规定。",
            f"处罚内容：对当事人作出罚款人民币{amount}元的行政处罚。",
            "履行方式和期限：当事人应当自收到本决定书之日起十五日内，到指定银行缴纳罚款。",
            "救济渠道：当事人如不服本处罚决定，可以在收到本处罚决定书之日起六十日内依法申请"
            "行政复议，或者在六个月内依法向人民法院提起行政诉讼。",
        )] + [p(agency, RIGHT), p(cn_date(formed), RIGHT)]
        meta = Metadata(f"{code}/2026-{b.rng.randint(100, 999):05d}", "行政处罚", agency,
                        formed, day, doc_number,
                        formed_text=formed.isoformat(), published_text=day.isoformat())
        column.articles.append(Article("xzcf", title, b.at(day), agency, body,
                                       metadata=meta))


def make_finance(b: Build) -> None:
    column = b.columns["czyjs"]
    numbers = iter(range(3, 40, 4))
    for day, title in zip(FINANCE_DAYS, C.FINANCE_TITLES, strict=True):
        assert is_workday(day), day
        formed = back_workdays(day, b.rng.randint(1, 6))
        numbered = "报告" in title or "预算" in title
        doc_number = f"江财预〔2026〕{next(numbers)}号" if numbered else None
        meta = Metadata(f"11450100007125889X/2026-{b.rng.randint(10, 99):05d}",
                        "财政预决算", "江河市财政局", formed, day, doc_number,
                        formed_text=cn_date(formed), published_text=cn_date(day))
        body = [p(x) for x in C.FINANCE_PARAGRAPHS]
        article = Article("czyjs", title, b.at(day), "江河市财政局", body, metadata=meta)
        column.articles.append(article)


def make_projects(b: Build) -> None:
    column = b.columns["zdjsxm"]
    combos = [(s, pr) for s in range(len(C.PROJECT_STAGES)) for pr in range(len(C.PROJECTS))]
    b.rng.shuffle(combos)
    chosen = sorted(combos[:26], key=lambda c: c[0])
    days = sorted(b.dates_back(date(2026, 11, 10), 26, (1, 2, 3, 4, 5)))
    numbers = iter(range(41, 200, 3))
    for day, (stage, project_index) in zip(days, chosen, strict=True):
        project, agency = C.PROJECTS[project_index]
        stage_name, text = C.PROJECT_STAGES[stage]
        approval = "批复" in stage_name
        publisher = "江河市发展和改革委员会" if approval else agency
        doc_number = f"江发改投资〔2026〕{next(numbers)}号" if approval else None
        formed = back_workdays(day, b.rng.randint(1, 8))
        meta = Metadata(f"11450100007126011K/2026-{b.rng.randint(100, 999):05d}",
                        "重大建设项目", publisher, formed, day, doc_number,
                        formed_text=formed.isoformat(), published_text=day.isoformat())
        body = [p(text.format(project=project, agency=agency)),
                p(b.rng.choice(C.WORK_PARAGRAPHS[:2]).format(subject="项目建设单位",
                                                             topic="项目建设"))]
        column.articles.append(Article("zdjsxm", f"{project}{stage_name}", b.at(day),
                                       publisher, body, metadata=meta))


def make_personnel(b: Build) -> None:
    column = b.columns["rsxx"]
    names = ("黄振华", "蒙秋燕", "韦志刚", "林晓东", "梁文静", "覃海峰", "陆建平", "李秀兰")
    for day, title in zip(PERSONNEL_DAYS, C.PERSONNEL_TITLES, strict=True):
        if "任免" in title or "任职" in title:
            person = title.split("关于", 1)[1].split("同志", 1)[0].removesuffix("等")
            body = [p("各县（区）人民政府，市人民政府各部门、各直属机构："),
                    p(f"经研究决定：任命{person}为江河市农业农村局局长；"
                      f"{b.rng.choice(names)}为江河市统计局副局长。"),
                    p(f"免去{b.rng.choice(names)}的江河市统计局副局长职务。"),
                    p("江河市人民政府", RIGHT), p(cn_date(day), RIGHT)]
        else:
            listed = "、".join(b.rng.sample(names, 4))
            body = [p(f"根据有关规定，经报名、资格审查、笔试、面试、体检和考察等程序，"
                      f"现将{title.removesuffix('公示').removesuffix('公告')}有关人员名单予以公布。"),
                    p(f"名单：{listed}。"),
                    p("公示期为5个工作日。公示期间，如有异议，可向江河市人力资源和社会保障局反映。"),
                    p("江河市人力资源和社会保障局", RIGHT), p(cn_date(day), RIGHT)]
        article = Article("rsxx", title, b.at(day), "江河市人力资源和社会保障局", body,
                          meta_tags=day >= date(2026, 6, 1))
        column.articles.append(article)


def make_interpretations(b: Build) -> None:
    column = b.columns["zcjd"]
    policies = [a for a in b.columns["zcwj"].articles
                if a.day >= date(2026, 8, 1) and a.day != date(2026, 10, 20)]
    chosen = sorted(b.rng.sample(policies, 8), key=lambda a: a.published)
    # the late one must still be online before the demo's "today"
    late_index = max(i for i in range(6) if add_workdays(chosen[i].day, 8) < DEMO_AS_OF)
    for index, policy in enumerate(chosen):
        delay = 8 if index == late_index else b.rng.randint(1, 5)
        day = add_workdays(policy.day, delay)
        assert day < DEMO_AS_OF, (policy.title, day)
        style = "一图读懂《{}》" if index % 3 == 2 else "《{}》政策解读"
        title = style.format(policy.subject)
        short = short_name(policy.subject)
        body = [
            p(f"近日，{policy.metadata.publisher}印发了《{policy.subject}》。为便于社会公众"
              "理解和掌握相关内容，现解读如下。"),
            p(f"一、制定背景。为进一步规范和加强{short}工作，解决工作中存在的突出问题，"
              "市有关部门在深入调研、广泛征求意见的基础上，起草了该文件。"),
            p("二、主要内容。文件共分为总体要求、主要任务、保障措施等部分，明确了各县（区）"
              "和市直有关部门的职责分工。"),
            p("三、实施时间。文件自印发之日起施行，请各有关单位认真抓好贯彻落实。"),
            f'<p>相关文件：<a href="{policy.path or "{POLICY}"}" target="_blank">'
            f"《{esc(policy.subject)}》</a></p>",
        ]
        article = Article("zcjd", title, b.at(day), "江河市司法局", body,
                          subject=policy.subject)
        article.kind = "interpretation"
        column.articles.append(article)
        b.interpretations[title] = policy
        if index == late_index:
            article.kind = "late_interpretation"


def make_open_government(b: Build) -> None:
    guide = Article("gkzn", "江河市人民政府信息公开指南", datetime(2024, 3, 1, 10, 0),
                    "江河市人民政府办公室", [p(x) for x in C.GUIDE_PARAGRAPHS],
                    meta_tags=False)
    b.columns["gkzn"].articles.append(guide)
    for title, day in C.SYSTEM_TITLES:
        when = date.fromisoformat(day)
        body = [p(f"第一条 为规范政府信息公开工作，根据《中华人民共和国政府信息公开条例》，"
                  f"制定{title.removeprefix('江河市')}。"),
                p(C.GOV_OPEN_PARAGRAPHS[0]), p(C.GOV_OPEN_PARAGRAPHS[1]),
                p("第五条 本制度自印发之日起施行。")]
        b.columns["gkzd"].articles.append(
            Article("gkzd", title, b.at(when), "江河市人民政府办公室", body,
                    meta_tags=False))
    for year in range(2025, 2018, -1):
        day = workday_on_or_before(date(year + 1, 1, 20))
        new, carry = 40 + (year * 7) % 23, 2 + year % 3
        left = 1 + year % 2
        done = new + carry - left
        body = [p(x.format(year=year, new=new, carry=carry, done=done, left=left))
                for x in C.ANNUAL_REPORT_PARAGRAPHS]
        b.columns["gknb"].articles.append(Article(
            "gknb", f"江河市人民政府{year}年政府信息公开工作年度报告", b.at(day),
            "江河市人民政府办公室", body, meta_tags=year >= 2023))


def assign_paths(b: Build) -> None:
    """TRS-style /YYYYMM/tYYYYMMDD_<id>.html and Hanweb /art/Y/M/D/art_<col>_<id>.html."""
    everything = [a for c in b.columns.values() for a in c.articles]
    trs_id = 100001
    for article in sorted(everything, key=lambda a: (a.published, a.title)):
        column = b.columns[article.column]
        if column.key in HANWEB:
            continue
        if column.key == "tzgg":
            continue
        article.path = (f"{column.folder}{article.day:%Y%m}/t{article.day:%Y%m%d}_"
                        f"{trs_id}.html")
        trs_id += b.rng.randint(1, 4)
    notices = sorted(b.columns["tzgg"].articles, key=lambda a: a.published)
    for offset, article in enumerate(notices):
        number = 2001 - (len(notices) - 1 - offset)
        article.path = f"/zwgk/tzgg/{article.day:%Y%m}/t{article.day:%Y%m%d}_{number}.html"
    for key, (column_id, _, first) in HANWEB.items():
        ordered = sorted(b.columns[key].articles, key=lambda a: a.published)
        for offset, article in enumerate(ordered):
            d = article.day
            number = first + offset
            article.path = f"/art/{d.year}/{d.month}/{d.day}/art_{column_id}_{number}.html"
    for column in b.columns.values():
        column.articles.sort(key=lambda a: a.published, reverse=True)
        paths = [a.path for a in column.articles]
        assert len(set(paths)) == len(paths), column.name
        titles = [a.title for a in column.articles]
        assert len(set(titles)) == len(titles), column.name
    for article in b.columns["zcjd"].articles:
        policy = b.interpretations[article.title]
        article.body = [b.replace("{POLICY}", policy.path) for b in article.body]


def add_attachments(b: Build) -> None:
    """Real files behind most attachment links; one planted missing one."""
    rng = b.rng

    def name(article: Article, ext: str) -> str:
        return f"P0{article.day:%Y%m%d}{rng.randint(10**11, 10**12 - 1)}.{ext}"

    for article in rng.sample(b.columns["zcwj"].articles, 6):
        kind = rng.choice(("pdf", "docx"))
        article.attachments.append(Attachment(name(article, kind),
                                              f"附件：{article.subject}.{kind}", kind))
    for article in rng.sample([a for a in b.columns["tzgg"].articles
                               if "通知" in a.title and a is not b.missing_attachment], 4):
        kind = rng.choice(("docx", "xlsx", "doc"))
        article.attachments.append(Attachment(name(article, kind), f"附件1：报名表.{kind}",
                                              kind))
    contest = b.missing_attachment
    contest.attachments += [
        Attachment(name(contest, "docx"), "附件1：江河市职业技能大赛报名表.docx", "docx"),
        Attachment(name(contest, "xlsx"), "附件2：参赛选手信息汇总表.xlsx", "xlsx",
                   missing=True),
    ]
    for article in b.columns["czyjs"].articles[:6]:
        kind = "xlsx" if "预算" in article.title or "决算" in article.title else "pdf"
        article.attachments.append(Attachment(name(article, kind),
                                              f"附件：{article.title}.{kind}", kind))
    for article in b.columns["tpxw"].articles:
        article.image = f"W0{article.day:%Y%m%d}{rng.randint(10**11, 10**12 - 1)}.jpg"


def add_encoding_sentences(b: Build) -> None:
    """A GBK-only character on one budget page and a GB18030-only one on another (render/gbk.py
    encodes them; a decoder that trusts the declared gb2312 garbles both)."""
    gbk = next(a for a in b.columns["czyjs"].articles
               if a.title == "江河市2026年1—9月财政收支情况")
    gbk.body.append(p(GBK_SENTENCE))
    gb18030 = next(a for a in b.columns["czyjs"].articles
                   if a.title == "江河市2026年市本级政府预算")
    gb18030.body.insert(2, p(GB18030_SENTENCE))
