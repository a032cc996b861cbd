"""Typos (错别字): confusion pairs, misspelt fixed expressions and names, doubled characters,
unbalanced paired punctuation and impossible dates. Rules live in auditors/text/typo_rules.py;
this module is the auditor's entry point and the per-text function check-text uses.

On a patrol the site is also its own corpus (issue 11, layer 3; auditors/text/site_corpus.py):
after the last page, a name written once or twice whose confusable twin the site writes on many
pages is reported, and a word the lexical layer doubts but the site uses on many pages (its
own names: 诚品, 柯南) is its vocabulary, not a typo. So the page findings are held until then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import cast

from govpatrol.auditors.base import AuditContext
from govpatrol.auditors.facts import SiteFacts
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.text import TextAuditor, TextOptions, check_text, confusables
from govpatrol.auditors.text.site_corpus import Misspelling, SiteSettings
from govpatrol.model import Attachment, Finding, Page, SiteRecords
from govpatrol.rules.profile import ProfileError

CATEGORY = "typo"  # 错别字
#: Findings of the lexical layer (evidence from dictionaries, not a list): a site's own
#: vocabulary may overrule them.
GENERATED = frozenset({"typo.lexical", "typo.idiom"})


@dataclass(frozen=True, slots=True)
class PageRef:
    """What a site-level finding needs of a page read again for it."""

    url: str
    site: str
    column: str | None
    department: str | None


def check(text: str, *, url: str = "-", site: str = "check-text",
          options: TextOptions | None = None, published: date | None = None,
          as_of: date | None = None) -> list[Finding]:
    """错别字 findings for one text (a draft, a page body)."""
    return check_text(text, (CATEGORY,), url=url, site=site, options=options,
                      published=published, as_of=as_of)


class Typo(TextAuditor):
    """错别字 findings for every page of a site, and those only the whole site shows."""

    category = CATEGORY

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.held: list[Finding] = []
        # word -> pages flagging it, up to own_word_pages of them: only "that many?" is asked
        self.doubted: dict[str, set[str]] = defaultdict(set)
        try:
            settings = SiteSettings.from_profile(profile_from(ctx.profile))
            self.own_word_pages = settings.own_word_pages
        except ProfileError:  # said by finish (facts.typo_error); the default counts meanwhile
            self.own_word_pages = SiteSettings().own_word_pages
        self.twin_seen: set[str] = set()  # words doubted on a page that also has the twin

    def page(self, page: Page) -> list[Finding]:
        found = super().page(page)
        for finding in found:
            if finding.rule in GENERATED and finding.text:
                pages = self.doubted[finding.text]
                if len(pages) < self.own_word_pages:
                    pages.add(page.url)
                if finding.suggestion and finding.suggestion in page.text:
                    self.twin_seen.add(finding.text)
        self.held.extend(found)
        return []

    def attachment(self, attachment: Attachment, page: Page | None,
                   verdict: object) -> list[Finding]:
        """An attachment's typos are held like a page's, already naming the attachment (the
        driver names only what the hook returns)."""
        if page is not None:
            from govpatrol.auditors.attachments import name_attachment

            self.held.extend(name_attachment(f, attachment) for f in super().page(page))
        return []

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        # a doubted word on own_word_pages pages, none of which writes the word it would
        # stand for, is the site's own (a name): nobody misspells a word on every page
        own = {word for word, pages in self.doubted.items()
               if len(pages) >= facts.typo_settings.own_word_pages
               and word not in self.twin_seen}
        held = [f for f in self.held if not (f.rule in GENERATED and f.text in own)]
        yield from held
        if facts.typo_error is not None:
            self.ctx.warn(f"站点词频层未运行（site vocabulary layer skipped）：{facts.typo_error}")
            return
        vocabulary = facts.vocabulary
        if vocabulary is None or self.options is None:
            return
        if not vocabulary.complete:
            self.ctx.warn("站点词频统计已达上限，仅统计了部分页面的名称（site vocabulary "
                          "partial: names of later pages were not counted）")
        taken = {(f.url, f.text) for f in held}
        for miss in vocabulary.misspellings(self._pages_with):
            yield from self._site_findings(miss, taken)

    def _pages_with(self, forms: list[str]) -> Iterable[tuple[PageRef, str]]:
        """The site's pages that contain any of `forms`, read again from the records (the
        store selects them): the vocabulary kept counts, not where each form was."""
        for page in self.records.pages_containing(forms):
            yield PageRef(page.url, page.site, page.column, page.department), page.text

    def _site_findings(self, miss: Misspelling,
                       taken: set[tuple[str, str | None]]) -> Iterator[Finding]:
        label = confusables.LABELS.get(miss.evidence, "近似字")
        for sighting in miss.sightings:
            ref = cast(PageRef, sighting.page)  # what _pages_with gave
            if any(url == ref.url and text and (text in miss.form or miss.form in text)
                   for url, text in taken):
                continue  # a page rule said it already (typo.proper_noun)
            yield Finding(
                site=ref.site, category=CATEGORY, rule="typo.site_vocabulary", severity="major",
                url=ref.url, column=ref.column, department=ref.department, text=miss.form,
                suggestion=miss.twin, context=sighting.context,
                message=(f"疑似错别字“{miss.form}”，本站{miss.twin_pages}个页面写作"
                         f"“{miss.twin}”（{label}），此写法仅见于{miss.form_pages}个页面。"))
