"""The store is the one door to the database, and reports only render what they are given."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Folders of product code (installed as govpatrol.*), the demo's generated site aside.
PRODUCT = [ROOT / "govpatrol", ROOT / "crawler", ROOT / "auditors", ROOT / "reports"]
STORE = ROOT / "govpatrol" / "store"
DATABASE_MODULES = {"sqlite3", "sqlite_utils", "apsw"}


def modules() -> list[Path]:
    return [path for folder in PRODUCT for path in folder.rglob("*.py")
            if "site" not in path.relative_to(folder).parts[:2]]


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_store_opens_the_database() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in imported(path)
                                            if name.split(".")[0] in DATABASE_MODULES)
        for path in modules() if STORE not in path.parents
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_reaches_into_the_stores_connection() -> None:
    """`store.db` / `store.conn` outside the store would be SQL the store does not name."""
    offenders = []
    for path in modules():
        if STORE in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in ("db", "conn")
                    and isinstance(node.value, ast.Name) and node.value.id == "store"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_reports_render_without_the_store() -> None:
    for path in (ROOT / "reports").rglob("*.py"):
        names = imported(path)
        assert not {n for n in names if n.startswith(("govpatrol.store", "govpatrol.reporting"))
                    }, path.name


def test_reports_have_no_import_cycle() -> None:
    """bundle <-> summary was one: the bundle now imports summary, summary a protocol."""
    graph = {}
    for path in (ROOT / "reports").glob("*.py"):
        name = "govpatrol.reports" if path.stem == "__init__" else f"govpatrol.reports.{path.stem}"
        graph[name] = {n for n in imported(path) if n.startswith("govpatrol.reports.")
                       and n.count(".") == 2}
    for start in graph:  # depth-first from each module: it must never come back to itself
        stack, seen = list(graph[start]), set()
        while stack:
            name = stack.pop()
            assert name != start, f"cycle through {start}"
            if name not in seen:
                seen.add(name)
                stack.extend(graph.get(name, ()))
