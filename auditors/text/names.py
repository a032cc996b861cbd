"""Near misses of names that must be exact (typo.proper_noun, issue 11 layer 4).

An institution, a meeting or a leader's name written with one character (two in names of
fixed.LONG+ characters) swapped for one that reads the same or looks alike (国务院办工厅,
发展和改革委员汇, a mayor's 建 written 健) is a serious error: inspectors class a wrong name
with the wrong political expressions. The names are data (wordlists/proper_nouns.tsv, category
`proper_noun`; users add their own leaders and bodies in their lists).

The evidence is broader than a fixed expression's (fixed.py: the main reading, the hand list
of look-alikes): a name is exact by definition, so any reading a character can take, and the
confusion sets (confusables.py: same pinyin, same strokes, one phonetic series) count too.
Short names go into the automaton as all their plausible variants, long ones by anchors,
exactly as fixed expressions do (fixed.variants, fixed.anchors); this module only says which
character may stand for which, and which window is a misspelling rather than other words.
"""

from __future__ import annotations

from collections.abc import Iterator

from govpatrol.auditors.text import confusables, fixed, lexicon
from govpatrol.auditors.text.fixed import Phrase
from govpatrol.auditors.text.normalise import CJK_RE

#: Names shorter than this are not matched fuzzily (two characters: 李强 has too many
#: legitimate neighbours); a leader's three-character name is.
MIN_LENGTH = 3
#: Evidence kinds of confusables.py that make a swap plausible in a name ("tone" is too weak:
#: another tone is usually another word).
EVIDENCE = ("sound", "shape", "series")
#: Names this short may have a variant that reads as other words (see plausible).
SHORT = 4


def evidence(want: str, got: str, lookalikes: dict[str, frozenset[str]]) -> str | None:
    """Why `got` may be a misspelling of `want` in a name (a confusables.LABELS key), or None."""
    if lexicon.readings(want) & lexicon.readings(got):
        return "sound"
    kind = confusables.confusable(want, got)
    if kind in EVIDENCE:
        return kind
    return "shape" if got in lookalikes.get(want, ()) else None


def candidates(ch: str, lookalikes: dict[str, frozenset[str]]) -> set[str]:
    """Every common character that may be written for `ch` in a name."""
    groups = lexicon.homophone_groups()
    out = {alt for alt, kind in confusables.table().get(ch, {}).items() if kind in EVIDENCE}
    for reading in lexicon.readings(ch):
        out.update(groups.get(reading, ()))
    out.update(lookalikes.get(ch, ()))
    out.discard(ch)
    return out


def plausible(name: Phrase, window: str, lookalikes: dict[str, frozenset[str]],
              name_keys: frozenset[str]) -> bool:
    """Is `window` (same length) the name misspelt, and surely not other correct words?

    Refused: a window that is itself a listed name or phrase or a dictionary word, and, in a
    name of up to SHORT characters, a swap whose new character forms a frequent word with its
    neighbour inside the window (the window may then read as other words: the test fixed
    expressions pass). A longer name is too specific for that: 卫生建康委员会 is no other
    words for 建康 being one, and 人民检查院 none for 检查."""
    if len(window) != len(name.key) or window == name.key:
        return False
    wrong = [i for i, (a, b) in enumerate(zip(window, name.key, strict=True)) if a != b]
    if len(wrong) > name.max_subs:
        return False
    for i in wrong:
        if not CJK_RE.match(window[i]) or evidence(name.key[i], window[i], lookalikes) is None:
            return False
        if len(window) > SHORT:
            continue
        for a, b in ((i - 1, i + 1), (i, i + 2)):
            if a >= 0 and b <= len(window) and lexicon.is_word(window[a:b],
                                                               fixed.NEIGHBOUR_WORD_FREQ):
                return False
    return window not in name_keys and not lexicon.is_word(window)


def variants(name: Phrase, lookalikes: dict[str, frozenset[str]],
             name_keys: frozenset[str]) -> Iterator[str]:
    """Every plausible one-character misspelling of a name shorter than fixed.LONG."""
    key = name.key
    for i, ch in enumerate(key):
        for alt in sorted(candidates(ch, lookalikes)):
            window = key[:i] + alt + key[i + 1:]
            if plausible(name, window, lookalikes, name_keys):
                yield window
