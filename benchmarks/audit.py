"""One-pass audit benchmark: `python benchmarks/audit.py [--pages 3000] [--profile national]`.

Writes a generated crawl of about --pages pages into a fresh SQLite store through the Store API
(the same shape benchmarks/sitegen.py serves: a home page, 50 columns of dated list pages
with 20 items each, every page carrying the 50-column navigation, an attachment and a back
link), without a crawl: what is measured is the audit,
and a crawl would only add minutes and noise. Then prints

- the time of one plain read of every page (Store.iter_pages, links included),
- the time of the one-pass audit (every registered auditor, govpatrol.auditors.audit),
- their ratio (target <= 1.5x one read),
- for comparison, the auditors run one by one (one read of the pages each, as before),
- the audit with the text prescan worker (govpatrol/prescan.py) started beside it on a store
  without stored scans, and the audit of a store the worker had prescanned (as a patrol's crawl
  leaves it), with the worker's own wall and CPU time printed beside it,
- the peak RSS during the audit (Linux: the window is reset before each audit, so writing
  the crawl does not count) and the peak RSS of the whole process.

Each figure is the best of --repeat runs, in wall and in CPU time (2 shared cores are noisy:
CPU time is what other processes disturb least); the text scan cache is emptied before each
audit so none of them starts warm.

The text engine (word lists, automaton, jieba lexicon) is built before the clock starts: that
is a once-per-process cost `benchmarks/check_text.py` measures, not the audit's.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen import PER_PAGE, article_body, sentences  # noqa: E402

from govpatrol.auditors import REGISTRY, AuditContext, AuditSettings, audit  # noqa: E402
from govpatrol.auditors.text import TextOptions, clear_caches, get_engine  # noqa: E402
from govpatrol.evaluation import attach_probes  # noqa: E402
from govpatrol.memory import reset_peak, status_mb  # noqa: E402
from govpatrol.model import Column, Item, Link, Page  # noqa: E402
from govpatrol.prescan import PrescanJob, PrescanProcess  # noqa: E402
from govpatrol.rules.profile import load_profile  # noqa: E402
from govpatrol.store import Store  # noqa: E402

SITE = "示例市人民政府"
HOME = "http://127.0.0.1:8000/"
AS_OF = date(2026, 11, 20)
COLUMN_NAMES = ("政务要闻", "部门动态", "通知公告", "政策文件", "政策解读", "行政许可", "财政预决算",
                "人事信息", "规划计划", "统计数据")


def write_crawl(store: Store, pages: int, columns: int = 50, seed: int = 7,
                pool: list[str] | None = None) -> int:
    """A finished run of about `pages` pages; returns its id. `pool`: the sentences article
    bodies are drawn from (sitegen.sentences by default)."""
    rng = random.Random(seed)
    pool = pool or sentences()
    run_id = store.start_run(SITE, HOME, AS_OF, {"mode": "site", "benchmark": True})
    nav = [Link(url=f"{HOME}c{c}/index.html", kind="a", anchor=f"栏目{c}")
           for c in range(columns)]
    per_column = max(1, (pages - 2) // columns)
    items_per_column = max(1, int(per_column * PER_PAGE / (PER_PAGE + 1)))
    start = AS_OF - timedelta(days=1)
    written = 0
    for c in range(columns):
        name = f"{COLUMN_NAMES[c % len(COLUMN_NAMES)]}{c}"
        col_url = f"{HOME}c{c}/index.html"
        items = [Item(url=f"{HOME}c{c}/202611/t{i:05d}.html", title=f"{name}第{i}条信息",
                      list_date=start - timedelta(days=i // 3)) for i in range(items_per_column)]
        n_lists = (len(items) + PER_PAGE - 1) // PER_PAGE
        store.save_column(run_id, Column(site=SITE, name=name, url=col_url,
                                         list_pages=n_lists), commit=False)
        store.save_items(run_id, SITE, col_url, items, commit=False)
        for p in range(n_lists):
            chunk = items[p * PER_PAGE:(p + 1) * PER_PAGE]
            url = col_url if p == 0 else f"{HOME}c{c}/index_{p}.html"
            store.save_page(run_id, Page(
                site=SITE, url=url, status=200, kind="list", title=f"{name}_{SITE}",
                text="\n".join(f"{i.title} {i.list_date}" for i in chunk),
                links=nav + [Link(url=i.url, kind="a", anchor=i.title) for i in chunk],
                meta_tags={"SiteName": SITE}), column_url=col_url, commit=False)
            written += 1
        for item in items:
            body = article_body(rng, pool)
            store.save_page(run_id, Page(
                site=SITE, url=item.url, status=200, kind="detail", title=item.title,
                published=item.list_date, text=f"{item.title}\n发布时间：{item.list_date}\n{body}",
                links=nav + [Link(url=f"{HOME}c{c}/202611/P0{c}.pdf", kind="attachment",
                                  anchor="附件：实施方案.pdf"),
                             Link(url=col_url, kind="a", anchor="返回")],
                meta_tags={"SiteName": SITE}), column_url=col_url, commit=False)
            written += 1
    store.save_page(run_id, Page(site=SITE, url=HOME, status=200, kind="home", title=SITE,
                                 text=f"欢迎访问\n{start}", links=nav, footer="政府网站标识码4501000012",
                                 meta_tags={"SiteName": SITE}), commit=False)
    store.save_page(run_id, Page(site=SITE, url=f"{HOME}lxwm.html", status=200, kind="page",
                                 title="联系我们", text="地址：人民路1号", links=nav), commit=False)
    store.conn.commit()
    store.finish_run(run_id, "done", {"benchmark": True}, [])
    return run_id


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed_audit(store: Store, run_id: int, context) -> tuple[float, float, list]:
    clear_caches()
    get_engine(TextOptions())
    ctx = context()
    records = store.site_records(run_id)
    attach_probes(store, records, ctx)
    started, cpu = time.perf_counter(), time.process_time()
    found = audit(records, ctx)
    return time.perf_counter() - started, time.process_time() - cpu, found


def prescan_figures(store: Store, db: Path, run_id: int, context, findings: list,
                    read_wall: float, repeat: int) -> None:
    """The audit with the text scans made ahead by the worker process: (a) the worker started
    with the audit on a cold store, (b) the store prescanned first, as a patrol's crawl leaves
    it. The worker's CPU is its own process's (startup and engine load included)."""
    job = PrescanJob(db=str(db), run_id=run_id, options=TextOptions(), as_of=AS_OF)
    expected = [f.to_dict() for f in findings]
    beside, ahead, worker = [], [], []
    for _ in range(max(1, repeat)):
        store.forget_text_scans(run_id)
        process = PrescanProcess(job).start()
        wall, cpu, found = _timed_audit(store, run_id, context)
        stats = process.stop()
        beside.append((wall, cpu, stats["scanned"]))
        assert [f.to_dict() for f in found] == expected, "prescan beside: findings differ"
        store.forget_text_scans(run_id)
        started = time.perf_counter()
        process = PrescanProcess(job).start()
        process.join()
        worker_wall = time.perf_counter() - started
        stats = process.stop()
        worker.append((worker_wall, stats["cpu_seconds"], stats["scanned"]))
        wall, cpu, found = _timed_audit(store, run_id, context)
        ahead.append((wall, cpu))
        assert [f.to_dict() for f in found] == expected, "prescanned: findings differ"
    (b_wall, b_cpu, b_scanned), (a_wall, a_cpu) = min(beside), min(ahead)
    w_wall, w_cpu, w_scanned = min(worker)
    print(f"audit with the prescan worker started beside it (cold store): {b_wall:.2f} s wall, "
          f"{b_cpu:.2f} s CPU in the audit process, {b_wall / read_wall:.2f}x one read; the "
          f"worker stored {b_scanned} scans meanwhile; same findings")
    print(f"prescan alone (as during a crawl): {w_scanned} texts in {w_wall:.2f} s wall, "
          f"{w_cpu:.2f} s CPU of the worker process (its start and engine load included)")
    print(f"audit of the prescanned store: {a_wall:.2f} s wall, {a_cpu:.2f} s CPU, "
          f"{a_wall / read_wall:.2f}x one read (target <= 1.5x); same findings")


def profile_split(store: Store, run_id: int, context, out: str) -> None:
    """cProfile the audit of the (prescanned) store: the stats go to `out` (read them with
    `python -m pstats`), and the split is printed: each auditor's page() and finish(), the
    shared facts and their site vocabulary, the stored-scan lookups, reading the pages.
    cProfile slows Python code more than C, so the shares, not the seconds, are the figure."""
    import cProfile
    import pstats

    clear_caches()
    get_engine(TextOptions())
    ctx = context()
    records = store.site_records(run_id)
    attach_probes(store, records, ctx)
    profiler = cProfile.Profile()
    profiler.enable()
    audit(records, ctx)
    profiler.disable()
    profiler.dump_stats(out)
    stats = pstats.Stats(out).stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, name), (_, _, _, ct, _) in stats.items() if name == "audit")
    parts: dict[str, float] = {}
    for (path, _, name), (_, _, _, cumulative, _) in stats.items():
        module = Path(path).stem
        if name in ("page", "finish") and "/auditors/" in path and "/text/" not in path:
            key = f"{module}.{name}"
        elif name == "add" and module == "site_corpus":
            key = "  of which facts.page: site vocabulary (SiteVocabulary.add)"
        elif name == "_expand" and module == "site_corpus":
            key = "  of which typo.finish: the forms' counts from the runs' (SiteVocabulary)"
        elif name == "iter_pages":
            key = "reading the pages (Store.iter_pages)"
        elif name in ("__call__", "text_scan") and module == "scans":
            key = "stored-scan lookups (store)"
        else:
            continue
        parts[key] = parts.get(key, 0.0) + cumulative
    print(f"profile of the prescanned audit ({total:.2f} s under cProfile), into {out}:")
    for key, seconds in sorted(parts.items(), key=lambda kv: -kv[1])[:20]:
        print(f"  {100 * seconds / total:5.1f}%  {key}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--profile", default="national", help="rules profile (national: veto on)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="best of N for the read and the audit (a shared machine is noisy)")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the auditors-one-by-one comparison")
    parser.add_argument("--cprofile", metavar="FILE",
                        help="also profile the audit of the prescanned store into FILE and "
                             "print what each auditor and the shared facts cost")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govpatrol-audit-bench-") as tmp:
        store = Store(Path(tmp) / "bench.db")
        started = time.perf_counter()
        run_id = write_crawl(store, args.pages)
        count = sum(1 for _ in store.iter_pages(run_id, with_links=False))
        print(f"store: {count} pages written through the Store API in "
              f"{time.perf_counter() - started:.1f} s")
        distinct, paras, chars = set(), 0, 0  # counted, not held: the peak is the audit's
        for page in store.iter_pages(run_id, with_links=False):
            if page.kind == "detail":
                for line in page.text.split("\n")[2:]:
                    distinct.add(hash(line))
                    paras, chars = paras + 1, chars + len(line)
        print(f"article paragraphs: {len(distinct)} distinct of {paras}, "
              f"{chars / max(1, paras):.0f} characters on average "
              f"(a pool of {len(sentences())} real sentences)")
        del distinct

        def context() -> AuditContext:
            return AuditContext(as_of=AS_OF, settings=AuditSettings(department="办公室"),
                                profile=load_profile(args.profile))

        reads, passes = [], []  # (wall, cpu) seconds
        audit_peaks: list[tuple[float, float]] = []  # (RSS before, peak during) each audit
        for _ in range(max(1, args.repeat)):
            started, cpu = time.perf_counter(), time.process_time()
            read = sum(len(page.links) >= 0 for page in store.iter_pages(run_id))
            reads.append((time.perf_counter() - started, time.process_time() - cpu))
            clear_caches()  # no page scanned before: each audit starts cold ...
            get_engine(TextOptions())  # ... but with the engine built (once per process)
            ctx = context()
            records = store.site_records(run_id)
            attach_probes(store, records, ctx)
            before = status_mb("VmRSS") if reset_peak() else None
            started, cpu = time.perf_counter(), time.process_time()
            findings = audit(records, ctx)
            passes.append((time.perf_counter() - started, time.process_time() - cpu))
            if before is not None:
                audit_peaks.append((before, status_mb("VmHWM") or 0.0))
        (read_wall, read_cpu), (pass_wall, pass_cpu) = min(reads), min(passes)
        print(f"one plain read of all pages (links included), {read} pages: "
              f"{read_wall:.2f} s wall, {read_cpu:.2f} s CPU (best of {len(reads)})")
        print(f"one-pass audit, {len(REGISTRY)} auditors, profile {args.profile}, "
              f"{len(findings)} findings: {pass_wall:.2f} s wall, {pass_cpu:.2f} s CPU")
        print(f"ratio: {pass_wall / read_wall:.2f}x one read in wall time, "
              f"{pass_cpu / read_cpu:.2f}x in CPU time (target <= 1.5x)")
        if ctx.warnings:
            print("warnings:", *ctx.warnings, sep="\n  ")
        if audit_peaks:
            before, peak = max(audit_peaks, key=lambda pair: pair[1])
            print(f"peak RSS during the audit {peak:.0f} MB ({before:.0f} MB before it: the text "
                  f"engine and the store; target <= 300 MB at 50,000 pages, flat in the pages)")

        prescan_figures(store, Path(tmp) / "bench.db", run_id, context, findings, read_wall,
                        args.repeat)
        if args.cprofile:
            profile_split(store, run_id, context, args.cprofile)

        if not args.no_compare:
            ctx = context()
            records = store.site_records(run_id)
            attach_probes(store, records, ctx)
            started = time.perf_counter()
            alone = [f for name in REGISTRY for f in audit(records, ctx, only=[name])]
            elapsed = time.perf_counter() - started
            same = [f.to_dict() for f in alone] == [f.to_dict() for f in findings]
            print(f"the same auditors one by one ({len(REGISTRY)} reads, text scans cached): "
                  f"{elapsed:.2f} s, same findings: {same}")
        store.close()
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
