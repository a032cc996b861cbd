"""The site as its own corpus (issue 11, layer 3): a name written once or twice whose
confusable twin the same site writes on many pages is a typo of that name.

No dictionary knows 江河市大数据发展中心, but the site does: it names the centre on thirty
pages, and the page that says 江河市大数据发展中新 once is wrong. The vocabulary counts, per
site, the names its pages use: every run of four to ten Han characters that ends where a name
ends (局, 委员会, 中心, 会议 ... or a character mistaken for one of those, so that 中新 is
counted too), once per page. After the last page, a rare form (on at most `rare_pages` pages)
that differs from a frequent one (on `twin_pages` pages or more, `twin_ratio` times as many) in
one character, by a character that reads the same or looks alike (names.evidence), is reported
where it was seen. Those counts are the rules profile's `[typo]` table (SiteSettings).

Memory is bounded by the number of distinct names, not by the pages: only the count of each
form is kept while the pages stream by (issue 14: nothing per page beyond a bounded window).
Where the few misspellings were seen is read afterwards from the pages that contain them (the
store finds them), which gives the same pages, spans and contexts as keeping them would have:
a rare form is counted on exactly the pages whose text contains it. Past MAX_FORMS distinct
forms the vocabulary stops growing and says so (`complete` is False), and the caller warns that
the layer saw part of the site.

What is counted per page is its runs of Han characters (a form never crosses one), a few per
page, in C; a run is cut into forms once (a navigation bar, a footer or a clause repeated over
the site is cut once), and the forms' page counts are made from the runs' when they are read:
each run's forms, times the pages the run is on, less what the runs over-count where a page
writes one form in two of its runs (found by the forms' tails). That gives the same counts in
the same order as counting every form of every page (tests/test_site_vocabulary.py checks it
form for form), at a fraction of the cost: the vocabulary was a third of the audit's time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

from govpatrol.auditors.text import confusables, lexicon, names
from govpatrol.auditors.text.hits import context_span
from govpatrol.auditors.text.normalise import CJK, convert_same_length

#: Last characters of the names a site repeats: institutions, bodies, meetings, places.
NAME_ENDS = "局委会厅室部院处科所站心办府队校馆园区镇乡村道组司署团社厂场"
SHORTEST, LONGEST = 4, 10
#: Distinct forms kept at most: about 150 bytes each (the string and its count), so the bound
#: is some 150 MB; a site of a few thousand pages has a few hundred thousand.
MAX_FORMS = 1_000_000
#: Distinct runs of Han characters counted at most, about 140 bytes each: 14 MB held beside the
#: forms' counts when they are made (what the audit's peak may grow by). Past it the forms
#: themselves are counted (SiteVocabulary.add).
MAX_RUNS = 100_000
#: Characters that make another name, not a misspelt one (第一中学, 第七中学).
DISTINCT = frozenset("一二三四五六七八九十百千万东西南北上下前后左右中大小")

_RUN = re.compile(f"[{CJK}]{{{SHORTEST},}}")


@cache
def _end_re() -> re.Pattern[str]:
    """One character of name_ends(): where a form may end."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(name_ends())) + "]")


def _forms(text: str) -> list[str]:
    """Every run of SHORTEST to LONGEST Han characters ending in a name_ends() character, in
    text order (by end, then by start). A form never crosses a run of Han characters, so the
    forms of a text are those of its runs one after the other, and a run repeated (navigation,
    footers, the same clause in many articles) is cut into forms once (_run_forms)."""
    forms: list[str] = []
    for run in _RUN.findall(text):
        forms += _run_forms(run)[0]
    return forms


#: Runs whose forms are remembered (least recently used forgotten first): some 1 KB each.
RUN_MEMO = 1 << 13


@lru_cache(maxsize=RUN_MEMO)
def _run_forms(run: str) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The distinct forms of one run of Han characters (see _forms), in the order they first
    occur (by end, then by start), and the same forms by their tail (their last SHORTEST
    characters: two forms that are equal end in equal tails). The same run gives the same
    string objects each time: counting them again compares pointers."""
    forms: dict[str, None] = {}
    by_tail: dict[str, tuple[str, ...]] = {}
    for end in [m.end() for m in _end_re().finditer(run, SHORTEST - 1)]:
        here = [run[start:end] for start in range(max(0, end - LONGEST), end - SHORTEST + 1)]
        forms.update(dict.fromkeys(here))
        tail = here[-1]
        by_tail[tail] = (*by_tail[tail], *here) if tail in by_tail else tuple(here)
    return tuple(forms), by_tail


def clear_memo() -> None:
    """Forget the runs cut into forms (engine.clear_caches: a benchmark's audit starts cold)."""
    _run_forms.cache_clear()


@cache
def name_ends() -> frozenset[str]:
    """NAME_ENDS and every character that reads or looks like one of them."""
    out = set(NAME_ENDS)
    for ch in NAME_ENDS:
        out.update(alt for alt, kind in confusables.table().get(ch, {}).items()
                   if kind in names.EVIDENCE)
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """The counts of the site layer: the rules profile's `[typo]` table (bundled default.toml
    documents each key; a site overrides them in `[sites.rules.typo]`). The defaults here are
    the bundled profile's, for callers without a profile (benchmarks)."""

    rare_pages: int = 2  # a form on at most this many pages may be a misspelling
    twin_pages: int = 10  # its twin on at least this many pages is the site's own name
    twin_ratio: float = 5  # and on this many times as many pages
    #: A word the lexical layer doubts, on this many pages none of which writes the word it
    #: would stand for, is the site's own (a name): nobody misspells a word on every page.
    own_word_pages: int = 5

    @classmethod
    def from_profile(cls, profile: object) -> SiteSettings:
        """The profile's `[typo]` table, typed; a bad value is a ProfileError naming the file
        and the key (typo.site_twin_pages ...)."""
        from govpatrol.auditors.sections import section

        table = section(profile, "typo")
        for key in table.table:
            if key not in _PROFILE_KEYS:
                raise table.fail(key, f"未知的键，可用：{', '.join(_PROFILE_KEYS)} (unknown key)")
        defaults, values = cls(), {}
        for key, field_name in _PROFILE_KEYS.items():
            default = getattr(defaults, field_name)
            if key == "site_twin_ratio":
                value = table.number(key, default)
                if value <= 0:
                    raise table.fail(key, f"应大于 0，实际为 {value!r} (must be > 0)")
            else:
                value = table.integer(key, default)
                if value < 1:
                    raise table.fail(key, f"应为正整数，实际为 {value!r} (must be >= 1)")
            values[field_name] = value
        if values["twin_pages"] <= values["rare_pages"]:
            raise table.fail("site_twin_pages", f"应大于 site_rare_pages（{values['rare_pages']}）"
                             f"，实际为 {values['twin_pages']} (must exceed site_rare_pages)")
        return cls(**values)


#: `[typo]` keys of the rules profile -> SiteSettings fields.
_PROFILE_KEYS = {"site_rare_pages": "rare_pages", "site_twin_pages": "twin_pages",
                 "site_twin_ratio": "twin_ratio", "own_word_pages": "own_word_pages"}


@dataclass(frozen=True, slots=True)
class Sighting:
    """Where a form was seen: the page (the caller's handle for it, as `PageReader` gave it),
    the span, and the text around it (hits.context_span)."""

    page: Hashable
    start: int
    end: int
    context: str
    offset: int  # where the form starts in `context`


@dataclass(frozen=True, slots=True)
class Misspelling:
    form: str
    twin: str
    evidence: str  # confusables.LABELS key
    form_pages: int
    twin_pages: int
    sightings: tuple[Sighting, ...]


#: The pages (in the order the vocabulary saw them) whose text contains any of the given forms,
#: each as (a hashable handle for the page, its text): the store reads only those.
PageReader = Callable[[list[str]], Iterable[tuple[Hashable, str]]]


class SiteVocabulary:
    """Names counted over a site's pages, once per page (a footer repeated on every page
    counts like a name used in every article: either way it is the site's)."""

    def __init__(self, settings: SiteSettings | None = None) -> None:
        self.settings = settings or SiteSettings()
        self._complete = True
        #: run of Han characters -> pages it is on: a page's forms are those of its runs, so
        #: the runs are counted (a few per page, in C) and the forms once per distinct run
        #: when the counts are read (`pages`). None: past MAX_RUNS, the forms are counted.
        self._runs: Counter[str] | None = Counter()
        #: form -> how many times the runs' counts over-count it: on a page where it is in k
        #: distinct runs, the runs count it k times, the page once
        self._shared: Counter[str] = Counter()
        self._pages: Counter[str] | None = None

    @property
    def pages(self) -> Counter[str]:
        """Form -> pages it is on, in the order the forms were first seen."""
        if self._pages is None:
            self._pages = self._expand()
        return self._pages

    @property
    def complete(self) -> bool:
        """False when MAX_FORMS was hit: forms first seen after that were not counted."""
        _ = self.pages
        return self._complete

    def add(self, text: str) -> None:
        runs = self._runs
        if runs is None:
            self._add_forms(text)
            return
        distinct = dict.fromkeys(_RUN.findall(text))
        if len(runs) + len(distinct) > MAX_RUNS:  # memory: count the forms from here on
            self._pages = self.pages
            self._runs = None
            self._add_forms(text)
            return
        self._pages = None
        runs.update(distinct.keys())  # Counter: +1 for each run on the page, in C
        if len(distinct) < 2:
            return
        # a form in two distinct runs of the page ends in the same tail in both: only the forms
        # of a tail in more than one run can be counted twice
        cut = [_run_forms(run)[1] for run in distinct]
        tails = Counter(chain.from_iterable(cut))
        if len(tails) == sum(tails.values()):
            return
        twice = {tail for tail, n in tails.items() if n > 1}
        forms: Counter[str] = Counter()
        for by_tail in cut:
            here = twice.intersection(by_tail)
            if here:  # each form of the run once
                forms.update(dict.fromkeys(chain.from_iterable(by_tail[t] for t in here)).keys())
        self._shared.update({form: k - 1 for form, k in forms.items() if k > 1})

    def _expand(self) -> Counter[str]:
        """The forms' counts from the runs': each distinct run's forms in the order the runs
        were first seen, which is the order the forms were first seen (a form is first seen in
        the first run that has it); MAX_FORMS applied in that order, as counting page by page
        would have."""
        pages: Counter[str] = Counter()
        if self._runs is None:
            return pages
        get = pages.get
        for run, count in self._runs.items():
            forms = _run_forms(run)[0]
            if len(pages) + len(forms) > MAX_FORMS:
                for form in forms:
                    if form not in pages and len(pages) >= MAX_FORMS:
                        self._complete = False
                    else:
                        pages[form] = get(form, 0) + count
            elif count == 1:
                pages.update(forms)
            else:
                for form in forms:
                    pages[form] = get(form, 0) + count
        for form, extra in self._shared.items():
            if form in pages:
                pages[form] -= extra
        return pages

    def _add_forms(self, text: str) -> None:
        """`add` past MAX_RUNS: the page's forms counted one by one (the runs' counts were
        turned into the forms' ones when the bound was hit)."""
        found = dict.fromkeys(_forms(text))  # each form once, in the order it first occurs
        pages = self.pages
        if len(pages) + len(found) > MAX_FORMS:
            self._add_bounded(found)
            return
        pages.update(found.keys())  # Counter: +1 for each form on the page, in C

    def _add_bounded(self, found: dict[str, None]) -> None:
        """Counting near MAX_FORMS: a form not counted yet is dropped once the bound is hit (and
        never counted later: the count of every form kept is the number of pages it is on)."""
        pages = self.pages
        for form in found:
            count = pages.get(form)
            if count is None and len(pages) >= MAX_FORMS:
                self._complete = False
                continue
            pages[form] = (count or 0) + 1

    def rare(self) -> Iterator[str]:
        """The forms on at most `rare_pages` pages, in the order they were first seen."""
        rare_pages = self.settings.rare_pages
        return (form for form, count in self.pages.items() if count <= rare_pages)

    def misspellings(self, read: PageReader) -> Iterator[Misspelling]:
        """Each rare form one confusable character from a frequent one (the longest such form
        at a place: 江河市大数据发展中新, not also 大数据发展中新), with where it was seen:
        `read` gives the pages that contain the forms found, once, after the counting."""
        rare = [form for form in self.rare() if not lexicon.is_word(form)]
        index = self._index(rare)
        found: list[Misspelling] = []
        if index:
            for form in rare:
                hit = self._twin(form, index)
                if hit is not None:
                    found.append(hit)
        if not found:
            return
        seen = _sightings([miss.form for miss in found], read)
        found.sort(key=lambda m: -len(m.form))
        taken: set[tuple[Hashable, int]] = set()  # (page, changed character's position)
        for miss in found:
            keep = []
            for s in seen.get(miss.form, ()):
                at = s.start + next(i for i, (a, b) in enumerate(zip(miss.form, miss.twin,
                                                                     strict=True)) if a != b)
                if (s.page, at) not in taken:
                    taken.add((s.page, at))
                    keep.append(s)
            if keep:
                yield Misspelling(miss.form, miss.twin, miss.evidence, miss.form_pages,
                                  miss.twin_pages, tuple(keep))

    def _index(self, rare: list[str]) -> dict[str, list[str]]:
        """The frequent forms (the possible twins) under each of their _masks(), in the order
        they were first seen. Only twins _plausible() could accept are indexed, and when the
        rare forms are fewer than the frequent ones, only under a mask one of them has: the
        index is the size of the smaller side, not of every frequent form times its length
        (60,000 frequent forms of a 5,000-page portal made a 130 MB index)."""
        twin_pages = self.settings.twin_pages
        frequent = sum(1 for count in self.pages.values() if count >= twin_pages)
        wanted = ({mask for form in rare for mask in _masks(form)}
                  if len(rare) < frequent else None)
        if wanted is not None and not wanted:
            return {}
        index: dict[str, list[str]] = {}
        for form, count in self.pages.items():
            if count >= twin_pages and form[-1] in NAME_ENDS:
                for mask in _masks(form):
                    if wanted is None or mask in wanted:
                        index.setdefault(mask, []).append(form)
        return index

    @staticmethod
    def _plausible(form: str, twin: str, i: int) -> bool:
        """Where the two differ could be a misspelling of the name, not other words around
        it. Refused: a change in the first character (为国务院 beside 立国务院: the form begins
        wherever the text does, so its first character is often the word before the name); a
        change in the last unless the twin ends as a name does (国务院财 beside 国务院对); a
        twin that does not end as a name at all (州市城市); numbers and directions, which
        make other names (第一中学, 第七中学); a traditional form of the same character."""
        got, want = form[i], twin[i]
        if i == 0 or twin[-1] not in NAME_ENDS:
            return False
        if got in DISTINCT or want in DISTINCT:
            return False
        return convert_same_length(got, "t2s") != want

    def _twin(self, form: str, index: dict[str, list[str]]) -> Misspelling | None:
        """The first frequent twin of a rare form (not a dictionary word) that passes."""
        count = self.pages[form]
        for i, got in enumerate(form):
            if i == 0 or got in DISTINCT:
                continue  # never _plausible: not in the index
            for twin in index.get(form[:i] + "\0" + form[i + 1:], ()):
                want = twin[i]
                if not self._plausible(form, twin, i):
                    continue
                evidence = names.evidence(want, got, {})
                twin_count = self.pages[twin]
                if evidence and twin_count >= self.settings.twin_ratio * count:
                    return Misspelling(form, twin, evidence, count, twin_count, ())
        return None


def _masks(form: str) -> Iterator[str]:
    """The form with one character masked, at each place a _plausible() change may be (not
    the first character, not one of DISTINCT): the keys under which a twin is found. The mask
    (NUL, never in a form) marks the place, so the key needs no position beside it."""
    for i in range(1, len(form)):
        if form[i] not in DISTINCT:
            yield form[:i] + "\0" + form[i + 1:]


def _sightings(forms: list[str], read: PageReader) -> dict[str, list[Sighting]]:
    """Where each form is on the pages `read` gives: its first occurrence on each page (a run
    of Han characters ending as a name wherever it occurs, so counted there as a form), with
    the text around the place it ends."""
    seen: dict[str, list[Sighting]] = {}
    for page, text in read(forms):
        around: dict[int, tuple[int, str]] = {}  # end -> one context for all its forms
        for form in forms:
            start = text.find(form)
            if start < 0:
                continue
            end = start + len(form)
            if end not in around:
                left, right = context_span(text, max(0, end - LONGEST), end)
                around[end] = (left, text[left:right])
            left, context = around[end]
            seen.setdefault(form, []).append(Sighting(page, start, end, context, start - left))
    return seen
