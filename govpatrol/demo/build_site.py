"""Write the demo portal (site/**) and its ground truth (expected.json) from one model.

Run `python -m govpatrol.demo.build_site`. The output is committed: the generator is
deterministic (fixed seed, fixed timestamps), so running it again gives the same bytes and a
diff shows exactly what a change did.

Why generated rather than hand-written: the crawler tests compare a real crawl with the truth
(every column, item, date, metadata value, late item, planted problem), and that truth is only
trustworthy when it comes from the same model as the pages. The freshness facts are checked
here against the official Chinese calendar (`chinese_calendar`), so a stale/fresh claim in
expected.json is right by construction, not by someone counting days by hand.

The markup imitates what real CMSs publish (shared/docs/page-structures.md): TRS WCM lists
with a script-only pager, Hanweb jpage datastores and the dataproxy endpoint, plain 下一页
pagers, table lists, GBK pages declared only in <meta>, a GB18030 page declared only in the
HTTP header, 信息索引 metadata tables with padded labels, and one page of broken HTML.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import chinese_calendar

from govpatrol.demo import (
    DEFAULT_DEPARTMENT,
    DEMO_AS_OF,
    DEPARTMENTS,
    EXPECTED_PATH,
    SITE_DIR,
    SITE_NAME,
    files,
    layout,
)
from govpatrol.demo import content as C
from govpatrol.demo.layout import esc

SEED = 20261120
#: Placeholder the server replaces with http://localhost:<port>: an external site to a crawler.
EXT = "__EXT__"
#: Pages the crawler must not see when it obeys robots.txt.
ROBOTS_DISALLOW = "/admin/"
MONGOLIAN_LINE = (
    "\u1835\u1822\u1830\u1822\u182f\u1820\u182d\u1822\u1828\u182a\u1820\u182d\u1820\u1828"
    "\u1822\u182f\u1820\u182d\u1824\u1828\u1828\u1820\u182d\u1824\u1828\u1828\u1820\u182d"
    "\u1824\u1828\u1828\u1820\u182d\u1824\u1828\u1828\u1820\u182d\u1824\u1828\u1828\u1820"
    "\u182d\u1824\u1828\u1828\u1820\u182d\u1824\u1828"
)  # the letterhead line of seeds/001 (正镶白旗人民政府办公室文件), Mongolian script


# --- the official calendar ------------------------------------------------------------------------


def is_workday(day: date) -> bool:
    return chinese_calendar.is_workday(day)


def working_days(a: date, b: date) -> int:
    """Working days d with a < d <= b (findings.md), official holidays and 调休 included."""
    return sum(1 for n in range(1, (b - a).days + 1) if is_workday(a + timedelta(days=n)))


def workday_on_or_before(day: date) -> date:
    while not is_workday(day):
        day -= timedelta(days=1)
    return day


def back_workdays(day: date, count: int) -> date:
    """The working day `count` working days before `day` (itself when count is 0)."""
    day = workday_on_or_before(day)
    for _ in range(count):
        day = workday_on_or_before(day - timedelta(days=1))
    return day


def add_workdays(day: date, count: int) -> date:
    for _ in range(count):
        day += timedelta(days=1)
        while not is_workday(day):
            day += timedelta(days=1)
    return day


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- the model ------------------------------------------------------------------------------------


@dataclass
class Attachment:
    name: str  # file name in the article's folder (P0… as TRS names them)
    label: str  # link text, 附件1：….pdf
    kind: str  # pdf, docx, xlsx, doc
    missing: bool = False  # planted: linked but not on disk


@dataclass
class Metadata:
    """A 信息索引 table. The *_text fields are what the page prints, the rest the truth."""

    index_number: str
    topic: str
    publisher: str
    formed: date
    published: date
    doc_number: str | None
    formed_text: str = ""
    published_text: str = ""

    def truth(self) -> dict[str, Any]:
        return {
            "index_number": self.index_number,
            "topic": self.topic,
            "publisher": self.publisher,
            "formed": self.formed.isoformat(),
            "published": self.published.isoformat(),
            "doc_number": self.doc_number,
        }


@dataclass
class Article:
    column: str  # column key
    title: str
    published: datetime
    source: str
    body: list[str]  # HTML blocks inside the body element
    path: str = ""
    metadata: Metadata | None = None
    attachments: list[Attachment] = field(default_factory=list)
    image: str | None = None  # picture news: the image file beside the article
    meta_tags: bool = True  # older pages lack the ArticleTitle / PubDate meta tags
    event: date | None = None  # formation date stated in a news lead
    event_phrase: str | None = None
    kind: str = ""
    subject: str = ""  # policies: the document's name inside 《》

    @property
    def day(self) -> date:
        return self.published.date()

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] + "/"


@dataclass
class Column:
    key: str
    name: str
    path: str  # first list page
    parent: str
    adapter: str
    expected_class: str
    limit: int | None
    detail_style: str
    column_type: str = "信息公开"
    expect_stale: bool = False
    expect_empty: bool = False
    articles: list[Article] = field(default_factory=list)
    list_pages: list[str] = field(default_factory=list)

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] + "/"

    @property
    def department(self) -> str:
        for department, names in DEPARTMENTS.items():
            if self.name in names:
                return department
        return DEFAULT_DEPARTMENT


def p(text: str, style: str = "") -> str:
    attr = f' style="{style}"' if style else ""
    return f"<p{attr}>{esc(text)}</p>"


RIGHT = "text-align:right;"
CENTER = "text-align:center;"

XW, ZW = ("新闻中心", "/xwzx/index.html"), ("政府信息公开", "/zwgk/index.html")
PARENT_PATHS = dict([XW, ZW])


def column_specs() -> list[Column]:
    """Every column of the portal, its CMS family and the freshness class it belongs to."""
    return [
        Column("zwyw", "政务要闻", "/xwzx/zwyw/index.html", XW[0], "trs", "important_news", 2,
               "trs", column_type="新闻动态"),
        Column("bmdt", "部门动态", "/xwzx/bmdt/index.html", XW[0], "trs", "important_news", 2,
               "trs_dept", column_type="新闻动态", expect_stale=True),
        Column("tpxw", "图片新闻", "/xwzx/tpxw/index.html", XW[0], "generic", "important_news", 2,
               "trs_picture", column_type="新闻动态"),
        Column("tzgg", "通知公告", "/zwgk/tzgg/index.html", ZW[0], "plain", "statutory_other", 20,
               "plain"),
        Column("zcwj", "政策文件", "/col/col1001/index.html", ZW[0], "hanweb", "statutory_other",
               20, "hanweb"),
        Column("zcjd", "政策解读", "/zwgk/zcjd/index.html", ZW[0], "trs", "statutory_other", 20,
               "trs"),
        Column("xzcf", "行政处罚", "/col/col1002/index.html", ZW[0], "hanweb", "enforcement", 7,
               "hanweb"),
        Column("czyjs", "财政预决算", "/zwgk/czyjs/index.html", ZW[0], "generic", "key_areas", 10,
               "gbk", expect_stale=True),
        Column("zdjsxm", "重大建设项目", "/zwgk/zdjsxm/index.html", ZW[0], "trs", "key_areas", 10,
               "trs_project"),
        Column("rsxx", "人事信息", "/zwgk/rsxx/index.html", ZW[0], "generic", "statutory_other", 20,
               "content", expect_stale=True),
        Column("ghjh", "规划计划", "/zwgk/ghjh/index.html", ZW[0], "empty", "statutory_other", 20,
               "trs", expect_empty=True),
        Column("gkzn", "政府信息公开指南", "/zwgk/gkzn/index.html", ZW[0], "trs", "exempt", None,
               "trs"),
        Column("gkzd", "政府信息公开制度", "/zwgk/gkzd/index.html", ZW[0], "trs", "exempt", None,
               "trs"),
        Column("gknb", "政府信息公开年报", "/zwgk/gknb/index.html", ZW[0], "generic", "exempt",
               None, "trs"),
    ]


HANWEB = {"zcwj": (1001, 4321, 5001), "xzcf": (1002, 4322, 6001)}  # columnid, unitid, first id
HANWEB_INLINE = 15
HANWEB_PER_PAGE = 15
TRS_PER_PAGE = 20
PLAIN_PER_PAGE = 15


# --- the builder ----------------------------------------------------------------------------------


class Builder:
    """Builds the model, renders it into `files`, and records the truth as it goes."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.columns = {c.key: c for c in column_specs()}
        self.files: dict[str, bytes] = {}
        self.content_types: dict[str, str] = {}
        self.planted: list[dict[str, Any]] = []
        self.controls: list[dict[str, Any]] = []
        self.late: list[dict[str, Any]] = []
        self.encodings: list[dict[str, Any]] = []
        self.malformed: dict[str, str] = {}
        self.interpretations: dict[str, Article] = {}  # interpretation path -> policy
        self.html_text: dict[str, str] = {}  # path -> HTML as text (for the checks)
        # the articles plant_problems() picks, for the truth written later
        self.late_news: Article
        self.dead_image: Article
        self.hacked: Article
        self.missing_attachment: Article

    # -- helpers -----------------------------------------------------------------------------------
    def at(self, day: date, earliest: int = 8, latest: int = 17) -> datetime:
        hour = self.rng.randint(earliest, latest)
        return datetime(day.year, day.month, day.day, hour, self.rng.choice(range(0, 60, 5)))

    def dates_back(self, newest: date, count: int, gaps: tuple[int, ...],
                   forced: tuple[date, ...] = ()) -> list[date]:
        """`count` publication days, newest first, `gaps` working days apart; `forced` included."""
        days = [newest]
        while len(days) < count:
            days.append(back_workdays(days[-1], self.rng.choice(gaps)))
        for day in forced:
            if day not in days:
                nearest = min(range(1, len(days)), key=lambda i: abs((days[i] - day).days))
                days[nearest] = day
        return sorted(days, reverse=True)

    def add(self, path: str, data: bytes, content_type: str | None = None) -> None:
        assert path not in self.files, f"two files at {path}"
        self.files[path] = data
        if content_type:
            self.content_types[path] = content_type

    def add_html(self, path: str, html: str, encoding: str = "utf-8",
                 content_type: str | None = None) -> None:
        self.html_text[path] = html
        self.add(path, html.encode(encoding), content_type)

    # -- news --------------------------------------------------------------------------------------
    def _lead_when(self, published: datetime, allow_vague: bool = True) -> tuple[str, date | None]:
        roll = self.rng.random()
        if roll < 0.6:
            event = published.date()
            tod = "上午" if published.hour >= 12 else ""
        elif roll < 0.88 or not allow_vague:
            event = published.date() - timedelta(days=1)
            tod = self.rng.choice(("上午", "下午", ""))
        else:
            return "近日", None
        return f"{event.month}月{event.day}日{tod}", event

    def _news_params(self) -> dict[str, str]:
        t1, t2 = self.rng.sample(C.NEWS_TOPICS, 2)
        return {
            "mayor": C.MAYOR, "vice": self.rng.choice(C.VICE_MAYORS),
            "place": self.rng.choice(C.COUNTIES), "t1": t1, "t2": t2,
            "partner": self.rng.choice(C.PARTNERS), "event": self.rng.choice(C.CITY_EVENTS),
            "spirit": self.rng.choice(C.SPIRITS), "guest": self.rng.choice(C.GUESTS),
            "dept": self.rng.choice(C.DEPARTMENTS), "act": self.rng.choice(C.DEPT_ACTIVITIES),
        }

    def _news_body(self, kind: str, lead: str, params: dict[str, str], who: str) -> list[str]:
        rng = self.rng
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

    def make_news(self, key: str, templates: tuple[tuple[str, str, str], ...], newest: date,
                  count: int, gaps: tuple[int, ...], forced: tuple[date, ...] = ()) -> None:
        column = self.columns[key]
        used: set[str] = set()
        meeting_number = 31
        for day in sorted(self.dates_back(newest, count, gaps, forced)):
            published = self.at(day)
            for _ in range(200):
                kind, title_t, lead_t = self.rng.choice(templates)
                params = self._news_params()
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
                when, event = self._lead_when(published)
            lead = lead_t.format(when=when, **params)
            if self.rng.random() < 0.15:
                lead = f"江河日报讯（记者 {self.rng.choice(('张丽', '韦海', '覃晓明'))}）" + lead
            who = C.MAYOR if "{mayor}" in title_t else f"{params['vice']}"
            source = params["dept"].replace("市", "江河市", 1) if key == "bmdt" else \
                self.rng.choice(("江河市人民政府办公室", "江河日报", "江河市融媒体中心"))
            article = Article(key, title, published, source,
                              self._news_body(kind, lead, params, who), kind=kind)
            if event is not None:
                article.event, article.event_phrase = event, when
            column.articles.append(article)

    def make_pictures(self) -> None:
        column = self.columns["tpxw"]
        days = self.dates_back(date(2026, 11, 19), len(C.PICTURE_NEWS), (2, 3, 4))
        for day, (title, _, lead_t) in zip(days, C.PICTURE_NEWS, strict=True):
            published = self.at(day)
            when, event = self._lead_when(published, allow_vague=False)
            body = [p(lead_t.format(when=when))]
            body += [p(x) for x in self.rng.sample(C.EVENT_POINTS, 2)]
            article = Article("tpxw", title, published, "江河市融媒体中心", body, event=event,
                              event_phrase=when, kind="event")
            column.articles.append(article)

    # -- notices -----------------------------------------------------------------------------------
    def make_notices(self) -> None:
        column = self.columns["tzgg"]
        by_month: dict[int, list[str]] = {}
        for title, month in C.NOTICE_TITLES:
            by_month.setdefault(month, []).append(title)
        for month, titles in by_month.items():
            first = date(2026, month, 1)
            last = date(2026, 11, 16) if month == 11 else (
                date(2026, month + 1, 1) - timedelta(days=1))
            pool = [first + timedelta(days=n) for n in range((last - first).days + 1)]
            pool = [d for d in pool if is_workday(d)]
            days = sorted(self.rng.sample(pool, len(titles)), reverse=True)
            if month == 11:
                days[0] = date(2026, 11, 17)
            for title, day in zip(titles, days, strict=True):
                published = self.at(day, 9, 17)
                column.articles.append(Article("tzgg", title, published,
                                               *self._notice_body(title, day)))

    def _notice_body(self, title: str, day: date) -> tuple[str, list[str]]:
        rng = self.rng
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

    # -- policy documents (Hanweb) -----------------------------------------------------------------
    @staticmethod
    def _short(subject: str) -> str:
        name = subject.removeprefix("江河市")
        for suffix in ("保障实施办法", "管理办法", "实施办法", "实施方案", "行动方案", "若干措施",
                       "行动计划", "应急预案", "程序规定", "考核办法", "核对办法", "办法", "方案",
                       "规定", "预案"):
            if name.endswith(suffix) and len(name) > len(suffix):
                return name.removesuffix(suffix)
        return name

    def make_policies(self) -> None:
        column = self.columns["zcwj"]
        subjects = list(C.POLICY_SUBJECTS)
        self.rng.shuffle(subjects)
        late_day = date(2026, 10, 20)
        days = self.dates_back(date(2026, 11, 12), len(subjects), (2, 3, 4, 5), (late_day,))
        serial_by_series: dict[str, int] = {"江政规": 3, "江政办规": 1, "江政发": 6, "江政办发": 12}
        drafts = []
        for day, (subject, topic) in zip(days, subjects, strict=True):
            rule_like = subject.endswith(("办法", "规定", "预案"))
            by_government = self.rng.random() < 0.5
            publisher = "江河市人民政府" if by_government else "江河市人民政府办公室"
            series = ("江政规" if rule_like else "江政发") if by_government else (
                "江政办规" if rule_like else "江政办发")
            formed = date(2026, 9, 1) if day == late_day else back_workdays(
                day, self.rng.randint(2, 15))
            drafts.append((day, subject, topic, publisher, series, formed))
        for day, subject, topic, publisher, series, formed in sorted(drafts, key=lambda d: d[5]):
            serial_by_series[series] += self.rng.randint(1, 3)
            doc_number = f"{series}〔2026〕{serial_by_series[series]}号"
            title = f"{publisher}关于印发《{subject}》的通知"
            published = self.at(day)
            code = "114501000071253619" if publisher == "江河市人民政府" else "114501000071253627"
            meta = Metadata(
                f"{code}/2026-{self.rng.randint(100, 999):05d}", topic, publisher, formed, day,
                doc_number,
                formed_text=cn_date(formed) if self.rng.random() < 0.5 else formed.isoformat(),
                published_text=day.isoformat(),
            )
            article = Article("zcwj", title, published, publisher,
                              self._policy_body(subject, publisher, formed, day),
                              metadata=meta,
                              subject=subject)
            column.articles.append(article)

    def _policy_body(self, subject: str, publisher: str, formed: date, published: date,
                     first_section: str | None = None) -> list[str]:
        short = self._short(subject)
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

    # -- administrative penalties (Hanweb) ---------------------------------------------------------
    def make_penalties(self) -> None:
        column = self.columns["xzcf"]
        late_day, late_formed = date(2026, 11, 13), date(2026, 11, 2)
        days = self.dates_back(date(2026, 11, 18), 25, (0, 1, 2, 3), (late_day,))
        drafts = []
        late_done = False
        for day in days:
            agency, prefix, code = self.rng.choice(C.PENALTY_AGENCIES)
            if day == late_day and not late_done:
                formed, late_done = late_formed, True
            else:
                formed = back_workdays(day, self.rng.randint(1, 6))
            drafts.append((day, agency, prefix, code, formed))
        numbers = {prefix: self.rng.randint(20, 40) for _, prefix, _ in C.PENALTY_AGENCIES}
        for day, agency, prefix, code, formed in sorted(drafts, key=lambda d: d[4]):
            numbers[prefix] += self.rng.randint(1, 4)
            doc_number = f"{prefix}〔2026〕{numbers[prefix]}号"
            party, credit = self.rng.choice(C.PENALTY_PARTIES)
            fact, violated, basis = self.rng.choice(C.PENALTY_CASES[agency])
            amount = self.rng.choice((5000, 10000, 20000, 30000, 50000))
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
            meta = Metadata(f"{code}/2026-{self.rng.randint(100, 999):05d}", "行政处罚", agency,
                            formed, day, doc_number,
                            formed_text=formed.isoformat(), published_text=day.isoformat())
            column.articles.append(Article("xzcf", title, self.at(day), agency, body,
                                           metadata=meta))

    # -- budgets (GBK) -----------------------------------------------------------------------------
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

    def make_finance(self) -> None:
        column = self.columns["czyjs"]
        numbers = iter(range(3, 40, 4))
        for day, title in zip(self.FINANCE_DAYS, C.FINANCE_TITLES, strict=True):
            assert is_workday(day), day
            formed = back_workdays(day, self.rng.randint(1, 6))
            numbered = "报告" in title or "预算" in title
            doc_number = f"江财预〔2026〕{next(numbers)}号" if numbered else None
            meta = Metadata(f"11450100007125889X/2026-{self.rng.randint(10, 99):05d}",
                            "财政预决算", "江河市财政局", formed, day, doc_number,
                            formed_text=cn_date(formed), published_text=cn_date(day))
            body = [p(x) for x in C.FINANCE_PARAGRAPHS]
            article = Article("czyjs", title, self.at(day), "江河市财政局", body, metadata=meta)
            column.articles.append(article)

    # -- major projects (TRS) ----------------------------------------------------------------------
    def make_projects(self) -> None:
        column = self.columns["zdjsxm"]
        combos = [(s, pr) for s in range(len(C.PROJECT_STAGES)) for pr in range(len(C.PROJECTS))]
        self.rng.shuffle(combos)
        chosen = sorted(combos[:26], key=lambda c: c[0])
        days = sorted(self.dates_back(date(2026, 11, 10), 26, (1, 2, 3, 4, 5)))
        numbers = iter(range(41, 200, 3))
        for day, (stage, project_index) in zip(days, chosen, strict=True):
            project, agency = C.PROJECTS[project_index]
            stage_name, text = C.PROJECT_STAGES[stage]
            approval = "批复" in stage_name
            publisher = "江河市发展和改革委员会" if approval else agency
            doc_number = f"江发改投资〔2026〕{next(numbers)}号" if approval else None
            formed = back_workdays(day, self.rng.randint(1, 8))
            meta = Metadata(f"11450100007126011K/2026-{self.rng.randint(100, 999):05d}",
                            "重大建设项目", publisher, formed, day, doc_number,
                            formed_text=formed.isoformat(), published_text=day.isoformat())
            body = [p(text.format(project=project, agency=agency)),
                    p(self.rng.choice(C.WORK_PARAGRAPHS[:2]).format(subject="项目建设单位",
                                                                    topic="项目建设"))]
            column.articles.append(Article("zdjsxm", f"{project}{stage_name}", self.at(day),
                                           publisher, body, metadata=meta))

    # -- personnel (table list) --------------------------------------------------------------------
    PERSONNEL_DAYS = (
        date(2026, 10, 15), date(2026, 9, 24), date(2026, 8, 20), date(2026, 7, 16),
        date(2026, 6, 18), date(2026, 5, 21), date(2026, 4, 16), date(2026, 3, 19),
        date(2026, 2, 26), date(2026, 1, 15),
    )

    def make_personnel(self) -> None:
        column = self.columns["rsxx"]
        names = ("黄振华", "蒙秋燕", "韦志刚", "林晓东", "梁文静", "覃海峰", "陆建平", "李秀兰")
        for day, title in zip(self.PERSONNEL_DAYS, C.PERSONNEL_TITLES, strict=True):
            if "任免" in title or "任职" in title:
                person = title.split("关于", 1)[1].split("同志", 1)[0].removesuffix("等")
                body = [p("各县（区）人民政府，市人民政府各部门、各直属机构："),
                        p(f"经研究决定：任命{person}为江河市农业农村局局长；"
                          f"{self.rng.choice(names)}为江河市统计局副局长。"),
                        p(f"免去{self.rng.choice(names)}的江河市统计局副局长职务。"),
                        p("江河市人民政府", RIGHT), p(cn_date(day), RIGHT)]
            else:
                listed = "、".join(self.rng.sample(names, 4))
                body = [p(f"根据有关规定，经报名、资格审查、笔试、面试、体检和考察等程序，"
                          f"现将{title.removesuffix('公示').removesuffix('公告')}有关人员名单予以公布。"),
                        p(f"名单：{listed}。"),
                        p("公示期为5个工作日。公示期间，如有异议，可向江河市人力资源和社会保障局反映。"),
                        p("江河市人力资源和社会保障局", RIGHT), p(cn_date(day), RIGHT)]
            article = Article("rsxx", title, self.at(day), "江河市人力资源和社会保障局", body,
                              meta_tags=day >= date(2026, 6, 1))
            column.articles.append(article)

    # -- policy interpretations --------------------------------------------------------------------
    def make_interpretations(self) -> None:
        column = self.columns["zcjd"]
        policies = [a for a in self.columns["zcwj"].articles
                    if a.day >= date(2026, 8, 1) and a.day != date(2026, 10, 20)]
        chosen = sorted(self.rng.sample(policies, 8), key=lambda a: a.published)
        # the late one must still be online before the demo's "today"
        late_index = max(i for i in range(6) if add_workdays(chosen[i].day, 8) < DEMO_AS_OF)
        for index, policy in enumerate(chosen):
            delay = 8 if index == late_index else self.rng.randint(1, 5)
            day = add_workdays(policy.day, delay)
            assert day < DEMO_AS_OF, (policy.title, day)
            style = "一图读懂《{}》" if index % 3 == 2 else "《{}》政策解读"
            title = style.format(policy.subject)
            short = self._short(policy.subject)
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
            article = Article("zcjd", title, self.at(day), "江河市司法局", body,
                              subject=policy.subject)
            article.kind = "interpretation"
            column.articles.append(article)
            self.interpretations[title] = policy
            if index == late_index:
                article.kind = "late_interpretation"

    # -- the 政府信息公开 fixtures ---------------------------------------------------------------
    def make_open_government(self) -> None:
        guide = Article("gkzn", "江河市人民政府信息公开指南", datetime(2024, 3, 1, 10, 0),
                        "江河市人民政府办公室", [p(x) for x in C.GUIDE_PARAGRAPHS],
                        meta_tags=False)
        self.columns["gkzn"].articles.append(guide)
        for title, day in C.SYSTEM_TITLES:
            when = date.fromisoformat(day)
            body = [p(f"第一条 为规范政府信息公开工作，根据《中华人民共和国政府信息公开条例》，"
                      f"制定{title.removeprefix('江河市')}。"),
                    p(C.GOV_OPEN_PARAGRAPHS[0]), p(C.GOV_OPEN_PARAGRAPHS[1]),
                    p("第五条 本制度自印发之日起施行。")]
            self.columns["gkzd"].articles.append(
                Article("gkzd", title, self.at(when), "江河市人民政府办公室", body,
                        meta_tags=False))
        for year in range(2025, 2018, -1):
            day = workday_on_or_before(date(year + 1, 1, 20))
            new, carry = 40 + (year * 7) % 23, 2 + year % 3
            left = 1 + year % 2
            done = new + carry - left
            body = [p(x.format(year=year, new=new, carry=carry, done=done, left=left))
                    for x in C.ANNUAL_REPORT_PARAGRAPHS]
            self.columns["gknb"].articles.append(Article(
                "gknb", f"江河市人民政府{year}年政府信息公开工作年度报告", self.at(day),
                "江河市人民政府办公室", body, meta_tags=year >= 2023))

    # -- planted problems --------------------------------------------------------------------------
    def plant_problems(self) -> None:
        """Turn a few clean articles into the problems the auditors must find (and controls)."""
        news = self.columns["zwyw"].articles
        rng = self.rng

        def pick(articles: list[Article], condition: Any = None) -> Article:
            free = [a for a in articles if not a.kind.startswith("planted")
                    and (condition is None or condition(a))]
            chosen = rng.choice(free)
            chosen.kind = "planted:" + chosen.kind
            return chosen

        # the late news item: the event is 10月29日, online 2026-11-06
        late = pick(news, lambda a: a.day == date(2026, 11, 6))
        late.title = "全市重点项目建设“百日攻坚”行动推进会召开"
        late.event, late.event_phrase = date(2026, 10, 29), "10月29日上午"
        late.body = [p("10月29日上午，全市重点项目建设“百日攻坚”行动推进会召开，"
                       f"副市长{C.VICE_MAYORS[0]}出席会议并讲话。")] + [
            p(x) for x in C.MEETING_POINTS[2:5]]
        self.late_news = late

        mongolian = pick(news, lambda a: date(2026, 9, 1) <= a.day <= date(2026, 9, 30))
        mongolian.title = "正镶白旗代表团来我市考察交流对口协作工作"
        when, event = self._lead_when(mongolian.published, allow_vague=False)
        mongolian.event, mongolian.event_phrase = event, when
        mongolian.body = [
            p(f"{when}，内蒙古自治区锡林郭勒盟正镶白旗代表团来我市考察交流对口协作工作，"
              f"市长{C.MAYOR}会见代表团一行。"),
            p("座谈会上，双方围绕产业协作、消费帮扶、人才交流等方面深入交换意见。"
              "正镶白旗代表团向我市赠送了以蒙汉两种文字书写的纪念牌匾，蒙古文为："),
            f'<p style="{CENTER}">{MONGOLIAN_LINE}</p>',
            p("双方表示，将以此次考察交流为契机，进一步拓宽合作领域，推动对口协作工作走深走实。"),
        ]
        self.controls.append({"kind": "mongolian_script", "path": "", "article": mongolian,
                              "text": MONGOLIAN_LINE,
                              "note": "蒙古文（U+1800–U+18AF）在内蒙古相关页面中合法使用，"
                                      "不应报告"})

        script = pick(news, lambda a: a.day >= date(2026, 10, 9) and a.kind == "meeting")
        script.title = "全市政务公开业务培训会召开"
        when, event = self._lead_when(script.published, allow_vague=False)
        script.event, script.event_phrase = event, when
        mixed = "進一步做好政府資訊公開工作"
        script.body = [
            p(f"{when}，全市政务公开业务培训会召开，各县（区）、市直各部门政务公开工作人员"
              "参加培训。"),
            p(f"会议要求，各县（区）、各部门要以此次培训为契机，{mixed}，"
              "不断提升政务公开标准化规范化水平。"),
        ] + [p(x) for x in C.GOV_OPEN_PARAGRAPHS[:3]]
        self._planted_text("script_mix", "script_mix.traditional", script, mixed,
                           "进一步做好政府信息公开工作", traditional="進資訊開")

        health = pick(news, lambda a: a.kind == "inspection")
        health.title = f"{C.MAYOR}调研基层医疗卫生服务能力建设工作"
        when, event = self._lead_when(health.published, allow_vague=False)
        health.event, health.event_phrase = event, when
        wrong = "国家卫生计生委"
        health.body = [
            p(f"{when}，市长{C.MAYOR}到青山县调研基层医疗卫生服务能力建设工作。"),
            p(f"{C.MAYOR}要求，要认真落实{wrong}关于加强基层医疗卫生服务能力建设的部署要求，"
              "加快补齐基层医疗卫生服务短板，让群众在家门口就能看得上病、看得好病。"),
            p(C.INSPECTION_POINTS[0].format(who=C.MAYOR)),
        ]
        self._planted_text("wrong_expression", "expression.outdated_institution", health, wrong,
                           "国家卫生健康委员会")

        meeting = pick(news, lambda a: a.kind == "meeting" and "常务会议" in a.title)
        meeting.body.insert(-1, p("会议还对今冬明春森林防火工作进行了专题布署。"))
        self._planted_text("typo", "typo.confusion", meeting, "布署", "部署")

        doubled = pick(news, lambda a: a.kind in ("meeting", "inspection"))
        doubled.body.append(p("要把各项惠民政策落实到位，切实增强人民群众的的获得感、幸福感、安全感。"))
        self._planted_text("typo", "typo.duplicate", doubled, "的的", "的")

        image = pick(news, lambda a: a.kind == "event")
        dead = f"./W0{image.day:%Y%m%d}507135498230.jpg"
        image.body.insert(1, f'<p style="{CENTER}"><img src="{dead}" alt="{esc(image.title)}">'
                             "</p>")
        self.dead_image = image

        dept = self.columns["bmdt"].articles
        farming = pick(dept)
        farming.title = "市农业农村局召开全市秋冬种生产工作推进会"
        when, event = self._lead_when(farming.published, allow_vague=False)
        farming.event, farming.event_phrase = event, when
        farming.source = "江河市农业农村局"
        farming.body = [
            p(f"{when}，市农业农村局召开全市秋冬种生产工作推进会。"),
            p("会议要求，各县（区）要认真贯切落实全市秋冬种生产工作会议精神，"
              "抓好冬种作物播种和田间管理，确保完成全年粮食生产目标任务。"),
            p(C.WORK_PARAGRAPHS[1].format(subject="市农业农村局", topic="秋冬种生产")),
        ]
        self._planted_text("typo", "typo.confusion", farming, "贯切落实", "贯彻落实")

        taiwan = pick(dept)
        taiwan.title = "我市举办两岸青年乡村振兴交流活动"
        when, event = self._lead_when(taiwan.published, allow_vague=False)
        taiwan.event, taiwan.event_phrase = event, when
        taiwan.source = "江河市人民政府台湾事务办公室"
        taiwan.body = [
            p(f"{when}，我市举办两岸青年乡村振兴交流活动，来自海峡两岸的40余名青年代表参加。"),
            p("交流会上，台湾青年代表介绍了台湾政府推动休闲农业发展的有关做法，"
              "与会青年围绕乡村旅游、农产品电商等话题深入交流。"),
            p("活动期间，两岸青年还走进白沙县金桔种植基地，体验采摘和直播带货。"),
        ]
        self._planted_text("wrong_expression", "expression.banned_usage", taiwan, "台湾政府",
                           "台湾当局")

        sports = self.columns["tpxw"].articles[0]
        sports.kind = "planted:" + sports.kind
        sports.body.append(p(f"副市长{C.VICE_MAYORS[1]}希望全体运动员发扬顽强拼搏精神，"
                             "再接再励，赛出风格、赛出水平。"))
        self._planted_text("typo", "typo.confusion", sports, "再接再励", "再接再厉")

        notices = {a.title: a for a in self.columns["tzgg"].articles}
        holiday = notices["关于2027年元旦放假的通知"]
        holiday.body.insert(3, p("各单位要提前按排好节日期间值班人员，并将值班表于12月25日前"
                                 "报市人民政府办公室。"))
        self._planted_text("typo", "typo.confusion", holiday, "按排", "安排")

        yearly = notices["关于2026年度个体工商户年度报告公示工作的通知"]
        yearly.source = "江河市市场监督管理局"
        yearly.body.insert(2, p("根据国家工商行政管理总局关于个体工商户年度报告公示的有关规定，"
                                "个体工商户应当于每年1月1日至6月30日报送上一年度年度报告。"))
        self._planted_text("wrong_expression", "expression.outdated_institution", yearly,
                           "国家工商行政管理总局", "国家市场监督管理总局")

        hacked = notices["关于2026年端午节放假的通知"]
        hacked.body.append(f'<div style="display:none"><a href="{EXT}/bc/">线上博彩 澳门赌场 '
                           "官方网站</a></div>")
        self.hacked = hacked

        contest = notices["关于举办2026年江河市职业技能大赛的通知"]
        self.missing_attachment = contest

        policies = self.columns["zcwj"].articles
        digital = next(a for a in policies if a.subject == "江河市数字政府建设实施方案")
        fixed = "习近平新时代中国特色社会主意思想"
        digital.body = self._policy_body(
            digital.subject, digital.metadata.publisher, digital.metadata.formed,
            digital.metadata.published,
            first_section=f"一、总体要求。坚持以{fixed}为指导，全面贯彻党的二十大精神，"
                          "以数字化改革助力政府职能转变，推动政务服务更加便捷高效。")
        digital.kind = "planted:fixed"
        self._planted_text("typo", "typo.fixed_expression", digital, fixed,
                           "习近平新时代中国特色社会主义思想")

        business = next((a for a in self.columns["zcjd"].articles
                         if "优化营商环境" in a.subject), self.columns["zcjd"].articles[0])
        history = ("2016年，我市被原国家工商行政管理总局确定为全国商标品牌战略实施示范城市，"
                   "为持续优化营商环境打下了良好基础。")
        business.body.insert(2, p(history))
        self.controls.append({"kind": "historical_institution", "path": "", "article": business,
                              "text": "原国家工商行政管理总局",
                              "note": "冠以“原”字的历史表述，不是过时机构名称的误用，不应报告"})

    def _planted_text(self, category: str, rule: str, article: Article, text: str,
                      suggestion: str, **extra: str) -> None:
        self.planted.append({"category": category, "rule": rule, "article": article,
                             "text": text, "suggestion": suggestion, **extra})

    # -- paths -------------------------------------------------------------------------------------
    def assign_paths(self) -> None:
        """TRS-style /YYYYMM/tYYYYMMDD_<id>.html and Hanweb /art/Y/M/D/art_<col>_<id>.html."""
        everything = [a for c in self.columns.values() for a in c.articles]
        trs_id = 100001
        for article in sorted(everything, key=lambda a: (a.published, a.title)):
            column = self.columns[article.column]
            if column.key in HANWEB:
                continue
            if column.key == "tzgg":
                continue
            article.path = (f"{column.folder}{article.day:%Y%m}/t{article.day:%Y%m%d}_"
                            f"{trs_id}.html")
            trs_id += self.rng.randint(1, 4)
        notices = sorted(self.columns["tzgg"].articles, key=lambda a: a.published)
        for offset, article in enumerate(notices):
            number = 2001 - (len(notices) - 1 - offset)
            article.path = f"/zwgk/tzgg/{article.day:%Y%m}/t{article.day:%Y%m%d}_{number}.html"
        for key, (column_id, _, first) in HANWEB.items():
            ordered = sorted(self.columns[key].articles, key=lambda a: a.published)
            for offset, article in enumerate(ordered):
                d = article.day
                number = first + offset
                article.path = f"/art/{d.year}/{d.month}/{d.day}/art_{column_id}_{number}.html"
        for column in self.columns.values():
            column.articles.sort(key=lambda a: a.published, reverse=True)
            paths = [a.path for a in column.articles]
            assert len(set(paths)) == len(paths), column.name
            titles = [a.title for a in column.articles]
            assert len(set(titles)) == len(titles), column.name
        for article in self.columns["zcjd"].articles:
            policy = self.interpretations[article.title]
            article.body = [b.replace("{POLICY}", policy.path) for b in article.body]

    def add_attachments(self) -> None:
        """Real files behind most attachment links; one planted missing one."""
        rng = self.rng

        def name(article: Article, ext: str) -> str:
            return f"P0{article.day:%Y%m%d}{rng.randint(10**11, 10**12 - 1)}.{ext}"

        for article in rng.sample(self.columns["zcwj"].articles, 6):
            kind = rng.choice(("pdf", "docx"))
            article.attachments.append(Attachment(name(article, kind),
                                                  f"附件：{article.subject}.{kind}", kind))
        for article in rng.sample([a for a in self.columns["tzgg"].articles
                                   if "通知" in a.title and a is not self.missing_attachment], 4):
            kind = rng.choice(("docx", "xlsx", "doc"))
            article.attachments.append(Attachment(name(article, kind), f"附件1：报名表.{kind}",
                                                  kind))
        contest = self.missing_attachment
        contest.attachments += [
            Attachment(name(contest, "docx"), "附件1：江河市职业技能大赛报名表.docx", "docx"),
            Attachment(name(contest, "xlsx"), "附件2：参赛选手信息汇总表.xlsx", "xlsx",
                       missing=True),
        ]
        for article in self.columns["czyjs"].articles[:6]:
            kind = "xlsx" if "预算" in article.title or "决算" in article.title else "pdf"
            article.attachments.append(Attachment(name(article, kind),
                                                  f"附件：{article.title}.{kind}", kind))
        for article in self.columns["tpxw"].articles:
            article.image = f"W0{article.day:%Y%m%d}{rng.randint(10**11, 10**12 - 1)}.jpg"

    # -- rendering: detail pages -------------------------------------------------------------------
    def crumbs(self, column: Column) -> layout.Crumbs:
        return [("首页", "/"), (column.parent, PARENT_PATHS[column.parent]),
                (column.name, column.path)]

    def article_meta(self, article: Article, column: Column) -> dict[str, str]:
        if not article.meta_tags:
            return {}
        return {
            "ColumnName": column.name, "ColumnType": column.column_type,
            "ArticleTitle": article.title,
            "PubDate": article.published.strftime("%Y-%m-%d %H:%M"),
            "ContentSource": article.source,
        }

    def attachment_html(self, article: Article) -> str:
        if not article.attachments:
            return ""
        links = "".join(f'<p><a href="./{a.name}">{esc(a.label)}</a></p>'
                        for a in article.attachments)
        return f'<div class="attachments"><p>附件下载：</p>{links}</div>'

    def render_article(self, article: Article) -> None:
        column = self.columns[article.column]
        style = column.detail_style
        body = "\n".join(article.body) + self.attachment_html(article)
        if article.image:
            body = (f'<p style="{CENTER}"><img src="./{article.image}" alt="{esc(article.title)}">'
                    f"</p>\n{body}")
        stamp = article.published.strftime("%Y-%m-%d %H:%M")
        title_line = f"<h1>{esc(article.title)}</h1>"
        tools = ('<div class="article-tools"><a href="javascript:window.print()">打印本页</a> '
                 '<a href="javascript:window.close()">关闭窗口</a></div>')
        encoding, charset, content_type = "utf-8", "utf-8", None
        if style in ("trs", "trs_dept", "trs_picture", "trs_project"):
            when = (f"日期：{cn_date(article.day)}" if style == "trs_dept"
                    else f"发布时间：{stamp}")
            table = self.metadata_th_table(article.metadata) if style == "trs_project" else ""
            main = (f'<div class="main w1200"><div class="article">\n{table}'
                    f'<div class="article-title">{title_line}</div>\n'
                    f'<div class="article-info"><span>{when}</span> '
                    f"<span>来源：{esc(article.source)}</span></div>\n"
                    f'<div class="TRS_Editor">\n{body}\n</div>\n{tools}\n</div></div>')
        elif style == "hanweb":
            main = (f'<div class="main w1200"><div class="article">\n'
                    f"{self.metadata_hanweb_table(article)}"
                    f'<div class="art_title">{title_line}</div>\n'
                    f'<div class="art_info"><span>发布日期：{article.day.isoformat()}</span> '
                    f"<span>信息来源：{esc(article.source)}</span> "
                    '<span>浏览次数：<script type="text/javascript">document.write("1024");'
                    "</script></span></div>\n"
                    f'<div id="zoom">\n{body}\n</div>\n{tools}\n</div></div>')
        elif style == "plain":
            main = (f'<div class="main w1200"><div class="article">\n'
                    f'<div class="article-title">{title_line}</div>\n'
                    f'<div class="article-info"><span>发布时间：{stamp}</span> '
                    f"<span>来源：{esc(article.source)}</span></div>\n"
                    f'<div class="article-content">\n{body}\n</div>\n{tools}\n</div></div>')
        elif style == "content":
            main = (f'<div class="main w1200">\n<div class="detail-title">{title_line}</div>\n'
                    f'<div class="detail-info">发布时间：{stamp}　'
                    f"来源：{esc(article.source)}</div>\n"
                    f'<div id="content">\n{body}\n</div>\n</div>')
        elif style == "gbk":
            main = (f'<div class="main w1200"><div class="article">\n'
                    f"{self.metadata_one_cell(article.metadata)}"
                    f'<div class="article-title">{title_line}</div>\n'
                    f'<div class="content">\n{body}\n</div>\n</div></div>')
            gb18030 = article.title == "江河市2026年市本级政府预算"
            if gb18030:
                encoding, charset = "gb18030", None
                content_type = "text/html; charset=GB18030"
            else:
                encoding, charset, content_type = "gbk", "gb2312", "text/html"
        else:
            raise ValueError(style)
        html = layout.page(f"{article.title}_{SITE_NAME}", main,
                           meta=self.article_meta(article, column), crumbs=self.crumbs(column),
                           charset=charset)
        self.add_html(article.path, html, encoding, content_type)
        for attachment in article.attachments:
            if not attachment.missing:
                self.add(article.folder + attachment.name, self.attachment_bytes(attachment))
        if article.image:
            self.add(article.folder + article.image, files.jpeg(4, 3))

    def attachment_bytes(self, attachment: Attachment) -> bytes:
        label = attachment.label.split("：", 1)[-1].rsplit(".", 1)[0]
        if attachment.kind == "pdf":
            return files.pdf(f"Jianghe attachment {len(label)}")
        if attachment.kind == "docx":
            return files.docx(label, ["请如实填写以下信息。", "单位（盖章）：", "联系人及电话："])
        if attachment.kind == "xlsx":
            return files.xlsx(label, ["序号", "项目", "金额（万元）"],
                              [[1, "一般公共服务支出", 1250.5], [2, "教育支出", 3680.0]])
        return files.doc_bytes(label)

    def metadata_hanweb_table(self, article: Article) -> str:
        m = article.metadata
        assert m is not None
        return (
            '<table class="xxgk_table" cellspacing="0" cellpadding="0">\n'
            f'<tr><td class="xxgk_label">索 引 号：</td><td>{esc(m.index_number)}</td>'
            f'<td class="xxgk_label">主题分类：</td><td>{esc(m.topic)}</td></tr>\n'
            f'<tr><td class="xxgk_label">发文机关：</td><td>{esc(m.publisher)}</td>'
            f'<td class="xxgk_label">成文日期：</td><td>{esc(m.formed_text)}</td></tr>\n'
            f'<tr><td class="xxgk_label">标　　题：</td><td colspan="3">{esc(article.title)}</td>'
            "</tr>\n"
            f'<tr><td class="xxgk_label">文　　号：</td><td>{esc(m.doc_number or "")}</td>'
            f'<td class="xxgk_label">发布日期：</td><td>{esc(m.published_text)}</td></tr>\n'
            "</table>\n"
        )

    def metadata_th_table(self, m: Metadata | None) -> str:
        assert m is not None
        return (
            '<table class="table_suoyin">\n'
            f"<tr><th>索&nbsp;引&nbsp;号：</th><td>{esc(m.index_number)}</td>"
            f"<th>主题分类：</th><td>{esc(m.topic)}</td></tr>\n"
            f"<tr><th>发布机构：</th><td>{esc(m.publisher)}</td>"
            f"<th>生成日期：</th><td>{esc(m.formed_text)}</td></tr>\n"
            f"<tr><th>发文字号：</th><td>{esc(m.doc_number or '')}</td>"
            f"<th>发布日期：</th><td>{esc(m.published_text)}</td></tr>\n"
            "</table>\n"
        )

    def metadata_one_cell(self, m: Metadata | None) -> str:
        """The older layout: label and value in one cell (索 引 号：…), two per row."""
        assert m is not None
        cells = [f"索 引 号：{esc(m.index_number)}", f"主题分类：{esc(m.topic)}",
                 f"发布机构：{esc(m.publisher)}", f"成文日期：{esc(m.formed_text)}",
                 f"发布日期：{esc(m.published_text)}", f"文　　号：{esc(m.doc_number or '')}"]
        rows = "".join(f"<tr><td>{cells[i]}</td><td>{cells[i + 1]}</td></tr>\n"
                       for i in range(0, len(cells), 2))
        return f'<table class="xxgk-info" width="100%">\n{rows}</table>\n'

    # -- rendering: list pages ---------------------------------------------------------------------
    def sidebar(self, column: Column) -> str:
        siblings = [c for c in self.columns.values() if c.parent == column.parent]
        links = "".join(f'<li><a href="{c.path}">{esc(c.name)}</a></li>' for c in siblings)
        return f'<div class="sidebar"><h3>{esc(column.parent)}</h3><ul>{links}</ul></div>'

    def column_page(self, column: Column, inner: str, *, charset: str | None = "utf-8",
                    head_extra: str = "") -> str:
        main = (f'<div class="main w1200">\n{self.sidebar(column)}\n<div class="column-main">\n'
                f'<div class="column-title"><h2>{esc(column.name)}</h2></div>\n{inner}\n'
                "</div>\n</div>")
        meta = {"ColumnName": column.name, "ColumnType": column.column_type,
                "ColumnDescription": f"{SITE_NAME}{column.name}栏目"}
        return layout.page(f"{column.name}_{SITE_NAME}", main, meta=meta,
                           crumbs=self.crumbs(column), charset=charset, head_extra=head_extra)

    def relative(self, column: Column, article: Article) -> str:
        return "./" + article.path.removeprefix(column.folder)

    def trs_item(self, column: Column, article: Article) -> str:
        t = esc(article.title)
        return (f'<li><a href="{self.relative(column, article)}" target="_blank" title="{t}">{t}'
                f"</a><span>{article.day.isoformat()}</span></li>")

    def render_trs_list(self, column: Column) -> None:
        chunks = [column.articles[i : i + TRS_PER_PAGE]
                  for i in range(0, len(column.articles), TRS_PER_PAGE)] or [[]]
        total = len(chunks)
        extra = '<script type="text/javascript" src="/js/trs_page.js"></script>'
        for index, chunk in enumerate(chunks):
            items = "\n".join(self.trs_item(column, a) for a in chunk)
            inner = (f'<ul class="list">\n{items}\n</ul>\n'
                     f'<div class="page"><script>var countPage = {total};//共多少页\n'
                     f'createPageHTML({total}, {index}, "index", "html");</script></div>')
            path = column.path if index == 0 else f"{column.folder}index_{index}.html"
            column.list_pages.append(path)
            self.add_html(path, self.column_page(column, inner, head_extra=extra))

    def render_plain_list(self, column: Column) -> None:
        chunks = [column.articles[i : i + PLAIN_PER_PAGE]
                  for i in range(0, len(column.articles), PLAIN_PER_PAGE)]
        total = len(chunks)

        def href(n: int) -> str:
            return "index.html" if n == 1 else f"index_{n}.html"

        for number, chunk in enumerate(chunks, start=1):
            items = "\n".join(
                f'<li><a href="{a.path}" target="_blank" title="{esc(a.title)}">{esc(a.title)}</a>'
                f'<span class="date">[{a.day.isoformat()}]</span></li>' for a in chunk)
            pager = [f'<a href="{href(1)}">首页</a>',
                     f'<a href="{href(max(1, number - 1))}">上一页</a>']
            current = ' class="current"'
            pager += [f'<a href="{href(n)}"{current if n == number else ""}>{n}</a>'
                      for n in range(1, total + 1)]
            pager += [f'<a href="{href(min(total, number + 1))}">下一页</a>',
                      f'<a href="{href(total)}">尾页</a>',
                      f"<span>共{total}页 当前第{number}页</span>"]
            inner = (f'<ul class="list">\n{items}\n</ul>\n'
                     f'<div class="pagination">{" ".join(pager)}</div>')
            path = column.folder + href(number)
            column.list_pages.append(path)
            self.add_html(path, self.column_page(column, inner))

    def render_hanweb_list(self, column: Column) -> None:
        column_id, unit_id, _ = HANWEB[column.key]
        records = [
            f'<li><a href="{a.path}" title="{esc(a.title)}" target="_blank">{esc(a.title)}</a>'
            f"<span>{a.day.isoformat()}</span></li>" for a in column.articles]
        webname = "%E6%B1%9F%E6%B2%B3%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C"
        nextgroup = (f'<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/'
                     f"&columnid={column_id}&unitid={unit_id}&webname={webname}"
                     '&permissiontype=0"></a>')
        inline = "".join(f"<record><![CDATA[{r}]]></record>\n" for r in records[:HANWEB_INLINE])
        inner = (
            f'<div id="{unit_id}"><script type="text/xml"><datastore>'
            f"<nextgroup><![CDATA[{nextgroup}]]></nextgroup>"
            f"<recordset>\n{inline}</recordset></datastore></script></div>\n"
            '<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>'
            "<script>$(document).ready(function(){ "
            f"$('#{unit_id}').jpage({{ dataStore: document.getElementById('{unit_id}')"
            ".getElementsByTagName('script')[0].innerHTML, "
            f"totalRecord: {len(records)}, perPage: {HANWEB_PER_PAGE}, groupSize: 3, "
            "proxyUrl: '/module/web/jpage/dataproxy.jsp', "
            f"ajaxParam: {{col:1, appid:1, webid:1, path:'/', columnid:{column_id}, "
            f"sourceContentType:1, unitid:{unit_id}, webname:'{SITE_NAME}', permissiontype:0}} "
            "}); });</script>"
        )
        column.list_pages.append(column.path)
        self.add_html(column.path, self.column_page(column, inner))
        self.add(f"/_hanweb/{column_id}.json",
                 json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8"))

    def render_ul_list(self, column: Column, *, encoding: str = "utf-8") -> None:
        items = "\n".join(self.trs_item(column, a) for a in column.articles)
        inner = f'<ul class="list">\n{items}\n</ul>'
        charset = "gb2312" if encoding == "gbk" else "utf-8"
        column.list_pages.append(column.path)
        self.add_html(column.path, self.column_page(column, inner, charset=charset), encoding,
                      "text/html" if encoding == "gbk" else None)

    def render_table_list(self, column: Column) -> None:
        rows = "\n".join(
            f'<tr><td class="title"><a href="{self.relative(column, a)}" target="_blank">'
            f"{esc(a.title)}</a></td><td>{a.day:%Y/%m/%d}</td></tr>" for a in column.articles)
        inner = (f'<table class="list-table" width="100%">\n<tr><th>标题</th><th>日期</th></tr>\n'
                 f"{rows}\n</table>")
        column.list_pages.append(column.path)
        self.add_html(column.path, self.column_page(column, inner))

    def render_picture_list(self, column: Column) -> None:
        items = []
        for a in column.articles:
            href, t = self.relative(column, a), esc(a.title)
            image = "./" + (a.folder + a.image).removeprefix(column.folder)
            items.append(f'<li><a href="{href}" target="_blank"><img src="{image}" alt="{t}"></a>'
                         f'<p><a href="{href}" target="_blank">{t}</a></p>'
                         f"<span>{a.day.isoformat()}</span></li>")
        inner = '<ul class="pic-list">\n' + "\n".join(items) + "\n</ul>"
        column.list_pages.append(column.path)
        self.add_html(column.path, self.column_page(column, inner))

    def render_empty(self, column: Column) -> None:
        inner = '<ul class="list"></ul>\n<div class="no-data">暂无信息</div>'
        column.list_pages.append(column.path)
        self.add_html(column.path, self.column_page(column, inner))

    def render_columns(self) -> None:
        for column in self.columns.values():
            for article in column.articles:
                self.render_article(article)
            if column.adapter == "trs":
                self.render_trs_list(column)
            elif column.adapter == "plain":
                self.render_plain_list(column)
            elif column.adapter == "hanweb":
                self.render_hanweb_list(column)
            elif column.adapter == "empty":
                self.render_empty(column)
            elif column.key == "rsxx":
                self.render_table_list(column)
            elif column.key == "tpxw":
                self.render_picture_list(column)
            elif column.key == "czyjs":
                self.render_ul_list(column, encoding="gbk")
            else:
                self.render_ul_list(column)

    # -- rendering: other pages --------------------------------------------------------------------
    def simple_page(self, path: str, title: str, inner: str, crumbs: layout.Crumbs,
                    meta: dict[str, str] | None = None) -> None:
        main = f'<div class="main w1200"><div class="article">\n{inner}\n</div></div>'
        self.add_html(path, layout.page(f"{title}_{SITE_NAME}", main, crumbs=crumbs, meta=meta))

    def block(self, title: str, more: str, articles: list[Article], date_format: str) -> str:
        items = "\n".join(
            f'<li><a href="{a.path}" target="_blank" title="{esc(a.title)}">{esc(a.title)}</a>'
            f"<span>{a.day.strftime(date_format)}</span></li>" for a in articles)
        return (f'<div class="block"><div class="block-title"><h3>{esc(title)}</h3>'
                f'<a class="more" href="{more}">更多&gt;&gt;</a></div>\n'
                f'<ul class="news-list">\n{items}\n</ul></div>')

    def render_home(self) -> None:
        c = self.columns
        news = c["zwyw"].articles
        headline = news[0]
        lead = re.sub(r"<[^>]+>", "", headline.body[0])[:60]
        pictures = "".join(
            f'<li><a href="{a.path}" target="_blank"><img src="{a.folder}{a.image}" '
            f'alt="{esc(a.title)}"></a><p>{esc(a.title)}</p></li>'
            for a in c["tpxw"].articles[:4])
        specials = (("/ztzl/yshj/index.html", "优化营商环境专题", "zt_yshj.png"),
                    ("/ztzl/xczx/index.html", "全面推进乡村振兴专题", "zt_xczx.png"),
                    ("/ztzl/aqsc/index.html", "安全生产专项整治专题", "zt_aqsc.png"))
        special = "".join(f'<li><a href="{href}"><img src="/images/{img}" alt="{t}"></a></li>'
                          for href, t, img in specials)
        main = f"""<div class="main w1200 home">
<div class="focus"><ul class="focus-list">{pictures}</ul></div>
<div class="headline"><h2><a href="{headline.path}" target="_blank">{esc(headline.title)}</a></h2>
<p>{lead}……</p></div>
{self.block("政务要闻", c["zwyw"].path, news[:8], "%m-%d")}
{self.block("通知公告", c["tzgg"].path, c["tzgg"].articles[:8], "%m-%d")}
{self.block("政策文件", c["zcwj"].path, c["zcwj"].articles[:5], "%m-%d")}
<div class="special"><h3>专题专栏</h3><ul>{special}</ul></div>
<div class="service"><h3>政务服务</h3><ul>
<li><a href="{EXT}/zwfw/grbs.html" target="_blank">个人办事</a></li>
<li><a href="{EXT}/zwfw/frbs.html" target="_blank">法人办事</a></li>
<li><a href="/zwfw/index.html">更多服务</a></li></ul></div>
<div class="interact"><h3>互动交流</h3><ul>
<li><a href="/hdjl/szxx.html">市长信箱</a></li>
<li><a href="/zxft/index.html">在线访谈</a></li>
<li><a href="/hdrl/index.html?month=2026-11">活动日历</a></li>
<li><a href="/hdjl/zjdc.html">征集调查</a></li></ul></div>
<div class="friend-links"><h3>友情链接</h3>
<a href="{EXT}/zgzf/index.html" target="_blank">中国政府网</a>
<a href="{EXT}/gxzf/index.html" target="_blank">广西壮族自治区人民政府门户网站</a>
<a href="{EXT}/xlgl/index.html" target="_blank">锡林郭勒盟行政公署</a></div>
</div>"""
        top = ' <a href="/admin/login.html">信息报送</a> <a href="/wzdt.html">网站导航</a>'
        html = layout.page(f"{SITE_NAME}门户网站", main, top_links=top)
        self.add_html("/index.html", html)
        self.plant_link("broken_link", "links.a", "/", "/zxft/index.html", "在线访谈", "500")
        self.planted.append({"category": "unreachable", "rule": "unreachable.500",
                             "path": "/zxft/index.html", "text": None, "status": "500",
                             "note": "在线访谈页面服务器错误（HTTP 500）"})

    def plant_link(self, category: str, rule: str, path: str, link: str, text: str,
                   status: str) -> None:
        self.planted.append({"category": category, "rule": rule, "path": path, "text": text,
                             "link": link, "status": status})

    def render_sections(self) -> None:
        c = self.columns
        news_blocks = "\n".join(self.block(c[k].name, c[k].path, c[k].articles[:6], "%Y-%m-%d")
                                for k in ("zwyw", "bmdt", "tpxw"))
        main = f'<div class="main w1200 section">\n{news_blocks}\n</div>'
        self.add_html("/xwzx/index.html", layout.page(
            f"新闻中心_{SITE_NAME}", main, crumbs=[("首页", "/"), ("新闻中心", None)],
            meta={"ColumnName": "新闻中心", "ColumnType": "新闻动态"}))

        guide_links = [("政府信息公开指南", c["gkzn"].path),
                       ("政府信息公开制度", c["gkzd"].path),
                       ("法定主动公开内容", "/zwgk/fdzdgknr/index.html"),
                       ("政府信息公开年报", c["gknb"].path),
                       ("依申请公开", "/zwgk/ysqgk/index.html")]
        statutory = [(c[k].name, c[k].path) for k in
                     ("tzgg", "zcwj", "zcjd", "xzcf", "czyjs", "zdjsxm", "rsxx", "ghjh")]

        def grid(links: list[tuple[str, str]]) -> str:
            return "".join(f'<li><a href="{href}">{esc(t)}</a></li>' for t, href in links)

        main = (f'<div class="main w1200 section">\n<div class="intro">'
                f"<p>{esc(C.GUIDE_PARAGRAPHS[0])}</p></div>\n"
                f'<div class="gk-entry"><h3>政府信息公开</h3><ul>{grid(guide_links)}</ul></div>\n'
                f'<div class="gk-entry"><h3>法定主动公开内容</h3><ul>{grid(statutory)}</ul></div>\n'
                "</div>")
        self.add_html("/zwgk/index.html", layout.page(
            f"政府信息公开_{SITE_NAME}", main, crumbs=[("首页", "/"), ("政府信息公开", None)],
            meta={"ColumnName": "政府信息公开", "ColumnType": "信息公开"}))

        zw_crumbs: layout.Crumbs = [("首页", "/"), ZW]
        self.simple_page("/zwgk/fdzdgknr/index.html", "法定主动公开内容",
                         "<h1>法定主动公开内容</h1>\n"
                         f'<ul class="entry-list">{grid(statutory)}</ul>',
                         zw_crumbs + [("法定主动公开内容", None)])
        form = "P020240301123456789012.doc"
        self.add(f"/zwgk/ysqgk/{form}", files.doc_bytes("江河市政府信息公开申请表"))
        self.simple_page(
            "/zwgk/ysqgk/index.html", "依申请公开",
            "<h1>依申请公开</h1>\n" + p(C.GUIDE_PARAGRAPHS[2]) + "\n"
            + p("申请人可以下载并填写政府信息公开申请表，通过当面、邮寄等方式提交。") + "\n"
            + f'<p><a href="./{form}">江河市政府信息公开申请表.doc</a></p>',
            zw_crumbs + [("依申请公开", None)])

    def render_other_pages(self) -> None:
        c = self.columns
        home = [("首页", "/")]
        self.simple_page(
            "/zwfw/index.html", "政务服务",
            "<h1>政务服务</h1>\n"
            + p("江河市政务服务中心集中办理市级行政许可和公共服务事项，实行“一窗受理、集成服务”。"
                "企业和群众可通过广西数字政务一体化平台网上办理。") + "\n"
            f'<ul class="entry-list"><li><a href="{EXT}/zwfw/grbs.html">个人办事</a></li>'
            f'<li><a href="{EXT}/zwfw/frbs.html">法人办事</a></li>'
            '<li><a href="/slow/index.html">政务服务地图</a></li></ul>',
            home + [("政务服务", None)])
        self.planted.append({"category": "unreachable", "rule": "unreachable.timeout",
                             "path": "/slow/index.html", "text": None, "status": "timeout",
                             "note": "响应时间为服务器的 slow_seconds 秒，"
                                     "超过巡检超时时为无法访问"})
        self.simple_page(
            "/hdjl/index.html", "互动交流",
            "<h1>互动交流</h1>\n"
            + p("欢迎社会公众通过市长信箱、征集调查等渠道建言献策，我们将认真研究办理。") + "\n"
            '<ul class="entry-list"><li><a href="/hdjl/szxx.html">市长信箱</a></li>'
            '<li><a href="/hdjl/zjdc.html">征集调查</a></li></ul>',
            home + [("互动交流", None)])
        self.simple_page(
            "/hdjl/szxx.html", "市长信箱",
            "<h1>市长信箱</h1>\n" + p(C.GOV_OPEN_PARAGRAPHS[3]) + "\n"
            + p("来信人应当如实填写姓名、联系电话和来信内容，不得捏造、歪曲事实。") + "\n"
            '<form class="letter" action="/hdjl/submit.jsp" method="post">'
            '<input type="text" name="name"><textarea name="content"></textarea>'
            '<button type="submit">提交</button></form>',
            home + [("互动交流", "/hdjl/index.html"), ("市长信箱", None)])
        draft = next(a for a in c["tzgg"].articles if "征求意见稿" in a.title)
        self.simple_page(
            "/hdjl/zjdc.html", "征集调查",
            "<h1>征集调查</h1>\n"
            + p("为提高立法质量，市司法局就《江河市城市绿化管理办法（征求意见稿）》"
                "公开征求社会各界意见。")
            + f'\n<p>详见：<a href="{draft.path}">{esc(draft.title)}</a></p>',
            home + [("互动交流", "/hdjl/index.html"), ("征集调查", None)])
        self.render_zjjh()
        self.render_specials()
        self.render_footer_pages()
        self.add_html("/error/notfound.html", layout.head("页面不存在") + """
<body>
<div class="error-box">
<h2>抱歉，您访问的页面不存在或已被删除！</h2>
<p><a href="/">返回首页</a></p>
</div>
</body>
</html>
""")
        self.add_html("/admin/login.html", layout.head(f"内容管理系统登录_{SITE_NAME}") + """
<body>
<form class="login" action="/admin/login.do" method="post">
<h2>江河市人民政府网站内容管理系统</h2>
<p>用户名：<input type="text" name="username"></p>
<p>密　码：<input type="password" name="password"></p>
<p><button type="submit">登录</button></p>
</form>
</body>
</html>
""")

    def render_zjjh(self) -> None:
        home = [("首页", "/")]
        crumbs = home + [("走进江河", "/zjjh/index.html")]
        self.simple_page(
            "/zjjh/index.html", "走进江河",
            "<h1>走进江河</h1>\n"
            '<ul class="entry-list"><li><a href="/zjjh/jhgk.html">江河概况</a></li>'
            '<li><a href="/zjjh/jggk.html">机构概况</a></li>'
            '<li><a href="/zjjh/ldxx.html">领导信息</a></li>'
            '<li><a href="/zjjh/lsyg.html">历史沿革</a></li></ul>',
            home + [("走进江河", None)])
        self.simple_page(
            "/zjjh/jhgk.html", "江河概况",
            "<h1>江河概况</h1>\n"
            + p("江河市位于西江中游，因江河交汇而得名，辖江北区、江南区、临江县、河口县、青山县、"
                "白沙县和江河高新区，总面积1.2万平方公里，常住人口约320万人。") + "\n"
            + p("江河市气候温和，雨量充沛，是全国重要的糖料蔗生产基地和"
                "西江黄金水道的重要港口城市。"),
            crumbs + [("江河概况", None)])
        departments = "、".join(d.removeprefix("市") for d in C.DEPARTMENTS)
        self.simple_page(
            "/zjjh/jggk.html", "机构概况",
            "<h1>机构概况</h1>\n"
            + p("江河市人民政府是江河市国家行政机关，实行市长负责制。") + "\n"
            + p(f"市人民政府工作部门包括：{departments}等。"),
            crumbs + [("机构概况", None)])
        self.simple_page(
            "/zjjh/ldxx.html", "领导信息",
            "<h1>领导信息</h1>\n" + p(f"市长：{C.MAYOR}，主持市人民政府全面工作。") + "\n"
            + "\n".join(p(f"副市长：{name}，协助市长分管有关方面工作。") for name in C.VICE_MAYORS),
            crumbs + [("领导信息", None)])
        sentence = "江河市因江河交汇而得名，素有“西江明珠”之称，建城历史已有两千多年。"
        self.malformed = {"path": "/zjjh/lsyg.html", "sentence": sentence}
        self.add_html("/zjjh/lsyg.html", layout.head(f"历史沿革_{SITE_NAME}") + f"""
<body>
{layout.header()}
{layout.nav()}
<div class="position">当前位置：<a href="/">首页</a> &gt; \
<a href="/zjjh/index.html">走进江河</a> &gt; 历史沿革</div>
<div class="main w1200">
<div id="content">
<h1>历史沿革</h1>
<p>{sentence}</p>
<div class="info"><span>发布时间：2025-06-18 10:00</span>
<span class="intro"><p>秦统一岭南后，江河地属桂林郡。汉代置县，唐代设州，明清两代为府治所在地。
</span>
<table class="history"><tr><td>1949年</td><td>江河解放，设江河专区</td></td>
<tr><td>1983年</td><td>撤销江河地区，设立地级江河市</td>
</table></td>
<div class="para"><p>1983年10月，经国务院批准，撤销江河地区，设立地级江河市。
<p>2002年，江河高新技术产业开发区设立，城市发展进入新阶段。
<div class="para">
</div>
{layout.footer()}
</body>
</html>
<!-- 统计代码开始
<script type="text/javascript">var _hmt = _hmt || [];</script>
""")

    def render_specials(self) -> None:
        c = self.columns
        policies = {a.subject: a for a in c["zcwj"].articles}
        related = [policies[s] for s in ("江河市优化营商环境若干措施",
                                         "江河市促进民营经济高质量发展若干措施",
                                         "江河市政务服务“好差评”管理办法")]
        links = "".join(f'<li><a href="{a.path}" target="_blank">{esc(a.title)}</a></li>'
                        for a in related)
        self.simple_page(
            "/ztzl/yshj/index.html", "优化营商环境专题",
            "<h1>优化营商环境专题</h1>\n"
            + p("优化营商环境就是解放生产力、提高竞争力。我市持续深化“放管服”改革，"
                "推动政务服务事项“一网通办”，不断提升企业和群众办事便利度。") + "\n"
            + f'<h3>政策文件</h3>\n<ul class="entry-list">{links}</ul>\n'
            '<h3>相关链接</h3>\n<ul class="entry-list">'
            '<li><a href="/error/notfound.html" target="_blank">江河市营商环境投诉平台</a></li>'
            f'<li><a href="{EXT}/gone.html" target="_blank">自治区优化营商环境监督平台</a></li>'
            "</ul>",
            [("首页", "/"), ("优化营商环境专题", None)])
        self.plant_link("broken_link", "links.a", "/ztzl/yshj/index.html", "/error/notfound.html",
                        "江河市营商环境投诉平台", "soft_404")
        self.plant_link("broken_link", "links.a", "/ztzl/yshj/index.html", f"{EXT}/gone.html",
                        "自治区优化营商环境监督平台", "404")
        rural = [a for a in c["zwyw"].articles if "乡村振兴" in a.title
                 and not a.kind.startswith("planted")][:4]
        rural += [a for a in c["tpxw"].articles if "金桔" in a.title or "糖料蔗" in a.title]
        links = "".join(f'<li><a href="{a.path}" target="_blank">{esc(a.title)}</a></li>'
                        for a in rural)
        self.simple_page(
            "/ztzl/xczx/index.html", "全面推进乡村振兴专题",
            "<h1>全面推进乡村振兴专题</h1>\n"
            + p("我市坚持农业农村优先发展，巩固拓展脱贫攻坚成果，发展壮大糖料蔗、金桔等特色产业，"
                "扎实推进宜居宜业和美乡村建设。") + "\n"
            + f'<h3>专题文章</h3>\n<ul class="entry-list">{links}</ul>',
            [("首页", "/"), ("全面推进乡村振兴专题", None)])
        self.simple_page(
            "/ztzl/aqsc/index.html", "安全生产专项整治专题",
            "<h1>安全生产专项整治专题</h1>\n"
            + p(C.MEETING_POINTS[1]) + "\n"
            + p("各县（区）、各部门要聚焦道路交通、建筑施工、城镇燃气、消防等重点行业领域，"
                "深入开展隐患排查整治，建立问题隐患和制度措施“两个清单”，确保整治取得实效。"),
            [("首页", "/"), ("安全生产专项整治专题", None)])

    def render_footer_pages(self) -> None:
        c = self.columns
        sections = [("新闻中心", "/xwzx/index.html", ("zwyw", "bmdt", "tpxw")),
                    ("政府信息公开", "/zwgk/index.html",
                     ("gkzn", "gkzd", "gknb", "tzgg", "zcwj", "zcjd", "xzcf", "czyjs", "zdjsxm",
                      "rsxx", "ghjh"))]
        blocks = []
        for name, href, keys in sections:
            links = "".join(f'<li><a href="{c[k].path}">{esc(c[k].name)}</a></li>' for k in keys)
            blocks.append(f'<div class="map-block"><h3><a href="{href}">{name}</a></h3>'
                          f"<ul>{links}</ul></div>")
        blocks.append('<div class="map-block"><h3><a href="/zjjh/index.html">走进江河</a></h3><ul>'
                      '<li><a href="/zjjh/jhgk.html">江河概况</a></li>'
                      '<li><a href="/zjjh/jggk.html">机构概况</a></li></ul></div>')
        self.simple_page("/wzdt.html", "网站地图", "<h1>网站地图</h1>\n" + "\n".join(blocks),
                         [("首页", "/"), ("网站地图", None)])
        self.simple_page(
            "/lxwm.html", "联系我们",
            "<h1>联系我们</h1>\n"
            + p("主办单位：江河市人民政府办公室") + "\n"
            + p("通信地址：江河市江滨大道1号市政府大楼，邮政编码：545000") + "\n"
            + p("网站运维电话：0771-5861001（工作日上午8:00—12:00，下午14:30—17:30）") + "\n"
            + p("如发现网站内容有错误，欢迎通过以上方式告知我们，我们将及时核实处理。"),
            [("首页", "/"), ("联系我们", None)])
        self.simple_page(
            "/yssm.html", "隐私声明",
            "<h1>隐私声明</h1>\n"
            + p("江河市人民政府门户网站尊重并保护所有使用本网站用户的个人隐私权。"
                "为了给您提供更准确、更有个性化的服务，本网站会按照本隐私声明的规定"
                "使用和披露您的个人信息。") + "\n"
            + p("除法律法规另有规定外，本网站不会将您的个人信息提供给任何第三方。"
                "您在使用市长信箱等互动栏目时提交的信息，仅用于办理您的诉求。") + "\n"
            + p("本网站将采取合理的安全措施，保护您提交的个人信息，防止信息泄露、损毁或丢失。"),
            [("首页", "/"), ("隐私声明", None)])

    def render_assets(self) -> None:
        self.add("/robots.txt", f"User-agent: *\nDisallow: {ROBOTS_DISALLOW}\n".encode())
        self.add("/images/logo.png", files.png(48, 48, (176, 32, 32)))
        for name, rgb in (("zt_yshj.png", (32, 96, 176)), ("zt_xczx.png", (48, 144, 64)),
                          ("zt_aqsc.png", (208, 96, 32))):
            self.add(f"/images/{name}", files.png(32, 16, rgb))
        self.add("/css/style.css", (
            "/* 江河市人民政府门户网站样式 */\n"
            "body{margin:0;font:14px/1.8 'Microsoft YaHei',SimSun,sans-serif;color:#333}\n"
            ".w1200{width:1200px;margin:0 auto}\n.header{background:#b02020;color:#fff}\n"
            ".nav ul{margin:0;padding:0;list-style:none;background:#8a1818}\n"
            ".nav li{display:inline-block;padding:0 24px}\n.nav a{color:#fff}\n"
            ".position{width:1200px;margin:10px auto;color:#666}\n"
            ".list li{border-bottom:1px dashed #ddd}\n.list li span{float:right;color:#999}\n"
            ".footer{background:#f2f2f2;text-align:center;color:#666;padding:16px 0}\n"
            ".TRS_Editor p,#zoom p,.article-content p{text-indent:2em}\n").encode())
        self.add("/js/jquery.min.js", b"/*! jQuery stand-in for the demo portal */\n"
                 b"window.$=window.jQuery=function(){return {ready:function(f){f()},"
                 b"jpage:function(){}}};\n")
        self.add("/js/trs_page.js", (
            "// TRS WCM pager: writes the page links; there are no <a> tags in the HTML itself\n"
            "function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){\n"
            "  if(_nPageCount == null || _nPageCount <= 1){ return; }\n"
            "  var nCurrIndex = _nCurrIndex || 0;\n"
            "  function name(i){ return i == 0 ? _sPageName + '.' + _sPageExt"
            " : _sPageName + '_' + i + '.' + _sPageExt; }\n"
            "  if(nCurrIndex > 0){ document.write('<a href=\"' + name(nCurrIndex - 1) + '\">"
            "上一页</a> '); }\n"
            "  for(var i = 0; i < _nPageCount; i++){\n"
            "    if(i == nCurrIndex){ document.write('<span>' + (i + 1) + '</span> '); }\n"
            "    else { document.write('<a href=\"' + name(i) + '\">' + (i + 1) + '</a> '); }\n"
            "  }\n"
            "  if(nCurrIndex < _nPageCount - 1){ document.write('<a href=\"' +"
            " name(nCurrIndex + 1) + '\">下一页</a>'); }\n"
            "}\n").encode())
        self.add("/module/web/jpage/jpage.js", (
            "/* 大汉 jpage stand-in: the real plugin fetches dataproxy.jsp and renders records */\n"
            "(function($){ if($ && $.fn){ $.fn.jpage = function(){ return this; }; } })"
            "(window.jQuery);\n").encode())
        self.add("/_headers.json", json.dumps(self.content_types, ensure_ascii=False, indent=1,
                                              sort_keys=True).encode("utf-8"))

    # -- truth -------------------------------------------------------------------------------------
    def finish_planted(self) -> None:
        for entry in self.planted + self.controls:
            article = entry.pop("article", None)
            if article is not None:
                entry["path"] = article.path
        self.plant_link("broken_link", "links.img", self.dead_image.path,
                        f"{self.dead_image.folder}W0{self.dead_image.day:%Y%m%d}507135498230.jpg",
                        self.dead_image.title, "404")
        contest = self.missing_attachment
        missing = next(a for a in contest.attachments if a.missing)
        self.plant_link("broken_link", "links.attachment", contest.path,
                        contest.folder + missing.name, missing.label, "404")
        self.planted.append({"category": "sensitive", "rule": "sensitive.gambling",
                             "path": self.hacked.path, "text": "线上博彩",
                             "link": f"{EXT}/bc/", "suggestion": "删除",
                             "note": "页面被植入的隐藏暗链（display:none）："
                                     "线上博彩 澳门赌场 官方网站"})
        for column in self.columns.values():
            if column.expect_stale:
                self.planted.append({"category": "stale_column",
                                     "rule": f"freshness.{column.expected_class}",
                                     "path": column.path, "text": None,
                                     "note": f"最新信息{column.articles[0].day.isoformat()}"})
            if column.expect_empty:
                self.planted.append({"category": "empty_column", "rule": "freshness.empty",
                                     "path": column.path, "text": None})
        for entry in self.late:
            self.planted.append({"category": "late_publication", "rule": entry["rule"],
                                 "path": entry["path"], "text": entry.get("text"),
                                 "formed": entry["formed"], "published": entry["published"]})

    def collect_late(self) -> None:
        """Every late item, checked against the official calendar; every other item on time."""
        late: list[dict[str, Any]] = []
        for column in self.columns.values():
            for article in column.articles:
                formed, text = None, None
                if article.metadata is not None:
                    formed = article.metadata.formed
                    assert article.metadata.published == article.day
                elif column.expected_class == "important_news" and article.event is not None:
                    formed, text = article.event, article.event_phrase
                if formed is None or column.limit is None:
                    continue
                days = working_days(formed, article.day)
                if days > column.limit:
                    late.append({"path": article.path, "formed": formed.isoformat(),
                                 "published": article.day.isoformat(),
                                 "rule": f"freshness.{column.expected_class}",
                                 "limit_days": column.limit, "actual_days": days,
                                 "text": text})
        for article in self.columns["zcjd"].articles:
            policy = self.interpretations[article.title]
            days = working_days(policy.day, article.day)
            if days > 5:
                late.append({"path": article.path, "formed": policy.day.isoformat(),
                             "published": article.day.isoformat(),
                             "rule": "freshness.interpretation", "limit_days": 5,
                             "actual_days": days, "text": None, "policy": policy.path})
        expected = {
            self.late_news.path: ("2026-10-29", "2026-11-06"),
            next(a.path for a in self.columns["zcwj"].articles if a.day == date(2026, 10, 20)):
                ("2026-09-01", "2026-10-20"),
            next(a.path for a in self.columns["xzcf"].articles
                 if a.metadata and a.metadata.formed == date(2026, 11, 2)):
                ("2026-11-02", "2026-11-13"),
            next(a.path for a in self.columns["zcjd"].articles
                 if a.kind == "late_interpretation"): None,
        }
        assert {e["path"] for e in late} == set(expected), late
        for entry in late:
            want = expected[entry["path"]]
            assert want is None or (entry["formed"], entry["published"]) == want, entry
        interp = next(e for e in late if e["rule"] == "freshness.interpretation")
        assert interp["actual_days"] == 8, interp
        late.sort(key=lambda e: e["path"])
        self.late = late

    def columns_truth(self) -> list[dict[str, Any]]:
        rows = []
        for column in self.columns.values():
            newest = max((a.day for a in column.articles), default=None)
            days = working_days(newest, DEMO_AS_OF) if newest else None
            stale = bool(column.limit is not None and days is not None and days > column.limit)
            assert stale == column.expect_stale, (column.name, newest, days)
            assert (not column.articles) == column.expect_empty, column.name
            rows.append({
                "name": column.name, "path": column.path, "parent": column.parent,
                "adapter": column.adapter, "expected_class": column.expected_class,
                "limit_days": column.limit, "department": column.department,
                "list_pages": column.list_pages,
                "items": [{"path": a.path, "title": a.title, "list_date": a.day.isoformat()}
                          for a in column.articles],
                "newest": newest.isoformat() if newest else None,
                "working_days_since_newest": days,
                "stale": stale, "empty": not column.articles,
            })
        by_name = {r["name"]: r for r in rows}
        # the brief's numbers, under the official calendar
        assert by_name["政务要闻"]["newest"] == "2026-11-19"
        assert by_name["部门动态"]["working_days_since_newest"] == 4
        assert by_name["财政预决算"]["working_days_since_newest"] == 15
        assert by_name["重大建设项目"]["working_days_since_newest"] == 8
        assert by_name["人事信息"]["working_days_since_newest"] == 26
        assert by_name["政府信息公开指南"]["newest"] == "2024-03-01"
        return rows

    def expected(self) -> dict[str, Any]:
        details = [
            {"path": a.path, "title": a.title, "published": a.day.isoformat(),
             "metadata": a.metadata.truth()}
            for c in self.columns.values() for a in c.articles if a.metadata is not None]
        gbk = next(a for a in self.columns["czyjs"].articles
                   if self.GBK_SENTENCE in "".join(a.body))
        gb18030 = next(a for a in self.columns["czyjs"].articles
                       if a.title == "江河市2026年市本级政府预算")
        self.encodings = [
            {"path": self.columns["czyjs"].path, "encoding": "gbk",
             "sentence": self.columns["czyjs"].articles[0].title,
             "declared": "meta charset=gb2312, no charset in the HTTP header"},
            {"path": gbk.path, "encoding": "gbk", "sentence": self.GBK_SENTENCE,
             "declared": "meta charset=gb2312, no charset in the HTTP header"},
            {"path": gb18030.path, "encoding": "gb18030", "sentence": self.GB18030_SENTENCE,
             "declared": "HTTP header charset=GB18030 only, no meta"},
        ]
        pages = sorted("/" if path == "/index.html" else path
                       for path in self.files if path.endswith(".html"))
        return {
            "as_of": DEMO_AS_OF.isoformat(),
            "site": SITE_NAME,
            "columns": self.columns_truth(),
            "sections": ["/xwzx/index.html", "/zwgk/index.html"],
            "details": details,
            "encodings": self.encodings,
            "late_publications": self.late,
            "planted": self.planted,
            "controls": self.controls,
            "footer_only_pages": [href for _, href in layout.FOOTER_PAGES],
            "malformed_page": self.malformed,
            "dynamic": {
                "/zxft/index.html": "HTTP 500",
                "/slow/index.html": "200 after slow_seconds",
                "/hdrl/index.html": "calendar trap: any ?month=YYYY-MM, session ids in links",
                "/module/web/jpage/dataproxy.jsp": "Hanweb records (GET or POST)",
                f"{EXT}/gone.html": "404 on the external host",
                f"{EXT}/bc/": "200 gambling page on the external host",
            },
            "robots_disallow": [ROBOTS_DISALLOW],
            "pages": pages,
        }

    # -- checks ------------------------------------------------------------------------------------
    def check_reachable(self) -> None:
        """Every static page is reachable from the home page the way a crawler can reach it."""
        graph: dict[str, set[str]] = {}
        href = re.compile(r"""(?:href|src)="([^"#]+)\"""")
        for path, html in self.html_text.items():
            base = "http://x" + ("/" if path == "/index.html" else path)
            targets = set()
            for raw in href.findall(html):
                if raw.startswith(("javascript:", EXT)):
                    continue
                url = urljoin(base, raw.replace("&amp;", "&"))
                target = url.removeprefix("http://x").split("?", 1)[0]
                targets.add("/index.html" if target == "/" else target)
            pager = re.search(r'createPageHTML\((\d+), 0, "index", "html"\)', html)
            if pager:
                folder = path.rsplit("/", 1)[0]
                targets |= {f"{folder}/index_{n}.html" for n in range(1, int(pager[1]))}
            graph[path] = targets
        for key, (column_id, _, _) in HANWEB.items():
            records = json.loads(self.files[f"/_hanweb/{column_id}.json"])
            graph[self.columns[key].path] |= {re.search(r'href="([^"]+)"', r)[1] for r in records}
        seen, queue = {"/index.html"}, deque(["/index.html"])
        while queue:
            for target in graph.get(queue.popleft(), ()):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        unreachable = [p for p in self.html_text if p not in seen]
        assert not unreachable, unreachable
        linked = {t for targets in graph.values() for t in targets}
        dead = {t for t in linked if t not in self.files and not t.startswith(
            ("/zxft/", "/slow/", "/hdrl/", "/module/web/jpage/dataproxy.jsp", "/search/",
             "/hdjl/submit", "/admin/login.do"))}
        planted_dead = {e["link"] for e in self.planted if e.get("status") == "404"}
        assert dead <= planted_dead, dead - planted_dead

    def check_text(self) -> None:
        """Planted strings appear exactly where planted; metadata labels only on detail pages."""
        for entry in self.planted + self.controls:
            if entry.get("text") and entry.get("category") != "broken_link":
                html = self.html_text[entry["path"]]
                assert entry["text"] in html, entry
        plain = [(e["text"], e["path"]) for e in self.planted
                 if e["category"] in ("typo", "wrong_expression", "script_mix")]
        for text, where in plain:
            alone = re.compile("(?<!原)" + re.escape(text))  # 原… is the historical control
            hits = [path for path, html in self.html_text.items() if alone.search(html)]
            assert hits == [where], (text, hits)
        label = re.compile(r"<(?:td|th|li|p|span|dt|dd|div)[^>]*>\s*(?:索\s*引\s*号|成文日期|"
                           r"发文字号|发文机关|主题分类|发布机构|生成日期|文\s*号|发布日期)\s*[:：]")
        details = {a.path for c in self.columns.values() for a in c.articles if a.metadata}
        for path, html in self.html_text.items():
            if path not in details and label.search(html.replace("&nbsp;", " ")):
                raise AssertionError(f"metadata label on a page without metadata: {path}")
        for path, html in self.html_text.items():
            expect = path in (self.hacked.path, "/index.html", "/zwfw/index.html",
                              "/ztzl/yshj/index.html")
            assert (EXT in html) == expect, path
        for name in ("暂无信息", "暂无数据", "暂无内容"):
            hits = [p for p, h in self.html_text.items() if name in h]
            assert hits == (["/zwgk/ghjh/index.html"] if name == "暂无信息" else []), hits

    # -- all ---------------------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        self.make_news("zwyw", C.NEWS_TEMPLATES, date(2026, 11, 19), 70, (0, 1, 1, 1, 1, 2),
                       (date(2026, 11, 6),))
        self.make_news("bmdt", C.DEPT_TEMPLATES, date(2026, 11, 16), 30, (0, 1, 1, 2))
        self.make_pictures()
        self.make_notices()
        self.make_policies()
        self.make_penalties()
        self.make_finance()
        gbk = next(a for a in self.columns["czyjs"].articles
                   if a.title == "江河市2026年1—9月财政收支情况")
        gbk.body.append(p(self.GBK_SENTENCE))
        gb18030 = next(a for a in self.columns["czyjs"].articles
                       if a.title == "江河市2026年市本级政府预算")
        gb18030.body.insert(2, p(self.GB18030_SENTENCE))
        self.make_projects()
        self.make_personnel()
        self.make_interpretations()
        self.make_open_government()
        self.plant_problems()
        self.assign_paths()
        self.add_attachments()
        self.render_columns()
        self.render_home()
        self.render_sections()
        self.render_other_pages()
        self.collect_late()
        self.finish_planted()
        self.render_assets()
        truth = self.expected()
        self.check_reachable()
        self.check_text()
        return truth


def write(site_dir: Path = SITE_DIR, expected_path: Path = EXPECTED_PATH) -> dict[str, Any]:
    """Build the model and replace site_dir and expected_path with its output."""
    builder = Builder()
    truth = builder.build()
    if site_dir.exists():
        shutil.rmtree(site_dir)
    for path, data in sorted(builder.files.items()):
        target = site_dir / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    expected_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    return truth


def main() -> None:
    truth = write()
    items = sum(len(c["items"]) for c in truth["columns"])
    print(f"已生成示例网站 {SITE_DIR}：{len(truth['pages'])} 个页面，"
          f"{len(truth['columns'])} 个栏目，{items} 条信息，{len(truth['planted'])} 个预置问题")
    print(f"ground truth: {EXPECTED_PATH}")


if __name__ == "__main__":
    main()
