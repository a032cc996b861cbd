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

Memory is bounded by the number of distinct names, not by the pages: a form keeps where it was
seen only while it is rare; past MAX_FORMS distinct forms the vocabulary stops growing and says
so (`complete` is False), and the caller warns that the layer saw part of the site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from govpatrol.auditors.text import confusables, lexicon, names
from govpatrol.auditors.text.hits import context_span
from govpatrol.auditors.text.normalise import CJK, convert_same_length

#: Last characters of the names a site repeats: institutions, bodies, meetings, places.
NAME_ENDS = "局委会厅室部院处科所站心办府队校馆园区镇乡村道组司署团社厂场"
SHORTEST, LONGEST = 4, 10
#: Distinct forms kept at most: about 300 bytes each while rare (a context shared by the forms
#: ending at one place), so the bound is some 300 MB; a site of a few thousand pages has a few
#: hundred thousand.
MAX_FORMS = 1_000_000
#: Characters that make another name, not a misspelt one (第一中学, 第七中学).
DISTINCT = frozenset("一二三四五六七八九十百千万东西南北上下前后左右中大小")

_RUN = re.compile(f"[{CJK}]{{{SHORTEST},}}")


@cache
def _end_re() -> re.Pattern[str]:
    """One character of name_ends(): where a form may end."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(name_ends())) + "]")


def _forms(text: str) -> list[str]:
    """Every run of SHORTEST to LONGEST Han characters ending in a name_ends() character, in
    text order (by end, then by start): the loops run in C where they can."""
    ends = _end_re()
    forms: list[str] = []
    for run in _RUN.finditer(text):
        begin, stop = run.span()
        forms += [text[start:end]
                  for end in [m.end() for m in ends.finditer(text, begin + SHORTEST - 1, stop)]
                  for start in range(max(begin, end - LONGEST), end - SHORTEST + 1)]
    return forms


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
    """Where a form was seen: the page (an index into the caller's pages), the span, and the
    text around it (hits.context_span), kept because the page itself is not."""

    page: int
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


class SiteVocabulary:
    """Names counted over a site's pages, once per page (a footer repeated on every page
    counts like a name used in every article: either way it is the site's)."""

    def __init__(self, settings: SiteSettings | None = None) -> None:
        self.settings = settings or SiteSettings()
        self.pages: Counter[str] = Counter()  # form -> pages it is on
        self.seen: dict[str, list[Sighting]] = {}  # form -> sightings, while it is rare
        self.complete = True

    def add(self, page: int, text: str) -> None:
        found = dict.fromkeys(_forms(text))  # each form once, in the order it first occurs
        if len(self.pages) + len(found) > MAX_FORMS:
            self._add_bounded(page, text, found)
            return
        pages = self.pages
        pages.update(found.keys())  # Counter: +1 for each form on the page, in C
        rare_pages = self.settings.rare_pages
        rare = [form for form in found if pages[form] <= rare_pages]
        if rare:
            self._sight(page, text, rare)
        for form in [form for form in found if pages[form] == rare_pages + 1]:
            self.seen.pop(form, None)  # no longer rare: where it was seen is not kept

    def _sight(self, page: int, text: str, rare: list[str]) -> None:
        """Where each rare form first is on the page: its first occurrence in the text (a
        run of Han characters ending as a name wherever it occurs, so one of the forms)."""
        around: dict[int, tuple[int, str]] = {}  # end -> one context for all its forms
        for form in rare:
            start = text.find(form)
            end = start + len(form)
            if end not in around:
                left, right = context_span(text, max(0, end - LONGEST), end)
                around[end] = (left, text[left:right])
            left, context = around[end]
            self.seen.setdefault(form, []).append(
                Sighting(page, start, end, context, start - left))

    def _add_bounded(self, page: int, text: str, found: dict[str, None]) -> None:
        """`add` near MAX_FORMS: a form not counted yet is dropped once the bound is hit."""
        rare: list[str] = []
        for form in found:
            count = self.pages.get(form)
            if count is None and len(self.pages) >= MAX_FORMS:
                self.complete = False
                continue
            count = (count or 0) + 1
            self.pages[form] = count
            if count <= self.settings.rare_pages:
                rare.append(form)
            elif count == self.settings.rare_pages + 1:
                self.seen.pop(form, None)
        if rare:
            self._sight(page, text, rare)

    def misspellings(self) -> Iterator[Misspelling]:
        """Each rare form one confusable character from a frequent one (the longest such form
        at a place: 江河市大数据发展中新, not also 大数据发展中新)."""
        index: dict[tuple[int, str], list[str]] = {}
        for form, count in self.pages.items():
            if count >= self.settings.twin_pages:
                for i in range(len(form)):
                    index.setdefault((i, form[:i] + "\0" + form[i + 1:]), []).append(form)
        found: list[Misspelling] = []
        for form in self.seen:
            hit = self._twin(form, index)
            if hit is not None:
                found.append(hit)
        found.sort(key=lambda m: -len(m.form))
        taken: set[tuple[int, int]] = set()  # (page, changed character's position)
        for miss in found:
            keep = []
            for s in miss.sightings:
                at = s.start + next(i for i, (a, b) in enumerate(zip(miss.form, miss.twin,
                                                                     strict=True)) if a != b)
                if (s.page, at) not in taken:
                    taken.add((s.page, at))
                    keep.append(s)
            if keep:
                yield Misspelling(miss.form, miss.twin, miss.evidence, miss.form_pages,
                                  miss.twin_pages, tuple(keep))

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

    def _twin(self, form: str, index: dict[tuple[int, str], list[str]]) -> Misspelling | None:
        if lexicon.is_word(form):
            return None
        count = self.pages[form]
        for i, got in enumerate(form):
            for twin in index.get((i, form[:i] + "\0" + form[i + 1:]), ()):
                want = twin[i]
                if not self._plausible(form, twin, i):
                    continue
                evidence = names.evidence(want, got, {})
                twin_count = self.pages[twin]
                if evidence and twin_count >= self.settings.twin_ratio * count:
                    return Misspelling(form, twin, evidence, count, twin_count,
                                       tuple(self.seen[form]))
        return None
