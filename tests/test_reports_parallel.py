"""Rendering on two cores: the ledger is written in a forked process while the HTML, Word and
JSON files are written here, and the files are the same as a one-process render's."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import openpyxl
import pytest
from reports_helpers import bundle_for, two_runs

import govpatrol.reports as reports
from govpatrol.reports import ReportOptions, render_all

BASE = "http://127.0.0.1:9"


def sheets(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def render(tmp_path: Path, name: str, workers: int) -> tuple[Path, list[Path]]:
    store, _, second = two_runs(tmp_path / name, BASE)
    out = tmp_path / name / "out"
    options = ReportOptions(split_by_department=True, workers=workers)
    return out, render_all(bundle_for(store, second, options), out)


def test_two_workers_write_the_same_files_as_one(tmp_path):
    serial, serial_written = render(tmp_path, "serial", workers=1)
    forked, forked_written = render(tmp_path, "forked", workers=2)
    assert [p.relative_to(serial) for p in serial_written] == [
        p.relative_to(forked) for p in forked_written]
    ledgers = sorted(p.relative_to(serial) for p in serial_written if p.suffix == ".xlsx")
    assert len(ledgers) >= 2  # report.xlsx and the departments' own
    for ledger in ledgers:
        assert sheets(serial / ledger) == sheets(forked / ledger)
    for same in ("findings.jsonl", "report.html"):
        assert (serial / same).read_text(encoding="utf-8").count('"id"') == (
            forked / same).read_text(encoding="utf-8").count('"id"')


def _write_pid(bundle, out_dir: Path) -> list[Path]:
    path = out_dir / f"pid-{os.getpid()}.txt"
    path.write_text(str(os.getpid()), encoding="utf-8")
    return [path]


def _fail(bundle, out_dir: Path) -> list[Path]:
    raise RuntimeError("台账写入失败 (ledger renderer failed)")


@pytest.fixture
def side_renderer(monkeypatch):
    """A renderer run where the ledger runs, reporting which process it ran in."""
    def use(function: str) -> None:
        monkeypatch.setitem(reports.RENDERERS, "probe", f"{__name__}:{function}")
        monkeypatch.setattr(reports, "SIDE_PROCESS", ("probe",))
    return use


def test_the_side_renderer_runs_in_another_process(tmp_path, side_renderer):
    side_renderer("_write_pid")
    _, written = render(tmp_path, "pid", workers=2)
    (probe,) = [p for p in written if p.name.startswith("pid-")]
    assert int(probe.read_text(encoding="utf-8")) != os.getpid()


def test_one_worker_or_a_busy_thread_keeps_it_in_this_process(tmp_path, side_renderer):
    side_renderer("_write_pid")
    _, written = render(tmp_path, "one", workers=1)
    assert [p.name for p in written if p.name.startswith("pid-")] == [f"pid-{os.getpid()}.txt"]
    release = threading.Event()
    busy = threading.Thread(target=release.wait)  # a non-daemon thread: forking is not safe
    busy.start()
    try:
        _, written = render(tmp_path, "busy", workers=2)
    finally:
        release.set()
        busy.join()
    assert [p.name for p in written if p.name.startswith("pid-")] == [f"pid-{os.getpid()}.txt"]


def test_a_failing_side_renderer_fails_the_render(tmp_path, side_renderer):
    side_renderer("_fail")
    with pytest.raises(RuntimeError, match="台账写入失败"):
        render(tmp_path, "fail", workers=2)
