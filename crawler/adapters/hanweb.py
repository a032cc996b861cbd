"""大汉 Hanweb jcms "jpage" lists.

Items live only inside `<datastore><recordset><record><![CDATA[...]]>` in a `text/xml` script;
the column page carries the first records, the rest come from `/module/web/jpage/dataproxy.jsp`
paged by startrecord / endrecord / perpage with the column's form fields. A static `index_1.html`
answers 404 on these sites.

Many columns give no `totalRecord` in the first response (only the `<nextgroup>` link or a
`proxyUrl`): then the first chunk is asked for, and each full answer asks for the next one, until
an answer comes back short. A chunk is what jpage itself asks for: perPage x groupSize records.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from lxml import html as lxml_html

from govpatrol.crawler.adapters.base import FollowUp, ListInput, ListPage, dated_rows
from govpatrol.model import Item

NAME = "hanweb"
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL)
_TOTAL = re.compile(r"(?:totalRecord\s*[:=]\s*['\"]?|<totalrecord>\s*)(\d+)", re.IGNORECASE)
_PERPAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_GROUP = re.compile(r"groupSize\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_PROXY = re.compile(r"proxyUrl\s*[:=]\s*['\"]([^'\"]+)['\"]", re.IGNORECASE)
_AJAX_PARAM = re.compile(r"ajaxParam\s*[:=]\s*\{(.*?)\}", re.DOTALL)
_PARAM_PAIR = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([\w./-]+))")
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=['\"]([^'\"]+)['\"]", re.DOTALL)


def read(page: ListInput) -> ListPage | None:
    if "<datastore" not in page.text:
        return None
    records = _RECORD.findall(page.text)
    items = _items(records, page)
    follow: list[FollowUp] = []
    if page.first_page and "dataproxy.jsp" not in page.url:
        follow = _further_requests(page, len(records))
    elif "dataproxy.jsp" in page.url and not _TOTAL.search(page.text):
        follow = _next_chunk(page, len(records))
    return ListPage(NAME, items, follow)


def _next_chunk(page: ListInput, count: int) -> list[FollowUp]:
    """After a full answer of unknown total, the chunk that follows it; none after a short one."""
    query = dict(parse_qsl(urlsplit(page.url).query))
    try:
        start, end = int(query["startrecord"]), int(query["endrecord"])
    except (KeyError, ValueError):
        return []
    size = end - start + 1
    if count < size or size <= 0:
        return []
    perpage = query.get("perpage", "15")
    return [FollowUp(_chunk_url(page.url, end + 1, end + size, perpage), method="POST",
                     formdata=dict(page.form or {}))]


def _chunk_url(base: str, start: int, end: int, perpage: str | int) -> str:
    proxy = base.split("?", 1)[0]
    return f"{proxy}?" + urlencode({"startrecord": start, "endrecord": end, "perpage": perpage})


def _items(records: list[str], page: ListInput) -> list[Item]:
    if not records:
        return []
    fragment = lxml_html.fromstring("<ul>" + "".join(records) + "</ul>")
    groups = dated_rows(fragment, page.url, page.today)
    return [item for group in groups for item in group]


def _further_requests(page: ListInput, inline_count: int) -> list[FollowUp]:
    total_match = _TOTAL.search(page.text)
    if not total_match and not (_NEXTGROUP.search(page.text) or _PROXY.search(page.text)):
        return []
    perpage = int(m[1]) if (m := _PERPAGE.search(page.text)) else 15
    group = int(m[1]) if (m := _GROUP.search(page.text)) else 3
    params = _form_fields(page.text)
    proxy = urljoin(page.url, m[1]) if (m := _PROXY.search(page.text)) else urljoin(
        page.url, DEFAULT_PROXY
    )
    chunk = max(perpage * group, perpage)
    if not total_match:  # unknown total: the first chunk, then one after each full answer
        url = _chunk_url(proxy, inline_count + 1, inline_count + chunk, perpage)
        return [FollowUp(url, method="POST", formdata=dict(params))]
    total = int(total_match[1])
    follow = []
    for start in range(inline_count + 1, total + 1, chunk):
        end = min(start + chunk - 1, total)
        url = f"{proxy}?startrecord={start}&endrecord={end}&perpage={perpage}"
        follow.append(FollowUp(url, method="POST", formdata=dict(params)))
    return follow


def _form_fields(text: str) -> dict[str, str]:
    """The column's form fields, from `ajaxParam: {...}` or the `<nextgroup>` link's query."""
    match = _AJAX_PARAM.search(text)
    if match:
        return {k: a or b or c for k, a, b, c in _PARAM_PAIR.findall(match[1])}
    match = _NEXTGROUP.search(text)
    if match:
        query = urlsplit(unescape(match[1])).query
        return {k: v for k, v in parse_qsl(query) if k not in ("page", "startrecord", "endrecord")}
    return {}
