"""The literal text every match of a regular expression contains, to skip a search cheaply.

A profile's patterns (data a user overrides) are searched in every page's text; most pages
contain none of them, and a pattern that starts with a character class (`[\\u4e00-\\u9fff]\\s*ICP`)
makes the regex engine try a match at every Han character. When the pattern's top level has
a run of literal characters (ICP), every match contains it, so a text without that run cannot
match: `str.__contains__` says so far faster than the search. Read from the standard library's
own parse of the pattern (re._parser), never guessed from the pattern's source; a pattern it
cannot read, or one that ignores case, has no literal and is always searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # the regex engine's parser (Python >= 3.11)
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every pattern is searched
    _parser = _sre = None


def required_literal(pattern: re.Pattern[str]) -> str | None:
    """The longest run of literal characters at the pattern's top level (each element of a
    top-level sequence is part of every match), or None: none, case ignored, or unreadable."""
    if _parser is None or pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - a pattern re compiled but this cannot read: search it
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    best, run = "", ""
    for op, value in parsed:
        if op is _sre.LITERAL:
            run += chr(value)
        else:
            best, run = max(best, run, key=len), ""
    best = max(best, run, key=len)
    return best or None


@dataclass(frozen=True)
class Prefiltered:
    """A pattern and the literal every match of it contains (None: always searched)."""

    pattern: re.Pattern[str]
    literal: str | None

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Prefiltered:
        return cls(pattern, required_literal(pattern))

    def search(self, text: str) -> bool:
        """Whether the pattern matches somewhere in `text`: pattern.search, skipped where the
        text lacks the literal (then it cannot match)."""
        if self.literal is not None and self.literal not in text:
            return False
        return self.pattern.search(text) is not None
