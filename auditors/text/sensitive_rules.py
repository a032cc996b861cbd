"""Sensitive words (category `sensitive`): reactionary, violence/terror, pornography, gambling,
drugs, cult/superstition, insult.

The automaton scans the squeezed t2s text, so 法*轮*功, 法 轮 功, full-width letters and
traditional forms are all found by one simplified entry. A hit is dropped when its sentence
carries a cue of its category (sensitive_cues.tsv): a government page that says 禁毒, 打击,
反邪教 around a word is fighting it, not spreading it.
"""

from __future__ import annotations

from collections.abc import Iterator

from govpatrol.auditors.text import lexicon
from govpatrol.auditors.text.boundaries import crosses_word
from govpatrol.auditors.text.engine import Match, Scan, match_rule
from govpatrol.auditors.text.hits import Hit
from govpatrol.auditors.text.typo_rules import entry_hit, in_exception

SENTENCE_ENDS = "。！？!?；;\n"
SENTENCE_REACH = 120  # characters searched each way for the sentence's ends


def sentence_span(text: str, start: int, end: int, ends: str = SENTENCE_ENDS,
                  reach: int = SENTENCE_REACH) -> tuple[int, int]:
    """The sentence around [start, end), bounded to `reach` characters each way."""
    left = max(0, start - reach)
    s = max((text.rfind(ch, left, start) for ch in ends), default=-1)
    s = s + 1 if s != -1 else left
    right = min(len(text), end + reach)
    stops = [i for i in (text.find(ch, end, right) for ch in ends) if i != -1]
    return s, (min(stops) if stops else right)


def has_cue(scan: Scan, kind: str, start: int, end: int) -> bool:
    cues = scan.engine.cues_for(kind)
    if not cues:
        return False
    s, e = sentence_span(scan.doc.squeezed, start, end)
    # The match itself is left out: 网上赌博 must not excuse itself through its own 赌博.
    before, after = scan.doc.squeezed[s:start], scan.doc.squeezed[end:e]
    return any(cue in before or cue in after for cue in cues)


def accidental(text: str, start: int, end: int) -> bool:
    """Is the listed word only an accident of the words around it? Two characters are too
    little to go on, so any edge that glues into a word silences them (平台独立, 修改运行); a
    longer name is distinctive and falls only when the clause's segmentation reads through it
    (统一/教育), not because its last character also begins a word (全能神/教会)."""
    if end - start <= 2 and lexicon.edge_glued(text, start, end):
        return True
    return crosses_word(text, start, end)


@match_rule("reactionary", "violence", "pornography", "gambling", "drugs", "cult", "insult")
def sensitive(scan: Scan, matches: list[Match]) -> Iterator[Hit]:
    sq = scan.doc.squeezed
    for start, end, entry in matches:
        if entry.exceptions and in_exception(sq, start, end, entry):
            continue
        if accidental(sq, start, end):
            continue
        if has_cue(scan, entry.kind, start, end):
            continue
        yield entry_hit(scan, start, end, entry)
