"""Reading WeChat official-account articles (mp.weixin.qq.com markup) and their mirrors' feeds.

page-structures.md: the publish time is `var ct = "<unix seconds>"` in the raw HTML (the visible
`#publish_time` is filled in by JavaScript), the account is `#js_name`, the title
`#activity-name`, the body `#js_content`, images are lazy (`img[data-src]`). A deleted or
anti-bot page is not an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from lxml import etree

from govpatrol.crawler.dates import parse_date
from govpatrol.crawler.extract.text import squash, visible_text
from govpatrol.crawler.urls import canonical, is_checkable, join
from govpatrol.model import Item, Link

CHINA = timezone(timedelta(hours=8))
_CT = re.compile(r"""\bvar\s+ct\s*=\s*["']?(\d{9,11})["']?""")
#: Failure pages: the reason name stored as the page's error, and what it means.
FAILURES = {
    "已被发布者删除": "wechat_deleted",
    "该内容已被发布者删除": "wechat_deleted",
    "此内容因违规无法查看": "wechat_blocked",
    "环境异常": "wechat_captcha",
    "访问过于频繁": "wechat_captcha",
}
#: The account and title as the page's own script carries them, for layouts whose markup is filled
#: in by JavaScript: `var nickname = htmlDecode("江河发布");`, `var msg_title = '…'.html(false);`.
_NICKNAME = re.compile(r"""\bvar\s+nickname\s*=\s*(?:htmlDecode\()?\s*["']([^"'\n]{1,64})["']""")
_MSG_TITLE = re.compile(r"""\bvar\s+msg_title\s*=\s*(?:htmlDecode\()?\s*["']([^"'\n]{1,200})["']""")
_SPACES = re.compile(r"\s+")
_ARTICLE_URL = re.compile(r"(mp\.weixin\.qq\.com/s\b|/s/[\w-]+|/s\?__biz=)")


@dataclass
class WechatArticle:
    account: str | None
    title: str | None
    published: date | None
    text: str
    links: list[Link] = field(default_factory=list)
    failure: str | None = None  # wechat_deleted, wechat_captcha, ... for failure pages


def read_article(root: etree._Element, html: str, url: str) -> WechatArticle:
    failure = _failure(root, html)
    if failure:
        return WechatArticle(None, None, None, "", failure=failure)
    account = _account(root, html)
    title = (_as_published(root, '//*[@id="activity-name"]',
                           '//h1[contains(@class,"rich_media_title")]')
             or _meta(root, "og:title") or _script_value(_MSG_TITLE, html))
    body = root.xpath('//*[@id="js_content"]')
    text = visible_text(body[0]) if body else ""
    links: list[Link] = []
    for element in body[0].iter("a", "img") if body else ():
        if element.tag == "a":
            href, kind = element.get("href"), "a"
        else:
            href, kind = element.get("data-src") or element.get("src"), "img"
        if href and is_checkable(href):
            anchor = squash("".join(element.itertext())) if kind == "a" else ""
            links.append(Link(url=canonical(join(url, href)), kind=kind, anchor=anchor))
    return WechatArticle(account, title, publish_date(root, html), text, links)


_MSG_LINK = re.compile(r"""\bvar\s+msg_link\s*=\s*["'](https?://mp\.weixin\.qq\.com/[^"'\s]+)["']""")
#: Markup only WeChat's article template writes: a page of the portal carrying it is a copy.
_WECHAT_MARKUP = ('//*[@id="js_content"]', '//*[contains(@class,"rich_media_content")]',
                  '//*[@id="activity-name"]')
_ANY_WECHAT_MARKUP = etree.XPath(" | ".join(_WECHAT_MARKUP))  # one walk of the page, not three


def copy_of(root: etree._Element, html: str, meta_tags: dict[str, str]) -> str | None:
    """For a page of the portal that mirrors a WeChat article (政务新媒体 copy): the original's
    address when the copy names it (`og:url`, `var msg_link`), else "mp.weixin.qq.com"; None
    for a page of the site's own.

    Such copies keep WeChat's head and body markup (page-structures.md), not the portal's
    page identity, so site-identity rules do not apply to them.
    """
    for key in ("og:url", "twitter:url"):
        value = meta_tags.get(key, "")
        if "mp.weixin.qq.com" in value:
            return value
    match = _MSG_LINK.search(html) if "msg_link" in html else None
    if match:
        return match.group(1).replace("&amp;", "&")
    if meta_tags.get("og:site_name") == "微信公众平台" or _ANY_WECHAT_MARKUP(root):
        return "mp.weixin.qq.com"
    return None


def publish_date(root: etree._Element, html: str) -> date | None:
    """`var ct` (unix seconds, read in China's time zone), else the visible date."""
    match = _CT.search(html)
    if match:
        return datetime.fromtimestamp(int(match.group(1)), tz=UTC).astimezone(CHINA).date()
    visible = _first_text(root, '//*[@id="publish_time"]', '//*[contains(@class,"publish_time")]')
    return parse_date(visible) if visible else None


def is_article_url(url: str) -> bool:
    return bool(_ARTICLE_URL.search(url))


def read_feed(body: bytes, base_url: str) -> list[Item]:
    """RSS 2.0 / Atom entries as items (link, title, date), in feed order."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(body, parser)
    if root is None:
        return []
    items = []
    for entry in root.xpath('//*[local-name()="item" or local-name()="entry"]'):
        link = _child_text(entry, "link")
        if not link:
            hrefs = entry.xpath('./*[local-name()="link"]/@href')
            link = hrefs[0] if hrefs else None
        if not link:
            continue
        when = (_child_text(entry, "pubDate") or _child_text(entry, "published")
                or _child_text(entry, "updated") or _child_text(entry, "date"))
        items.append(Item(url=canonical(join(base_url, link.strip())),
                          title=squash(_child_text(entry, "title") or ""),
                          list_date=_feed_date(when)))
    return items


def feed_updated(body: bytes) -> date | None:
    """The feed's own update stamp (RSS `<channel><lastBuildDate>` or `<pubDate>`, Atom
    `<feed><updated>`): when the mirror last polled the account, not when the account last
    posted. None when the feed carries none."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(body, parser)
    if root is None:
        return None
    channel = root.xpath('/*[local-name()="rss"]/*[local-name()="channel"]')
    holder = channel[0] if channel else root
    for name in ("lastBuildDate", "pubDate", "updated"):
        value = _feed_date(_child_text(holder, name))
        if value:
            return value
    return None


def read_mirror_list(root: etree._Element, base_url: str) -> list[Item]:
    """A mirror's HTML list: links to article pages, with the date shown beside each."""
    items: dict[str, Item] = {}
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href or not is_checkable(href):
            continue
        url = canonical(join(base_url, href))
        if not is_article_url(url) or url in items:
            continue
        holder = anchor.getparent()
        around = squash(" ".join(holder.itertext())) if holder is not None else ""
        title = squash("".join(anchor.itertext())) or anchor.get("title") or ""
        items[url] = Item(url=url, title=title, list_date=parse_date(around))
    return list(items.values())


def _feed_date(value: str | None) -> date | None:
    if not value:
        return None
    value = value.strip()
    try:
        return parsedate_to_datetime(value).astimezone(CHINA).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_date(value)
    return parsed.astimezone(CHINA).date() if parsed.tzinfo else parsed.date()


def _failure(root: etree._Element, html: str) -> str | None:
    title = _first_text(root, '//*[contains(@class,"weui-msg__title")]')
    if root.xpath('//*[@id="js_content"]') and not title:
        return None
    for phrase, name in FAILURES.items():
        if phrase in html:
            return name
    return "wechat_unavailable" if title else None


def _account(root: etree._Element, html: str) -> str | None:
    """The account's name in the old layout (`#js_name`), the current one (the follow card's
    `.wx_follow_nickname`, `.profile_nickname`), or its script (`var nickname`)."""
    return _as_published(
        root, '//*[@id="js_name"]', '//*[contains(@class,"wx_follow_nickname")]',
        '//*[contains(@class,"profile_nickname")]',
    ) or _script_value(_NICKNAME, html)


def _as_published(root: etree._Element, *paths: str) -> str | None:
    """An element's text as the reader sees it: the layout's line breaks and indentation go,
    the spaces the author typed inside a title stay (「江河发布 | 2026年 冬季供暖」)."""
    for path in paths:
        for element in root.xpath(path):
            text = _SPACES.sub(" ", "".join(element.itertext())).strip()
            if text:
                return text
    return None


def _script_value(pattern: re.Pattern[str], html: str) -> str | None:
    match = pattern.search(html)
    return _SPACES.sub(" ", match.group(1)).strip() or None if match else None


def _first_text(root: etree._Element, *paths: str) -> str | None:
    for path in paths:
        for element in root.xpath(path):
            text = squash(visible_text(element))
            if text:
                return text
    return None


def _meta(root: etree._Element, prop: str) -> str | None:
    values = root.xpath(f'//meta[@property="{prop}"]/@content')
    return values[0].strip() if values and values[0].strip() else None


def _child_text(entry: etree._Element, name: str) -> str | None:
    values = entry.xpath(f'./*[local-name()="{name}"]/text()')
    return values[0] if values and values[0].strip() else None
