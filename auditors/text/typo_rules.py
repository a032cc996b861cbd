"""Typo rules (category `typo`): confusion pairs, misspelt fixed expressions, doubled
characters, unbalanced paired punctuation, impossible dates.

Every rule leans towards silence: an inspector stops reading a tool that cries wolf.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govpatrol.auditors.text import confusables, fixed, lexical, lexicon, names
from govpatrol.auditors.text.boundaries import crosses_word, next_word, tokens, word_tag
from govpatrol.auditors.text.dates import impossible_dates
from govpatrol.auditors.text.engine import Match, Scan, match_rule, page_rule
from govpatrol.auditors.text.hits import Hit
from govpatrol.auditors.text.wordlist import KINDS, Entry

#: Sensitive entries this short are checked for gluing onto their neighbours
#: (lexicon.edge_glued); confusion pairs always are (这样的划 in 这样的划分).
SHORT = 3


def in_exception(text: str, start: int, end: int, entry: Entry) -> bool:
    """True when the match sits inside one of the entry's `except` phrases (是是非非 for 是是)."""
    return inside_phrase(text, start, end, entry.exceptions)


def inside_phrase(text: str, start: int, end: int, phrases: tuple[str, ...]) -> bool:
    """True when the text around the match [start, end) spells one of `phrases`."""
    word = text[start:end]
    for phrase in phrases:
        at = phrase.find(word)
        while at != -1:
            if text[start - at:start - at + len(phrase)] == phrase:
                return True
            at = phrase.find(word, at + 1)
    return False


def entry_hit(scan: Scan, start: int, end: int, entry: Entry, **fields: str) -> Hit:
    """A Hit for a word-list entry, with the kind's message filled in."""
    kind = KINDS[entry.kind]
    o_start, o_end = scan.original_span(start, end)
    text = scan.doc.original[o_start:o_end]
    values = {"text": text, "suggestion": entry.suggestion, **fields}
    return Hit(kind.category, kind.rule, entry.severity or kind.severity, o_start, o_end,
               kind.message.format(**values), entry.suggestion or None)


@match_rule("confusion", "duplicate")
def confusion(scan: Scan, matches: list[Match]) -> Iterator[Hit]:
    """A listed misspelling, unless it straddles a separator, sits in an exception, or is an
    accident of the words around it. A two-character pair falls when either edge glues into a
    word; a longer misspelling (再接再励, 按部就搬) is distinctive and falls only when the
    segmentation reads through it, not merely because the next word begins with a character
    that would also pair with its last one."""
    sq = scan.doc.squeezed
    for start, end, entry in matches:
        if scan.doc.spans_separator(start, end):
            continue
        if entry.exceptions and in_exception(sq, start, end, entry):
            continue
        if end - start <= 2 and lexicon.edge_glued(sq, start, end):
            continue  # 这样的划分: two characters are too little to go on
        if end - start > 2 and crosses_word(sq, start, end):
            continue
        if entry.kind == "duplicate" and object_then_subject(sq, start, end):
            continue
        yield entry_hit(scan, start, end, entry)


#: Tags (jieba's) of the word before a doubled pronoun that make the first its object: a
#: verb or a preposition (问他他怎么办, 给她她也不要). A lone character before it is mostly one
#: of those too (jieba tags 问 a noun), unless it is a conjunction, adverb, pronoun or particle.
OBJECT_TAKERS = ("v", "p")
NOT_OBJECT_TAKERS = ("c", "d", "r", "u")


def object_then_subject(text: str, start: int, end: int) -> bool:
    """A doubled pronoun that is the object of the words before and the subject of the words
    after (我问他他怎么变了): right, however it looks. 然后他他说 stays a doubling."""
    if end - start != 2 or word_tag(text[start]) != "r":
        return False
    before = [span for span in tokens(text, start, end) if span[1] == start]
    if not before:
        return False
    word = text[before[0][0]:start]
    tag = word_tag(word)
    if tag.startswith(OBJECT_TAKERS):
        return True
    return len(word) == 1 and bool(tag) and not tag.startswith(NOT_OBJECT_TAKERS)


#: What a clause-opening date looks like right after the word (截止2023年底, 截止今年6月).
DATE_AFTER = re.compile(r"\s*(?:\d{1,4}\s*[年月]|[今去明本上]年|[本上]月|年底|年末|当前|现在|目前)")
#: Characters before a word that open a clause (or the text's start).
CLAUSE_OPENERS = frozenset("，。；：！？、（）《》“”\n \t")


def _follows(scan: Scan, start: int, end: int, wanted: str) -> bool:
    sq = scan.doc.squeezed
    if wanted == "date":
        opens = start == 0 or sq[start - 1] in CLAUSE_OPENERS
        return opens and DATE_AFTER.match(sq, end) is not None
    word = next_word(sq, end)
    kind, _, value = wanted.partition(":")
    if kind == "pos":
        return len(word) >= 2 and word_tag(word).startswith(value)
    return word in value.split("|")


@match_rule("context")
def context_rule(scan: Scan, matches: list[Match]) -> Iterator[Hit]:
    """Layer 6: a word that is right or wrong by what follows it (截止 opening a clause before
    a date is 截至; 必需 before a verb is 必须; 截至 before 时间 is 截止), as the 公文
    proofreading guides list them; the word must stand as a word of its own there."""
    sq = scan.doc.squeezed
    for start, end, entry in matches:
        if scan.doc.spans_separator(start, end) or crosses_word(sq, start, end):
            continue
        if entry.exceptions and in_exception(sq, start, end, entry):
            continue
        if _follows(scan, start, end, entry.followed_by):
            yield entry_hit(scan, start, end, entry)


def _edge_changed_and_glued(text: str, start: int, end: int, key: str) -> bool:
    """A variant whose changed character is at an edge and glues onto the neighbour there."""
    words = lexicon.bigram_words()
    if text[start] != key[0] and start > 0 and text[start - 1:start + 1] in words:
        return True
    return text[end - 1] != key[-1] and text[end - 1:end + 1] in words


def _plausible(scan: Scan, phrase: fixed.Phrase, window: str) -> bool:
    engine = scan.engine
    if phrase.entry.kind == "proper_noun":
        return names.plausible(phrase, window, engine.lookalikes, engine.phrase_keys)
    return fixed.plausible(phrase, window, engine.looks_alike, engine.phrase_keys)


@match_rule("fixed_anchor", "fixed_variant")
def fixed_expression(scan: Scan, matches: list[Match]) -> Iterator[Hit]:
    """A fixed political expression, or a name that must be exact, with one or two characters
    replaced by a homophone or a look-alike (auditors/text/fixed.py, names.py): variants are
    reported as found, anchors of long phrases have the whole phrase compared around them."""
    engine = scan.engine
    sq = scan.doc.squeezed
    seen: set[tuple[int, int]] = set()
    verdicts: dict[tuple[int, str], bool] = {}  # a page names the same bodies again and again
    for start, end, (index, offset) in matches:
        phrase = engine.phrases[index]
        kind = KINDS[phrase.entry.kind]
        begin = start - offset
        finish = begin + len(phrase.key)
        if (index, begin) in seen or begin < 0 or finish > len(sq):
            continue
        seen.add((index, begin))
        if end - start != len(phrase.key):
            window = sq[begin:finish]
            verdict = verdicts.get((index, window))
            if verdict is None:
                verdict = verdicts[(index, window)] = _plausible(scan, phrase, window)
            if not verdict:
                continue
        if _edge_changed_and_glued(sq, begin, finish, phrase.key):
            continue
        if scan.doc.spans_separator(begin, finish):
            continue
        o_start, o_end = scan.original_span(begin, finish)
        text = scan.doc.original[o_start:o_end]
        yield Hit(kind.category, kind.rule, phrase.entry.severity or kind.severity, o_start,
                  o_end, kind.message.format(text=text, suggestion=phrase.canonical),
                  phrase.canonical)


def _fits_context(text: str, start: int, end: int, word: str) -> bool:
    """With the word put in, the clause's segmentation keeps it whole, alone or inside a longer
    dictionary word (渡假区 -> 度假区, 英雄气慨 -> 英雄气概): the correction reads as a word in
    its context, not as a fragment of its neighbours."""
    fixed_text = text[:start] + word + text[end:]
    return any(a <= start and end <= b for a, b in tokens(fixed_text, start, end))


def _lexical_message(text: str, found: lexical.Variant) -> str:
    label = confusables.LABELS.get(found.evidence, "近似字")
    what = "成语" if found.idiom else "常用词"
    rarity = (f"词典中仅见{found.variant_freq}次" if found.variant_freq
              else "不成词")
    if found.wordfreq_ratio:  # twins.py: two frequency sources agree
        rarity += (f"；“{found.word}”在jieba词典中是“{text}”的"
                   f"{found.word_freq / found.variant_freq:.0f}倍，在wordfreq语料中是其"
                   f"{found.wordfreq_ratio:.0f}倍")
    return (f"疑似错别字“{text}”，应为{what}“{found.word}”（{label}；“{found.word}”词频"
            f"{found.word_freq}，“{text}”{rarity}）。")


#: A variant that splits into words at least this frequent reads as those words (的人, 这间,
#: 怎么养): not evidence of a misspelling, however frequent its one-character neighbour.
READABLE_FREQ = 1000


def _reads_as_words(text: str) -> bool:
    words = lexicon.frequent_words(READABLE_FREQ)
    return any(text[:i] in words and text[i:] in words for i in range(1, len(text)))


def _lexical_hit(scan: Scan, start: int, end: int, found: lexical.Variant) -> Hit | None:
    sq = scan.doc.squeezed
    if scan.doc.spans_separator(start, end):
        return None
    if end - start <= 2 and lexicon.edge_glued(sq, start, end):
        return None
    if not found.idiom and not found.wordfreq_ratio and _reads_as_words(sq[start:end]):
        return None
    if crosses_word(sq, start, end) or not _fits_context(sq, start, end, found.word):
        return None
    o_start, o_end = scan.original_span(start, end)
    text = scan.doc.original[o_start:o_end]
    rule = "typo.idiom" if found.idiom else "typo.lexical"
    return Hit("typo", rule, "minor", o_start, o_end, _lexical_message(text, found), found.word)


@match_rule("lexical")
def lexical_variant(scan: Scan, matches: list[Match]) -> Iterator[Hit]:
    """A span one confusable character away from a far more frequent word (lexical.py), kept
    only when the context agrees: no neighbour glues onto it, and the word fits the clause."""
    for start, end, found in matches:
        hit = _lexical_hit(scan, start, end, found)
        if hit is not None:
            yield hit


@match_rule("idiom_anchor")
def idiom_near_miss(scan: Scan, matches: list[Match]) -> Iterator[Hit]:
    """Half of a 成语 found: is the four-character window around it that 成语 with one
    character swapped for a confusable one (一股作气, 滥芋充数)?"""
    sq = scan.doc.squeezed
    seen: set[int] = set()
    for start, _end, idioms in matches:
        for idiom, offset, freq in idioms:
            begin = start - offset
            window = sq[begin:begin + 4] if begin >= 0 else ""
            if len(window) != 4 or begin in seen:
                continue
            found = lexical.idiom_variant(window, idiom, freq)
            if found is None:
                continue
            hit = _lexical_hit(scan, begin, begin + 4, found)
            if hit is not None:
                seen.add(begin)
                yield hit


@page_rule("typo.date")
def dates(scan: Scan) -> Iterator[Hit]:
    for bad in impossible_dates(scan.doc.norm):
        text = scan.doc.original[bad.start:bad.end]
        yield Hit("typo", "typo.date", "minor", bad.start, bad.end,
                  f"日期“{text}”不存在：{bad.reason}。")


# Paired punctuation. ASCII and full-width parentheses pair with each other: mixing widths is
# untidy, not unbalanced.
_OPEN = {"《": "《", "〈": "〈", "“": "“", "（": "（", "(": "（", "【": "【", "「": "「",
         "『": "『"}
_CLOSE = {"》": "《", "〉": "〈", "”": "“", "）": "（", ")": "（", "】": "【", "」": "「",
          "』": "『"}
_NAMES = {"《": "书名号《》", "〈": "书名号〈〉", "“": "引号“”", "（": "括号（）",
          "【": "方括号【】", "「": "引号「」", "『": "引号『』"}
_PAIR_CHARS = "".join(_OPEN) + "".join(_CLOSE)
_PUNCT_RE = re.compile("[" + re.escape(_PAIR_CHARS) + "。！？\n]")
#: Brackets that a sentence end closes: a title never runs past 。, a quotation may.
_SENTENCE_BOUND = {"《", "〈", "【"}
#: An open quotation or parenthesis still open this far on is reported and dropped.
MAX_OPEN = 300
#: "1）", "a)", "二）" at the start of an item are list markers, not half a pair.
_MARKER_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz一二三四五六七八九十")
_MARKER_BEFORE = frozenset(" \t\n，,。；;：:、")


def _list_marker(text: str, pos: int) -> bool:
    i = pos
    while i > 0 and pos - i < 3 and text[i - 1] in _MARKER_CHARS:
        i -= 1
    return i < pos and (i == 0 or text[i - 1] in _MARKER_BEFORE)


def _balanced_counts(text: str) -> bool:
    """Fast path: most pages have as many openers as closers of every kind."""
    totals: dict[str, int] = {}
    for ch in _OPEN:
        if ch in text:
            totals[_OPEN[ch]] = totals.get(_OPEN[ch], 0) + text.count(ch)
    for ch in _CLOSE:
        if ch in text:
            totals[_CLOSE[ch]] = totals.get(_CLOSE[ch], 0) - text.count(ch)
    return not any(totals.values())


def _fragment(text: str, start: int, end: int, limit: int = 20) -> tuple[int, int]:
    end = min(end, start + limit)
    stop = text.find("\n", start, end)
    return start, (stop if stop != -1 else end)


def _unclosed(scan: Scan, pos: int, until: int, opener: str) -> Hit:
    start, end = _fragment(scan.doc.original, pos, until)
    text = scan.doc.original[start:end]
    return Hit("typo", "typo.punctuation", "minor", start, end,
               f"{_NAMES[opener]}不成对：“{text}”处的“{scan.doc.original[pos]}”没有对应的后半个。")


def _unopened(scan: Scan, pos: int, sentence_start: int) -> Hit:
    start = max(sentence_start, pos - 19)
    line = scan.doc.original.rfind("\n", start, pos)
    start = line + 1 if line != -1 else start
    text = scan.doc.original[start:pos + 1]
    closer = scan.doc.original[pos]
    return Hit("typo", "typo.punctuation", "minor", start, pos + 1,
               f"{_NAMES[_CLOSE[closer]]}不成对：“{text}”中的“{closer}”没有对应的前半个。")


@page_rule("typo.punctuation")
def punctuation(scan: Scan) -> Iterator[Hit]:
    """Unbalanced 《》“”（） within a sentence; line breaks are ignored because extracted
    text often breaks a title across lines (《中华人民共和国政\\n府信息公开条例》)."""
    text = scan.doc.norm
    if _balanced_counts(text):
        return
    stack: list[tuple[str, int]] = []
    sentence_start = 0
    for match in _PUNCT_RE.finditer(text):
        ch, pos = match.group(), match.start()
        while stack and pos - stack[0][1] > MAX_OPEN:
            kind, at = stack.pop(0)
            yield _unclosed(scan, at, pos, kind)
        if ch == "\n":
            continue
        if ch in "。！？":
            if any(kind in _SENTENCE_BOUND for kind, _ in stack):
                for kind, at in stack:
                    yield _unclosed(scan, at, pos, kind)
                stack.clear()
            if not stack:
                sentence_start = pos + 1
            continue
        if ch in _OPEN:
            kind = _OPEN[ch]
            if kind in ("“", "《") and any(k == kind for k, _ in stack):
                at = next(a for k, a in stack if k == kind)  # these never nest: the first is open
                yield _unclosed(scan, at, pos, kind)
                stack = [(k, a) for k, a in stack if a != at]
            stack.append((kind, pos))
            continue
        kind = _CLOSE[ch]
        if any(k == kind for k, _ in stack):
            while stack:
                k, at = stack.pop()
                if k == kind:
                    break
                yield _unclosed(scan, at, pos, k)
        elif not (kind == "（" and _list_marker(text, pos)):
            yield _unopened(scan, pos, sentence_start)
        if not stack:
            sentence_start = pos + 1
    for kind, at in stack:
        yield _unclosed(scan, at, len(text), kind)
