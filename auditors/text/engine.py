"""The one engine behind every text auditor.

Per run: the word lists (bundled + the user's) are read and compiled into ONE Aho-Corasick
automaton, cached at module level by the lists' paths, sizes and mtimes plus the whitelist, and
on disk (cachefile) by a digest of the lists' contents, the code that compiles them and the
libraries it reads: a new process loads the compiled engine instead of rebuilding it.
Per page: the text is prepared once (normalise.prepare), scanned once by the automaton, and the
matches are handed to the rules registered for their kind; page-level rules (dates,
punctuation, script) read the same prepared text. The result is cached by the text's digest,
so the typo, sensitive, expression and script auditors, each walking all pages, share one pass.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

import govpatrol
from govpatrol.auditors.text import (
    cachefile,
    confusables,
    fixed,
    lexical,
    lexicon,
    names,
    twins,
)
from govpatrol.auditors.text.fixed import Phrase
from govpatrol.auditors.text.hits import Hit
from govpatrol.auditors.text.normalise import CJK_RE, Prepared, convert_same_length, fold, prepare
from govpatrol.auditors.text.wordlist import CUE_PREFIX, KINDS, Entry, read_tsv, resolve_paths

#: Modules whose import registers rules (the registry below); one module per concern.
RULE_MODULES = (
    "govpatrol.auditors.text.typo_rules",
    "govpatrol.auditors.text.sensitive_rules",
    "govpatrol.auditors.text.expression_rules",
    "govpatrol.auditors.text.script_rules",
)

Match = tuple[int, int, Any]  # squeezed start, end, payload (an Entry, or an anchor)
MatchRule = Callable[["Scan", list[Match]], Iterable[Hit]]
PageRule = Callable[["Scan"], Iterable[Hit]]

MATCH_RULES: dict[str, MatchRule] = {}
PAGE_RULES: dict[str, PageRule] = {}


def match_rule(*kinds: str) -> Callable[[MatchRule], MatchRule]:
    """Register the function that judges automaton matches of these kinds."""

    def register(func: MatchRule) -> MatchRule:
        for kind in kinds:
            MATCH_RULES[kind] = func
        return func

    return register


def page_rule(name: str) -> Callable[[PageRule], PageRule]:
    """Register a whole-page pass (regular expressions, script comparison)."""

    def register(func: PageRule) -> PageRule:
        PAGE_RULES[name] = func
        return func

    return register


@dataclass(frozen=True, slots=True)
class TextOptions:
    """What a site's config may change (wordlists/README.md documents the keys)."""

    wordlists: tuple[str, ...] = ()
    whitelist: tuple[str, ...] = ()
    traditional: bool = False
    base: str | None = None  # folder that relative word-list paths are relative to

    @classmethod
    def from_config(cls, site_config: dict[str, Any] | None) -> TextOptions:
        cfg = site_config or {}
        base = cfg.get("config_dir")

        def strings(key: str) -> tuple[str, ...]:
            value = cfg.get(key) or ()
            return (value,) if isinstance(value, str) else tuple(str(v) for v in value)

        return cls(wordlists=strings("wordlists"), whitelist=strings("whitelist"),
                   traditional=bool(cfg.get("traditional", False)),
                   base=str(base) if base else None)


def match_key(word: str) -> str:
    """The form a list word takes in the automaton: the same folding the page text gets."""
    return convert_same_length(fold(word), "t2s")


@dataclass
class Engine:
    """Compiled word lists: one automaton and the side tables the rules consult."""

    key: tuple
    automaton: Any
    phrases: list[Phrase]
    phrase_keys: frozenset[str]
    cues: dict[str, tuple[str, ...]]
    lookalikes: dict[str, frozenset[str]]
    entries: list[Entry] = field(repr=False, default_factory=list)
    #: disk_key of what it was built from: the part of a stored scan's key (stored.py) that
    #: says which lists, whitelist and code scanned it; None when unknown
    digest: str | None = None

    def cues_for(self, kind: str) -> tuple[str, ...]:
        return self.cues.get(kind, ()) + self.cues.get("*", ())

    def looks_alike(self, a: str, b: str) -> bool:
        return b in self.lookalikes.get(a, ())


#: The commonest non-Han characters of Chinese web text, primed before the Han ones: a
#: character the automaton's root does not know costs a scan of all its children.
PRIME_FIRST = ("，。、\n 的；：“”（）《》！？0123456789-—.%/〔〕:,()[]【】·…_=?&\t"
               "etaoinshrdlcumwfgypbvkjxqz")


#: Entry kinds matched as whole phrases with near misses (fixed.py, names.py): their minimum
#: length (pure Han); shorter entries of these kinds are not matched at all.
PHRASE_MIN = {"fixed_expression": 4, "proper_noun": names.MIN_LENGTH}


def build_engine(options: TextOptions) -> Engine:
    base = Path(options.base) if options.base else None
    paths = resolve_paths(options.wordlists, base)
    entries: list[Entry] = []
    for path in paths:
        entries.extend(read_tsv(path))
    entries.extend(Entry(word=w, kind="allow", severity="info", suggestion="",
                         source="config:whitelist") for w in options.whitelist if w.strip())

    words: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    cues: dict[str, list[str]] = defaultdict(list)
    lookalikes: dict[str, set[str]] = defaultdict(set)
    phrases: list[Phrase] = []
    for entry in entries:
        key = match_key(entry.word)
        if entry.kind.startswith(CUE_PREFIX):
            cues[entry.kind[len(CUE_PREFIX):]].append(key)
        elif entry.kind == "lookalike":
            group = [c for c in entry.word if CJK_RE.match(c)]
            for ch in group:
                lookalikes[ch].update(c for c in group if c != ch)
        elif entry.kind in PHRASE_MIN:
            if len(key) >= PHRASE_MIN[entry.kind] and all(CJK_RE.match(c) for c in key):
                phrases.append(Phrase(key, entry.word, lexicon.phrase_readings(key), entry))
        elif entry.kind == "allow" or KINDS[entry.kind].scanned:
            words[key].append((entry.kind, entry))
    frozen_alike = {k: frozenset(v) for k, v in lookalikes.items()}
    phrase_keys = frozenset(p.key for p in phrases)
    for index, phrase in enumerate(phrases):
        if len(phrase.key) < fixed.LONG:
            found = (names.variants(phrase, frozen_alike, phrase_keys)
                     if phrase.entry.kind == "proper_noun"
                     else fixed.variants(phrase, frozen_alike, phrase_keys))
            for variant in found:
                words[variant].append(("fixed_variant", (index, 0)))
        else:
            for chunk, offset in fixed.anchors(phrase):
                words[chunk].append(("fixed_anchor", (index, offset)))

    for variant, found in lexical.variants().items():
        words[variant].append(("lexical", found))
    for anchor, idioms in lexical.idiom_anchors().items():
        words[anchor].append(("idiom_anchor", tuple(idioms)))

    automaton = ahocorasick.Automaton()
    for ch in PRIME_FIRST + "".join(lexicon.char_order()):  # see lexicon.char_order
        automaton.add_word(ch + "\uffff", None)
    for word, payloads in words.items():
        automaton.add_word(word, (len(word), tuple(payloads)))
    automaton.make_automaton()
    return Engine(
        key=engine_key(options), automaton=automaton, phrases=phrases, phrase_keys=phrase_keys,
        cues={k: tuple(v) for k, v in cues.items()}, lookalikes=frozen_alike, entries=entries,
    )


def engine_key(options: TextOptions) -> tuple:
    """Word-list files (path, size, mtime) + whitelist: a list edited mid-run gets a new engine."""
    base = Path(options.base) if options.base else None
    stamp = []
    for path in resolve_paths(options.wordlists, base):
        try:
            st = path.stat()
            stamp.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            stamp.append((str(path), -1, -1))  # read_tsv will report it
    return (tuple(stamp), options.whitelist)


#: Bumped when what an Engine holds changes shape in a way the source digest would not show.
CACHE_FORMAT = 1
#: The modules whose code decides what build_engine derives from the lists.
DERIVING_MODULES = ("engine.py", "fixed.py", "lexicon.py", "normalise.py", "wordlist.py",
                    "lexical.py", "confusables.py", "names.py", "twins.py")
#: Libraries whose data or pickle format the engine depends on, stamped by their files.
LIBRARIES = ("pypinyin", "opencc", "ahocorasick")


def _library_stamps() -> list[tuple[str, int, int]]:
    stamps = []
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        stamps.append(cachefile.file_stamp(spec.origin if spec else None))
    return stamps


def disk_key(options: TextOptions) -> str | None:
    """Digest of everything build_engine reads: the lists' paths and contents, the whitelist,
    the deriving code, jieba's dictionary, the libraries and govpatrol's version. None when a
    list cannot be read: build_engine then raises the WordlistError that names it."""
    base = Path(options.base) if options.base else None
    parts: list[object] = ["engine", CACHE_FORMAT, cachefile.RUNTIME, govpatrol.__version__,
                           lexicon.lexicon_key(), confusables.data_key(), twins.data_key(),
                           _library_stamps(),
                           options.whitelist]
    here = resources.files("govpatrol.auditors.text")
    try:
        parts.extend((here / name).read_bytes() for name in DERIVING_MODULES)
        for path in resolve_paths(options.wordlists, base):
            parts.extend((str(path), path.read_bytes()))
    except OSError:
        return None
    return cachefile.digest(parts)


def load_engine(options: TextOptions) -> Engine:
    """The engine from the disk cache when its inputs are unchanged, else built and stored."""
    key = disk_key(options)
    if key is None:
        return build_engine(options)
    engine = cachefile.cached("engine", key, lambda: build_engine(options))
    engine.key = engine_key(options)
    engine.digest = key
    return engine


_ENGINES: dict[tuple, Engine] = {}
_RECENT: dict[TextOptions, tuple[float, Engine]] = {}
RESTAT_SECONDS = 2.0  # how often the lists' files are looked at again for edits


def get_engine(options: TextOptions) -> Engine:
    """The compiled engine for these options, built at most once per run (and again only
    when a list file changes); checking the files costs a few stat calls, so not per page."""
    now = time.monotonic()
    recent = _RECENT.get(options)
    if recent is not None and now - recent[0] < RESTAT_SECONDS:
        return recent[1]
    key = engine_key(options)
    engine = _ENGINES.get(key)
    if engine is None:
        _load_rules()
        if len(_ENGINES) >= 8:
            _ENGINES.pop(next(iter(_ENGINES)))
        engine = _ENGINES[key] = load_engine(options)
    _RECENT[options] = (now, engine)
    return engine


def _load_rules() -> None:
    for name in RULE_MODULES:
        importlib.import_module(name)


@dataclass
class Scan:
    """One page being checked: its prepared text, the engine, and what the rules need."""

    doc: Prepared
    engine: Engine
    options: TextOptions
    published: date | None
    as_of: date | None

    @cached_property
    def when(self) -> date | None:
        """The page's date: as stored, else the sign-off date line of the document itself."""
        if self.published:
            return self.published
        from govpatrol.auditors.text.dates import signoff_date

        inferred = signoff_date(self.doc.norm)
        if inferred and self.as_of and inferred > self.as_of:
            return None
        return inferred

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.doc.to_original(start, end)


def _matches(scan: Scan) -> dict[str, list[Match]]:
    found: dict[str, list[Match]] = defaultdict(list)
    for end, value in scan.engine.automaton.iter(scan.doc.squeezed):
        if value is None:
            continue
        length, payloads = value
        start = end - length + 1
        for kind, payload in payloads:
            found[kind].append((start, end + 1, payload))
    return found


#: Rule order when two hits of one category cover the same text: the first listed wins; a
#: listed entry before a generated one (typo.lexical).
RULE_PRIORITY = ("typo.proper_noun", "typo.fixed_expression", "expression.banned_usage",
                 "typo.confusion", "typo.duplicate")
#: Rules whose span is a stretch of text, not a word: they neither hide nor are hidden.
SPAN_RULES = frozenset({"typo.punctuation", "typo.date"})


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Within a category, drop a word hit that lies inside another's (工商总局 in
    国家工商总局, 贯切 in 贯切落实); on equal spans the rule earlier in RULE_PRIORITY wins."""

    def rank(h: Hit) -> tuple:
        prio = RULE_PRIORITY.index(h.rule) if h.rule in RULE_PRIORITY else len(RULE_PRIORITY)
        return (h.start, -(h.end - h.start), prio)

    kept: list[Hit] = []
    reach: dict[str, int] = {}
    for hit in sorted(hits, key=rank):
        if hit.rule in SPAN_RULES or hit.category == "script_mix":
            kept.append(hit)
            continue
        if reach.get(hit.category, -1) >= hit.end:
            continue
        kept.append(hit)
        reach[hit.category] = max(reach.get(hit.category, -1), hit.end)
    return kept


def _allowed_spans(scan: Scan, allow: list[Match]) -> list[tuple[int, int]]:
    return [scan.original_span(s, e) for s, e, _ in allow]


def run_scan(text: str, options: TextOptions, *, published: date | None = None,
             as_of: date | None = None) -> list[Hit]:
    """Every text rule over one page, no cache. The findings' offsets are the original's."""
    scan = Scan(prepare(text), get_engine(options), options, published, as_of)
    found = _matches(scan)
    hits: list[Hit] = []
    for kind, matches in found.items():
        rule = MATCH_RULES.get(kind)
        if rule is not None:
            hits.extend(rule(scan, matches))
    for rule in PAGE_RULES.values():
        hits.extend(rule(scan))
    allowed = _allowed_spans(scan, found.get("allow", []))
    if allowed:
        hits = [h for h in hits if not any(a <= h.start and h.end <= b for a, b in allowed)]
    return _dedupe(hits)


_CACHE: dict[tuple, tuple[Hit, ...]] = {}
#: Texts. The audit's four text auditors share one scan a page without it (`_scan_once`);
#: this serves a caller checking one text category by category (the `check` functions)
#: and the same text met again soon after. Small, so the audit's memory does not grow with
#: the site: 200,000 entries held ~9 MB at 50,000 pages and saved nothing there.
CACHE_SIZE = 1_024


def scan_text(text: str, options: TextOptions, *, published: date | None = None,
              as_of: date | None = None) -> tuple[Hit, ...]:
    """`run_scan`, cached by the text's digest (the last CACHE_SIZE texts)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    key = (digest, get_engine(options).key, options, published, as_of)
    hits = _CACHE.get(key)
    if hits is None:
        hits = tuple(run_scan(text, options, published=published, as_of=as_of))
        if len(_CACHE) >= CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = hits
    return hits


def clear_caches() -> None:
    """Forget compiled engines and page results (tests; a long-lived process after edits)."""
    _ENGINES.clear()
    _RECENT.clear()
    _CACHE.clear()
