"""The 信息索引 metadata table of government information disclosure pages.

Labels vary by CMS and carry padding and full-width colons (索 引 号：, 标　　题：); the values we
need (成文日期, 文号, 发文机关) drive the late-publication check and the item inventory.
"""

from __future__ import annotations

import re

from lxml import etree

from govpatrol.crawler.dates import parse_date
from govpatrol.crawler.extract.text import inline_text, squash

#: squashed label -> metadata key (govpatrol.model.METADATA_KEYS)
LABELS: dict[str, str] = {
    "索引号": "index_number",
    "标题": "title",
    "名称": "title",
    "文件名称": "title",
    "主题分类": "topic",
    "组配分类": "topic",
    "分类": "topic",
    "主题词": "keywords",
    "发文机关": "publisher",
    "发布机构": "publisher",
    "发文单位": "publisher",
    "成文日期": "formed",
    "发文日期": "formed",
    "生成日期": "formed",
    "发布日期": "published",
    "上载日期": "published",
    "公开日期": "published",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "有效性": "validity",
}
DATE_KEYS = frozenset({"formed", "published"})
_LABEL_AT_START = re.compile(
    r"^(" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")[:：]?(.*)$", re.DOTALL
)
#: A cheap look at the raw text first: most pages have no metadata table at all.
_ANY_LABEL = re.compile(
    "|".join(r"[\s\u3000]*".join(label) for label in sorted(LABELS, key=len, reverse=True)
             if len(label) >= 3)
)
_CELL_TAGS = ("td", "th", "dt", "dd", "span", "li", "label", "b", "strong", "em", "p", "div")


def extract_metadata(root: etree._Element) -> dict[str, str]:
    """Label/value pairs from table cells or `label：value` elements; dates as ISO strings."""
    found: dict[str, str] = {}
    if not _ANY_LABEL.search("".join(root.itertext())):
        return found
    for cell in root.iter(*_CELL_TAGS):
        raw = inline_text(cell)
        if not raw or len(raw) > 80:
            continue
        match = _LABEL_AT_START.match(squash(raw))
        if not match:
            continue
        key = LABELS[match[1]]
        if key in found:
            continue
        value = _value_after_label(raw) if match[2] else _next_cell_text(cell)
        if key in DATE_KEYS:
            parsed = parse_date(value)
            if parsed is None:
                continue
            value = parsed.isoformat()
        if value:
            found[key] = value
    return found


def _value_after_label(raw: str) -> str:
    for sep in ("：", ":"):
        if sep in raw:
            return raw.split(sep, 1)[1].strip()
    # "索引号 000014349/2017-00110": label and value in one cell without a colon
    return raw.split(None, 1)[1].strip() if " " in raw else ""


def _next_cell_text(cell: etree._Element) -> str:
    sibling = cell.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    if sibling is None:
        return ""
    text = inline_text(sibling)
    # a following cell that is itself a label means this one had no value
    return "" if _LABEL_AT_START.match(squash(text) or "-") and len(text) < 10 else text
