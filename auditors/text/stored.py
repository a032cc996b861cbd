"""A page's text scan as data: the key it is valid for and its hits in a storable form.

The scan (engine.run_scan) is a pure function of the text, the compiled word lists, the
options, the date the page is judged by and `as_of`. `scan_key` digests exactly those, so a
scan stored by the prescan worker (govpatrol/prescan.py) is used by the audit only when every
input is the same: an edited word list or whitelist, another `as_of` or a changed text gives
another key, and the page is scanned again inline.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import lru_cache

from govpatrol.auditors.text.engine import TextOptions, get_engine
from govpatrol.auditors.text.hits import Hit

#: Bumped when what a stored hit list means changes in a way the engine digest would not show.
FORMAT = 1


def scan_key(text: str, options: TextOptions, when: date | None,
             as_of: date | None) -> str | None:
    """The digest a stored scan of `text` must carry to be used; None when the engine has no
    content digest (a list that could not be read: nothing is stored or used then)."""
    digest = getattr(get_engine(options), "digest", None)
    if digest is None:
        return None
    h = _head(digest, options.traditional, when, as_of).copy()
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@lru_cache(maxsize=256)
def _head(digest: str, traditional: bool, when: date | None,
          as_of: date | None) -> hashlib.blake2b:
    """The hash of everything in a key but the text: the same for every page of a day (a few
    hundred days on a site), copied per page instead of formatted and hashed again."""
    head = (f"{FORMAT}|{digest}|{int(traditional)}|"
            f"{when.isoformat() if when else '-'}|{as_of.isoformat() if as_of else '-'}|")
    return hashlib.blake2b(head.encode("ascii"), digest_size=16)


def dump_hits(hits: tuple[Hit, ...] | list[Hit]) -> str:
    """JSON rows, one per hit, in the engine's order (ASCII-escaped: any text stores)."""
    return json.dumps([[h.category, h.rule, h.severity, h.start, h.end, h.message,
                        h.suggestion, h.text] for h in hits], separators=(",", ":"))


def load_hits(data: str) -> tuple[Hit, ...]:
    """The hits `dump_hits` wrote, equal to the scanned ones field by field."""
    return tuple(Hit(*row) for row in json.loads(data))
