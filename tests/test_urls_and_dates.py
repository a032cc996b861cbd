"""URL canonicalisation and the date formats government pages use."""

from datetime import date

import pytest

from govpatrol.crawler.dates import labelled_date, parse_date, url_date
from govpatrol.crawler.urls import canonical, date_path_key, is_attachment, is_page_like


def test_session_ids_and_cache_busters_do_not_make_new_pages():
    a = canonical("http://www.example.gov.cn/hdrl/index.html;jsessionid=8F3A2C?month=2026-11&sid=77")
    b = canonical("http://WWW.example.gov.cn/hdrl/index.html?sid=12&month=2026-11#top")
    assert a == b == "http://www.example.gov.cn/hdrl/index.html?month=2026-11"


def test_meaningful_query_parameters_are_kept():
    assert canonical("http://x.gov.cn/list.jsp?page=2") != canonical("http://x.gov.cn/list.jsp?page=3")


@pytest.mark.parametrize(
    "url, attachment",
    [
        ("http://x.gov.cn/zwgk/P020261118512345678901.pdf", True),
        ("http://x.gov.cn/zwgk/附件1.WPS", True),
        ("http://x.gov.cn/zwgk/t20261118_1.html", False),
        ("http://x.gov.cn/col/col1001/index.html?uid=4321&pageNum=2", False),
    ],
)
def test_attachments_are_not_pages(url, attachment):
    assert is_attachment(url) is attachment
    assert is_page_like(url) is not attachment


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-10-09", date(2026, 10, 9)),
        ("2026年10月9日", date(2026, 10, 9)),
        ("2026/10/09", date(2026, 10, 9)),
        ("[2026.10.09]", date(2026, 10, 9)),
        ("2026 年 10 月 9 日", date(2026, 10, 9)),
        ("发布时间：2026-11-18 09:30", date(2026, 11, 18)),
        ("2026-02-30", None),
        ("第2026号", None),
    ],
)
def test_dates_in_the_formats_sites_use(text, expected):
    assert parse_date(text) == expected


def test_labelled_publish_dates():
    assert labelled_date("来源：市政府办公室 发布时间：2026-11-18 09:30 浏览次数：") == date(2026, 11, 18)
    assert labelled_date("日期：2026年11月16日 字号：大 中 小") == date(2026, 11, 16)
    assert labelled_date("会议于2026年11月16日召开") is None  # not a publish label


def test_dates_in_cms_article_paths():
    assert url_date("http://x.gov.cn/xwzx/zwyw/202611/t20261118_100123.html") == date(2026, 11, 18)
    assert url_date("http://x.gov.cn/art/2026/11/3/art_1001_5001.html") == date(2026, 11, 3)
    assert url_date("http://x.gov.cn/zwgk/index.html") is None


@pytest.mark.parametrize("urls", [
    ["http://a.gov.cn/cal/2024/05/01/index.html", "http://a.gov.cn/cal/2024/5/2/index.html",
     "http://a.gov.cn/cal/2025/12/31/index.html"],
    ["http://a.gov.cn/hd/2024-05-01/", "http://a.gov.cn/hd/2024-05-02/"],
    ["http://a.gov.cn/rl/20240501/list.html", "http://a.gov.cn/rl/20240502/list.html"],
    ["http://a.gov.cn/rl/2024_05_01.html", "http://a.gov.cn/rl/2024_05_02.html"],
])
def test_the_days_of_a_calendar_share_one_date_path_key(urls):
    keys = {date_path_key(url) for url in urls}
    assert len(keys) == 1 and None not in keys


@pytest.mark.parametrize("urls", [
    # articles filed by date keep their own keys: bounding them would lose articles
    ["http://a.gov.cn/art/2024/5/10/art_1234_5678.html",
     "http://a.gov.cn/art/2024/5/11/art_1234_5679.html"],
    ["http://a.gov.cn/xxgk/202405/t20240501_123456.html",
     "http://a.gov.cn/xxgk/202405/t20240502_123457.html"],
])
def test_dated_article_paths_are_not_one_calendar(urls):
    assert len({date_path_key(url) for url in urls}) == len(urls)


def test_paths_without_dates_have_no_date_key():
    assert date_path_key("http://a.gov.cn/c1/a2.html") is None
    assert date_path_key("http://a.gov.cn/col/col12345678/index.html") is None
