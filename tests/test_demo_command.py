"""`govpatrol demo`, as README's first command runs it: the bundled portal patrolled, and a
second run on the same address compared with the first."""

from __future__ import annotations

import json
import socket

import pytest
from helpers import free_port, govpatrol

pytestmark = pytest.mark.e2e


def test_a_second_demo_compares_with_the_first(tmp_path):
    port = str(free_port())
    first = govpatrol("demo", "--out", str(tmp_path), "--port", port)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "首次巡检" in first.stdout
    for name in ("report.html", "report.xlsx", "report.docx", "findings.jsonl"):
        assert (tmp_path / name).is_file()
    second = govpatrol("demo", "--out", str(tmp_path), "--port", port)
    assert second.returncode == 0, second.stderr[-2000:]
    summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["summary"]
    assert summary["previous_run"] is not None and summary["new"] == 0
    assert "较上次 新发现 0" in second.stdout


def test_a_port_in_use_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = govpatrol("demo", "--out", str(tmp_path), "--port",
                           str(busy.getsockname()[1]))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "端口" in result.stderr
