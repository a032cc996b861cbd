"""Word boundaries from segmentation: the evidence that a listed word is really there.

A listed name found inside the text may be a segmentation accident: 统一教 in 统一教育, 台独 in
平台独立, 农业部 in 农业部门. The older rule asked only whether an edge character formed a word
with its neighbour, and so also silenced real hits whose neighbour begins a word of its own:
工商总局部署 (局部 is a word, but the sentence reads 工商总局/部署), 全能神教会 (神教 is a word,
but it reads 全能/神/教会). Here jieba's maximum-probability segmentation of the clause decides:
a hit is an accident only when a word of the segmentation runs across one of its edges.
"""

from __future__ import annotations

import re
from functools import cache

from govpatrol.auditors.text.lexicon import bigram_words, is_word
from govpatrol.auditors.text.normalise import CJK
from govpatrol.auditors.text.segment import Segmenter, segmenter

#: Characters of context each way; a clause boundary (punctuation, space) stops it earlier.
REACH = 12
_CLAUSE_STOP = re.compile(f"[^{CJK}A-Za-z0-9]")


def tokenizer() -> Segmenter:
    """jieba's dictionary segmentation over the lexicon's cached tables (segment.py): the same
    words as `jieba.Tokenizer().cut(HMM=False)`, without importing jieba and loading its prefix
    dictionary, which cost more than the rest of a one-sentence check together."""
    return segmenter()


def _clause(text: str, start: int, end: int, reach: int = REACH) -> tuple[int, int]:
    left = max(0, start - reach)
    for m in _CLAUSE_STOP.finditer(text, left, start):
        left = m.end()
    right = min(len(text), end + reach)
    stop = _CLAUSE_STOP.search(text, end, right)
    return left, (stop.start() if stop else right)


def tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the words of jieba's segmentation of the clause around [start, end) (HMM off:
    only dictionary words, so the result is reproducible)."""
    left, right = _clause(text, start, end)
    pos = left
    spans = []
    for token in tokenizer().cut(text[left:right], HMM=False):
        spans.append((pos, pos + len(token)))
        pos += len(token)
    return spans


def _compound(text: str, a: int, edge: int, b: int) -> bool:
    """A dictionary compound of two words meeting at the edge (中国国家 before 国家旅游局): the
    segmenter merely prefers the longer entry, nothing is glued onto the name."""
    return edge - a >= 2 and b - edge >= 2 and is_word(text[a:edge]) and is_word(text[edge:b])


def crosses_word(text: str, start: int, end: int) -> bool:
    """True when the match is part of other words, not the listed one: a word of the clause's
    segmentation runs across one of its edges and takes part of it along (统一/教育,
    平台/独立), or the segmenter keeps the match whole but strands the right neighbour as a lone
    character that only makes sense glued to the match's edge (环境保护部/门/依法: 部门)."""
    spans = tokens(text, start, end)
    for a, b in spans:
        for edge in (start, end):
            if a < edge < b and not _compound(text, a, edge, b):
                return True
    # Only on the right: a lone character before a name is usually a verb or preposition
    # (报/国土资源部/备案, 经/农业部/批准), and 报国 being a word says nothing.
    return any(a == end and b - a == 1 and text[end - 1:b] in bigram_words() for a, b in spans)


def next_word(text: str, end: int) -> str:
    """The word the segmentation starts at `end` (empty at the end of a clause)."""
    left, right = _clause(text, end, end)
    if end >= right:
        return ""
    tokens = tokenizer().lcut(text[end:right], HMM=False)
    return tokens[0] if tokens else ""


@cache
def _tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word (loaded only when asked)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def word_tag(word: str) -> str:
    """jieba's part-of-speech tag of a dictionary word, empty when it has none."""
    return _tags().get(word, "")


def next_is_noun(text: str, end: int) -> bool:
    """Does a noun follow `end`? 他妈的电话 is his mother's telephone, not profanity."""
    word = next_word(text, end)
    return len(word) >= 2 and _tags().get(word, "").startswith("n")
