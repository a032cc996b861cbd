"""Self-checks of the generated site: every page reachable the way a crawler reaches it, every
planted string exactly where it was planted and nowhere else.
"""

from __future__ import annotations

import json
import re
from collections import deque
from urllib.parse import urljoin

from tools.build_demo.model import EXT, HANWEB
from tools.build_demo.state import Build


def check_reachable(b: Build) -> None:
    """Every static page is reachable from the home page the way a crawler can reach it."""
    graph: dict[str, set[str]] = {}
    href = re.compile(r"""(?:href|src)="([^"#]+)\"""")
    for path, html in b.html_text.items():
        base = "http://x" + ("/" if path == "/index.html" else path)
        targets = set()
        for raw in href.findall(html):
            if raw.startswith(("javascript:", EXT)):
                continue
            url = urljoin(base, raw.replace("&amp;", "&"))
            target = url.removeprefix("http://x").split("?", 1)[0]
            targets.add("/index.html" if target == "/" else target)
        pager = re.search(r'createPageHTML\((\d+), 0, "index", "html"\)', html)
        if pager:
            folder = path.rsplit("/", 1)[0]
            targets |= {f"{folder}/index_{n}.html" for n in range(1, int(pager[1]))}
        graph[path] = targets
    for key, (column_id, _, _) in HANWEB.items():
        records = json.loads(b.files[f"/_hanweb/{column_id}.json"])
        graph[b.columns[key].path] |= {re.search(r'href="([^"]+)"', r)[1] for r in records}
    seen, queue = {"/index.html"}, deque(["/index.html"])
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    unreachable = [p for p in b.html_text if p not in seen]
    assert not unreachable, unreachable
    linked = {t for targets in graph.values() for t in targets}
    dead = {t for t in linked if t not in b.files and not t.startswith(
        ("/zxft/", "/slow/", "/hdrl/", "/module/web/jpage/dataproxy.jsp", "/search/",
         "/hdjl/submit", "/admin/login.do"))}
    planted_dead = {e["link"] for e in b.planted if e.get("status") == "404"}
    assert dead <= planted_dead, dead - planted_dead


def check_text(b: Build) -> None:
    """Planted strings appear exactly where planted; metadata labels only on detail pages."""
    for entry in b.planted + b.controls:
        if entry.get("text") and entry.get("category") != "broken_link":
            html = b.html_text[entry["path"]]
            assert entry["text"] in html, entry
    plain = [(e["text"], e["path"]) for e in b.planted
             if e["category"] in ("typo", "wrong_expression", "script_mix")]
    for text, where in plain:
        alone = re.compile("(?<!原)" + re.escape(text))  # 原… is the historical control
        hits = [path for path, html in b.html_text.items() if alone.search(html)]
        assert hits == [where], (text, hits)
    label = re.compile(r"<(?:td|th|li|p|span|dt|dd|div)[^>]*>\s*(?:索\s*引\s*号|成文日期|"
                       r"发文字号|发文机关|主题分类|发布机构|生成日期|文\s*号|发布日期)\s*[:：]")
    details = {a.path for c in b.columns.values() for a in c.articles if a.metadata}
    for path, html in b.html_text.items():
        if path not in details and label.search(html.replace("&nbsp;", " ")):
            raise AssertionError(f"metadata label on a page without metadata: {path}")
    for path, html in b.html_text.items():
        expect = path in (b.hacked.path, "/index.html", "/zwfw/index.html",
                          "/ztzl/yshj/index.html")
        assert (EXT in html) == expect, path
    for name in ("暂无信息", "暂无数据", "暂无内容"):
        hits = [p for p, h in b.html_text.items() if name in h]
        assert hits == (["/zwgk/ghjh/index.html"] if name == "暂无信息" else []), hits
