"""Simplified/traditional mix-ups (category `script_mix`).

On a simplified site, traditional characters are those OpenCC's phrase-aware t2s would change
(so 乾隆 and 皇后 are left alone), minus the characters that t2s changes but that are valid
simplified characters in their own right. On a site configured as traditional the check runs
the other way: characters s2t would change that do not exist in traditional script (Big5-HKSCS).
A page that is mostly in the other script is one page-level finding, not hundreds.
Mongolian script and everything else outside the CJK blocks is never looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from govpatrol.auditors.text.engine import Scan, page_rule
from govpatrol.auditors.text.hits import Hit
from govpatrol.auditors.text.normalise import CJK, convert_same_length

#: Changed by OpenCC t2s, yet valid simplified characters (通用规范汉字表): never findings.
#: The 21 of the design notes, plus seven that GB 2312 (a simplified-only character set)
#: contains and t2s still changes (拚命, 捱过, 奏摺, 规榘, 菸草, 醣类, 麴姓).
VALID_SIMPLIFIED = frozenset("乾剋劄吒夥徵扞於昇氾祕脩苧蒐薳薹袷谿釐陞麽" "拚捱摺榘菸醣麴")

#: A page whose CJK characters are at least this share in the other script is "written in
#: it": one finding for the page.
PAGE_SHARE = 0.3
#: ... provided it has at least this many of them (a short draft is reported run by run).
PAGE_MIN_CHARS = 20
#: More separate runs than this is also reported once for the page.
MAX_RUNS = 20
#: Characters of the same script between two flagged ones that still make one run (國務院).
RUN_GAP = 2


@cache
def _not_traditional(ch: str) -> bool:
    """A character s2t changes and Big5-HKSCS cannot encode exists only in simplified."""
    try:
        ch.encode("big5hkscs")
    except UnicodeEncodeError:
        return True
    return False


def _diff_positions(text: str, other: str, skip: frozenset[str]) -> list[int]:
    """Positions where the two same-length texts differ, except for characters in `skip`;
    lines that are equal are skipped whole, so a clean page costs one comparison."""
    positions: list[int] = []
    offset = 0
    for line, conv in zip(text.split("\n"), other.split("\n"), strict=True):
        if line != conv:
            positions.extend(offset + i for i, (a, b) in enumerate(zip(line, conv, strict=True))
                             if a != b and a not in skip)
        offset += len(line) + 1
    return positions


_HAN_GAP = re.compile(f"[{CJK}]{{0,{RUN_GAP}}}")
_NOT_HAN = re.compile(f"[^{CJK}]+")


def _runs(positions: list[int], text: str, limit: int) -> list[tuple[int, int]]:
    """Merge flagged positions separated by at most RUN_GAP Han characters into one run; past
    `limit` runs the page is reported once, so the rest are not merged."""
    runs: list[tuple[int, int]] = []
    for pos in positions:
        if runs and _HAN_GAP.fullmatch(text, runs[-1][1], pos):
            runs[-1] = (runs[-1][0], pos + 1)
            continue
        if len(runs) == limit:
            break
        runs.append((pos, pos + 1))
    return runs


def _han_count(text: str) -> int:
    return len(_NOT_HAN.sub("", text))


@page_rule("script_mix")
def script_mix(scan: Scan) -> Iterator[Hit]:
    doc = scan.doc
    if scan.options.traditional:
        other = convert_same_length(doc.norm, "s2t")
        if other == doc.norm:
            return
        positions = [p for p in _diff_positions(doc.norm, other, frozenset())
                     if _not_traditional(doc.norm[p])]
        script, wanted, label = "简体", "繁体", "simplified"
    else:
        other = doc.simp
        if other == doc.norm:
            return
        positions = _diff_positions(doc.norm, other, VALID_SIMPLIFIED)
        script, wanted, label = "繁体", "规范简化字", "traditional"
    if not positions:
        return
    share = (len(positions) / max(1, _han_count(doc.norm))
             if len(positions) >= PAGE_MIN_CHARS else 0.0)
    rule = f"script_mix.{label}"
    whole_page = share >= PAGE_SHARE
    runs = _runs(positions[:1] if whole_page else positions, doc.norm, MAX_RUNS + 1)
    if whole_page or len(runs) > MAX_RUNS:
        first = runs[0][0]
        start = doc.original.rfind("\n", 0, first) + 1
        if first - start > 20:
            start = first - 10
        line_end = doc.original.find("\n", first)
        end = min(line_end if line_end != -1 else len(doc.original), start + 30)
        end = max(end, runs[0][1])
        yield Hit("script_mix", f"{rule}_page", "major", start, end,
                  f"页面通篇使用{script}字（{len(positions)}个，占汉字的{share:.0%}），"
                  f"应统一使用{wanted}。", other[start:end])
        return
    for start, end in runs:
        text = doc.original[start:end]
        yield Hit("script_mix", rule, "minor", start, end,
                  f"“{text}”为{script}字，应使用{wanted}“{other[start:end]}”。", other[start:end])
