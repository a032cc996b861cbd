"""The demo portal's model: columns, articles, attachments, 信息索引 metadata, and the fixed
choices (seed, external-host placeholder, page sizes) every other module of the generator shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from govpatrol.demo import DEFAULT_DEPARTMENT, DEPARTMENTS
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


