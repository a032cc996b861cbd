"""Generate an N-page TRS-style portal for benchmarks: columns, script-paged lists, articles.

Article bodies are paragraphs of the seed documents (real government prose), so extraction and
storage do realistic work. `sentences()` and `article_body()` give bodies that are not repeated
from page to page (real sites repeat their navigation and footer, not their articles): what
benchmarks/audit.py audits, so that no cache of repeated text can answer for the text engine.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
#: Clean real policy titles (the shared development data, beside the clone or beside its
#: worktrees' folder), used when they are there.
TITLES = [base / "shared" / "data" / "csc-dev" / "policy_titles_clean.txt"
          for base in (ROOT.parent, ROOT.parent.parent)]
PER_PAGE = 20
_SENTENCE = re.compile(r"[^。！？；]+[。！？；]?")


def paragraphs() -> list[str]:
    """Simplified-script seed paragraphs (003 is wholly traditional: not a simplified site)."""
    found: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):  # vendored in the repository: always there
        if path.name.startswith("003_"):
            continue
        found += [p.strip() for p in path.read_text(encoding="utf-8").split("\n")
                  if len(p.strip()) > 40]
    if not found:
        raise FileNotFoundError(f"no seed documents in {SEEDS}")
    return found


def sentences() -> list[str]:
    """Every sentence of the seed paragraphs, and the clean policy titles when ../shared is
    there (each made a sentence): a pool of some 700 (6,300 with the titles) real sentences."""
    found = [m.group().strip() for p in paragraphs() for m in _SENTENCE.finditer(p)]
    found = [s for s in found if len(s) >= 8]
    for titles in TITLES:
        if titles.is_file():
            found += [t.strip() + "。" for t in titles.read_text(encoding="utf-8").splitlines()
                      if len(t.strip()) >= 8]
            break
    return found


def article_body(rng: random.Random, pool: list[str], paragraphs: int = 4,
                 length: int = 100) -> str:
    """`paragraphs` paragraphs of shuffled pool sentences, each of `length` characters or
    more (about 125 on average, the seed paragraphs' mean): distinct from page to page."""
    out = []
    for _ in range(paragraphs):
        para = ""
        while len(para) < length:
            para += rng.choice(pool)
        out.append(para)
    return "\n".join(out)


def generate(root: Path, pages: int = 5000, columns: int = 50, seed: int = 7) -> int:
    """Write about `pages` HTML pages under root; returns the number written."""
    rng = random.Random(seed)
    texts = paragraphs()
    root.mkdir(parents=True, exist_ok=True)
    per_column = max(1, (pages - 1) // columns)
    # each column: ceil(items / PER_PAGE) list pages + items articles
    items_per_column = max(1, int(per_column * PER_PAGE / (PER_PAGE + 1)))
    nav = "".join(f'<li><a href="/c{c}/index.html">栏目{c}</a></li>' for c in range(columns))
    written = 0
    start = date(2026, 11, 19)
    for c in range(columns):
        col_dir = root / f"c{c}"
        (col_dir / "202611").mkdir(parents=True, exist_ok=True)
        items = []
        for i in range(items_per_column):
            day = start - timedelta(days=i // 3)
            items.append((f"./202611/t{day:%Y%m%d}_{c}{i:05d}.html", f"栏目{c}第{i}条信息的标题",
                          day))
        n_pages = (len(items) + PER_PAGE - 1) // PER_PAGE
        for p in range(n_pages):
            chunk = items[p * PER_PAGE:(p + 1) * PER_PAGE]
            rows = "".join(f'<li><a href="{u}" title="{t}">{t}</a><span>{d}</span></li>'
                           for u, t, d in chunk)
            name = "index.html" if p == 0 else f"index_{p}.html"
            (col_dir / name).write_text(_page(
                f"栏目{c}", nav,
                f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="./">栏目{c}</a>'
                f'</div><ul class="list">{rows}</ul><script>var countPage = {n_pages};'
                f'createPageHTML({n_pages}, {p}, "index", "html");</script>'), encoding="utf-8")
            written += 1
        for u, t, d in items:
            body = "".join(f"<p>{rng.choice(texts)}</p>" for _ in range(4))
            (col_dir / u[2:]).write_text(_page(
                t, nav,
                f'<h1>{t}</h1><div class="info">发布时间：{d} 09:00</div>'
                f'<div class="TRS_Editor">{body}</div>'
                f'<p><a href="./P0{c}.pdf">附件：实施方案.pdf</a> <a href="../index.html">返回</a></p>'),
                encoding="utf-8")
            written += 1
    (root / "index.html").write_text(_page("首页", nav, "<p>欢迎访问</p>"), encoding="utf-8")
    (root / "lxwm.html").write_text(_page("联系我们", nav, "<p>地址：人民路1号</p>"),
                                    encoding="utf-8")
    for c in range(columns):
        (root / f"c{c}" / "202611" / f"P0{c}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return written + 2


def _page(title: str, nav: str, main: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_示例市人民政府'
            f'</title><meta name="SiteName" content="示例市人民政府"></head><body>'
            f'<div class="header"><div class="nav"><ul>{nav}</ul></div></div>'
            f'<div class="main">{main}</div><div class="footer">政府网站标识码4501000012 '
            f'<a href="/lxwm.html">联系我们</a></div></body></html>')
