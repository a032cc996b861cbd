"""Evidence screenshots: each page with findings, in headless Chromium, offending text marked.

A department disputes a finding less when it sees its own page with the words circled, dated.
Pages are captured with Debian's chromium through Playwright (no browser download). The browser
may only load the patrolled site's own hosts and loopback: every other request (analytics, CDNs,
a redirect elsewhere) is aborted, so a capture never reaches out of the site under patrol.
At most `options.screenshots` pages per run, worst findings first; a page that fails is a log
line, and a missing browser is a report warning, never the end of the run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govpatrol.crawler.scope import Scope
from govpatrol.crawler.settings import USER_AGENT
from govpatrol.reports.bundle import ReportBundle
from govpatrol.reports.clock import beijing
from govpatrol.reports.summary import SEVERITY_RANK

log = logging.getLogger(__name__)

SCREENSHOT_DIR = "screenshots"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
VIEWPORT = {"width": 1280, "height": 900}
PAGE_TIMEOUT_MS = 15_000
MAX_TEXTS_PER_PAGE = 10

#: Marks every occurrence of the given texts (across element boundaries) with a red box,
#: scrolls the first into view and pins a dated banner at the bottom (the site's own header
#: stays visible). Texts arrive as arguments, never spliced into the script.
HIGHLIGHT_JS = r"""
(args) => {
  const walker = document.createTreeWalker(document.body || document.documentElement,
                                           NodeFilter.SHOW_TEXT);
  const nodes = [];
  let full = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (p && (p.closest("script,style,noscript,template"))) { continue; }
    nodes.push([full.length, n]);
    full += n.data;
  }
  const locate = (offset) => {
    let lo = 0, hi = nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (nodes[mid][0] <= offset) { lo = mid; } else { hi = mid - 1; }
    }
    return [nodes[lo][1], offset - nodes[lo][0]];
  };
  const layer = document.createElement("div");
  layer.setAttribute("data-govpatrol", "evidence");
  layer.style.cssText = "position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;" +
                        "pointer-events:none";
  document.documentElement.appendChild(layer);
  let first = null, marked = 0;
  for (const text of args.texts) {
    if (!text) { continue; }
    let from = 0, hits = 0;
    while (hits < 5) {
      const at = full.indexOf(text, from);
      if (at < 0) { break; }
      from = at + text.length;
      hits += 1;
      const [sn, so] = locate(at);
      const [en, eo] = locate(at + text.length - 1);
      const range = document.createRange();
      range.setStart(sn, so);
      range.setEnd(en, eo + 1);
      for (const r of range.getClientRects()) {
        if (r.width === 0 || r.height === 0) { continue; }
        const box = document.createElement("div");
        box.style.cssText = "position:absolute;border:3px solid #e00;" +
          "background:rgba(255,230,0,.35);box-sizing:content-box;" +
          "left:" + (r.left + window.scrollX - 4) + "px;top:" + (r.top + window.scrollY - 4) +
          "px;width:" + (r.width + 2) + "px;height:" + (r.height + 2) + "px";
        layer.appendChild(box);
        marked += 1;
        if (first === null) { first = r.top + window.scrollY; }
      }
    }
  }
  if (first !== null) {
    window.scrollTo(0, Math.max(0, first - window.innerHeight / 3));
  }
  const banner = document.createElement("div");
  banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;" +
    "background:rgba(178,34,34,.92);color:#fff;font:14px/1.6 sans-serif;padding:4px 10px;" +
    "pointer-events:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis";
  banner.textContent = args.label;
  document.documentElement.appendChild(banner);
  return marked;
}
"""


def find_chromium() -> str | None:
    """GOVPATROL_CHROMIUM, else Debian's chromium."""
    configured = os.environ.get("GOVPATROL_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def allowed_hosts(bundle: ReportBundle) -> frozenset[str]:
    hosts = set(LOOPBACK)
    home = urlsplit(bundle.home_url).hostname
    if home:
        hosts.add(home.lower())
    hosts.update(h.lower() for h in bundle.options.hosts)
    return frozenset(hosts)


def is_allowed(url: str, hosts: Iterable[str]) -> bool:
    """Whether a capture may load `url`: http(s) on one of the site's hosts or loopback."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):  # inline content, no network
        return True
    if parts.scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    return host in set(hosts)


def site_scope(bundle: ReportBundle) -> Scope:
    options = bundle.options
    return Scope(bundle.home_url, hosts=options.hosts, exclude=options.exclude,
                 robots=options.robots, allow_addresses=options.allow_addresses,
                 user_agent=USER_AGENT)


def pick_pages(bundle: ReportBundle, limit: int,
               hosts: frozenset[str]) -> list[tuple[str, list[str]]]:
    """(url, texts to mark) of the pages to capture: worst severity first, then most findings."""
    pages: dict[str, list[Any]] = {}
    for finding in bundle.findings:
        if not is_allowed(finding.url, hosts) or urlsplit(finding.url).scheme in ("data", "blob"):
            continue
        entry = pages.setdefault(finding.url, [9, 0, []])
        entry[0] = min(entry[0], SEVERITY_RANK.get(finding.severity, 9))
        entry[1] += 1
        mark = finding.text  # a broken link's target is not page text: nothing to mark
        if mark and mark not in entry[2] and len(entry[2]) < MAX_TEXTS_PER_PAGE:
            entry[2].append(mark)
    ranked = sorted(pages.items(), key=lambda kv: (kv[1][0], -kv[1][1], kv[0]))
    return [(url, entry[2]) for url, entry in ranked[:limit]]


def shot_name(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16] + ".png"


def capture(bundle: ReportBundle, out_dir: Path) -> list[Path]:
    """Capture up to `bundle.options.screenshots` pages; fills `bundle.screenshots`."""
    limit = bundle.options.screenshots
    if limit <= 0:
        return []
    hosts = allowed_hosts(bundle)
    pages = pick_pages(bundle, limit, hosts)
    if not pages:
        return []
    executable = find_chromium()
    if executable is None:
        bundle.warnings.append("未找到 chromium，未截取证据截图 (chromium not found: apt-get "
                               "install chromium, or set GOVPATROL_CHROMIUM)")
        return []
    result: dict[str, Any] = {}
    # Playwright's sync API refuses a thread with a running asyncio loop (the crawl's reactor
    # may have left one installed): a thread of its own has none.
    worker = threading.Thread(target=_capture_all, name="govpatrol-screenshots",
                              args=(bundle, out_dir, pages, hosts, executable, result))
    worker.start()
    worker.join()
    if "error" in result:
        bundle.warnings.append(f"证据截图失败 (screenshots failed): {result['error']}")
    written: dict[str, Path] = result.get("written", {})
    for url, path in written.items():
        bundle.screenshots[url] = f"{SCREENSHOT_DIR}/{path.name}"
    return list(written.values())


def _capture_all(bundle: ReportBundle, out_dir: Path, pages: list[tuple[str, list[str]]],
                 hosts: frozenset[str], executable: str, result: dict[str, Any]) -> None:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        result["error"] = "未安装 playwright (pip install playwright)"
        return
    folder = out_dir / SCREENSHOT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    result["written"] = written
    stamp = beijing(datetime.now(UTC))[:16] + "（北京时间）"

    scope = site_scope(bundle)

    def route(route: Any) -> None:
        """Chromium asks for nothing the patrol may not fetch: the site's hosts, minus
        `exclude` and robots.txt, and never a private address."""
        url = route.request.url
        if is_allowed(url, hosts) and scope.fetch_reason(url, page=False) is None:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, headless=True,
                                        args=LAUNCH_ARGS)
            try:
                context = browser.new_context(viewport=VIEWPORT, locale="zh-CN",
                                              service_workers="block", ignore_https_errors=True,
                                              accept_downloads=False)
                context.route("**/*", route)
                for url, texts in pages:
                    path = folder / shot_name(url)
                    page = context.new_page()
                    try:
                        try:
                            page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
                        except PlaywrightError as exc:  # slow resources: shoot what is there
                            if "Timeout" not in str(exc):
                                raise
                        label = (f"govpatrol 巡检取证 · {bundle.site} · 基准日 "
                                 f"{bundle.as_of.isoformat()} · 截图 {stamp} · {url}")
                        page.evaluate(HIGHLIGHT_JS, {"texts": texts, "label": label})
                        page.screenshot(path=str(path), timeout=PAGE_TIMEOUT_MS)
                        written[url] = path
                    except PlaywrightError as exc:
                        log.warning("screenshot of %s failed: %s", url, exc)
                    finally:
                        page.close()
            finally:
                browser.close()
    except Exception as exc:  # noqa: BLE001 - evidence is a bonus, never the end of a run
        log.exception("screenshots failed")
        result["error"] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
