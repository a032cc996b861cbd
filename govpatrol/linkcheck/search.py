"""The site-search probe (站内搜索): is there a search, does it work, does it find what was
published?

After the crawl the home page is read again for its search form (a `<form>` with a text input
and a search cue: TRS `/was5/web/search`, Hanweb `jsearchfront`, `/search/...?q=`, a 搜索 button,
a `searchword` / `keyword` / `q` field); then a few recently published titles (the crawl's
items, the newest first: the same run asks the same titles) are asked, one GET each, spaced by
the site's politeness and through its scope (robots, exclude). A title counts as found when a
link of the first results page names it (its text or `title`, a cut-short text ending in
「…」 included) or points at its page; JSON answers are searched in their string values.

What is not a plain GET on the site's own hosts is not asked, and is said as 未检测 rather
than guessed: a POST-only form, a search box without a form (a script submits it), a search
served by another host (a province's shared search platform), a results page that a script
fills in (the same page whatever was asked, and no trace of the query).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from govpatrol.model import SearchProbe

#: Titles asked per run: the national table samples 4.
QUERIES = 4
_CUE = re.compile(r"search|sousuo|jsearch|was5|fulltext|quanwen|搜索|检索|搜\s*索", re.I)
_FIELD_CUE = re.compile(r"^(q|wd|kw|key|keys|keyword|keywords|searchword|searchkey|query|"
                        r"word|words|qt|sw|text|content|title)$", re.I)
_TEXT_TYPES = {"", "text", "search"}
_CUE_ATTRIBUTES = ("id", "class", "name", "href", "onclick", "src", "alt", "title", "placeholder")
_ELLIPSIS = re.compile(r"(\.\.\.|…+|\.{2,})$")
_QUERY_KEYS = {"q", "wd", "kw", "key", "keyword", "keywords", "searchword", "query", "word",
               "qt", "sw", "searchkey", "search"}
#: Visible characters below which an answered results page is empty.
MIN_TEXT = 20
#: A cut-short result text must keep at least this many characters of the title.
MIN_PREFIX = 10

Fetch = Callable[[str], Awaitable[tuple[int | None, str, bytes, str | None]]]


@dataclass
class SearchForm:
    """A GET search form of the home page: where it sends the query, and with what."""

    action: str
    field: str
    hidden: list[tuple[str, str]] = field(default_factory=list)
    encoding: str = "utf-8"

    def query_url(self, words: str) -> str:
        try:
            words.encode(self.encoding)
            encoding = self.encoding
        except (LookupError, UnicodeEncodeError):
            encoding = "utf-8"
        query = urlencode([*self.hidden, (self.field, words)], encoding=encoding)
        base = self.action.split("#")[0]
        return base + ("&" if "?" in base else "?") + query


@dataclass
class Located:
    """What the home page offers: a form to ask, or the state and why (`no_search`,
    `unchecked`)."""

    form: SearchForm | None = None
    state: str = ""
    detail: str = ""


def decode(body: bytes) -> tuple[str, str]:
    """The page's text and the encoding a query to it should use."""
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return body.decode("gb18030", errors="replace"), "gb18030"


def _cued(*values: str | None) -> bool:
    return any(value and _CUE.search(value) for value in values)


def _text_inputs(form: etree._Element) -> list[etree._Element]:
    return [i for i in form.iter("input") if (i.get("type") or "").lower() in _TEXT_TYPES
            and i.get("name")]


def _is_search_form(form: etree._Element) -> bool:
    if any((i.get("type") or "").lower() == "password" for i in form.iter("input")):
        return False  # a login form
    inputs = _text_inputs(form)
    if not inputs:
        return False
    if _cued(form.get("action"), form.get("id"), form.get("name"), form.get("class"),
             form.get("onsubmit")):
        return True
    buttons = [*form.iter("button"), *(i for i in form.iter("input")
                                       if (i.get("type") or "").lower() in ("submit", "image"))]
    if any(_cued(b.text_content() if b.tag == "button" else b.get("value"), b.get("alt"),
                 b.get("class"), b.get("id")) for b in buttons):
        return True
    return any(_FIELD_CUE.match(i.get("name") or "") or _cued(i.get("placeholder"), i.get("id"),
                                                               i.get("class"))
               for i in inputs)


def _query_field(form: etree._Element) -> etree._Element:
    inputs = _text_inputs(form)
    for element in inputs:
        if _FIELD_CUE.match(element.get("name") or "") or _cued(element.get("placeholder")):
            return element
    return inputs[0]


def find_search(html: str, base_url: str, same_site: Callable[[str], bool],
                encoding: str = "utf-8") -> Located:
    """The home page's search form, or why there is none to ask."""
    try:
        root = lxml_html.fromstring(html)
    except (ValueError, etree.ParserError):
        return Located(state="unchecked", detail="首页无法解析，未检测站内搜索")
    unchecked: Located | None = None
    for form in root.iter("form"):
        if not _is_search_form(form):
            continue
        action = (form.get("action") or "").strip()
        if action.lower().startswith("javascript"):
            unchecked = unchecked or Located(
                state="unchecked", detail="搜索框由脚本提交，未检测（需人工核查）")
            continue
        target = urljoin(base_url, action or base_url)
        if not same_site(target):
            host = urlsplit(target).netloc
            unchecked = unchecked or Located(
                state="unchecked", detail=f"搜索由外部平台 {host} 提供，未检测（需人工核查）")
            continue
        if (form.get("method") or "get").lower() != "get":
            unchecked = unchecked or Located(
                state="unchecked",
                detail=f"搜索表单只接受 POST 提交（{target}），巡检只读不提交，"
                       "未检测（需人工核查）")
            continue
        query = _query_field(form)
        hidden = [(i.get("name"), i.get("value") or "") for i in form.iter("input")
                  if (i.get("type") or "").lower() == "hidden" and i.get("name")]
        charset = (form.get("accept-charset") or "").split(",")[0].split()[:1]
        return Located(form=SearchForm(action=target, field=query.get("name"), hidden=hidden,
                                       encoding=charset[0] if charset else encoding))
    if unchecked is not None:
        return unchecked
    # a search box without a form, a scripted button, a link to a search page: a search may
    # be there, unasked. Missing is only said of a home page with no trace of one at all.
    for element in root.iter("input"):  # a text box outside any form: a script submits it
        if (element.get("type") or "").lower() in _TEXT_TYPES and next(
                element.iterancestors("form"), None) is None:
            return Located(state="unchecked", detail="搜索框由脚本提交，未检测（需人工核查）")
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        if _cued(*(element.get(name) for name in _CUE_ATTRIBUTES), element.text):
            return Located(state="unchecked",
                           detail="首页有搜索入口（搜索页面链接或脚本按钮），未检测（需人工核查）")
    return Located(state="no_search", detail="首页未发现站内搜索")


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _names(candidate: str, title: str) -> bool:
    """Whether a result's text names the title, whole or cut short with an ellipsis."""
    candidate = _squeeze(candidate)
    if not candidate:
        return False
    if title in candidate:
        return True
    cut = _ELLIPSIS.sub("", candidate)
    return cut != candidate and len(cut) >= MIN_PREFIX and title.startswith(cut)


def _same_page(href: str, item_url: str) -> bool:
    a, b = urlsplit(href), urlsplit(item_url)
    return a.path.rstrip("/") == b.path.rstrip("/") and a.path not in ("", "/") and (
        a.query == b.query)


def _strings(value: object, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, str(k))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, key)]
    return []


def _plain(value: str) -> str:
    """A JSON string value without its markup (<em> around the matched words)."""
    if "<" not in value:
        return value
    try:
        return lxml_html.fromstring(value).text_content()
    except (ValueError, etree.ParserError):
        return value


@dataclass
class Answer:
    """One results page read: whether it names the title, and what else it shows."""

    found: bool
    empty: bool = False
    scripted: bool = False  # no visible results text, only scripts: filled in by JavaScript
    echoes: bool = False  # the query shows in the page (its box, 「搜索…的结果」)
    fingerprint: str = ""  # the visible text, to tell a page that ignores the query


def read_results(body: bytes, url: str, title: str, item_url: str) -> Answer:
    """Whether the first results page names `title` or links `item_url`."""
    text, _encoding = decode(body)
    title_key = _squeeze(title)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if data is not None:
            strings = _strings(data)
            found = any(
                (key.lower() not in _QUERY_KEYS and _names(_plain(value), title_key))
                or ("/" in value and _same_page(urljoin(url, value), item_url))
                for key, value in strings if value.strip())
            return Answer(found=found, empty=not strings, echoes=True,
                          fingerprint=json.dumps(data, sort_keys=True, ensure_ascii=False))
    try:
        root = lxml_html.fromstring(text) if stripped else None
    except (ValueError, etree.ParserError):
        root = None
    if root is None:
        return Answer(found=False, empty=True)
    for element in list(root.iter("script", "style", "noscript")):
        if element.getparent() is not None:
            element.drop_tree()
    scripts = len(re.findall(r"<script\b", text, re.I))
    visible = _squeeze(root.text_content())
    for link in root.iter("a"):
        href = link.get("href") or ""
        if _names(link.text_content(), title_key) or _names(link.get("title") or "", title_key):
            return Answer(found=True)
        if href and not href.startswith(("javascript", "#")) and _same_page(
                urljoin(url, href), item_url):
            return Answer(found=True)
    echoes = title_key in visible or title in text or any(
        _squeeze(i.get("value") or "") == title_key for i in root.iter("input"))
    return Answer(found=False, empty=len(visible) < MIN_TEXT and not scripts,
                  scripted=len(visible) < MIN_TEXT and bool(scripts), echoes=echoes,
                  fingerprint=visible)


async def probe(fetch: Fetch, home_url: str, titles: list[tuple[str, str]],
                same_site: Callable[[str], bool], delay: float = 0.0) -> list[SearchProbe]:
    """The probe's steps: the form found (or why not), then one query per title. `fetch` is a
    scoped GET (the link checker's `fetch_as`): refused URLs come back as `out_of_scope`."""
    status, final, body, error = await fetch(home_url)
    if error or status != 200:
        return [SearchProbe(state="unchecked", request_url=home_url, status=status, error=error,
                            detail="首页重新读取失败，未检测站内搜索")]
    html, encoding = decode(body)
    located = find_search(html, final, same_site, encoding)
    if located.form is None:
        return [SearchProbe(state=located.state, request_url=home_url, detail=located.detail)]
    form = located.form
    steps = [SearchProbe(state="form" if titles else "unchecked", request_url=form.action,
                         detail=(f"搜索表单：{form.action}（GET，查询字段 {form.field}）"
                                 if titles else "本次巡检没有可供查询的已发布信息标题，未检测"))]
    answers: list[tuple[SearchProbe, Answer | None]] = []
    for title, item_url in titles[:QUERIES]:
        if delay > 0:
            await asyncio.sleep(delay)
        url = form.query_url(title)
        status, final, body, error = await fetch(url)
        step = SearchProbe(state="missed", title=title, item_url=item_url, request_url=url,
                           status=status, error=error)
        if error == "out_of_scope":
            step.state = "unchecked"
            step.detail = "搜索地址不在巡检范围内（robots 或 exclude），未检测"
            answers.append((step, None))
            continue
        if error or status is None or status >= 400:
            step.state = "broken"
            step.detail = f"搜索结果页无法打开（{error or f'HTTP {status}'}）"
            answers.append((step, None))
            continue
        answer = read_results(body, final, title, item_url)
        if answer.found:
            step.state = "found"
        elif answer.scripted:
            step.state, step.detail = "unchecked", "搜索结果由脚本加载，未检测（需人工核查）"
        elif answer.empty:
            step.state, step.detail = "broken", "搜索结果页为空白页面"
        answers.append((step, answer))
    _unchecked_when_query_ignored(answers)
    return steps + [step for step, _answer in answers]


def _unchecked_when_query_ignored(answers: list[tuple[SearchProbe, Answer | None]]) -> None:
    """A miss is only a miss when the results page answered the query: a page that shows no
    trace of it and is the same for two different titles is filled in by a script (or ignores
    its input): 未检测, not a missed title."""
    read = [(step, answer) for step, answer in answers if answer is not None]
    prints = [answer.fingerprint for _step, answer in read]
    for step, answer in read:
        if step.state != "missed" or answer.echoes:
            continue
        if len(read) < 2 or prints.count(answer.fingerprint) > 1:
            step.state = "unchecked"
            step.detail = "搜索结果页与查询无关（疑似由脚本加载），未检测（需人工核查）"
