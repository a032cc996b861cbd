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
from govpatrol.auditors.text.boundaries import crosses_word, next_is_noun
from govpatrol.auditors.text.engine import Match, Scan, match_key, match_rule
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


#: An oath that is also "someone's mother's": followed by a noun it is the possessive.
POSSESSIVE_TAIL = "妈的"
#: Warning words that also dress up spam (温馨提醒：…开奖, 出售冰毒，远离烦恼): they excuse a hit
#: only inside its own clause, where they govern it (请远离毒品, 举报六合彩).
NEAR_CUES = ("提醒", "远离", "举报", "拒绝", "切勿", "谨防", "警示", "劝诫", "警惕", "防范")
CLAUSE_ENDS = SENTENCE_ENDS + "，,：:、"
_HOOKS: dict[tuple, tuple[str, ...]] = {}


def spam_hooks(scan: Scan) -> tuple[str, ...]:
    """The `spam_hook` entries of the lists, as scanned (built once per engine)."""
    hooks = _HOOKS.get(scan.engine.key)
    if hooks is None:
        hooks = tuple(match_key(e.word) for e in scan.engine.entries if e.kind == "spam_hook")
        if len(_HOOKS) >= 8:
            _HOOKS.pop(next(iter(_HOOKS)))
        _HOOKS[scan.engine.key] = hooks
    return hooks


def has_cue(scan: Scan, kind: str, start: int, end: int) -> bool:
    """Is the sentence about fighting the hit? A cue of its category says so, unless the
    sentence carries an advertiser's hook (then the cue is part of the ad), and a warning word
    (NEAR_CUES) counts only in the hit's own clause."""
    cues = scan.engine.cues_for(kind)
    if not cues:
        return False
    text = scan.doc.squeezed
    s, e = sentence_span(text, start, end)
    # The match itself is left out: 网上赌博 must not excuse itself through its own 赌博.
    before, after = text[s:start], text[end:e]
    if any(h in before or h in after for h in spam_hooks(scan)):
        return False
    cs, ce = sentence_span(text, start, end, CLAUSE_ENDS)
    near_before, near_after = text[max(s, cs):start], text[end:min(e, ce)]
    for cue in cues:
        if cue in NEAR_CUES:
            if cue in near_before or cue in near_after:
                return True
        elif cue in before or cue in after:
            return True
    return False


def _latin_glued(text: str, start: int, end: int) -> bool:
    """A Latin spelling (falungong) inside a longer run of letters is some other word."""
    return (text[start].isascii() and text[start].isalpha() and start > 0
            and text[start - 1].isascii() and text[start - 1].isalpha()) or (
        text[end - 1].isascii() and text[end - 1].isalpha() and end < len(text)
        and text[end].isascii() and text[end].isalpha())


def accidental(text: str, start: int, end: int) -> bool:
    """Is the listed word only an accident of the words around it? Two characters are too
    little to go on, so any edge that glues into a word silences them (平台独立, 修改运行); a
    longer name is distinctive and falls only when the clause's segmentation reads through it
    (统一/教育), not because its last character also begins a word (全能神/教会)."""
    if end - start <= 2 and lexicon.edge_glued(text, start, end):
        return True
    if _latin_glued(text, start, end):
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
        if entry.word.endswith(POSSESSIVE_TAIL) and next_is_noun(sq, end):
            continue  # 他妈的电话: 他妈 + 的 + a noun is a possessive, not an oath
        if has_cue(scan, entry.kind, start, end):
            continue
        yield entry_hit(scan, start, end, entry)
