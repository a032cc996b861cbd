"""`govpatrol report` renders any past run again, in every format (findings.md output folder)."""

from __future__ import annotations

import json

import pytest
from helpers import cli, govpatrol
from reports_helpers import LocalSite, need_chromium, two_runs

CONTRACT_FILES = ["findings.jsonl", "columns.jsonl", "items.jsonl", "report.html", "report.xlsx",
                  "report.docx"]


def test_report_writes_every_format(tmp_path):
    store, first, _ = two_runs(tmp_path, "http://127.0.0.1:9")
    store.close()
    out = tmp_path / "out"
    result = cli("report", "--db", str(tmp_path / "govpatrol.db"), "--run", str(first),
                       "--out", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    for name in CONTRACT_FILES:
        assert (out / name).stat().st_size > 0, name
    assert len((out / "findings.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    assert not (out / "departments").exists()
    assert not (out / "screenshots").exists()


@pytest.mark.e2e
def test_report_split_and_screenshots(tmp_path):
    need_chromium()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.html").write_text(
        '<html><body><p>我们既使遇到困难也要坚持</p></body></html>', encoding="utf-8")
    with LocalSite(tmp_path / "site") as site:
        store, _, second = two_runs(tmp_path, site.base)
        store.close()
        out = tmp_path / "out"
        result = govpatrol("report", "--db", str(tmp_path / "govpatrol.db"), "--run", str(second),
                           "--out", str(out), "--split-by-department", "--screenshots", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    for name in CONTRACT_FILES:
        assert (out / name).exists(), name
    departments = sorted(p.name for p in (out / "departments").iterdir())
    assert "办公室-整改台账.xlsx" in departments and "办公室-巡检报告.docx" in departments
    assert len(departments) == 10
    assert len(list((out / "screenshots").glob("*.png"))) == 2
    assert json.loads((out / "findings.jsonl").read_text(encoding="utf-8").splitlines()[0])["id"]


def test_bad_scoring_section_is_a_one_line_error(tmp_path):
    store, first, _ = two_runs(tmp_path, "http://127.0.0.1:9")
    store.close()
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "江河市人民政府"\nurl = "http://127.0.0.1:9/"\n\n'
                      '[rules.scoring]\nbase = "满分"\n', encoding="utf-8")
    result = cli("report", "--db", str(tmp_path / "govpatrol.db"), "--run", str(first),
                       "--out", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 1
    assert "scoring.base" in result.stderr
    assert "Traceback" not in result.stderr
