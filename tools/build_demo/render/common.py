"""What every CMS family's pages share: breadcrumbs, head meta tags, attachment links and files,
the column page frame with its sidebar, and the TRS-style list item most list templates reuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from govpatrol.demo import SITE_NAME, layout
from tools.build_demo import files
from tools.build_demo.model import PARENT_PATHS, Article, Attachment, Column, esc
from tools.build_demo.state import Build


@dataclass(frozen=True)
class Frame:
    """The parts of a detail page that every CMS family arranges its own way."""

    body: str  # the article's blocks, its image and its attachment links
    stamp: str  # 2026-11-19 09:30
    title_line: str  # <h1>…</h1>
    tools: str  # 打印本页 / 关闭窗口


@dataclass(frozen=True)
class Detail:
    """A family's detail page: its main block and how the page is encoded and declared."""

    main: str
    encoding: str = "utf-8"
    charset: str | None = "utf-8"  # <meta charset>; None: declared in the HTTP header only
    content_type: str | None = None  # the Content-Type the server sends, when not the default


def crumbs(column: Column) -> layout.Crumbs:
    return [("首页", "/"), (column.parent, PARENT_PATHS[column.parent]),
            (column.name, column.path)]


def article_meta(article: Article, column: Column) -> dict[str, str]:
    if not article.meta_tags:
        return {}
    return {
        "ColumnName": column.name, "ColumnType": column.column_type,
        "ArticleTitle": article.title,
        "PubDate": article.published.strftime("%Y-%m-%d %H:%M"),
        "ContentSource": article.source,
    }


def attachment_html(article: Article) -> str:
    if not article.attachments:
        return ""
    links = "".join(f'<p><a href="./{a.name}">{esc(a.label)}</a></p>'
                    for a in article.attachments)
    return f'<div class="attachments"><p>附件下载：</p>{links}</div>'


def attachment_bytes(attachment: Attachment) -> bytes:
    label = attachment.label.split("：", 1)[-1].rsplit(".", 1)[0]
    if attachment.kind == "pdf":
        return files.pdf(f"Jianghe attachment {len(label)}")
    if attachment.kind == "docx":
        return files.docx(label, ["请如实填写以下信息。", "单位（盖章）：", "联系人及电话："])
    if attachment.kind == "xlsx":
        return files.xlsx(label, ["序号", "项目", "金额（万元）"],
                          [[1, "一般公共服务支出", 1250.5], [2, "教育支出", 3680.0]])
    return files.doc_bytes(label)


def sidebar(b: Build, column: Column) -> str:
    siblings = [c for c in b.columns.values() if c.parent == column.parent]
    links = "".join(f'<li><a href="{c.path}">{esc(c.name)}</a></li>' for c in siblings)
    return f'<div class="sidebar"><h3>{esc(column.parent)}</h3><ul>{links}</ul></div>'


def column_page(b: Build, column: Column, inner: str, *, charset: str | None = "utf-8",
                head_extra: str = "") -> str:
    main = (f'<div class="main w1200">\n{sidebar(b, column)}\n<div class="column-main">\n'
            f'<div class="column-title"><h2>{esc(column.name)}</h2></div>\n{inner}\n'
            "</div>\n</div>")
    meta = {"ColumnName": column.name, "ColumnType": column.column_type,
            "ColumnDescription": f"{SITE_NAME}{column.name}栏目"}
    return layout.page(f"{column.name}_{SITE_NAME}", main, meta=meta,
                       crumbs=crumbs(column), charset=charset, head_extra=head_extra)


def relative(column: Column, article: Article) -> str:
    return "./" + article.path.removeprefix(column.folder)


def trs_item(column: Column, article: Article) -> str:
    t = esc(article.title)
    return (f'<li><a href="{relative(column, article)}" target="_blank" title="{t}">{t}'
            f"</a><span>{article.day.isoformat()}</span></li>")
