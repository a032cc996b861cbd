"""Reports at scale: `python benchmarks/reports.py [--findings 30000] [--pages 5000]`.

A run with --findings findings over --pages pages, shaped like the portal of issue 14 whose pages
mix traditional and simplified sentences (most findings are the same few traditional characters
on many pages), plus typos, dead links and stale columns. Renders report.html, report.xlsx and
report.docx (the summary computed once, as a patrol does) and prints each time, the sizes and the
peak RSS; then renders everything again as a patrol does (`render_all`, the ledger in a forked
process on the second core) and prints that time. Targets (issue 14): all three within 15 s
together, peak RSS within 300 MB (each process), and an HTML that stays usable (repeated findings
grouped, at most HTML_ROWS rows).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from govpatrol.model import Finding
from govpatrol.reports import ReportBundle, ReportOptions, render_all
from govpatrol.reports.excel import write_ledger
from govpatrol.reports.html import render as render_html
from govpatrol.reports.word import write_report
from govpatrol.rules.profile import load_profile

SITE = "示例市人民政府"
HOME = "http://127.0.0.1:8000/"
TRADITIONAL = [("發", "发"), ("這", "这"), ("會", "会"), ("與", "与"), ("國", "国"), ("進", "进"),
               ("長", "长"), ("開", "开"), ("務", "务"), ("關", "关")]


def findings(count: int, pages: int, departments: int = 12, seed: int = 7) -> list[Finding]:
    rng = random.Random(seed)
    names = [f"部门{i:02d}" for i in range(departments)]
    out = []
    for i in range(count):
        page = rng.randrange(pages)
        url = f"{HOME}c{page % 50}/202611/t{page:06d}.html"
        dept = names[page % departments]
        column = f"栏目{page % 50}"
        kind = rng.random()
        if kind < 0.8:
            trad, simp = rng.choice(TRADITIONAL)
            out.append(Finding(site=SITE, category="script_mix", rule="script.traditional",
                               severity="minor", url=url, column=column, department=dept,
                               text=trad, suggestion=simp, context=f"第{i}句{trad}展工作",
                               message=f"“{trad}”为繁体字，应使用简体字“{simp}”。"))
        elif kind < 0.9:
            out.append(Finding(site=SITE, category="typo", rule="typo.confusion",
                               severity="minor", url=url, column=column, department=dept,
                               text=f"布署{i % 300}", suggestion="部署", context="做好布署工作",
                               message="疑似错别字“布署”，应为“部署”。"))
        elif kind < 0.99:
            out.append(Finding(site=SITE, category="broken_link", rule="links.page",
                               severity="minor", url=url, column=column, department=dept,
                               link_url=f"{HOME}gone/{i}.pdf", status="404",
                               message="附件链接无法访问（HTTP 404）。"))
        else:
            out.append(Finding(site=SITE, category="stale_column",
                               rule="freshness.important_news", severity="major",
                               url=f"{HOME}c{i}/", column=f"栏目{i}", department=dept,
                               limit_days=2, actual_days=9, message=f"栏目「栏目{i}」未及时更新。"))
    return out


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    here = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return here.ru_utime + here.ru_stime, children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=30_000)
    parser.add_argument("--pages", type=int, default=5_000)
    args = parser.parse_args()
    found = findings(args.findings, args.pages)
    bundle = ReportBundle(run={"id": 1, "status": "done", "started": "2026-11-20T01:00:00+00:00"},
                          site=SITE, home_url=HOME, as_of=date(2026, 11, 20), columns=[],
                          items=[], findings=found, profile=load_profile("national"))
    times: dict[str, float] = {}
    cpus: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="govpatrol-reports-bench-") as tmp:
        out = Path(tmp)
        started, cpu = time.perf_counter(), time.process_time()
        bundle.summary  # noqa: B018 - computed once, shared by the three renderers
        times["summary"] = time.perf_counter() - started
        cpus["summary"] = time.process_time() - cpu
        writers = (("report.html", render_html, out), ("report.xlsx", write_ledger,
                   out / "report.xlsx"), ("report.docx", write_report, out / "report.docx"))
        for name, write, target in writers:
            started, cpu = time.perf_counter(), time.process_time()
            write(bundle, target)
            times[name] = time.perf_counter() - started
            cpus[name] = time.process_time() - cpu
        sizes = {name: (out / name).stat().st_size / 1e6 for name in times if "." in name}
        html = (out / "report.html").read_text(encoding="utf-8")
        rows = html.count("<tr data-id=")
        run, profile = bundle.run, bundle.profile
        del bundle, html  # one bundle in memory at a time, as in a patrol
        fresh = ReportBundle(run=run, site=SITE, home_url=HOME, as_of=date(2026, 11, 20),
                             columns=[], items=[], findings=found, profile=profile,
                             options=ReportOptions(workers=2))
        before = _cpu()
        started = time.perf_counter()
        render_all(fresh, out / "patrol")
        patrol = time.perf_counter() - started
        parent_cpu, child_cpu = (after - first for after, first in zip(_cpu(), before, strict=True))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"findings: {len(found)} on {args.pages} pages")
    for name, seconds in times.items():
        size = f" ({sizes[name]:.1f} MB)" if name in sizes else ""
        print(f"{name}: {seconds:.2f} s, {cpus[name]:.2f} CPU s{size}")
    print(f"together, one after another: {sum(times.values()):.2f} s,"
          f" {sum(cpus.values()):.2f} CPU s")
    print(f"together as a patrol renders them (summary, JSON, HTML, Word here; the ledger in a"
          f" second process): {patrol:.2f} s (target <= 15 s); CPU {parent_cpu:.2f} s here,"
          f" {child_cpu:.2f} s in the ledger process")
    print(f"load: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"HTML table rows: {rows}")
    print(f"peak RSS {rss:.0f} MB, ledger process {child_rss:.0f} MB (target <= 300 MB each; the"
          " forked process counts the pages it shares with its parent too)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
