"""Ledger benchmark: `python benchmarks/ledger.py [--findings 20000] [--departments 12]`.

Builds a report bundle of --findings findings spread over --departments departments and a mix of
categories (typos with context, stale columns, broken links, a few veto items), then writes
report.xlsx (summary, 按指标, all findings, one sheet per department) and prints the time, the
file size and the peak RSS. Target (issue 18): 20,000 findings within 10 s here.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from govpatrol.model import Finding
from govpatrol.reports import ReportBundle
from govpatrol.reports.excel import write_ledger
from govpatrol.rules.profile import load_profile

SITE = "示例市人民政府"
HOME = "http://127.0.0.1:8000/"


def findings(count: int, departments: int, seed: int = 7) -> list[Finding]:
    rng = random.Random(seed)
    names = [f"部门{i:02d}" for i in range(departments)]
    out = []
    for i in range(count):
        dept = rng.choice(names)
        url = f"{HOME}c{i % 50}/202611/t{i:06d}.html"
        kind = rng.random()
        if kind < 0.6:
            out.append(Finding(site=SITE, category="typo", rule="typo.confusion",
                               severity="minor", url=url, column=f"栏目{i % 50}",
                               department=dept, text="布署", suggestion="部署",
                               context=f"各部门要认真做好第{i}项布署工作，确保按期完成任务。",
                               message="「布署」应为「部署」。"))
        elif kind < 0.8:
            out.append(Finding(site=SITE, category="broken_link", rule="links.page",
                               severity="minor", url=url, column=f"栏目{i % 50}",
                               department=dept, link_url=f"{HOME}gone/{i}.pdf", status="404",
                               message="附件链接无法访问（HTTP 404），请修复或删除该链接。"))
        elif kind < 0.995:
            out.append(Finding(site=SITE, category="stale_column",
                               rule="freshness.important_news", severity="major", url=url,
                               column=f"栏目{i}", department=dept, limit_days=2,
                               actual_days=rng.randint(3, 40),
                               message=f"栏目「栏目{i}」已超过2个工作日未更新，"
                                       "请及时发布本地区本部门重要动态。"))
        else:
            out.append(Finding(site=SITE, category="sensitive", rule="sensitive.gambling",
                               severity="veto", url=url, department=dept, text="六合彩",
                               context="六合彩特码今晚开奖", message="页面含有赌博内容。"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=20_000)
    parser.add_argument("--departments", type=int, default=12)
    args = parser.parse_args()
    found = findings(args.findings, args.departments)
    bundle = ReportBundle(run={"id": 1, "status": "done"}, site=SITE, home_url=HOME,
                          as_of=date(2026, 11, 20), columns=[], items=[], findings=found,
                          profile=load_profile("national"),
                          page_titles={f.url: f"第{i}条信息" for i, f in enumerate(found)})
    started = time.perf_counter()
    summary = bundle.summary
    summarized = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="govpatrol-ledger-bench-") as tmp:
        path = Path(tmp) / "report.xlsx"
        started, cpu = time.perf_counter(), time.process_time()
        write_ledger(bundle, path)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        size = path.stat().st_size / 1e6
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"findings: {len(found)} in {len(summary.departments)} departments")
    print(f"summary (scores, history marks): {summarized:.2f} s")
    print(f"report.xlsx written in {elapsed:.2f} s, CPU {cpu:.2f} s ({size:.1f} MB;"
          " target <= 10 s; on a shared machine the CPU time is the steadier figure)")
    print(f"peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
