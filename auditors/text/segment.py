"""jieba's dictionary segmentation (`cut(text, HMM=False)`), over the lexicon's cached tables.

boundaries.py asks how a clause segments to decide whether a listed word is really there.
jieba answers the same, but `import jieba` plus loading its prefix dictionary takes longer than
everything else a one-sentence `check-text` does. Without the HMM, jieba's cut is a small
algorithm over the dictionary's words and frequencies: a DAG of the words starting at each
position, the route of greatest probability through it, single ASCII letters and digits glued
together. This is that algorithm, step for step (jieba 0.42 `Tokenizer.cut`, `get_DAG`, `calc`,
`__cut_DAG_NO_HMM`), so the words and the tie-breaks are jieba's; tests/test_text_cache.py
compares the two on the seed documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from math import log

from govpatrol.auditors.text import cachefile, lexicon

RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
RE_SKIP = re.compile("(\r\n|\\s)", re.U)
RE_ENG = re.compile("[a-zA-Z0-9]", re.U)


class Segmenter:
    """The subset of jieba.Tokenizer that boundaries.py uses: cut and lcut, HMM off."""

    def __init__(self, words: dict[str, int], total: int,
                 reach: dict[str, int] | None = None) -> None:
        self.words = words
        self.logtotal = log(total)
        self.reach = reach if reach is not None else word_reach(words)

    def dag(self, sentence: str) -> list[list[int]]:
        """End positions of the dictionary words starting at each position (jieba's get_DAG:
        every prefix of a word is in jieba's table, so checking lengths up to the longest word
        starting with that character finds the same ends as its walk along prefixes)."""
        words, reach, n = self.words, self.reach, len(sentence)
        out = []
        for k in range(n):
            ends = [i for i in range(k, min(n, k + reach.get(sentence[k], 0)))
                    if words.get(sentence[k:i + 1])]
            out.append(ends or [k])
        return out

    def _cut_block(self, sentence: str) -> Iterator[str]:
        dag = self.dag(sentence)
        n = len(sentence)
        route: dict[int, tuple[float, int]] = {n: (0, 0)}
        words, logtotal = self.words, self.logtotal
        for idx in range(n - 1, -1, -1):
            route[idx] = max((log(words.get(sentence[idx:x + 1]) or 1) - logtotal
                              + route[x + 1][0], x) for x in dag[idx])
        x, buf = 0, ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if RE_ENG.match(word) and len(word) == 1:
                buf += word
            else:
                if buf:
                    yield buf
                    buf = ""
                yield word
            x = y
        if buf:
            yield buf

    def cut(self, sentence: str, HMM: bool = False) -> Iterator[str]:  # noqa: N803 - jieba's
        if HMM:
            raise ValueError("only jieba's dictionary segmentation (HMM=False) is provided")
        for block in RE_HAN.split(sentence):
            if not block:
                continue
            if RE_HAN.match(block):
                yield from self._cut_block(block)
                continue
            for piece in RE_SKIP.split(block):
                if RE_SKIP.match(piece):
                    yield piece
                else:
                    yield from piece

    def lcut(self, sentence: str, HMM: bool = False) -> list[str]:  # noqa: N803
        return list(self.cut(sentence, HMM=HMM))


def word_reach(words: dict[str, int]) -> dict[str, int]:
    """The length of the longest word starting with each character: `dag` looks no further
    (about 5 characters in government prose, against 16 for the longest word)."""
    reach: dict[str, int] = {}
    for word in words:
        if len(word) > reach.get(word[0], 0):
            reach[word[0]] = len(word)
    return reach


@cache
def segmenter() -> Segmenter:
    words = lexicon.jieba_words()
    reach = cachefile.cached("lexicon-reach", lexicon.lexicon_key(), lambda: word_reach(words))
    return Segmenter(words, lexicon.jieba_total(), reach)
