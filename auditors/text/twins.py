"""Two witnesses against a dictionary word: jieba's counts and wordfreq's.

jieba's dictionary holds frequent misspellings as words (签定 147 beside 签订 3,272; 渡假,
松驰, 暴燥, 气慨, 渲泄), so "it is a word" cannot shield a span from the lexical test. Neither
can one frequency source convict it: jieba's counts alone make 结核 a misspelling of 结合. A
dictionary word is taken for a misspelling of its one-character confusable twin only when the
twin outnumbers it in jieba's counts AND in wordfreq's (`large_zh`: subtitles, Wikipedia,
the web, news; an independent corpus), and the word itself is rare in wordfreq.

The thresholds are tuned on the clean sets (benchmarks/typo.py); the lexical table is built once
and kept in the text cache keyed by them and by wordfreq's data file (data_key), so check-text
never loads wordfreq.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import math
import os
from collections.abc import Callable
from functools import cache
from typing import Any

from govpatrol.auditors.text import cachefile, confusables, lexicon
from govpatrol.auditors.text.wordlist import WORDLIST_DIR, read_tsv

#: Evidence kinds (confusables.KINDS) a twin may differ by: not tone alone.
KINDS = frozenset({"sound", "shape", "series"})
#: The twin's jieba frequency at least (rarer words have too little evidence).
MIN_FREQ = 50
#: The word's own jieba frequency: from jieba's reliable tier (below it, lexical.py's own
#: rules judge a span as no word) up to a cap, lexical.WORD_VARIANT_MAX's 30: more frequent
#: entries one known confusion from a frequent word are mostly real words (正事/正是 137,
#: 家常/家长 177, 近程/进程 199), so 签定 (147) is missed for it.
VARIANT_FREQ = (lexicon.RELIABLE_FREQ, 30)
#: The twin outnumbers the word this many times in jieba's counts ...
JIEBA_RATIO = 10
#: ... and this many times in wordfreq's, by how the two differ: a character read the same
#: (渡假, 松驰: `homophone`) or only written alike (气慨: `lookalike`).
WORDFREQ_RATIO = {"homophone": 6.5, "lookalike": 50}
#: The word itself at most this frequent in wordfreq (Zipf scale: 3 is once per million words).
MAX_ZIPF = {"homophone": 3.5, "lookalike": 2.0}
#: The two ratios alone still take hundreds of real words for misspellings (工伤/工商,
#: 鼠年/数年, 处暑/处理, 育人/有人), so the characters that differ must also be a pair people
#: are known to confuse: the pair (wrong, right) is one the hand-written confusion list
#: already corrects in some word (KNOWN_PAIRS_FROM: 象/像 of 录象, 俱/具, 慨/概 of 大慨), or,
#: for a `lookalike`, pycorrector's same_stroke data AND the phonetic-series test
#: (confusables.same_series) both say the two are written alike (not 暑/理, 俭/签).
KNOWN_PAIRS_FROM = "typos_core.tsv"
#: jieba's tags of words never taken for misspellings: place names (丰城), which the
#: proper-noun layer and the site's own vocabulary judge.
SPARED_TAGS = frozenset({"ns"})
WORDLIST = "large"


def candidate(word_freq: int, variant_freq: int, evidence: str) -> bool:
    """The cheap half of the test (jieba's counts), asked of every variant the lexical table
    does not keep already: worth asking wordfreq about?"""
    low, high = VARIANT_FREQ
    return (evidence in KINDS and word_freq >= MIN_FREQ and low <= variant_freq <= high
            and word_freq >= JIEBA_RATIO * variant_freq)


def settings() -> tuple[Any, ...]:
    """What a table built with this module depends on (the lexical cache key)."""
    return (sorted(KINDS), MIN_FREQ, VARIANT_FREQ, sorted(known_pairs()), JIEBA_RATIO,
            sorted(WORDFREQ_RATIO.items()), sorted(MAX_ZIPF.items()), sorted(SPARED_TAGS),
            WORDLIST, data_key())


@cache
def known_pairs() -> frozenset[tuple[str, str]]:
    """(wrong, right) character pairs of the hand-written confusion list's one-character
    corrections."""
    pairs = set()
    for entry in read_tsv(WORDLIST_DIR / KNOWN_PAIRS_FROM):
        wrong, right = entry.word, entry.suggestion
        if entry.kind == "confusion" and len(wrong) == len(right):
            diff = [(a, b) for a, b in zip(wrong, right, strict=True) if a != b]
            if len(diff) == 1:
                pairs.add(diff[0])
    return frozenset(pairs)


def relation(right: str, wrong: str) -> str:
    """`homophone` when the two characters share a reading (tone aside), else `lookalike`."""
    syllables = {r.rstrip("012345") for r in lexicon.readings(right)}
    same = any(r.rstrip("012345") in syllables for r in lexicon.readings(wrong))
    return "homophone" if same else "lookalike"


@cache
def data_key() -> tuple[str, int, int]:
    """wordfreq's Chinese data file, stamped (cachefile.file_stamp); absent when not installed."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return cachefile.file_stamp(None)
    return cachefile.file_stamp(os.path.join(os.path.dirname(spec.origin), "data",
                                             f"{WORDLIST}_zh.msgpack.gz"))


def zipf(freq: float) -> float:
    return math.log10(freq) + 9 if freq > 0 else 0.0


def judge(pending: dict[str, Any], tags: dict[str, str]) -> dict[str, Any]:
    """The candidates (variant -> lexical.Variant) that wordfreq agrees are misspellings, with
    wordfreq's ratio recorded as their evidence; `tags` are jieba's (lexical._tags)."""
    if not pending:
        return {}
    from wordfreq import word_frequency

    @cache
    def freq(text: str) -> float:
        return word_frequency(text, "zh", wordlist=WORDLIST)

    # wordfreq's own jieba announces its dictionary on stderr ("Building prefix dict ..."): on a
    # cold cache that landed in check-text's output, before its JSON lines
    jieba_log = logging.getLogger("jieba")
    level = jieba_log.level
    jieba_log.setLevel(logging.WARNING)
    try:
        return _convicted(pending, tags, freq)
    finally:
        jieba_log.setLevel(level)


def _convicted(pending: dict[str, Any], tags: dict[str, str],
               freq: Callable[[str], float]) -> dict[str, Any]:
    out = {}
    for variant, found in pending.items():
        if tags.get(variant) in SPARED_TAGS:
            continue
        at = next(i for i, (a, b) in enumerate(zip(variant, found.word, strict=True)) if a != b)
        right_ch, wrong_ch = found.word[at], variant[at]
        how = relation(right_ch, wrong_ch)
        if (wrong_ch, right_ch) not in known_pairs() and not (
                how == "lookalike" and found.evidence == "shape"
                and confusables.same_series(right_ch, wrong_ch)):
            continue
        wrong, right = freq(variant), freq(found.word)
        if zipf(wrong) > MAX_ZIPF[how] or right < WORDFREQ_RATIO[how] * wrong or right <= 0:
            continue
        ratio = right / wrong if wrong > 0 else math.inf
        out[variant] = dataclasses.replace(found, wordfreq_ratio=ratio)
    return out
