"""One quote style in what govpatrol writes: mainland “” (GB/T 15834), not 「」.

Messages, report templates and rule labels are read by offices that write “”; a report that
quotes one finding with 「」 and the next with “” looks careless. Page text keeps whatever
quotes the page used: only govpatrol's own string literals are checked here.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Tables of punctuation pairs, where 「」 is data about the text being checked.
PUNCTUATION_TABLES = {"auditors/text/typo_rules.py", "auditors/text/expression_rules.py"}
CORNER = ("「", "」")


def _docstring_lines(source: str) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def corner_quoted_literals() -> list[str]:
    found = []
    for folder in ("auditors", "crawler", "govpatrol", "reports"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in PUNCTUATION_TABLES or rel.startswith("govpatrol/demo/"):
                continue
            source = path.read_text(encoding="utf-8")
            docs = _docstring_lines(source)
            for tok in tokenize.generate_tokens(io.StringIO(source).readline):
                if (tok.type == tokenize.STRING and tok.start[0] not in docs
                        and any(q in tok.string for q in CORNER)):
                    found.append(f"{rel}:{tok.start[0]}: {tok.string[:60]}")
    return found


def test_messages_and_cli_output_quote_with_double_quotes():
    assert corner_quoted_literals() == []


def test_report_templates_and_rule_labels_quote_with_double_quotes():
    offenders = []
    for path in [*ROOT.glob("reports/templates/*"), *ROOT.glob("govpatrol/rules/profiles/*.toml")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.lstrip().startswith("#") and any(q in line for q in CORNER):
                offenders.append(f"{path.name}:{number}: {line.strip()[:60]}")
    assert offenders == []


def test_the_checker_sees_a_corner_quoted_message(tmp_path, monkeypatch):
    """The scan above must be able to fail: a message with 「」 is reported."""
    module = tmp_path / "auditors" / "planted.py"
    module.parent.mkdir()
    module.write_text('"""Docstrings may quote 「this」."""\nMESSAGE = f"栏目「{1}」未更新"\n',
                      encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert corner_quoted_literals() == ["auditors/planted.py:2: f\"栏目「{1}」未更新\""]
