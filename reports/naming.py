"""Names for files and worksheets made from department names, which may hold any character.

Departments are named by people ("办公室/信息中心", "财政局*"), so a name must be made safe
before it becomes a file on a Windows USB stick or an Excel sheet, and two departments must never
end up in the same file or sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_FILE_BAD = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_SHEET_BAD = re.compile(r"[\x00-\x1f\x7f\[\]:*?/\\]+")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}
SHEET_MAX = 31
FILE_MAX = 80  # characters: leaves room for the suffix and the folder on any file system


def safe_filename(name: str, fallback: str = "未命名") -> str:
    """A file name (no suffix) that is valid on Windows, macOS and Linux."""
    cleaned = _FILE_BAD.sub("_", name).strip(" ._")[:FILE_MAX].strip(" ._")
    if not cleaned:
        cleaned = fallback
    if cleaned.split(".")[0].upper() in _WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    return cleaned


def unique_filenames(names: Iterable[str]) -> dict[str, str]:
    """name -> safe file name, distinct even when two names clean to the same (case-folded)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = safe_filename(name)
        candidate, n = base, 2
        while candidate.casefold() in taken:
            candidate = f"{base}_{n}"
            n += 1
        taken.add(candidate.casefold())
        out[name] = candidate
    return out


def sheet_names(names: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """name -> Excel sheet name: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    taken = {r.casefold() for r in reserved} | {"history"}  # Excel reserves "History"
    out: dict[str, str] = {}
    for name in names:
        base = _SHEET_BAD.sub("_", name).strip("'").strip() or "未命名"
        candidate, n = base[:SHEET_MAX], 2
        while candidate.casefold() in taken:
            suffix = f"({n})"
            candidate = base[: SHEET_MAX - len(suffix)] + suffix
            n += 1
        taken.add(candidate.casefold())
        out[name] = candidate
    return out
