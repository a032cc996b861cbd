"""Imported once by the test forkserver (tests/processes.py PRELOAD): what every patrol forked
for a test would otherwise import, and compile, again on its own.

A forked patrol inherits the forkserver's modules. Without this it still imported Scrapy's
components (middlewares, extensions, download handlers: `load_object` at crawl start), every
auditor of the registry, the four renderers with openpyxl, python-docx and XlsxWriter, and it
compiled the HTML report's Jinja template: about 1.5 s of CPU in each of the suite's patrols, on
a suite that runs well over a hundred. Loading modules and compiling a template change nothing
a patrol finds or writes; the patrol's own code path is unchanged (the same `load_object`,
`import_module` and `get_template` calls, which now find their result in memory).
"""

from __future__ import annotations

import gc
import importlib

from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from govpatrol.auditors import REGISTRY
from govpatrol.auditors.driver import load
from govpatrol.crawler.settings import build_settings
from govpatrol.reports import EVIDENCE, RENDERERS


def _scrapy_components() -> set[str]:
    """The class paths a crawl with the patrol's settings loads (Scrapy's defaults merged)."""
    settings = Settings(build_settings(db=":memory:", run_id=0))
    paths: set[str] = set()
    for name in ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "EXTENSIONS",
                 "ITEM_PIPELINES"):
        paths.update(path for path, order in settings.getwithbase(name).items()
                     if isinstance(path, str) and order is not None)
    handlers = settings.getwithbase("DOWNLOAD_HANDLERS")  # the schemes a patrol fetches
    paths.update(handlers[scheme] for scheme in ("http", "https") if handlers.get(scheme))
    for name in ("SCHEDULER", "DUPEFILTER_CLASS", "STATS_CLASS", "LOG_FORMATTER", "DOWNLOADER",
                 "SCHEDULER_PRIORITY_QUEUE", "SCHEDULER_MEMORY_QUEUE", "SCHEDULER_DISK_QUEUE",
                 "SPIDER_LOADER_CLASS", "REQUEST_FINGERPRINTER_CLASS", "ADDONS_CLASS",
                 "GOVPATROL_STATE"):
        value = settings.get(name)
        if isinstance(value, str):
            paths.add(value)
    return paths


for path in sorted(_scrapy_components()):
    try:
        load_object(path)
    except ImportError:  # an optional component whose library is missing: the crawl skips it
        continue

for target in REGISTRY.values():
    load(target)

for target in {**RENDERERS, **EVIDENCE}.values():
    importlib.import_module(target.partition(":")[0])

importlib.import_module("govpatrol.reports.html")._env.get_template("report.html.j2")

# what the commands and the patrol driver import when they run (their summary table, the
# column settling after the crawl, the WeChat options)
for name in ("govpatrol.commands.patrol", "govpatrol.commands.report", "govpatrol.crawler.settle",
             "govpatrol.crawler.spiders.wechat", "rich.console", "rich.table", "rich.logging",
             "rich.markup"):
    importlib.import_module(name)

# Last of PRELOAD: everything loaded so far lives as long as the forkserver. Frozen, it is left
# out of every collection a forked patrol makes (two full ones after its crawl), and those
# collections no longer write to its pages (copy-on-write).
gc.freeze()
