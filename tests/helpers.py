"""Helpers the tests share: running the CLI as a user would, reading its outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def govpatrol(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`govpatrol ARGS` in a subprocess: Twisted's reactor starts once per process."""
    return subprocess.run([sys.executable, "-m", "govpatrol", *args], capture_output=True,
                          text=True, timeout=timeout)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
