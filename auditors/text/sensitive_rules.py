"""Sensitive words (category `sensitive`): reactionary, violence/terror, pornography, gambling,
drugs, cult/superstition, insult.

The automaton scans the squeezed t2s text, so 法*轮*功, 法 轮 功, full-width letters and
traditional forms are all found by one simplified entry. A hit is dropped when its sentence
carries a cue of its category (sensitive_cues.tsv): a government page that says 禁毒, 打击,
反邪教 around a word is fighting it, not spreading it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from govpatrol.auditors.text import lexicon
from govpatrol.auditors.text.boundaries import crosses_word, next_is_noun
from govpatrol.auditors.text.engine import Match, Scan, match_key, match_rule, page_rule
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


#: A number as ads write it: 100, 88.8, 三千, 1万.
_AMOUNT = "(?:[0-9]+(?:\\.[0-9]+)?|[一二两三四五六七八九十百千万]+)[万千百]?"
_GAP = "[^。！？!?\\n]"
#: A private contact: a mobile number or a chat account (an office's 咨询电话 is not one).
_CONTACT = ("(?:1[3-9][0-9]{9}|(?:微信|薇信|v信|vx|wx|qq|扣扣)[号:：]?[ ]?[a-z0-9_-]{5,}"
            "|可验证|可查验|保真|点数)")


@dataclass(frozen=True, slots=True)
class SpamPattern:
    """An ad as it is written: words with amounts and hooks between them, not a fixed phrase."""

    kind: str  # sensitive.<kind>
    severity: str
    pattern: re.Pattern[str]
    what: str  # Chinese, for the message


SPAM_PATTERNS = (
    SpamPattern("gambling", "major", re.compile(
        f"(?:首充|充值|首存|存款)(?:{_GAP}{{0,8}}?)(?:送|赠|返)(?:{_GAP}{{0,6}}?){_AMOUNT}"
        "(?:元|%|倍|彩金)"), "充值返利的博彩广告"),
    SpamPattern("fraud", "major", re.compile(
        f"(?:日赚|日入|日结)(?:过|超)?{_AMOUNT}(?:元|块|万)?"), "“日赚”类兼职刷单诈骗广告"),
    SpamPattern("fraud", "major", re.compile(
        f"(?:代开|出售|专业开)(?:各类|各种|全国|各地|正规)*(?:增值税)?(?:发票|专票|普票)"
        f"(?={_GAP}{{0,20}}?{_CONTACT})"), "代开发票诈骗广告"),
    SpamPattern("fraud", "major", re.compile(
        "(?:办证刻章|刻章办证|办假证|代办(?:各类)?证件|"
        f"(?:办|代办|制作)(?:各类|各种)?(?:毕业证|学位证|学历证|身份证|驾驶证|房产证)"
        f"(?={_GAP}{{0,20}}?{_CONTACT}))"), "办假证诈骗广告"),
    SpamPattern("gambling", "major", re.compile(
        f"(?:加|添加|联系)(?:微信|薇信|v信|vx|wx|qq|扣扣)(?={_GAP}{{0,20}}?"
        "(?:彩金|返水|下注|特码|开奖|博彩|棋牌|百家乐))"
        f"|(?:彩金|返水|下注|特码|博彩|百家乐){_GAP}{{0,20}}?(?:加|添加|联系)"
        "(?:微信|薇信|v信|vx|wx|qq|扣扣)"), "加微信引流的博彩广告"),
)


@page_rule("sensitive.spam")
def spam(scan: Scan) -> Iterator[Hit]:
    """Spam patterns over the page (t2s, same offsets as the original). A cue does not excuse
    them: an ad with an amount and a hook is never a notice about ads."""
    text = scan.doc.simp
    for spam_ in SPAM_PATTERNS:
        for m in spam_.pattern.finditer(text):
            quoted = scan.doc.original[m.start():m.end()]
            yield Hit("sensitive", f"sensitive.{spam_.kind}", spam_.severity, m.start(), m.end(),
                      f"出现{spam_.what}“{quoted}”，请核查是否被篡改或挂马并删除。", "删除")
