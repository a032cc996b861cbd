"""Derived data of the text engine kept on disk between processes.

Building the engine from the word lists (fixed-expression variants, readings, the automaton)
and reading jieba's 349,046-word dictionary take seconds; `govpatrol check-text` on one sentence
should not pay them every time. Each value is pickled into one file of our own cache directory,
named by a digest of everything it was derived from, so a changed input simply misses.

- directory: `$GOVPATROL_CACHE_DIR`, else `$XDG_CACHE_HOME/govpatrol`, else ~/.cache/govpatrol;
- a file is written to a temporary name and renamed (os.replace): readers never see half a file;
- a file carries a checksum of its key and payload, verified before unpickling: a truncated or
  damaged file is rebuilt silently and never reaches pickle (nor pyahocorasick's C loader);
- a directory that cannot be created or written is simply not used: the values are built.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

MAGIC = b"govpatrol-text-cache 1\n"
CHECKSUM_SIZE = 32
#: Files kept per name (one per set of word lists); older ones are removed when one is written.
KEEP = 8

#: name -> Counter of "loaded", "built", "saved": what this process did (tests, benchmarks).
stats: dict[str, Counter[str]] = {}


def cache_dir() -> Path:
    """Where the files go; nothing is created here."""
    explicit = os.environ.get("GOVPATROL_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "govpatrol"


def digest(parts: Iterable[object]) -> str:
    """A hex digest of a sequence of str/bytes/reprs, each length-prefixed (no ambiguity)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_stamp(path: str | os.PathLike[str] | None) -> tuple[str, int, int]:
    """Path, size and mtime of a file: cheap evidence that a library's data has not changed."""
    if path is None:
        return ("", -1, -1)
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), -1, -1)
    return (str(path), st.st_size, st.st_mtime_ns)


def path_for(name: str, key: str) -> Path:
    return cache_dir() / f"{name}-{key}.pickle"


def _checksum(key: str, payload: bytes) -> bytes:
    h = hashlib.blake2b(key.encode("ascii"), digest_size=CHECKSUM_SIZE)
    h.update(payload)
    return h.digest()


def load(name: str, key: str) -> Any | None:
    """The value stored under (name, key), or None when absent, damaged or unreadable.

    A file read is touched: pruning keeps the KEEP files used last, not the KEEP written
    last, so the lists in daily use are not compiled again after a few others were tried
    (the test suite builds more than KEEP engines of its own lists while the bundled one is
    in use: it was pruned between two runs of one test)."""
    path = path_for(name, key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    head = len(MAGIC) + CHECKSUM_SIZE
    if len(data) <= head or not data.startswith(MAGIC):
        return None
    payload = memoryview(data)[head:]
    if data[len(MAGIC):head] != _checksum(key, payload):
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a class renamed since the file was written, etc.
        return None


def save(name: str, key: str, value: Any) -> Path | None:
    """Store a value atomically; None (and nothing left behind) when the directory is unusable."""
    folder = cache_dir()
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an unpicklable value is a missed cache, not an error
        return None
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC)
            fh.write(_checksum(key, payload))
            fh.write(payload)
        target = path_for(name, key)
        os.replace(tmp, target)
        tmp = None
    except OSError:
        return None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _prune(folder, name, keep=target)
    return target


def _prune(folder: Path, name: str, keep: Path) -> None:
    """Drop all but the KEEP files of this name written or read last (stale keys are never
    read again)."""
    try:
        files = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime_ns,
                       reverse=True)
        for old in [p for p in files if p != keep][KEEP - 1:]:
            old.unlink()
    except OSError:
        pass


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The stored value for (name, key), else `build()`, stored for the next process."""
    counter = stats.setdefault(name, Counter())
    value = load(name, key)
    if value is not None:
        counter["loaded"] += 1
        return value
    value = build()
    counter["built"] += 1
    if save(name, key, value) is not None:
        counter["saved"] += 1
    return value


#: Part of every key: pickles of one Python minor version are read by the same one.
RUNTIME = (sys.implementation.name, sys.version_info[:2])
