"""网页篡改 in a script file: a redirect hidden in one of the site's own .js files.

Hacked county portals are often tampered through a shared script (统计代码 tj.js, a common.js
every page loads) rather than page by page. A real patrol of a portal on 127.0.0.1 whose pages
load: the real jQuery 1.x of the demo site (clean, minified, reads `location`), a menu script
(clean, navigates in plain sight), a tj.js with a packed redirect to a casino (planted), and an
analytics script on another host (127.0.0.2) carrying the same packed redirect, which is not the
site's file and is never requested.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from external_site import Host
from helpers import govpatrol, read_jsonl
from test_cloaking import PACKED_REDIRECT

from govpatrol.crawler.extract.scripts import redirect_evidence

JQUERY = (Path(__file__).resolve().parent.parent / "govpatrol" / "demo" / "site" / "js"
          / "jquery.min.js").read_text(encoding="utf-8")
MENU = ("$(function(){$('.nav li').hover(function(){$(this).addClass('on')});"
        "$('#search-btn').click(function(){window.location.href='/search/?q='+"
        "encodeURIComponent($('#q').val());});});")
TJ = ("var _tj=_tj||[];(function(){var s=document.createElement('img');s.src='/tj/c.gif?r='+"
      "Math.random();})();\n" + PACKED_REDIRECT + ";\n")


def page(title: str, body: str, other: str, menu: bool = False) -> str:
    scripts = ('<script src="/js/jquery.min.js"></script>'
               + ('<script src="/js/menu.js?v=2"></script>' if menu else "")
               + '<script type="text/javascript" src="/js/tj.js"></script>'
               + f'<script src="{other}/js/hm.js"></script>')
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{scripts}'
            f'</head><body><div class="header"><a href="/">首页</a></div><div class="main">{body}'
            f'</div><div class="footer">主办：江河县人民政府办公室</div></body></html>')


@pytest.fixture
def site():
    other = Host("127.0.0.2", {"/js/hm.js": PACKED_REDIRECT})
    portal = Host("127.0.0.1", {})
    text = "<p>" + "县政府召开常务会议，研究部署冬季安全生产和供暖保障工作。" * 6 + "</p>"
    portal.routes.update({
        "/": page("江河县人民政府", '<ul><li><a href="/xwzx/a.html">江河县召开冬季安全生产工作会议'
                  '</a></li><li><a href="/xwzx/b.html">县政府常务会议研究部署造林工作</a></li></ul>',
                  other.url, menu=True),
        "/xwzx/a.html": page("江河县召开冬季安全生产工作会议", text, other.url),
        "/xwzx/b.html": page("县政府常务会议研究部署造林工作", text, other.url),
        "/js/jquery.min.js": JQUERY, "/js/menu.js?v=2": MENU, "/js/tj.js": TJ,
    })
    yield portal, other
    portal.close()
    other.close()


def test_the_file_test_is_the_inline_test():
    assert redirect_evidence(TJ).startswith("eval(function(p,a,c,k,e,d)) 打包")
    assert redirect_evidence(JQUERY) is None and redirect_evidence(MENU) is None


@pytest.mark.e2e
def test_a_tampered_script_file_is_one_finding_and_read_once(site, tmp_path):
    portal, other = site
    config = tmp_path / "sites.toml"
    config.write_text(f'[[sites]]\nname = "江河县"\nurl = "{portal.url}/"\n'
                      'allow_addresses = ["127.0.0.2"]\ncloaking_sample = 0\n', encoding="utf-8")
    result = govpatrol("patrol", portal.url + "/", "--config", str(config), "--as-of",
                       "2026-11-20", "--out", str(tmp_path / "out"), "--db",
                       str(tmp_path / "g.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    found = [f for f in read_jsonl(tmp_path / "out" / "findings.jsonl")
             if f["category"] == "cloaking"]
    assert [(f["rule"], f["url"], f["link_url"]) for f in found] == [
        ("cloaking.script", portal.url + "/", portal.url + "/js/tj.js")]
    assert "共 3 个页面引用" in found[0]["message"] and "bet365" in found[0]["context"]
    assert portal.hits.count("/js/tj.js") == 1  # three pages load it: read once
    assert other.hits == []  # another host's script: not the site's file, never requested
    rows = dict(sqlite3.connect(tmp_path / "g.db").execute(
        "SELECT url, evidence IS NOT NULL FROM script_files"))
    assert rows == {portal.url + "/js/jquery.min.js": 0, portal.url + "/js/menu.js?v=2": 0,
                    portal.url + "/js/tj.js": 1}
