"""Which characters are mistaken for which: the confusion sets behind the lexical typo test.

Three kinds of evidence, each from data made for it (wordlists/confusion/, sources in the files'
headers and wordlists/README.md):
- `sound`: pycorrector's same_pinyin.txt, characters read alike (same tone, or another tone);
- `shape`: pycorrector's same_stroke.txt, characters written alike;
- `series`: characters of one phonetic series (形声字 that share the sounding part: 燥/躁,
  祯/帧, 贬/砭, 径/胫), which is where most real misspellings come from: same structure, the
  same four-corner digits on the side of the sounding part, and the same final.

Everything is restricted to GB 2312 (6,763 characters, `gb2312_chars`): misspellings are
written with common characters, though the right one may be rarer (帧, 砭, 胫 are level 2).
The table is small (a few hundred KB) and kept in the text cache.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from functools import cache
from importlib import resources

from govpatrol.auditors.text import cachefile, lexicon

FILES = ("same_pinyin.txt.gz", "same_stroke.txt.gz", "shape.tsv.gz")
#: Evidence kinds, strongest first: a pair found by several keeps the first.
KINDS = ("sound", "shape", "series", "tone")
LABELS = {"sound": "同音字", "tone": "音近字", "shape": "形近字", "series": "同声旁形近字"}


@cache
def gb2312_chars() -> tuple[str, ...]:
    """Both levels of GB 2312 (rows 16-87)."""
    return lexicon.gb2312_rows(16, 87)


def _lines(name: str) -> list[str]:
    data = (resources.files("govpatrol.wordlists") / "confusion" / name).read_bytes()
    return [line for line in gzip.decompress(data).decode("utf-8").splitlines()
            if line and not line.startswith("#")]


def data_key() -> str:
    """Digest of the vendored files (part of every cache key derived from them)."""
    folder = resources.files("govpatrol.wordlists") / "confusion"
    return cachefile.digest(["confusion", 1, lexicon.lexicon_key(),
                             *((folder / name).read_bytes() for name in FILES)])


def _syllable(reading: str) -> str:
    return reading.rstrip("012345")


_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
             "x", "r", "z", "c", "s", "y", "w")


def _final(syllable: str) -> str:
    for initial in _INITIALS:
        if syllable.startswith(initial):
            return syllable[len(initial):]
    return syllable


def _same_series(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Four-corner codes (upper-left, upper-right, lower-left, lower-right, extra) and
    structure (1 left-right, 2 top-bottom): the sounding part is on the right of a left-right
    character and at the bottom of a top-bottom one, so those corners must agree."""
    (code_a, struct_a), (code_b, struct_b) = a, b
    if struct_a != struct_b or len(code_a) < 4 or len(code_b) < 4 or code_a == code_b:
        return False
    if struct_a == "1":
        return code_a[1] == code_b[1] and code_a[3] == code_b[3]
    if struct_a == "2":
        return code_a[2:4] == code_b[2:4]
    return False


def _shapes() -> dict[str, tuple[str, str]]:
    shapes = {}
    for line in _lines("shape.tsv.gz"):
        ch, code, struct = line.split("\t")
        shapes[ch] = (code, struct)
    return shapes


@cache
def shape_table() -> dict[str, tuple[str, str]]:
    """char -> (four-corner code, structure), from the cache."""
    return cachefile.cached("confusables-shapes", data_key(), _shapes)


def same_series(a: str, b: str) -> bool:
    """Whether two characters share their sounding part by the four-corner test (慨/概)."""
    shapes = shape_table()
    return a in shapes and b in shapes and _same_series(shapes[a], shapes[b])


def _build() -> dict[str, dict[str, str]]:
    common = set(gb2312_chars())
    table: dict[str, dict[str, str]] = defaultdict(dict)

    def add(a: str, b: str, kind: str) -> None:
        if a != b and a in common and b in common:
            table[a].setdefault(b, kind)

    for line in _lines("same_pinyin.txt.gz"):
        parts = line.split("\t")
        for ch in parts[1] if len(parts) > 1 else "":
            add(parts[0], ch, "sound")
            add(ch, parts[0], "sound")
    for line in _lines("same_stroke.txt.gz"):
        group = [c for c in line.split("\t") if c]
        for a in group:
            for b in group:
                add(a, b, "shape")
    shapes = _shapes()
    by_final: dict[str, list[str]] = defaultdict(list)
    for ch in shapes:
        for reading in lexicon.readings(ch):
            by_final[_final(_syllable(reading))].append(ch)
    for group in by_final.values():
        for a in group:
            for b in group:
                if a != b and _same_series(shapes[a], shapes[b]):
                    add(a, b, "series")
    for line in _lines("same_pinyin.txt.gz"):
        parts = line.split("\t")
        for ch in parts[2] if len(parts) > 2 else "":
            add(parts[0], ch, "tone")
            add(ch, parts[0], "tone")
    return {k: dict(v) for k, v in table.items()}


@cache
def table() -> dict[str, dict[str, str]]:
    """char -> {confusable char: evidence kind}."""
    return cachefile.cached("confusables", data_key(), _build)


def confusable(a: str, b: str) -> str | None:
    """The evidence that `b` is mistaken for `a` (a KINDS value), or None."""
    return table().get(a, {}).get(b)
