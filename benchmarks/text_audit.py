"""Throughput of the text auditors, beside jieba's segmentation speed on the same text.

    python benchmarks/text_audit.py [--mb 20] [--no-jieba]

Builds at least --mb MB (UTF-8) of pages from the seed documents (paragraphs of one seed
shuffled into ~10 KB pages, so every page is different and 003 stays wholly traditional),
runs every text auditor through auditors.run_all exactly as a patrol does, and prints MB/s,
the engine build time and the peak RSS. Target: >= 5 MB/s on one core, <= 500 MB RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govpatrol.auditors import AuditContext, run_all  # noqa: E402
from govpatrol.auditors.text import TextOptions, clear_caches, get_engine  # noqa: E402
from govpatrol.model import Page, SiteRecords  # noqa: E402

TEXT_AUDITORS = ("typo", "sensitive", "wrong_expression", "script_mix")
PAGE_BYTES = 10_000


def seed_paths() -> list[Path]:
    paths = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
    if not paths:
        raise SystemExit("seed documents not found (tests/data/seeds)")
    return paths


def build_pages(target_mb: float, rng: random.Random) -> list[Page]:
    seeds = [[p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
             for path in seed_paths()]
    pages: list[Page] = []
    total = 0
    while total < target_mb * 1_000_000:
        paragraphs = seeds[len(pages) % len(seeds)]
        body: list[str] = []
        size = 0
        while size < PAGE_BYTES:
            para = rng.choice(paragraphs)
            body.append(para)
            size += len(para.encode("utf-8")) + 1
        text = "\n".join(body)
        total += len(text.encode("utf-8"))
        pages.append(Page(site="bench", url=f"https://bench.example/{len(pages)}.html",
                          text=text, published=date(2024, 6, 1)))
    return pages


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (UTF-8)")
    parser.add_argument("--no-jieba", action="store_true", help="skip the jieba comparison")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    pages = build_pages(args.mb, random.Random(args.seed))
    size_mb = sum(len(p.text.encode("utf-8")) for p in pages) / 1_000_000
    print(f"corpus: {size_mb:.1f} MB in {len(pages)} pages")

    clear_caches()
    start = time.perf_counter()
    get_engine(TextOptions())
    build = time.perf_counter() - start
    print(f"engine build (word lists, automaton, jieba lexicon): {build:.2f} s")

    records = SiteRecords.from_lists("bench", "https://bench.example/", [], pages)
    ctx = AuditContext(as_of=date(2025, 6, 1))
    counts: dict[str, int] = {}
    start = time.perf_counter()
    for name in TEXT_AUDITORS:
        t0 = time.perf_counter()
        counts[name] = sum(1 for _ in run_all(records, ctx, only=[name]))
        print(f"  {name:<17} {time.perf_counter() - t0:6.2f} s  {counts[name]} findings")
    elapsed = time.perf_counter() - start
    print(f"all text auditors: {elapsed:.2f} s = {size_mb / elapsed:.1f} MB/s "
          f"(target >= 5 MB/s); peak RSS {peak_rss_mb():.0f} MB (target <= 500 MB)")
    if ctx.warnings:
        print("warnings:", *ctx.warnings, sep="\n  ")

    if not args.no_jieba:
        import jieba

        jieba.initialize()
        text = "\n".join(p.text for p in pages)
        start = time.perf_counter()
        tokens = sum(len(jieba.lcut(p.text)) for p in pages)
        elapsed_j = time.perf_counter() - start
        print(f"jieba default mode over the same text: {elapsed_j:.2f} s = "
              f"{size_mb / elapsed_j:.1f} MB/s ({tokens} tokens, {len(text)} characters)")
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
