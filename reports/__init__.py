"""Renderers: one module per output format, each taking the same ReportBundle.

A new format is one module and one line in `RENDERERS`. Renderers read no database: the
bundle is built from the store by govpatrol.reporting.build_bundle.
"""

from __future__ import annotations

import importlib
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from govpatrol.reports.bundle import ReportBundle, ReportOptions

#: name -> "module:function(bundle, out_dir) -> list[Path]"
RENDERERS: dict[str, str] = {
    "jsonl": "govpatrol.reports.jsonl:render",
    "html": "govpatrol.reports.html:render",
    "excel": "govpatrol.reports.excel:render",
    "word": "govpatrol.reports.word:render",
}

#: Run before the renderers, same signature: they gather evidence (files in out_dir, recorded
#: on the bundle) that every renderer links to, so they cannot be renderers themselves.
EVIDENCE: dict[str, str] = {
    "screenshots": "govpatrol.reports.screenshots:capture",
}


def _call(target: str, bundle: ReportBundle, out_dir: Path) -> list[Path]:
    module_name, _, func = target.partition(":")
    return getattr(importlib.import_module(module_name), func)(bundle, out_dir)


#: Renderers that may run in a second process (`ReportOptions.workers` > 1): the ledger is most
#: of the rendering time of a big run (XlsxWriter writes every cell in Python) and needs nothing
#: the other renderers produce, so on a second core it costs the others' time, not its own.
SIDE_PROCESS = ("excel",)

#: The bundle a forked renderer inherits: passing it as an argument would pickle it (a 30,000-
#: finding bundle takes longer to pickle and load than the HTML takes to render).
_INHERITED: ReportBundle | None = None


def _call_inherited(target: str, out_dir: Path) -> list[Path]:
    assert _INHERITED is not None
    return _call(target, _INHERITED, out_dir)


def _can_fork() -> bool:
    """Fork only where no working thread runs: a thread holding a lock at the fork would leave
    the child waiting on it forever. Daemon threads (the demo's site server) serve, they do not
    hold the locks a renderer takes (CPython re-creates the import and logging locks in a child)."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and all(t.daemon for t in threading.enumerate() if t is not threading.main_thread()))


def render_all(bundle: ReportBundle, out_dir: Path) -> list[Path]:
    """Every evidence step, then every renderer; with `workers` > 1 the SIDE_PROCESS renderers
    run in a forked process meanwhile. The files are the same either way: each renderer writes
    its own."""
    global _INHERITED
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for target in EVIDENCE.values():
        written.extend(_call(target, bundle, out_dir))
    side = [name for name in RENDERERS if name in SIDE_PROCESS]
    if bundle.options.workers < 2 or not side or not _can_fork():
        for target in RENDERERS.values():
            written.extend(_call(target, bundle, out_dir))
        return written
    bundle.summary  # noqa: B018 - computed once, before the fork, so both processes share it
    _INHERITED = bundle
    futures: dict[str, Future[list[Path]]] = {}
    try:
        with ProcessPoolExecutor(max_workers=min(len(side), bundle.options.workers - 1),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {name: pool.submit(_call_inherited, RENDERERS[name], out_dir)
                       for name in side}
            here = {name: _call(target, bundle, out_dir)
                    for name, target in RENDERERS.items() if name not in futures}
            done = {name: future.result() for name, future in futures.items()}
    finally:
        _INHERITED = None
    for name in RENDERERS:  # listed in RENDERERS' order, as the serial path lists them
        written.extend(here[name] if name in here else done[name])
    return written


__all__ = ["EVIDENCE", "RENDERERS", "ReportBundle", "ReportOptions", "render_all"]
