"""From an HTML response to a page record.

Selectors come from the CMS families in page-structures.md (TRS `div.TRS_Editor`, Hanweb
`#zoom`, gov.cn `#UCAP-CONTENT`); when none matches, the navigation, header and footer are
dropped and the rest is the page's main text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote

from lxml import etree

from govpatrol.crawler.dates import labelled_date, parse_date, url_date
from govpatrol.crawler.extract.hidden import hidden_anchors
from govpatrol.crawler.extract.links import extract_links
from govpatrol.crawler.extract.metadata import extract_metadata
from govpatrol.crawler.extract.scripts import script_redirects, script_sources
from govpatrol.crawler.extract.text import inline_text, visible_text
from govpatrol.model import HiddenLink, Link

BODY_SELECTORS = (
    "//div[contains(@class,'TRS_Editor')]",
    "//div[contains(@class,'TRS_UEDITOR')]",
    "//*[@id='UCAP-CONTENT']",
    "//*[@id='zoom']",
    "//*[@id='js_content']",
    "//div[contains(concat(' ',normalize-space(@class),' '),' article-content ')]",
    "//div[contains(concat(' ',normalize-space(@class),' '),' article_con ')]",
    "//*[@id='content']",
    "//div[contains(concat(' ',normalize-space(@class),' '),' content ')]",
    "//article",
)
#: Compiled once: `element.xpath(string)` compiles its expression on every call, every page.
BODY_XPATHS = tuple(etree.XPath(xpath) for xpath in BODY_SELECTORS)
_BODY = etree.XPath("//body")
_HEADINGS = etree.XPath("//h1|//*[contains(@class,'title')]/h2|//h2")
_TITLE_TAG = etree.XPath("//title")
_CHROME = re.compile(
    r"(^|[\s_-])(nav|menu|header|head|top|footer|foot|bottom|position|location|crumb|breadcrumb"
    r"|sidebar|side|links|friend|share|copyright|dqwz|wza|toolbar|barrier|accessib(?:le|ility)"
    r"|yqlj)([\s_-]|\d|$)",
    re.IGNORECASE,
)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_CRUMB = re.compile(r"position|location|crumb|dqwz|current|weizhi|path", re.IGNORECASE)
_CRUMB_LEADS = ("当前位置", "您现在的位置", "您的位置", "所在位置")
_TITLE_SPLIT = re.compile(r"\s*(?:[-_|｜—]+|&gt;)\s*")
META_DATE_NAMES = (
    "PubDate", "pubdate", "firstpublishedtime", "publishdate", "article:published_time",
)


@dataclass(slots=True)
class PageData:
    title: str | None
    published: date | None
    metadata: dict[str, str]
    text: str
    links: list[Link]
    meta_tags: dict[str, str]
    breadcrumb: list[str] = field(default_factory=list)
    has_article_body: bool = False
    footer: str = ""
    hidden_links: list[HiddenLink] = field(default_factory=list)
    header: str = ""
    navigation: bool = False  # a page made to lead elsewhere (navigation_page): not an article
    script_redirects: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)  # external script addresses


def extract_page(root: etree._Element, url: str) -> PageData:
    meta_tags = _meta_tags(root)
    metadata = extract_metadata(root)
    body = _first_body(root)
    if body is not None:
        text = visible_text(body)
    else:
        text = visible_text(_body_element(root), skip=frozenset(_chrome_elements(root)))
    title = _title(root, meta_tags, metadata)
    links = extract_links(root, url)
    return PageData(
        title=title,
        published=_published(root, meta_tags, metadata, url, text if body is not None else ""),
        metadata=metadata,
        text=text,
        links=links,
        meta_tags=meta_tags,
        breadcrumb=breadcrumb(root),
        has_article_body=body is not None and len(text) >= 30,
        footer=footer_text(root),
        header=header_text(root),
        hidden_links=hidden_anchors(root, url),
        navigation=navigation_page(title, url, text, links),
        script_redirects=script_redirects(root),
        scripts=script_sources(root, url),
    )


#: Title words of a site map or site directory (the title's first part, before the site name).
SITEMAP_TITLES = frozenset({"网站地图", "站点地图", "网站导航", "网站目录"})
_SITEMAP_PATH = re.compile(r"/(?:sitemap|site_map|wzdt|zddt|wzdh)(?:[/._]|$)", re.IGNORECASE)
_DATE_TEXT = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?")
_NOT_WORDS = re.compile(r"[\s\W_]+")
#: A channel page's text is its links: at least this many of them, covering this share of it.
NAV_MIN_LINKS = 8
NAV_LINK_SHARE = 0.6


def navigation_page(title: str | None, url: str, text: str, links: list[Link]) -> bool:
    """A page made to lead elsewhere, not to be read: a site map, or a channel index page
    (频道页: blocks of other columns' newest titles, each with 更多) whose main text is little but
    its own links' anchors. Such a page is not an article wherever articles are counted.

    A list page of one column is recognised by its list reader first; an article with a
    相关链接 box stays an article, its prose outweighing the box.
    """
    head = _TITLE_SPLIT.split((title or "").strip(), maxsplit=1)[0]
    if head in SITEMAP_TITLES or _SITEMAP_PATH.search(url.split("?", 1)[0]):
        return True
    words = _NOT_WORDS.sub("", _DATE_TEXT.sub("", text))
    if not words:
        return False
    anchors = {_NOT_WORDS.sub("", link.anchor) for link in links if link.kind == "a"}
    shown = [a for a in anchors if len(a) >= 2 and a in words]
    covered = sum(len(a) for a in shown)
    return len(shown) >= NAV_MIN_LINKS and covered >= NAV_LINK_SHARE * len(words)


def _meta_tags(root: etree._Element) -> dict[str, str]:
    tags: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = meta.get("name") or meta.get("property")
        content = meta.get("content")
        if name and content is not None and name not in tags:
            tags[name.strip()] = content.strip()
    return tags


def _first_body(root: etree._Element) -> etree._Element | None:
    for xpath in BODY_XPATHS:
        for element in xpath(root):
            if len(inline_text(element)) >= 10:
                return element
    return None


def _body_element(root: etree._Element) -> etree._Element:
    bodies = _BODY(root)
    return bodies[0] if bodies else root


def _chrome_elements(root: etree._Element) -> list[etree._Element]:
    chrome = []
    for element in root.iter("div", "ul", "nav", "header", "footer", "aside", "table", "p"):
        if element.tag in _CHROME_TAGS or _CHROME.search(
            f"{element.get('class', '')} {element.get('id', '')}"
        ):
            chrome.append(element)
    return chrome


_FOOTER = re.compile(r"(^|[\s_-])(footer|foot|bottom|copyright|bqxx|banquan)([\s_-]|\d|$)",
                     re.IGNORECASE)


def footer_text(root: etree._Element) -> str:
    """The page footer, where site identity (标识码, ICP and 公安 records) is printed.

    The 党政机关网站标识 and the 我为政府网站找错 entry are images, often written by a script
    (`<script src=".../jiucuo.js">`, conac's `document.write(unescape("%3Cscript src=..."))`):
    the footer's image alt texts and its script addresses follow the text, one per line, so
    the identity check can see them without the page."""
    parts = []
    for element in root.iter("div", "footer", "table", "p", "ul", "section"):
        marked = element.tag == "footer" or _FOOTER.search(
            f"{element.get('class', '')} {element.get('id', '')}"
        )
        if marked and not any(ancestor in parts for ancestor in element.iterancestors()):
            parts.append(element)
    lines = [visible_text(element) for element in parts]
    for element in parts:
        lines.extend(_widget_lines(element))
    return "\n".join(line for line in lines if line)[:4000]


_SCRIPT_SRC = re.compile(r"""src\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def _widget_lines(element: etree._Element) -> list[str]:
    """Alt/title texts of the images and the addresses of the scripts inside `element`."""
    lines = []
    for image in element.iter("img"):
        lines.append((image.get("alt") or image.get("title") or "").strip())
    for script in element.iter("script"):
        if script.get("src"):
            lines.append(script.get("src").strip())
        elif script.text and "src" in script.text:
            lines.extend(_SCRIPT_SRC.findall(unquote(script.text)))
    return lines


_HEADER = re.compile(r"(^|[\s_-])(header|head|top|topbar|logo|banner|masthead)([\s_-]|\d|$)",
                     re.IGNORECASE)


def header_text(root: etree._Element) -> str:
    """The page header: its text and the alt/title of its images (the site name is often a
    logo image). Empty when no element is marked as a header: then nothing is judged."""
    parts = []
    for element in root.iter("div", "header", "table", "section", "td", "a", "h1"):
        marked = element.tag == "header" or _HEADER.search(
            f"{element.get('class', '')} {element.get('id', '')}"
        )
        if marked and not _in_footer(element) and not any(
                ancestor in parts for ancestor in element.iterancestors()):
            parts.append(element)
    lines = [visible_text(element) for element in parts]
    for element in parts:
        lines.extend((i.get("alt") or i.get("title") or "").strip() for i in element.iter("img"))
    return "\n".join(line for line in lines if line)[:2000]


def _in_footer(element: etree._Element) -> bool:
    return any(a.tag == "footer" or _FOOTER.search(f"{a.get('class', '')} {a.get('id', '')}")
               for a in (element, *element.iterancestors()))


def breadcrumb(root: etree._Element) -> list[str]:
    """Texts of the 当前位置 trail (首页 > 政府信息公开 > 政策文件), home first.

    Real trails end in a `<span>`, plain text or a link (page-structures.md): every crumb counts,
    whatever its markup, so a nested column is not named after its parent.
    """
    for element in root.iter("div", "p", "span", "ul", "ol", "nav", "td"):
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        own = (element.text or "").strip()
        led = own.startswith(_CRUMB_LEADS) or (
            not own and _CRUMB_LEAD_TEXT.match(inline_text(element)[:12] or "-")
            and len(inline_text(element)) < 120
        )
        if _CRUMB.search(marker) or led:
            names = _crumb_tokens(element)
            if names and (led or len(names) >= 2 or names[0] == "首页"):
                return names
    return []


_CRUMB_LEAD_TEXT = re.compile(r"^(?:当前位置|您现在的位置|您的位置|所在位置|现在位置)")
_CRUMB_LEAD = re.compile(
    r"^(?:当前位置|您现在的位置|您的位置|所在位置|现在位置|位置)\s*(?:是)?\s*[:：]?\s*"
)
_CRUMB_SEP = re.compile(r"\s*(?:>>|>|＞|»|›|→|&gt;|／|\s/\s)\s*")
_CRUMB_SKIP = frozenset({"script", "style", "select", "img", "input", "button"})


def _crumb_tokens(element: etree._Element) -> list[str]:
    """Each link, span or run of plain text between separators is one crumb, in page order."""
    tokens: list[str] = []

    def text(value: str | None) -> None:
        for part in _CRUMB_SEP.split(value or ""):
            part = _CRUMB_LEAD.sub("", part.strip(" \u3000\xa0\n\t")).strip()
            if part:
                tokens.append(part)

    def walk(node: etree._Element) -> None:
        text(node.text)
        for child in node:
            if not isinstance(child.tag, str) or child.tag in _CRUMB_SKIP:
                pass
            elif child.tag == "a":
                name = _CRUMB_LEAD.sub("", inline_text(child))
                if name and not _CRUMB_SEP.fullmatch(name):
                    tokens.append(name)
            else:
                walk(child)
            text(child.tail)

    walk(element)
    return tokens


def _title(root, meta_tags: dict[str, str], metadata: dict[str, str]) -> str | None:
    for candidate in (meta_tags.get("ArticleTitle"), meta_tags.get("og:title"),
                      metadata.get("title")):
        if candidate:
            return candidate
    for h in _HEADINGS(root):
        text = inline_text(h)
        if 4 <= len(text) <= 120 and text not in _CHROME_HEADINGS and not _in_chrome(h):
            return text
    titles = _TITLE_TAG(root)
    if titles:
        text = inline_text(titles[0])
        return _TITLE_SPLIT.split(text)[0] or text or None
    return None


#: Headings of page furniture, never an article's title.
_CHROME_HEADINGS = frozenset({
    "友情链接", "相关链接", "网站导航", "热点专题", "相关文章", "相关阅读", "相关新闻", "专题专栏",
    "联系我们", "网站地图", "无障碍浏览",
})


def _in_chrome(element: etree._Element) -> bool:
    """Inside a header, footer, navigation bar or sidebar."""
    return any(a.tag in _CHROME_TAGS or _CHROME.search(f"{a.get('class', '')} {a.get('id', '')}")
               for a in element.iterancestors())


def _published(root, meta_tags, metadata, url: str, body_text: str) -> date | None:
    """The publication date the page shows, best evidence first.

    The 信息索引 table and the visible 发布日期 line before the body are the document's dates;
    `<meta name="PubDate">` comes after them because some platforms set it to the time they
    regenerated the page (a 2017 notice "published" in 2022, then reported late). Then a labelled
    date anywhere in the page, then the date in the URL (/202305/t20230515_1.html, /2023-12/01/).
    """
    if metadata.get("published"):
        return date.fromisoformat(metadata["published"])
    header_text = visible_text(_body_element(root))
    if body_text:
        # the date line sits between the title and the body; look before the body text first
        start = header_text.find(body_text[:30])
        if start > 0:
            found = labelled_date(header_text[:start][-400:])
            if found:
                return found
    for name in META_DATE_NAMES:
        value = parse_date(meta_tags.get(name))
        if value:
            return value
    found = labelled_date(header_text)
    return found or url_date(url)
