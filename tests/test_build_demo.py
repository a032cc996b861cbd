"""The demo generator (tools/build_demo) is a developer tool: it reproduces the committed portal
byte for byte, and the runtime package ships its output, not the generator."""

from __future__ import annotations

import filecmp
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

from govpatrol.demo import EXPECTED_PATH, SITE_DIR

ROOT = Path(__file__).resolve().parent.parent


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that exist on one side only or whose bytes differ, recursively."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files,
                                               shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(found)


def test_regenerating_gives_the_committed_site_byte_for_byte(tmp_path: Path) -> None:
    site, expected = tmp_path / "site", tmp_path / "expected.json"
    done = subprocess.run(
        [sys.executable, "-m", "tools.build_demo", "--site-dir", str(site),
         "--expected", str(expected)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "已生成示例网站" in done.stdout
    assert differences(site, SITE_DIR) == []
    assert expected.read_bytes() == EXPECTED_PATH.read_bytes()


def test_the_generator_is_not_part_of_the_runtime_package() -> None:
    assert importlib.util.find_spec("govpatrol.demo.build_site") is None
    for module in ("content", "files"):
        assert importlib.util.find_spec(f"govpatrol.demo.{module}") is None, module
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = config["tool"]["setuptools"]["packages"]
    assert not [name for name in packages if name.startswith("tools")]
    # what `govpatrol demo` serves is still there
    assert (SITE_DIR / "index.html").is_file() and EXPECTED_PATH.is_file()
