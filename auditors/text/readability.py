"""Whether an extracted text is text at all: the garbled-text detector.

A PDF whose font has no usable Unicode map, or a file decoded with the wrong code page, gives
"text" that is a stream of rare characters. Typo rules run over it would report hundreds of
nonsense typos and none of the real ones, so such text is reported once as unreadable and the
text auditors do not see it. Signals, any one of which is enough:

- U+FFFD replacement characters (bytes that decoded to nothing);
- `(cid:NN)` placeholders (a reader that could not map glyph ids);
- private-use characters (U+E000-U+F8FF: glyphs mapped to nowhere);
- a high share of Han characters that are neither in GB 2312 nor traditional forms of GB 2312
  characters, nor in GBK at all: real 公文 text, simplified or traditional, has almost none
  (a personal name now and then); CMap mojibake is mostly such characters.

Thresholds are shares, with a floor of occurrences so a stray symbol never condemns a file;
they are data (`Thresholds`), overridable from the profile's `[unreadable_text]` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_CID = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True)
class Thresholds:
    min_marks: int = 5  # at least this many FFFD / cid / PUA marks ...
    mark_share: float = 0.01  # ... making at least this share of the non-space characters
    min_han: int = 20  # Han characters needed before their mix is judged
    rare_share: float = 0.25  # share of rare Han characters that makes the text garbled


@dataclass(frozen=True)
class Verdict:
    """Why a text is unreadable (`reason`, a Chinese phrase) with a sample of it."""

    reason: str
    sample: str


@cache
def _common() -> frozenset[str]:
    from govpatrol.auditors.text.lexicon import gb2312_rows

    return frozenset(gb2312_rows(16, 87))


@cache
def _traditional_of_common(ch: str) -> bool:
    """A traditional character whose simplified form is common (繁体 text is not garbage)."""
    simplified = _t2s().convert(ch)
    return simplified != ch and all(c in _common() for c in simplified)


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF
            or 0x20000 <= code <= 0x3134F or 0xF900 <= code <= 0xFAFF)


def _in_gbk(ch: str) -> bool:
    try:
        ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def is_rare(ch: str) -> bool:
    """A Han character that common simplified or traditional text does not use."""
    if ch in _common():
        return False
    if not _in_gbk(ch):
        return True
    return not _traditional_of_common(ch)


def garbled(text: str, thresholds: Thresholds | None = None) -> Verdict | None:
    """The reason `text` is not readable text, or None when it is."""
    t = thresholds or Thresholds()
    visible = sum(1 for ch in text if not ch.isspace())
    if not visible:
        return None
    marks = {
        "替换字符 U+FFFD": text.count("\ufffd"),
        "无法映射的字形 (cid:…)": len(_CID.findall(text)),
        "私用区字符": sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF),
    }
    for reason, count in marks.items():
        if count >= t.min_marks and count >= t.mark_share * visible:
            return Verdict(f"含 {count} 个{reason}", _sample(text))
    han = [ch for ch in text if _is_han(ch)]
    if len(han) >= t.min_han:
        rare = sum(1 for ch in han if is_rare(ch))
        if rare >= t.rare_share * len(han):
            return Verdict(f"{rare * 100 // len(han)}% 的汉字为生僻字或乱码", _sample(text))
    return None


def _sample(text: str, size: int = 30) -> str:
    """The first non-blank line, cut: what the reader sees when opening the text."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:size]
    return ""
