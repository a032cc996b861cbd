"""The lexical typo test, precomputed: spans that are not words (or are rare misspellings in the
dictionary) one confusable character away from a frequent word or a 成语.

A reader spots 办工厅, 部暑, 急燥 because swapping one character for one that sounds or looks
alike (confusables.py) gives a word that is far more frequent. Doing that test on every window
of every page would cost more than segmenting it; doing it once for the words instead costs a
few seconds and a table kept in the text cache: each variant goes into the engine's one
automaton, so a page without a near-miss costs nothing more, and a page with one has the
context checked (typo_rules.lexical_variant) before it is reported.

What is generated, tuned for precision (benchmarks/typo.py measures it):
- 成语 (jieba's dictionary tags them `i`): found by their halves (idiom_anchors), any evidence;
- other words of 3-4 characters, frequent ones only, by sound, shape and phonetic series;
- two-character words by sound when frequent (1,000+: 赔尝 for 赔偿; lower thresholds cost
  SIGHAN precision on names such as 诚品, 柯南): a two-character non-word turns up across word
  boundaries, so the context check is strict.
A variant that is itself a dictionary word is kept only when it is rare and the word it
misspells is many times more frequent; that is on for 成语 (哀声叹气, 莫明其妙) and off for
shorter words (IDIOM_DICTIONARY_VARIANTS, DICTIONARY_VARIANTS), but for one test with two
witnesses (twins.py): jieba's dictionary holds frequent misspellings (签定, 渡假, 松驰), and
a jieba word whose confusable twin is far more frequent in jieba's counts AND in wordfreq's
(an independent corpus) is a candidate, not a shield.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from govpatrol.auditors.text import cachefile, confusables, lexicon, twins
from govpatrol.auditors.text.normalise import CJK_RE

#: Minimum frequency (jieba's dictionary) of the word a variant misspells, by kind of word.
IDIOM_FREQ = 5
LONG_FREQ = 1000  # three- and four-character words that are not 成语
PAIR_FREQ = {"sound": 1000}
#: 成语 are matched by their halves (see idiom_anchors), not by a table of all their variants:
#: 22,000 成语 have half a million one-character variants, too many for the automaton. A half
#: this frequent as a word of its own is not used as an anchor (too many hits to compare).
ANCHOR_MAX = 300
#: A 成语 whose half is too common to anchor on has its other half's misspellings as anchors
#: (唉声叹气: 哀声) when it is at least this frequent: the rarer ones would add 37,000 anchors to
#: the automaton, a fifth of its size, for 成语 a government page hardly uses.
HALF_VARIANT_FREQ = 50
#: Whether any variant that is itself in jieba's dictionary may be reported on jieba's counts
#: alone. Off: that convicts real words (脚心 for 决心); a dictionary word is reported only with
#: a second witness (twins.py: wordfreq's counts and a known confusion: 松驰, 渡假).
DICTIONARY_VARIANTS = False
#: The same for 成语 alone: on. jieba's dictionary holds many misspelt 成语 (哀声叹气, 莫明其妙,
#: 走头无路, 挺而走险) at low frequency; a rare dictionary entry one confusable character away
#: from a 成语 WORD_VARIANT_RATIO times as frequent is a misspelling of it, not another 成语
#: (the two- and three-character words that pass the same test are mostly real words: 脚心
#: for 决心, 现政府 for 县政府, so they stay off).
IDIOM_DICTIONARY_VARIANTS = True
#: A variant that is a dictionary word: at most this frequent, and the word this many times more.
WORD_VARIANT_MAX = 30
WORD_VARIANT_RATIO = 10
#: A variant below the reliable frequency (lexicon.RELIABLE_FREQ) is not a word, mostly; still
#: the right word must be this many times more frequent.
RARE_RATIO = {2: 20, 3: 3, 4: 3}


@dataclass(frozen=True, slots=True)
class Variant:
    """A misspelling the table knows: the word it stands for and the evidence."""

    word: str
    evidence: str  # confusables.KINDS
    idiom: bool
    word_freq: int
    variant_freq: int
    #: twins.py's evidence: how many times the word outnumbers the variant in wordfreq's
    #: counts (0.0 when the variant was kept on jieba's counts alone).
    wordfreq_ratio: float = 0.0


def _tags() -> dict[str, str]:
    tags = {}
    with open(lexicon.jieba_dict_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    return tags


def _allowed(word: str, freq: int, idiom: bool) -> frozenset[str]:
    """The evidence kinds worth generating variants of this word by."""
    if idiom:
        return frozenset(confusables.KINDS)
    if len(word) >= 3:
        return frozenset({"sound", "shape", "series"}) if freq >= LONG_FREQ else frozenset()
    return frozenset(k for k, floor in PAIR_FREQ.items() if freq >= floor)


def _keep(length: int, word_freq: int, variant_freq: int, idiom: bool = False) -> bool:
    if variant_freq and not (DICTIONARY_VARIANTS or idiom and IDIOM_DICTIONARY_VARIANTS):
        return False
    if variant_freq >= lexicon.RELIABLE_FREQ:
        return (variant_freq <= WORD_VARIANT_MAX
                and word_freq >= WORD_VARIANT_RATIO * variant_freq)
    return word_freq >= RARE_RATIO[min(length, 4)] * max(variant_freq, 1)


def build() -> dict[str, Variant]:
    words = lexicon.jieba_words()
    tags = _tags()
    table = confusables.table()
    out: dict[str, Variant] = {}
    pending: dict[str, Variant] = {}  # twins.py's candidates, judged together below
    for word, freq in words.items():
        if not 2 <= len(word) <= 4 or not all(CJK_RE.match(c) for c in word):
            continue
        if len(word) == 4 and tags.get(word) == "i":
            continue  # idiom_anchors
        kinds = _allowed(word, freq, False)
        if not kinds and freq < twins.MIN_FREQ:
            continue
        for i, ch in enumerate(word):
            for alt, evidence in table.get(ch, {}).items():
                variant = word[:i] + alt + word[i + 1:]
                variant_freq = words.get(variant, 0)
                if evidence in kinds and _keep(len(word), freq, variant_freq):
                    _put(out, variant, Variant(word, evidence, False, freq, variant_freq))
                elif twins.candidate(freq, variant_freq, evidence):
                    _put(pending, variant, Variant(word, evidence, False, freq, variant_freq))
    for variant, found in twins.judge(pending, tags).items():
        if variant not in out:
            _put(out, variant, found)
    return out


def _put(out: dict[str, Variant], variant: str, found: Variant) -> None:
    old = out.get(variant)
    if old is None or old.word_freq < found.word_freq:
        out[variant] = found


def build_idioms() -> dict[str, list[tuple[str, int, int]]]:
    """anchor (a half of a 成语, or a misspelling of one half where the other is too common
    to anchor on) -> [(成语, offset of the anchor in it, frequency)]."""
    words = lexicon.jieba_words()
    table = confusables.table()
    anchors: dict[str, list[tuple[str, int, int]]] = {}
    for word, tag in _tags().items():
        if tag != "i" or len(word) != 4 or not all(CJK_RE.match(c) for c in word):
            continue
        freq = words.get(word, 0)
        if freq < IDIOM_FREQ:
            continue
        for offset in (0, 2):
            half = word[offset:offset + 2]
            if words.get(half, 0) < ANCHOR_MAX:
                anchors.setdefault(half, []).append((word, offset, freq))
                continue
            if freq < HALF_VARIANT_FREQ:
                continue
            # 叹气 in 唉声叹气 is too common to anchor on: a misspelling of the other half
            # (哀声) would go unseen, so that half's misspellings are anchors themselves.
            other = 2 - offset
            for variant in _half_variants(word[other:other + 2], table, words):
                anchors.setdefault(variant, []).append((word, other, freq))
    return anchors


def _half_variants(half: str, table: dict[str, dict[str, str]],
                   words: dict[str, int]) -> list[str]:
    """The half with one character swapped for a confusable one (not by tone alone), where
    the result is no word: a page rarely holds one, so the anchor costs nothing there."""
    out = []
    for i, ch in enumerate(half):
        for alt, evidence in table.get(ch, {}).items():
            variant = half[:i] + alt + half[i + 1:]
            if evidence != "tone" and words.get(variant, 0) < lexicon.RELIABLE_FREQ:
                out.append(variant)
    return out


def idiom_variant(window: str, idiom: str, freq: int) -> Variant | None:
    """The window as a one-character misspelling of the 成语, with its evidence, or None."""
    wrong = [i for i in range(4) if window[i] != idiom[i]]
    if len(wrong) != 1:
        return None
    want, got = idiom[wrong[0]], window[wrong[0]]
    evidence = confusables.confusable(want, got)
    if evidence is None and lexicon.readings(want) & lexicon.readings(got):
        evidence = "sound"  # 悚/耸: the same reading, missing from the confusion sets
    if evidence is None:
        return None
    variant_freq = lexicon.jieba_words().get(window, 0)
    if not _keep(4, freq, variant_freq, idiom=True):
        return None
    return Variant(idiom, evidence, True, freq, variant_freq)


@cache
def variants() -> dict[str, Variant]:
    """misspelling -> Variant, from the cache when jieba's dictionary and the data are unchanged."""
    key = cachefile.digest(["lexical", 2, confusables.data_key(), IDIOM_FREQ, LONG_FREQ,
                            sorted(PAIR_FREQ.items()), WORD_VARIANT_MAX, WORD_VARIANT_RATIO,
                            sorted(RARE_RATIO.items()), DICTIONARY_VARIANTS, twins.settings()])
    return cachefile.cached("lexical", key, build)


@cache
def idiom_anchors() -> dict[str, list[tuple[str, int, int]]]:
    key = cachefile.digest(["idioms", 2, confusables.data_key(), IDIOM_FREQ, ANCHOR_MAX,
                            HALF_VARIANT_FREQ, DICTIONARY_VARIANTS, IDIOM_DICTIONARY_VARIANTS])
    return cachefile.cached("idiom-anchors", key, build_idioms)
