"""站内搜索 (`search`, issue 12 item 3): the home page's search form asked for the 4 newest
published titles after the crawl, on a real patrol of tests/search_site.py (a TRS was5 search):
a working search raises nothing, a stale index names the titles it missed, a 500 is a broken
search, no form is a missing search; a results page a script fills in and a POST-only form are
said as 未检测. The probe is GET-only and asks at most 4 queries."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import govpatrol, read_jsonl
from search_site import AS_OF, MISSED, NEWEST, SITE_NAME, SearchSite

from govpatrol.linkcheck.search import find_search, read_results
from govpatrol.model import Finding
from govpatrol.rules.profile import load_profile
from govpatrol.rules.scoring import ScoringRules, rule_lines, score

HOME = "http://www.qsq.gov.cn/"


def patrol(tmp_path, mode: str, extra: str = "") -> tuple[list[dict], SearchSite]:
    with SearchSite(mode) as site:
        config = tmp_path / "sites.toml"
        config.write_text(f'[[sites]]\nname = "{SITE_NAME}"\nurl = "{site.url}"\n'
                          f'profile = "national"\ntimeout = 10\n{extra}', encoding="utf-8")
        result = govpatrol("patrol", site.url, "--config", str(config), "--as-of",
                           AS_OF.isoformat(), "--out", str(tmp_path / "out"), "--db",
                           str(tmp_path / "db.sqlite"))
    assert result.returncode == 0, result.stderr[-3000:]
    findings = [f for f in read_jsonl(tmp_path / "out" / "findings.jsonl")
                if f["category"] == "search"]
    return findings, site


@pytest.mark.e2e
def test_working_search_finds_the_newest_titles_and_raises_nothing(tmp_path) -> None:
    findings, site = patrol(tmp_path, "working")
    assert findings == []
    asked = site.searches()
    assert len(asked) == 4 and all(method == "GET" for method, _path in asked)
    # the 4 newest titles, each asked once through the form's own fields
    queries = [parse_qs(urlsplit(path).query) for _m, path in asked]
    assert all(q["channelid"] == ["252398"] for q in queries)
    assert sorted(q["searchword"][0] for q in queries) == sorted(t for _p, t, _d in NEWEST)


@pytest.mark.e2e
def test_stale_index_names_each_missed_title(tmp_path) -> None:
    findings, _site = patrol(tmp_path, "stale")
    assert sorted(f["rule"] for f in findings) == ["search.missed", "search.missed"]
    assert {f["text"] for f in findings} == MISSED
    assert all(f["severity"] == "minor" and "搜索结果第一页未显示" in f["message"]
               for f in findings)
    newest = {title: path for path, title, _day in NEWEST}
    assert all(newest[f["text"]] in f["message"] for f in findings)  # where the item is


@pytest.mark.e2e
def test_broken_search_is_one_finding(tmp_path) -> None:
    findings, site = patrol(tmp_path, "broken")
    assert [f["rule"] for f in findings] == ["search.broken"]
    assert findings[0]["severity"] == "major" and "HTTP 500" in findings[0]["message"]
    assert len(site.searches()) == 4


@pytest.mark.e2e
def test_no_search_form_is_a_missing_search(tmp_path) -> None:
    findings, site = patrol(tmp_path, "none")
    assert [f["rule"] for f in findings] == ["search.missing"]
    assert site.searches() == []


@pytest.mark.e2e
@pytest.mark.parametrize("mode,reason", [("scripted", "由脚本加载"), ("post", "POST")])
def test_unaskable_search_is_said_unchecked(tmp_path, mode: str, reason: str) -> None:
    findings, site = patrol(tmp_path, mode)
    assert [(f["rule"], f["severity"]) for f in findings] == [("search.unchecked", "info")]
    assert reason in findings[0]["message"] and "未检测" in findings[0]["message"]
    assert all(method == "GET" for method, _path in site.searches())  # never POSTed


@pytest.mark.e2e
def test_search_probe_off_asks_nothing(tmp_path) -> None:
    findings, site = patrol(tmp_path, "working",
                            extra="search_probe = false\ncloaking_sample = 0\n")
    assert findings == [] and site.searches() == []
    assert site.requests.count(("GET", "/")) == 1  # the crawl's own visit only


# --- the form and the results page, read from realistic markup -------------------------------

def same_site(url: str) -> bool:
    return url.startswith(HOME)


def test_forms_of_real_cms_families() -> None:
    hanweb = ('<div class="search"><form action="/jsearchfront/search.do" method="get" '
              'target="_blank"><input type="hidden" name="websiteid" value="150104000000000">'
              '<input type="hidden" name="tpl" value="1601"><input name="q" type="text" '
              'placeholder="请输入搜索内容"><button type="submit">搜索</button></form></div>')
    found = find_search(hanweb, HOME, same_site).form
    assert found is not None and found.field == "q"
    assert found.query_url("通知") == (
        "http://www.qsq.gov.cn/jsearchfront/search.do?websiteid=150104000000000&tpl=1601"
        "&q=%E9%80%9A%E7%9F%A5")
    gbk = ('<form action="/search/search.jsp" method="get"><input type="text" name="keyword">'
           '<input type="image" src="/images/ss.gif" alt="搜索"></form>')
    assert find_search(gbk, HOME, same_site, "gb18030").form.query_url("通知").endswith(
        "keyword=%CD%A8%D6%AA")


def test_forms_that_are_not_asked() -> None:
    login = ('<form action="/login.do" method="get"><input type="text" name="username">'
             '<input type="password" name="password"><input type="submit" value="登录"></form>')
    assert find_search(login, HOME, same_site).state == "no_search"
    province = ('<form action="https://search.nmg.gov.cn/jsearchfront/search.do" method="get">'
                '<input type="text" name="q"><input type="submit" value="搜索"></form>')
    located = find_search(province, HOME, same_site)
    assert located.state == "unchecked" and "search.nmg.gov.cn" in located.detail
    script_box = ('<div class="ss"><input type="text" id="searchInput" placeholder="请输入关键词">'
                  '<a href="javascript:void(0)" onclick="doSearch()">搜索</a></div>')
    assert find_search(script_box, HOME, same_site).state == "unchecked"
    image_button = ('<div class="top"><input type="text" id="txt1" value="">'
                    '<img src="/images/go.png" onclick="go()"></div>')
    assert find_search(image_button, HOME, same_site).state == "unchecked"  # never "missing"
    link_only = '<div class="top"><a href="/ssjg.html" class="sousuo">站内搜索</a></div>'
    assert find_search(link_only, HOME, same_site).state == "unchecked"
    subscribe = ('<form action="/subscribe.do" method="get"><input type="text" name="email">'
                 '<input type="submit" value="订阅"></form>')
    assert find_search(subscribe, HOME, same_site).state == "no_search"


TITLE = "青山区人民政府关于公布第一批区级非物质文化遗产代表性项目名录的通知"
ITEM = "http://www.qsq.gov.cn/xwzx/tzgg/202611/t20261112_805.html"


def test_results_are_read_from_links_not_from_the_echoed_query() -> None:
    echoed = (f'<html><body><div class="res-info">搜索“<span>{TITLE}</span>”，共找到 0 条结果</div>'
              '<p>没有找到相关结果，请更换关键词。</p></body></html>').encode()
    answer = read_results(echoed, HOME, TITLE, ITEM)
    assert not answer.found and answer.echoes
    cut = (f'<ul><li><a href="/xwzx/other.html"><em>{TITLE[:14]}</em>...</a></li></ul>').encode()
    assert read_results(cut, HOME, TITLE, ITEM).found
    linked = '<ul><li><a href="/xwzx/tzgg/202611/t20261112_805.html">点击查看</a></li></ul>'
    assert read_results(linked.encode(), HOME, TITLE, ITEM).found
    other = f'<ul><li><a href="/a.html">{TITLE[:5]}...</a></li></ul>'.encode()
    assert not read_results(other, HOME, TITLE, ITEM).found  # too short a prefix to tell


def test_json_results() -> None:
    hit = {"title": "<em>青山区人民政府</em>关于公布第一批区级非物质文化遗产代表性项目名录的通知",
           "url": "/xwzx/tzgg/202611/t20261112_805.html"}
    body = json.dumps({"query": TITLE, "total": 1, "data": [hit]}, ensure_ascii=False).encode()
    assert read_results(body, HOME, TITLE, ITEM).found
    none = json.dumps({"query": TITLE, "total": 0, "data": []}, ensure_ascii=False).encode()
    assert not read_results(none, HOME, TITLE, ITEM).found  # the echoed query is not a hit
    stray = json.dumps({"data": [{"summary": "<"}, hit]}, ensure_ascii=False).encode()
    assert read_results(stray, HOME, TITLE, ITEM).found  # a lone "<" is text, not a crash


def test_national_score_of_search_findings() -> None:
    rules = ScoringRules.from_profile(load_profile("national"))

    def finding(rule: str, text: str | None = None) -> Finding:
        return Finding(site=SITE_NAME, category="search", rule=rule, severity="minor",
                       url=HOME, message="", text=text)

    missed = [finding("search.missed", t) for t in ("甲通知标题", "乙通知标题")]
    result = score(missed, rules, SITE_NAME, HOME)
    line = next(x for x in rule_lines(result, rules) if x.rule.startswith("抽查4个"))
    assert (line.count, line.points, line.cap) == (2, 2.0, 4)
    result = score([finding("search.missing"), *missed], rules, SITE_NAME, HOME)
    assert result.deduction == 4  # the indicator's cap, however many findings
    info = Finding(site=SITE_NAME, category="search", rule="search.unchecked", severity="info",
                   url=HOME, message="")
    assert score([info], rules, SITE_NAME, HOME).deduction == 0  # 未检测 is never scored
