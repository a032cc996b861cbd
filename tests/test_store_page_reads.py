"""The store reads a few pages or facts of a run without holding every page (issue 14: the store
is the memory): the pages containing some strings (where the typo auditor's site-level findings
were seen), the earliest article date, the titles of the pages findings are on. Real SQLite."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.model import Page
from govpatrol.store import Store

BASE = "http://127.0.0.1:8000"
TEXTS = {
    "/a.html": "江河市大数据发展中心召开全市政务数据共享工作推进会。",
    "/b.html": "本周，江河市大数据发展中新组织开展网络安全应急演练。",
    "/c.html": "控制字符\x00之后：江河市大数据发展中新完成政务云平台扩容。",  # NUL before it
    "/d.html": "市委网信办一行到市大数据发展中心调研数据安全工作。",
    "/e.html": "",
}


@pytest.fixture
def stored(tmp_path):
    store = Store(tmp_path / "g.db")
    run_id = store.start_run("江河市", f"{BASE}/", date(2026, 11, 20), {"mode": "site"})
    for path, text in TEXTS.items():
        store.save_page(run_id, Page(
            site="江河市", url=f"{BASE}{path}", status=200, kind="detail", text=text,
            title=f"工作动态{path[1]}", published=date(2026, 11, ord(path[1]) - 96)))
    store.save_page(run_id, Page(site="江河市", url=f"{BASE}/", status=200, kind="home",
                                 text="首页", title="江河市人民政府", published=date(2026, 10, 1)))
    yield store, run_id
    store.close()


def test_the_pages_containing_a_string_are_those_python_finds_in_page_order(stored) -> None:
    store, run_id = stored
    for needles in (["江河市大数据发展中新"], ["大数据发展中心"], ["中新", "网信办"], ["不在任何页面"]):
        found = [p.url for p in store.iter_pages(run_id, containing=needles)]
        expected = [p.url for p in store.iter_pages(run_id)
                    if any(n in p.text for n in needles)]
        assert found == expected, needles
    assert [p.url for p in store.iter_pages(run_id, containing=["江河市大数据发展中新"])] == [
        f"{BASE}/b.html", f"{BASE}/c.html"]  # the NUL before it on c does not hide it


def test_records_read_those_pages_again_whole(stored) -> None:
    store, run_id = stored
    records = store.site_records(run_id)
    (page,) = records.pages_containing(["网信办"])
    assert page.url == f"{BASE}/d.html" and page.text == TEXTS["/d.html"]
    assert page.title == "工作动态d"


def test_many_strings_are_looked_for_at_once(stored) -> None:
    """Hundreds of strings (a site with many suspect names and their shorter tails): the same
    pages as asking Python of each text."""
    store, run_id = stored
    needles = [f"不在页面上的名称{i}" for i in range(500)] + ["中新", "网信办"]
    found = [p.url for p in store.iter_pages(run_id, containing=needles)]
    assert found == [f"{BASE}/b.html", f"{BASE}/c.html", f"{BASE}/d.html"]
    assert len(list(store.iter_pages(run_id, containing=[""]))) == len(TEXTS) + 1


def test_the_earliest_article_date_leaves_out_the_home_page(stored) -> None:
    store, run_id = stored
    assert store.earliest_published(run_id) == date(2026, 11, 1)  # not the home page's 10-01
    assert store.earliest_published(run_id) == min(store.published_dates(run_id).values())
    assert store.earliest_published(run_id + 1) is None


def test_titles_of_the_pages_findings_are_on_only(stored) -> None:
    store, run_id = stored
    every = store.page_titles(run_id)
    assert len(every) == 6
    some = store.page_titles(run_id, {f"{BASE}/b.html", f"{BASE}/gone.html"})
    assert some == {f"{BASE}/b.html": "工作动态b"}


def test_a_page_reads_back_as_it_was_saved_with_every_field_full_or_empty(tmp_path) -> None:
    """The reader decodes a JSON column only when it holds something: a page with metadata,
    meta tags, hidden links, redirects and scripts, one with none of them, and a row written by
    an older version with "[]" where newer ones store nothing, all read back as saved."""
    from govpatrol.model import HiddenLink, Link

    store = Store(tmp_path / "g.db")
    run_id = store.start_run("江河市", f"{BASE}/", date(2026, 11, 20), {"mode": "site"})
    full = Page(site="江河市", url=f"{BASE}/full.html", status=200, kind="detail",
                title="关于印发实施方案的通知", published=date(2026, 11, 2),
                metadata={"索引号": "11510000-2026-00012", "发文字号": "江府发〔2026〕3号"},
                text="各乡镇人民政府，县级各部门：",
                links=[Link(f"{BASE}/z.html", "a", "返回"), Link(f"{BASE}/a.pdf", "attachment",
                       "附件1"), Link(f"{BASE}/z.html", "a", ""), Link(f"{BASE}/b.png", "img")],
                meta_tags={"SiteName": "江河市人民政府", "ArticleTitle": "实施方案"},
                footer="政府网站标识码5118000022", header="江河市人民政府",
                hidden_links=[HiddenLink("http://bc.example.com/", "博彩", "<div style> "
                                         "display:none")],
                soft_404=None, mirror_of=None, script_redirects=["location.href=atob(x)"],
                scripts=[f"{BASE}/js/common.js"])
    empty = Page(site="江河市", url=f"{BASE}/empty.html", status=200, kind="page")
    after = Page(site="江河市", url=f"{BASE}/g.html", status=200, kind="page",
                 links=[Link(f"{BASE}/", "a", "首页")])  # links of the next page stay its own
    for page in (after, full, empty):
        store.save_page(run_id, page)
    store.conn.execute("UPDATE pages SET hidden_links = '[]', script_redirects = '[]',"
                       " scripts = '[]', metadata = '{}', meta_tags = '' WHERE url = ?",
                       [f"{BASE}/empty.html"])
    read = {page.url: page for page in store.iter_pages(run_id)}
    assert read[full.url] == full
    assert read[empty.url] == empty
    assert read[after.url] == after
    assert list(read) == sorted(read)
    store.close()
