"""What a link leads to, told by words: the cue list (wordlists/link_cues.tsv) three auditors
share. `hidden_link` reads it in the anchor and the address of a hidden link, `cloaking` in what
a crawler's or a phone's fetch shows, `external_link` in an external target's title and text.

The cues are data: each row is a kind and a case-insensitive regular expression. A kind's rows
are joined into one pattern; its Chinese label is what findings call it. A site adds its own
rows with `link_cues = ["my_cues.tsv"]` in sites.toml (same format, paths relative to
sites.toml): spam that sells what the bundled list does not name yet is caught the next night,
not after a release.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from govpatrol.auditors.text.wordlist import WORDLIST_DIR, WordlistError

CUE_FILE = WORDLIST_DIR / "link_cues.tsv"

#: kind -> its label in findings; a row of another kind is an error, not silently ignored.
KIND_LABELS: dict[str, str] = {
    "gambling": "博彩赌博",
    "porn": "色情",
    "commercial": "商业推广",
    "parked": "域名停放或出售",
}

Cues = dict[str, tuple[str, re.Pattern[str]]]


def read_cues(path: Path) -> Cues:
    """kind -> (label, compiled pattern) of one cue file; a bad row names file and line."""
    return _compiled(read_terms(path))


def read_terms(path: Path) -> dict[str, list[str]]:
    """kind -> its regular expressions, in file order; a bad row names file and line."""
    terms: dict[str, list[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise WordlistError(f"{path}: 无法读取线索词表 (cannot read the cue list): {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, rest = line.partition("\t")
        term = rest.split("\t", 1)[0].strip()
        if kind not in KIND_LABELS or not term:
            raise WordlistError(f"{path}:{number}: 应为“类别<TAB>正则表达式”，类别为 "
                                f"{'/'.join(KIND_LABELS)} 之一 (kind<TAB>regex): {line[:60]!r}")
        try:
            re.compile(term)
        except re.error as exc:
            raise WordlistError(f"{path}:{number}: 无效的正则表达式 (bad regex) {term!r}: "
                                f"{exc}") from None
        terms.setdefault(kind, []).append(term)
    return terms


def _compiled(terms: dict[str, list[str]]) -> Cues:
    return {kind: (KIND_LABELS[kind], re.compile("|".join(found), re.I))
            for kind, found in terms.items()}


@cache
def bundled_cues() -> Cues:
    return read_cues(CUE_FILE)


def site_cues(user_files: Iterable[str] = (), base: str | None = None) -> Cues:
    """The bundled cues with the site's own files' rows added to their kinds (`link_cues` in
    sites.toml; relative paths against `base`, the folder of sites.toml)."""
    paths = []
    for name in user_files:
        path = Path(name).expanduser()
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
        try:
            stat = path.stat()
        except OSError as exc:
            raise WordlistError(f"{path}: 无法读取线索词表 (cannot read the cue list): "
                                f"{exc.strerror or exc}") from None
        paths.append((path, stat.st_mtime_ns, stat.st_size))
    return _merged(tuple(paths)) if paths else bundled_cues()


@cache
def _merged(files: tuple[tuple[Path, int, int], ...]) -> Cues:
    """Keyed by path, mtime and size: an edited file is read again."""
    terms = read_terms(CUE_FILE)
    for path, _mtime, _size in files:
        for kind, found in read_terms(path).items():
            terms.setdefault(kind, []).extend(found)
    return _compiled(terms)


def find_cue(text: str, kinds: tuple[str, ...], cues: Cues | None = None
             ) -> tuple[str, str] | None:
    """(kind, the words found) of the first of `kinds` whose cues occur in `text`."""
    cues = cues if cues is not None else bundled_cues()
    for kind in kinds:
        entry = cues.get(kind)
        match = entry[1].search(text) if entry else None
        if match:
            return kind, match.group(0)
    return None
