"""`--db` and `--out` checked before a crawl, not discovered unwritable after it.

A patrol can run for an hour; finding only then that the report folder is read-only loses the
night (and left the run `running`). The check writes a temporary file where the database and
the reports will go (the nearest folder that exists: nothing is created), so it holds for root
and read-only mounts alike, where permission bits alone would say yes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from govpatrol.store.schema import StoreError


def _nearest_folder(path: Path) -> Path:
    """`path` itself or its nearest existing ancestor, which must be a folder."""
    path = path.absolute()
    for candidate in (path, *path.parents):
        if candidate.exists():
            if not candidate.is_dir():
                raise NotADirectoryError(f"{candidate} 不是文件夹 (is not a folder)")
            return candidate
    return Path(path.anchor)


def _probe(folder: Path) -> None:
    with tempfile.TemporaryFile(dir=folder, prefix=".govpatrol-write-check-"):
        pass


def check_writable(db: Path | None = None, out_dir: Path | None = None) -> None:
    """Raise StoreError (one line) unless the database file and the output folder can be
    written; nothing is created or changed."""
    checks: list[tuple[str, str, Path, Path]] = []
    if db is not None:
        checks.append(("数据库", "database", db, db.parent))
    if out_dir is not None:
        checks.append(("输出目录", "output folder", out_dir, out_dir))
    for zh, en, given, folder in checks:
        try:
            if given is db and db.is_dir():
                raise IsADirectoryError(f"{db} 是文件夹 (is a folder)")
            _probe(_nearest_folder(folder))
            if given is db and db.exists():
                with open(db, "ab"):  # opened for writing, not a byte written
                    pass
        except OSError as exc:
            reason = str(exc) if exc.strerror is None else exc.strerror
            raise StoreError(f"{zh}不可写 ({en} not writable) {given}: {reason}") from None
