"""Fuzzy matching of fixed political expressions (typo.fixed_expression).

A canonical phrase written with one character (two in phrases of 10+ characters) replaced by a
same-reading common character or a look-alike is a typo of that phrase. Two ways to find them,
both inside the one automaton pass:
- phrases shorter than LONG: every plausible one-character variant is itself a word of the
  automaton (about 10,000 of them), so a correct page costs nothing extra;
- longer phrases: split into three chunks of 3+ characters ("anchors"); with at most two wrong
  characters one chunk is intact (pigeonhole), and the whole phrase is compared around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from govpatrol.auditors.text import lexicon
from govpatrol.auditors.text.normalise import CJK_RE
from govpatrol.auditors.text.wordlist import Entry

LONG = 10
#: Near-misses whose changed character forms a word this frequent with a neighbour are left
#: alone in short phrases: 法制国家 is wrong for 法治国家, but 法制 is a word.
NEIGHBOUR_WORD_FREQ = 50


@dataclass(frozen=True, slots=True)
class Phrase:
    """A canonical fixed expression, as the scanner sees it (folded, t2s)."""

    key: str
    canonical: str  # as written in the list: the suggestion
    readings: tuple[str, ...]
    entry: Entry

    @property
    def max_subs(self) -> int:
        return 1 if len(self.key) < LONG else 2


LooksAlike = Callable[[str, str], bool]


def plausible(phrase: Phrase, window: str, looks_alike: LooksAlike,
              canonical_keys: frozenset[str]) -> bool:
    """Is `window` (same length) a misspelling of the phrase, and surely not correct text?"""
    if window == phrase.key:
        return False
    wrong = [i for i, (a, b) in enumerate(zip(window, phrase.key, strict=True)) if a != b]
    if len(wrong) > phrase.max_subs:
        return False
    for i in wrong:
        got, want = window[i], phrase.key[i]
        if not CJK_RE.match(got):
            return False
        if not (lexicon.sounds_alike(phrase.readings[i], got) or looks_alike(want, got)):
            return False
        if len(phrase.key) < LONG:
            for a, b in ((i - 1, i + 1), (i, i + 2)):
                if a >= 0 and b <= len(window) and lexicon.is_word(window[a:b],
                                                                   NEIGHBOUR_WORD_FREQ):
                    return False
    return window not in canonical_keys and not lexicon.is_word(window)


def variants(phrase: Phrase, lookalikes: dict[str, frozenset[str]],
             canonical_keys: frozenset[str]) -> Iterator[str]:
    """Every plausible one-character misspelling of a short phrase."""
    groups = lexicon.homophone_groups()
    key = phrase.key
    for i, reading in enumerate(phrase.readings):
        candidates = set(groups.get(reading, ())) | set(lookalikes.get(key[i], ()))
        candidates.discard(key[i])
        for ch in sorted(candidates):
            window = key[:i] + ch + key[i + 1:]
            if plausible(phrase, window, lambda a, b: b in lookalikes.get(a, ()),
                         canonical_keys):
                yield window


def anchors(phrase: Phrase) -> list[tuple[str, int]]:
    """max_subs + 1 chunks of a long phrase, with their offsets."""
    n, parts = len(phrase.key), phrase.max_subs + 1
    bounds = [round(i * n / parts) for i in range(parts + 1)]
    return [(phrase.key[a:b], a) for a, b in zip(bounds, bounds[1:], strict=False)]
