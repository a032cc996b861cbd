"""The cost of the cloaking re-fetches on a 5,000-page site.

    python benchmarks/cloaking.py [--pages 5000] [--sample 10] [--latency 0.05]

Stores a crawl of --pages pages (as the crawler would: one row each), serves every page on
127.0.0.1 (20 KB 公文 articles, each answer delayed --latency seconds like a real server), then
runs the link checker's variant phase exactly as a patrol does after its crawl: the home page
and --sample sampled pages, each asked as Baiduspider, an iPhone and a visitor from Baidu's
results. Prints the requests made, the seconds taken, and their share of the crawl's own
requests; the cost does not grow with the site (the sample is fixed), only the sampling query
does.
"""

from __future__ import annotations

import argparse
import asyncio
import http.server
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govpatrol.linkcheck.checker import LinkChecker  # noqa: E402
from govpatrol.linkcheck.worker import LinkCheckJob, _Follower  # noqa: E402
from govpatrol.model import Page  # noqa: E402
from govpatrol.store import Store  # noqa: E402

SEED = (ROOT / "tests" / "data" / "seeds" / "002_c1e3442480fa7097.txt").read_text(encoding="utf-8")
BODY = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>工作要点</title></head><body>"
        "<div class='article'><h1>工作要点</h1><div class='TRS_Editor'>"
        + "".join(f"<p>{line}</p>" for line in SEED[:20000].splitlines() if line.strip())
        + "</div></div></body></html>").encode("utf-8")


def serve(latency: float) -> tuple[http.server.ThreadingHTTPServer, list[int]]:
    hits = [0]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits[0] += 1
            time.sleep(latency)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    server, hits = serve(args.latency)
    home = f"http://127.0.0.1:{server.server_address[1]}/"
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "g.db")
        store = Store(db)
        run_id = store.start_run("bench", home, date(2026, 11, 20), {})
        with store.transaction():
            for i in range(args.pages):
                url = home if i == 0 else f"{home}zwgk/{i // 100}/t2026_{i}.html"
                store.save_page(run_id, Page(site="bench", url=url, status=200, title="工作要点",
                                             text=SEED[:3000], kind="detail"), commit=False)
        started = time.perf_counter()
        sample = store.variant_sample(run_id, home, args.sample)
        sample_s = time.perf_counter() - started
        store.close()
        job = LinkCheckJob(db=db, run_id=run_id, site="bench", home_url=home,
                           cloaking_sample=args.sample)

        async def variants() -> float:
            follower = _Follower(job, None)
            async with LinkChecker(guard=None) as checker:
                began = time.perf_counter()
                await follower._variants(checker)
                return time.perf_counter() - began

        seconds = asyncio.run(variants())
    server.shutdown()
    print(f"site: {args.pages} pages; sample: home + {len(sample) - 1} pages "
          f"(sampling query {sample_s * 1000:.1f} ms)")
    print(f"cloaking re-fetches: {hits[0]} requests in {seconds:.2f} s "
          f"({args.latency * 1000:.0f} ms server latency), "
          f"{hits[0] / args.pages:.2%} of the crawl's {args.pages} page requests")


if __name__ == "__main__":
    main()
