"""Generate wordlists/typos_generated.tsv and check wordlists/typos_core.tsv.

    python tools/build_typos.py          # rewrite typos_generated.tsv, check the core list
    python tools/build_typos.py --check  # only check

A developer tool: it lives beside the package, not in it (the word lists are data only).

Source facts: jieba's bundled dictionary (words, frequencies, part-of-speech tags), pypinyin's
readings, and the 3,755 level-1 characters of GB 2312. A candidate is a common four-character
idiom or set phrase (jieba tag i/l) with ONE character replaced by a common character of
exactly the same toned reading: the classic 错别字 of a fixed phrase (再接再厉 -> 再接再励).

Precision first. A candidate is kept only when
- it is not a word of jieba's dictionary (any frequency) nor part of a longer one;
- the new character forms no dictionary word (frequency >= 4) with its neighbours inside the
  candidate, so the string cannot be read as other correct words;
- at an edge position, the rest of the candidate cannot be cut into words on its own (the
  new character could belong to the neighbouring word: 这样的划 in 这样的划分);
- the new character is not a function character (的, 在, 是 ...) that stands alone anywhere;
- it does not occur in the seed documents (real government text);
and at most two per phrase, best-known phrases first.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path

from govpatrol.auditors.text.lexicon import (
    RELIABLE_FREQ,
    common_chars,
    homophone_groups,
    jieba_words,
    phrase_readings,
)
from govpatrol.auditors.text.wordlist import read_tsv

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "wordlists"

SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))  # real government text
OUT = HERE / "typos_generated.tsv"
CORE = HERE / "typos_core.tsv"

SOURCE_TAGS = {"i", "l"}
SOURCE_MIN_FREQ = 20
PER_SOURCE = 2
TARGET = 2200
FUNCTION_CHARS = set("的了在是和与及对把被从向于并或为就也都还要会已之其这该我他她们所将由按以而但"
                     "则因且即使让自此着过得地等个不没无很更最又再才只")


def char_frequency(words: dict[str, int]) -> dict[str, int]:
    freq: dict[str, int] = defaultdict(int)
    for word, f in words.items():
        for ch in word:
            freq[ch] += f
    return freq


def longer_word_substrings(words: dict[str, int]) -> set[str]:
    subs: set[str] = set()
    for word in words:
        if len(word) > 4:
            subs.update(word[i:i + 4] for i in range(len(word) - 3))
    return subs


#: A single character standing as a word this often in jieba's dictionary is a word on its own.
SINGLE_CHAR_WORD_FREQ = 1000


def segmentable(text: str, words: dict[str, int]) -> bool:
    """Can `text` be cut into dictionary words (single characters only if common as words)?
    If the rest of a candidate can, the candidate may be correct text with its changed edge
    character belonging to the neighbouring word (这样的划 in 这样的划分)."""
    ok = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(end):
            piece = text[start:end]
            need = SINGLE_CHAR_WORD_FREQ if len(piece) == 1 else RELIABLE_FREQ
            if ok[start] and words.get(piece, 0) >= need:
                ok[end] = True
                break
    return ok[-1]


def covers_word(candidate: str, pos: int, words: dict[str, int]) -> bool:
    """Does some 2-3 character window of the candidate that contains `pos` form a word?"""
    n = len(candidate)
    for size in (2, 3):
        for start in range(max(0, pos - size + 1), min(pos, n - size) + 1):
            if words.get(candidate[start:start + size], 0) >= RELIABLE_FREQ:
                return True
    return False


def generate(words: dict[str, int], tags: dict[str, str], seeds: str,
             taken: set[str]) -> list[tuple[str, str, str]]:
    common = list(common_chars())
    cfreq = char_frequency(words)
    rank = {ch: i for i, ch in enumerate(sorted(common, key=lambda c: -cfreq.get(c, 0)))}
    groups = homophone_groups()
    substrings = longer_word_substrings(words)
    sources = sorted((w for w, f in words.items() if len(w) == 4 and tags.get(w) in SOURCE_TAGS
                      and f >= SOURCE_MIN_FREQ and all(c in rank for c in w)),
                     key=lambda w: -words[w])
    scored: list[tuple[float, str, str, str]] = []
    for source in sources:
        readings = phrase_readings(source)
        found: list[tuple[float, str, str]] = []
        for pos, reading in enumerate(readings):
            for ch in groups.get(reading, ()):
                if ch == source[pos] or ch in FUNCTION_CHARS or rank.get(ch, 9999) > 2500:
                    continue
                cand = source[:pos] + ch + source[pos + 1:]
                if cand in words or cand in substrings or cand in taken or cand in seeds:
                    continue
                if covers_word(cand, pos, words):
                    continue
                rest = cand[1:] if pos == 0 else cand[:-1] if pos == len(cand) - 1 else ""
                if rest and segmentable(rest, words):
                    continue
                score = math.log(words[source]) - rank[ch] / 1000
                found.append((score, cand, f"{source}（{reading}）"))
        for score, cand, note in sorted(found, reverse=True)[:PER_SOURCE]:
            scored.append((score, cand, source, note))
    scored.sort(reverse=True)
    out: list[tuple[str, str, str]] = []
    used: set[str] = set()
    for _score, cand, source, note in scored:
        if cand in used:
            continue
        used.add(cand)
        out.append((cand, source, note))
        if len(out) >= TARGET:
            break
    return out


def check_core(words: dict[str, int], seeds: str) -> int:
    problems = 0
    for entry in read_tsv(CORE):
        if words.get(entry.word, 0) >= RELIABLE_FREQ:
            print(f"{entry.source}: {entry.word} is a jieba word (freq {words[entry.word]})")
            problems += 1
        if entry.word in seeds:
            print(f"{entry.source}: {entry.word} occurs in the seed documents")
            problems += 1
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report on the lists")
    args = parser.parse_args()
    import os

    import jieba

    words = jieba_words()
    tags: dict[str, str] = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    problems = check_core(words, seeds)
    if args.check:
        return 1 if problems else 0
    taken = {e.word for e in read_tsv(CORE)}
    rows = generate(words, tags, seeds, taken)
    header = (
        "# govpatrol typos_generated.tsv — generated by tools/build_typos.py; do not edit.\n"
        "# Source facts: jieba 0.42.1 dict.txt (idioms/set phrases, tags i/l, freq >= "
        f"{SOURCE_MIN_FREQ}), pypinyin readings, GB 2312 level-1 characters.\n"
        "# Each row: a fixed phrase with one character replaced by a same-reading common\n"
        "# character, kept only if it cannot be read as correct words (see the script).\n"
        "# version: 2025.1\n"
        "word\tcategory\tseverity\tsuggestion\tnote\n"
    )
    body = "".join(f"{cand}\tconfusion\tminor\t{source}\t同音误写 {note}\n"
                   for cand, source, note in rows)
    OUT.write_text(header + body, encoding="utf-8")
    print(f"wrote {len(rows)} pairs to {OUT}; core list problems: {problems}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
