"""The documents the code and README cite are in the repository, and every relative link in
README.md and docs/ leads to a file of the repository (nothing points outside it, to ../shared)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Markdown links [text](target), without the web and in-page ones.
LINK = re.compile(r"\]\(([^)\s]+)\)")


def local_links(path: Path) -> list[str]:
    targets = LINK.findall(path.read_text(encoding="utf-8"))
    return [t for t in targets if not t.startswith(("http://", "https://", "mailto:", "#"))]


def test_the_cited_documents_are_vendored() -> None:
    for name in ("design.md", "findings.md", "rules.md", "national-indicators.md",
                 "page-structures.md"):
        assert (ROOT / "docs" / name).is_file(), name
    assert sorted(p.name for p in (ROOT / "tests" / "data" / "seeds").glob("*.txt")) == [
        "000_4bf340c53c53fd15.txt", "001_08f9f7a68ccae3d3.txt", "002_c1e3442480fa7097.txt",
        "003_5ead8cc1c8ee6d6d.txt", "004_4c4a230be481027f.txt"]


def test_every_relative_link_stays_in_the_repository() -> None:
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
                 ROOT / "tests" / "data" / "seeds" / "README.md"]
    broken = []
    for document in documents:
        for target in local_links(document):
            resolved = (document.parent / target.split("#", 1)[0]).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append(f"{document.relative_to(ROOT)} -> {target}")
    assert broken == []
    assert "docs/findings.md" in local_links(ROOT / "README.md")
