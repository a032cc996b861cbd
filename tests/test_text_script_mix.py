"""script_mix: traditional characters on a simplified site, and the reverse."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors import script_mix
from govpatrol.auditors.text import TextOptions

AS_OF = date(2025, 6, 1)
TRADITIONAL = TextOptions(traditional=True)


def found(text: str, options: TextOptions | None = None) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.suggestion)
            for f in script_mix.check(text, as_of=AS_OF, options=options)]


def test_runs_of_traditional_characters():
    assert found("国务院辦公廳发布通知，请拨打電話联系。") == [
        ("script_mix.traditional", "辦公廳", "办公厅"),
        ("script_mix.traditional", "電話", "电话"),
    ]


@pytest.mark.parametrize("text", [
    "乾隆年间，皇后于是吃面条，头发很长，一只鸟飞过云南，他们干活到后半夜，村里发展很快。",
    "剋扣、劄记、吒、夥、徵、扞、於、昇、氾、祕、脩、苧、蒐、薹、袷、谿、釐、陞、麽",
    "ᠵᠢᠰᠢᠯᠠᠭᠢᠨ ᠪᠠᠭᠠᠨ 正镶白旗人民政府", "Hello, world! 123",
])
def test_simplified_controls(text):
    assert found(text) == []


def test_a_wholly_traditional_page_is_one_finding():
    page = "本年度報告根據《中華人民共和國政府信息公開條例》制作。報告內容包括總體情況，" * 5
    result = found(page)
    assert len(result) == 1
    rule, text, suggestion = result[0]
    assert rule == "script_mix.traditional_page"
    assert page.startswith(text) and suggestion.startswith("本年度报告根据")


def test_traditional_site_is_checked_the_other_way():
    assert found("本年度報告根據《中華人民共和國政府信息公開條例》制作，示范區關于印發。",
                 TRADITIONAL) == []
    assert found("國務院办公廳發布通知。", TRADITIONAL) == [
        ("script_mix.simplified", "办", "辦")]


def _site(fetch_item: bool):
    """A list page showing a wholly traditional item's title, and (when fetched) the item."""
    from govpatrol.auditors import AuditContext, audit
    from govpatrol.model import Column, Item, Page, SiteRecords

    title = "進一步做好政府資訊公開工作的通知"
    item_url = "http://x.gov.cn/zwgk/tzgg/t1.html"
    column = Column(site="江河", url="http://x.gov.cn/zwgk/tzgg/", name="通知公告",
                    items=[Item(url=item_url, title=title, list_date=date(2026, 11, 2)),
                           Item(url="http://x.gov.cn/zwgk/tzgg/t2.html",
                                title="关于冬季供暖的通知", list_date=date(2026, 11, 1))])
    pages = [Page(site="江河", url=column.url, status=200, kind="list", title="通知公告",
                  text=f"{title} 2026-11-02\n关于冬季供暖的通知 2026-11-01")]
    if fetch_item:
        pages.append(Page(site="江河", url=item_url, status=200, kind="detail", title=title,
                          text=f"{title}\n各鄉鎮人民政府：為進一步做好政府資訊公開工作，現通知如下。"))
    records = SiteRecords.from_lists("江河", "http://x.gov.cn/", [column], pages)
    return audit(records, AuditContext(as_of=date(2026, 11, 20)), ["script_mix"], strict=True)


def test_a_traditional_item_is_reported_on_the_item_not_again_on_its_list():
    findings = _site(fetch_item=True)
    assert findings and {f.url for f in findings} == {"http://x.gov.cn/zwgk/tzgg/t1.html"}


def test_the_list_page_finding_stands_when_the_item_was_not_fetched():
    """Nothing is dropped without the item's own finding as evidence."""
    findings = _site(fetch_item=False)
    assert findings and {f.url for f in findings} == {"http://x.gov.cn/zwgk/tzgg/"}
