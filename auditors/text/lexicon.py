"""Facts about Chinese words that the checks lean on to stay quiet on correct text.

jieba's dictionary (349,046 words with frequencies) says which character pairs are words, so a
match whose edge glues onto a neighbour as a real word (按排 in 按排名, 台独 in 平台独立) is not
reported; pypinyin says which characters sound alike. Both are loaded once per process, lazily.

Only jieba's dictionary file is read, never jieba itself (importing it costs a quarter of a
second, pkg_resources included), and what is derived from it is kept on disk (cachefile):
parsing the 5 MB file takes half a second, reading the pickled table a tenth of that.
"""

from __future__ import annotations

import importlib.util
import os
from collections import Counter
from functools import cache

from govpatrol.auditors.text import cachefile

#: Below this frequency jieba's dictionary mixes real words with misspellings (布署, 按排 are
#: in it at 3), so "is a word" questions about whole words use this floor.
RELIABLE_FREQ = 4


@cache
def jieba_dict_path() -> str:
    """jieba's bundled dictionary, found without executing jieba's package."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed")
    return os.path.join(list(spec.submodule_search_locations)[0], "dict.txt")


@cache
def lexicon_key() -> str:
    """What every table derived from jieba's dictionary and pypinyin depends on (cachefile)."""
    spec = importlib.util.find_spec("pypinyin")
    return cachefile.digest(("lexicon", 1, cachefile.RUNTIME, RELIABLE_FREQ, LONG_WORD,
                             cachefile.file_stamp(jieba_dict_path()),
                             cachefile.file_stamp(spec.origin if spec else None)))


def _read_jieba_dict() -> dict[str, int]:
    words: dict[str, int] = {}
    with open(jieba_dict_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2:
                words[parts[0]] = int(parts[1])
    return words


@cache
def jieba_words() -> dict[str, int]:
    """Every word of jieba's bundled dictionary with its frequency."""
    return cachefile.cached("lexicon-words", lexicon_key(), _read_jieba_dict)


def _sum_jieba_freqs() -> int:
    with open(jieba_dict_path(), encoding="utf-8") as fh:
        return sum(int(line.strip().split(" ")[1]) for line in fh if line.strip())


@cache
def jieba_total() -> int:
    """The sum of every line's frequency, as jieba counts it (repeated words included): the
    denominator of segment.py's word probabilities."""
    return cachefile.cached("lexicon-total", lexicon_key(), _sum_jieba_freqs)


@cache
def bigram_words() -> frozenset[str]:
    """Two-character words of reliable frequency: the edge test for short matches (排好, at
    frequency 3, must not excuse 按排好). Its own cache file: the scan needs it on almost
    every page, the whole dictionary only rarely."""
    return cachefile.cached("lexicon-bigrams", lexicon_key(), lambda: frozenset(
        w for w, f in jieba_words().items() if len(w) == 2 and f >= RELIABLE_FREQ))


@cache
def frequent_words(min_freq: int) -> frozenset[str]:
    """Words of at least `min_freq`: the lexical test's "reads as words" question, asked of
    the first candidate of a page, should not load all 349,046 words (a fifth of a second)."""
    return cachefile.cached(f"lexicon-frequent{min_freq}", lexicon_key(), lambda: frozenset(
        w for w, f in jieba_words().items() if f >= min_freq))


#: Words this long are also kept in a small table of their own (long_words).
LONG_WORD = 8


@cache
def long_words() -> dict[str, int]:
    """The dictionary's words of LONG_WORD+ characters (about 900): a misspelt long fixed
    expression is compared with them while scanning, and a one-sentence draft should not
    have to load all 349,046 words for that."""
    return cachefile.cached("lexicon-long", lexicon_key(), lambda: {
        w: f for w, f in jieba_words().items() if len(w) >= LONG_WORD})


def is_word(text: str, min_freq: int = RELIABLE_FREQ) -> bool:
    table = long_words() if len(text) >= LONG_WORD else jieba_words()
    return table.get(text, 0) >= min_freq


@cache
def char_order(limit: int = 6000) -> tuple[str, ...]:
    """Characters by how often they occur in words weighted by frequency, commonest first.

    The automaton is primed with them so that its root finds a common character early:
    pyahocorasick looks children up linearly, and this ordering is worth about a third of
    the scanning speed.
    """

    def count() -> tuple[str, ...]:
        counts: Counter[str] = Counter()
        for word, freq in jieba_words().items():
            for ch in word:
                counts[ch] += freq
        return tuple(ch for ch, _ in counts.most_common(limit))

    return cachefile.cached(f"lexicon-charorder{limit}", lexicon_key(), count)


def edge_glued(text: str, start: int, end: int, words: frozenset[str] | None = None) -> bool:
    """True when the match [start, end) could be part of different words in `text`.

    That is, the character before it forms a word with its first character, or its last
    character forms a word with the one after it: 按排名 (排名), 公布署名 (公布, 署名),
    西藏独特 (西藏). Such a match may be a segmentation accident, so precision wins.
    """
    words = words if words is not None else bigram_words()
    if start > 0 and text[start - 1:start + 1] in words:
        return True
    return end < len(text) and text[end - 1:end + 1] in words


#: The ranges of normalise.CJK: every character a fixed expression can be misspelt with.
READING_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


def _pinyin_readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    result = pinyin(ch, style=Style.TONE3, heteronym=True, errors="ignore")
    return tuple(result[0]) if result else ()


@cache
def reading_table() -> dict[str, tuple[str, ...]]:
    """pypinyin's readings of every CJK character, asked once per install (a few seconds)
    and kept on disk: importing pypinyin alone costs a third of a second."""

    def build() -> dict[str, tuple[str, ...]]:
        table = {}
        for low, high in READING_RANGES:
            for code in range(low, high):
                found = _pinyin_readings(chr(code))
                if found:
                    table[chr(code)] = found
        return table

    return cachefile.cached("lexicon-readings", lexicon_key(), build)


@cache
def readings(ch: str) -> frozenset[str]:
    """All toned readings of a character (TONE3, e.g. 'xing2'), or empty for non-Han."""
    if len(ch) == 1 and any(low <= ord(ch) < high for low, high in READING_RANGES):
        return frozenset(reading_table().get(ch, ()))
    return frozenset(_pinyin_readings(ch))


@cache
def phrase_readings(phrase: str) -> tuple[str, ...]:
    """Toned reading of each character in context (pypinyin's phrase dictionary)."""
    from pypinyin import Style, pinyin

    out = pinyin(phrase, style=Style.TONE3, errors=lambda chars: ["" for _ in chars])
    flat = [r[0] if r else "" for r in out]
    return tuple(flat) if len(flat) == len(phrase) else tuple(
        next(iter(readings(c)), "") for c in phrase)


def sounds_alike(expected_reading: str, ch: str) -> bool:
    """Whether `ch` can be read exactly (same tone) as the expected character was."""
    return bool(expected_reading) and expected_reading in readings(ch)


def gb2312_rows(first: int, last: int) -> tuple[str, ...]:
    """The characters of GB 2312 rows `first`..`last` (16-55 level 1, 56-87 level 2), a public
    standard of the characters in common use."""
    chars = []
    for row in range(0xA0 + first, 0xA0 + last + 1):
        for col in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, col]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return tuple(chars)


@cache
def common_chars() -> tuple[str, ...]:
    """GB 2312 level 1 (rows 16-55): the 3,755 most common characters."""
    return gb2312_rows(16, 55)


@cache
def homophone_groups() -> dict[str, tuple[str, ...]]:
    """Toned reading -> the common characters whose main reading it is."""
    from pypinyin import Style, pinyin

    chars = common_chars()
    readings_ = pinyin("".join(chars), style=Style.TONE3, heteronym=False,
                       errors=lambda c: ["" for _ in c])
    groups: dict[str, list[str]] = {}
    for ch, reading in zip(chars, readings_, strict=False):
        if reading and reading[0]:
            groups.setdefault(reading[0], []).append(ch)
    return {k: tuple(v) for k, v in groups.items()}
