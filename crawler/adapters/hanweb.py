"""大汉 Hanweb jcms "jpage" lists.

Items live only inside `<datastore><recordset><record><![CDATA[...]]>` in a `text/xml` script;
the column page carries the first records, the rest come from `/module/web/jpage/dataproxy.jsp`
paged by startrecord / endrecord / perpage with the column's form fields. A static `index_1.html`
answers 404 on these sites.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urljoin, urlsplit

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
    if page.first_page and "<datastore" in page.text and "dataproxy.jsp" not in page.url:
        follow = _further_requests(page, len(records))
    return ListPage(NAME, items, follow)


def _items(records: list[str], page: ListInput) -> list[Item]:
    if not records:
        return []
    fragment = lxml_html.fromstring("<ul>" + "".join(records) + "</ul>")
    groups = dated_rows(fragment, page.url, page.today)
    return [item for group in groups for item in group]


def _further_requests(page: ListInput, inline_count: int) -> list[FollowUp]:
    total_match = _TOTAL.search(page.text)
    if not total_match:
        return []
    total = int(total_match[1])
    perpage = int(m[1]) if (m := _PERPAGE.search(page.text)) else 15
    group = int(m[1]) if (m := _GROUP.search(page.text)) else 3
    params = _form_fields(page.text)
    proxy = urljoin(page.url, m[1]) if (m := _PROXY.search(page.text)) else urljoin(
        page.url, DEFAULT_PROXY
    )
    chunk = max(perpage * group, perpage)
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
