"""The shape of the code base: one import root, no import cycles, layers that never import upward.

design.md draws the layers; this test is what keeps the drawing true as the code grows.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: design.md's layers, bottom (0) to top. A module may import its own layer or lower ones.
LAYERS: list[tuple[int, tuple[str, ...]]] = [
    (0, ("govpatrol.model", "govpatrol.errors", "govpatrol.config", "govpatrol.wordlists")),
    (1, ("govpatrol.rules", "govpatrol.store")),
    (2, ("govpatrol.auditors", "govpatrol.crawler", "govpatrol.linkcheck")),
    (3, ("govpatrol.evaluation",)),
    (4, ("govpatrol.reports",)),
    (5, ("govpatrol.",)),  # the drivers: patrol, nightly, audit, check_text, demo ...
    (6, ("govpatrol.commands", "govpatrol.cli", "govpatrol.__main__")),
]


def layer_of(module: str) -> int:
    if module == "govpatrol":  # the root package itself: its version, nothing else
        return 0
    best, length = 5, 0
    for layer, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix.rstrip(".") + ".")) and len(prefix) > length:
                best, length = layer, len(prefix)
    return best


def package_dirs() -> dict[str, Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = config["tool"]["setuptools"]["package-dir"]
    return {name: ROOT / folder for name, folder in mapping.items()}


def modules() -> dict[str, Path]:
    """Every module of the distribution, by its installed name."""
    found: dict[str, Path] = {}
    roots = package_dirs()
    for package, folder in roots.items():
        for path in folder.rglob("*.py"):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts]
            if any(p in {"site"} for p in parts):
                continue
            # a file under another mapped root belongs to that root
            name = ".".join([package, *parts]).removesuffix(".__init__")
            if any(other != package and str(path).startswith(str(d) + "/")
                   and len(str(d)) > len(str(folder)) for other, d in roots.items()):
                continue
            found[name] = path
    return found


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    is_package = path.name == "__init__.py"

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:  # noqa: N802 - ast API
            test = ast.unparse(node.test)
            if "TYPE_CHECKING" in test:
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:  # noqa: N802
            for alias in node.names:
                if alias.name.startswith("govpatrol"):
                    out.add(alias.name)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:  # noqa: N802
            base = node.module or ""
            if node.level:
                parts = name.split(".")
                anchor = parts if is_package else parts[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            if not base.startswith("govpatrol"):
                return
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in known else base)

    Visitor().visit(tree)
    out.discard(name)
    return {m for m in out if m in known}


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(path, name, known) for name, path in mods.items()}


def test_one_import_root_every_package_listed():
    """pyproject lists every package folder, so a wheel ships all of them under govpatrol."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    packages = {name for name, path in modules().items() if path.name == "__init__.py"}
    assert listed == packages
    assert all(p == "govpatrol" or p.startswith("govpatrol.") for p in listed)


def test_wheel_installs_one_import_root(tmp_path):
    """A built wheel holds `govpatrol/` and its metadata only: nothing generic in site-packages."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("govpatrol-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (top_level,) = [n for n in names if n.endswith(".dist-info/top_level.txt")] or [None]
        tops = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith(".dist-info")}
        assert tops == {"govpatrol"}
        if top_level:
            assert archive.read(top_level).decode().split() == ["govpatrol"]
    for sub in ("crawler/spiders/portal.py", "auditors/freshness.py", "reports/html.py",
                "wordlists/typos_core.tsv", "rules/profiles/default.toml", "demo/site/index.html"):
        assert f"govpatrol/{sub}" in names


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return result


def test_no_import_cycles():
    assert strongly_connected(import_graph()) == []


def test_layers_never_import_upward():
    upward = sorted(
        f"{importer} -> {imported}"
        for importer, targets in import_graph().items()
        for imported in targets
        if layer_of(imported) > layer_of(importer)
    )
    assert upward == []
