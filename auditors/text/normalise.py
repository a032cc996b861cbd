"""Normalise a page's text once, keeping a way back to the original offsets.

Findings must quote the page exactly (findings.md: `text` is "the offending text exactly as it
stands"), yet matching has to see through full-width letters, traditional forms and the
separators spammers put between characters (法*轮*功). So the text is transformed in steps that
are either length-preserving (full/half width, ASCII case, OpenCC t2s) or whose removals are
recorded (separators), and every match is mapped back to the original before it is reported.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import opencc

#: CJK ideographs (BMP blocks used in Chinese text); Mongolian and other scripts are not in it.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")

# Full-width ASCII letters and digits, ideographic and no-break spaces, and ASCII capitals: the
# only characters whose form we fold. Punctuation keeps its form (the punctuation checks need
# to see "（" and "("), and every replacement is one character for one character.
_FOLD_RE = re.compile("[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\u00a0]+")
_FOLD_TABLE = {i: i - 0xFEE0 for i in range(0xFF10, 0xFF5B)}
_FOLD_TABLE.update({i: i + 32 for i in range(0x41, 0x5B)})
_FOLD_TABLE.update({0x3000: 0x20, 0x00A0: 0x20})
for _i in range(0xFF21, 0xFF3B):  # Ａ-Ｚ -> a-z
    _FOLD_TABLE[_i] = _i - 0xFEE0 + 32

#: What spammers and careless pasting put between the characters of one word.
SEPARATORS = (" \t\u3000\u00a0*＊·•・.．\\-－_＿/／\\\\|｜#＃@＠~～+＋=＝^＾"
              "\u200b\u200c\u200d\u2060\ufeff")
_SQUEEZE_RE = re.compile(f"(?<=[{CJK}])[{SEPARATORS}]{{1,3}}(?=[{CJK}])")


def fold(text: str) -> str:
    """Full-width letters/digits to ASCII, ASCII to lower case, odd spaces to spaces.

    One character for one: offsets stay valid."""
    if not _FOLD_RE.search(text):
        return text
    return _FOLD_RE.sub(lambda m: m.group().translate(_FOLD_TABLE), text)


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convert_same_length(text: str, config: str = "t2s") -> str:
    """OpenCC conversion that never shifts offsets.

    OpenCC converts phrase by phrase (so 乾隆 stays 乾隆 while 乾淨 becomes 干净); its
    dictionaries are almost all one character for one, but when a conversion would change the
    length the affected lines keep their original text rather than break the offset mapping.
    """
    converted = _converter(config).convert(text)
    if len(converted) == len(text):
        return converted
    lines = text.split("\n")
    out = []
    for line in lines:
        new = _converter(config).convert(line)
        out.append(new if len(new) == len(line) else line)
    return "\n".join(out)


@dataclass(slots=True)
class Prepared:
    """One page's text in every form the checks need.

    original: the page text, untouched; what findings quote.
    norm:     `fold(original)`, same length; dates and punctuation are read from it.
    simp:     OpenCC t2s of `norm`, same length; script checks compare it with `norm`.
    squeezed: `simp` without separators between CJK characters; the automaton scans it.
    """

    original: str
    norm: str
    simp: str
    squeezed: str
    _cut_at: list[int]  # squeezed positions where removed separators used to be
    _removed: list[int]  # characters removed before each cut (cumulative)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of `squeezed` to the original text."""
        if not self._cut_at:
            return start, end
        o_start = start + self._removed_before(start)
        o_end = (end - 1) + self._removed_before(end - 1) + 1 if end > start else o_start
        return o_start, o_end

    def _removed_before(self, pos: int) -> int:
        i = bisect_right(self._cut_at, pos)
        return self._removed[i - 1] if i else 0

    def spans_separator(self, start: int, end: int) -> bool:
        """True when a squeezed span covers characters that were separated in the original."""
        o_start, o_end = self.to_original(start, end)
        return o_end - o_start != end - start


def prepare(text: str) -> Prepared:
    """Normalise once per page: fold, t2s, squeeze; keep the offset map."""
    norm = fold(text)
    simp = convert_same_length(norm, "t2s")
    cut_at: list[int] = []
    removed: list[int] = []
    if _SQUEEZE_RE.search(simp):
        pieces: list[str] = []
        last = 0
        total = 0
        for match in _SQUEEZE_RE.finditer(simp):
            start, end = match.span()
            pieces.append(simp[last:start])
            total += end - start
            cut_at.append(start - (total - (end - start)))
            removed.append(total)
            last = end
        pieces.append(simp[last:])
        squeezed = "".join(pieces)
    else:
        squeezed = simp
    return Prepared(text, norm, simp, squeezed, cut_at, removed)
