"""The page chrome every page of the demo portal shares: head meta tags, header, nav, breadcrumb,
footer.

One module for the static generator and for the server's dynamic pages (the activity calendar,
the slow page), so both look like the same CMS and a crawler has to tell chrome from content on
every page, as it must on a real portal.
"""

from __future__ import annotations

from html import escape

SITE_NAME = "江河市人民政府"
SITE_DOMAIN = "www.jianghe.gov.cn"
SITE_ID_CODE = "4501000012"

NAV: tuple[tuple[str, str], ...] = (
    ("首页", "/"),
    ("政务公开", "/zwgk/index.html"),
    ("新闻中心", "/xwzx/index.html"),
    ("政务服务", "/zwfw/index.html"),
    ("互动交流", "/hdjl/index.html"),
    ("走进江河", "/zjjh/index.html"),
)

FOOTER_PAGES: tuple[tuple[str, str], ...] = (
    ("网站地图", "/wzdt.html"),
    ("联系我们", "/lxwm.html"),
    ("隐私声明", "/yssm.html"),
)

#: Breadcrumb trail: (text, href) pairs; the last one may have href None (plain trailing text).
Crumbs = list[tuple[str, str | None]]


def esc(text: str) -> str:
    """HTML-escape text for element content and attribute values."""
    return escape(text, quote=True)


def head(
    title: str,
    meta: dict[str, str] | None = None,
    charset: str | None = "utf-8",
    extra: str = "",
) -> str:
    """The <head>: charset declaration (or none), title, the 网页设计规范 meta tags, assets.

    `charset` is "utf-8" (<meta charset>), "gb2312" (the old http-equiv form GBK sites carry), or
    None (no declaration at all: the HTTP header alone says what the bytes are).
    """
    lines = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>"]
    if charset == "utf-8":
        lines.append('<meta charset="utf-8">')
    elif charset:
        lines.append(
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        )
    lines.append('<meta http-equiv="X-UA-Compatible" content="IE=edge">')
    lines.append(f"<title>{esc(title)}</title>")
    tags = {"SiteName": SITE_NAME, "SiteDomain": SITE_DOMAIN, "SiteIDCode": SITE_ID_CODE}
    tags.update(meta or {})
    for name, content in tags.items():
        lines.append(f'<meta name="{esc(name)}" content="{esc(content)}">')
    lines.append('<link rel="stylesheet" type="text/css" href="/css/style.css">')
    lines.append('<script type="text/javascript" src="/js/jquery.min.js"></script>')
    if extra:
        lines.append(extra)
    lines.append("</head>")
    return "\n".join(lines)


def header(top_links: str = "") -> str:
    """Logo, site name and search box; the home page adds its top bar links."""
    top = (
        f'<div class="topbar"><div class="w1200">'
        f'<span class="welcome">欢迎访问江河市人民政府门户网站</span>{top_links}</div></div>\n'
        if top_links
        else ""
    )
    return (
        top
        + '<div class="header"><div class="w1200">'
        '<a class="logo" href="/"><img src="/images/logo.png" alt="江河市人民政府"></a>'
        '<span class="site-title">江河市人民政府</span>'
        '<form class="search" action="/search/index.html" method="get">'
        '<input type="text" name="q" placeholder="请输入关键词">'
        '<button type="submit">搜索</button></form>'
        "</div></div>"
    )


def nav() -> str:
    items = "".join(f'<li><a href="{href}">{esc(text)}</a></li>' for text, href in NAV)
    return f'<div class="nav"><ul>{items}</ul></div>'


def breadcrumb(crumbs: Crumbs) -> str:
    """`当前位置：首页 > 政府信息公开 > 政策文件`, as links except an optional plain tail."""
    parts = []
    for text, href in crumbs:
        parts.append(f'<a href="{href}">{esc(text)}</a>' if href else esc(text))
    return f'<div class="position">当前位置：{" &gt; ".join(parts)}</div>'


def footer() -> str:
    links = " | ".join(f'<a href="{href}">{esc(text)}</a>' for text, href in FOOTER_PAGES)
    return (
        '<div class="footer"><div class="w1200">\n'
        f'<p class="footer-links">{links}</p>\n'
        "<p>主办单位：江河市人民政府办公室　承办单位：江河市大数据发展局</p>\n"
        "<p>政府网站标识码4501000012 桂公网安备45010202000123号 桂ICP备12003456号-1</p>\n"
        "<p>地址：江河市江滨大道1号　邮编：545000　联系电话：0771-5861001</p>\n"
        "</div></div>"
    )


def page(
    title: str,
    main: str,
    *,
    meta: dict[str, str] | None = None,
    crumbs: Crumbs | None = None,
    charset: str | None = "utf-8",
    head_extra: str = "",
    top_links: str = "",
    tail: str = "",
) -> str:
    """A whole page: head, header, nav, breadcrumb (when given), main part, footer."""
    parts = [
        head(title, meta, charset, head_extra),
        "<body>",
        header(top_links),
        nav(),
    ]
    if crumbs:
        parts.append(breadcrumb(crumbs))
    parts += [main, footer(), tail, "</body>", "</html>", ""]
    return "\n".join(part for part in parts if part is not None)
