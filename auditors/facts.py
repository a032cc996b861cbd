"""The shared facts visitor: what column- and site-level rules need from the pages.

freshness (publication dates of lists without dates), interaction (message-board messages) and
veto (the home page, dates, messages) used to walk all pages for these themselves. The driver
feeds every page here once; the other auditors read the result in `finish`. Only small facts are
kept (a date per article, the messages, the one home page, the counts of the names the pages
use: typo layer 3, auditors/text/site_corpus.py), never the pages: memory stays bounded by the
number of articles and distinct names, not their size.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from govpatrol.auditors.interaction import InteractionRules, Message, dedupe, messages_on_page
from govpatrol.auditors.text.site_corpus import SiteSettings, SiteVocabulary
from govpatrol.model import NOT_ARTICLE_KINDS, Page
from govpatrol.rules.profile import ProfileError


class SiteFacts:
    """Publication dates, the home page and the messages of one site's pages."""

    def __init__(self, profile: object, *, vocabulary: bool = True) -> None:
        self.home: Page | None = None  # the first page of kind "home", as streamed
        # the names the site's pages use, counted (typo layer 3)
        self.vocabulary: SiteVocabulary | None = None
        #: the profile's [typo] table, or its error: the typo auditor says it in a warning and
        #: skips the site layer (its page findings stand; nothing else depends on it)
        self.typo_settings = SiteSettings()
        self.typo_error: Exception | None = None
        try:
            self.typo_settings = SiteSettings.from_profile(profile)
        except ProfileError as exc:
            self.typo_error = exc
        if vocabulary and self.typo_error is None:
            self.vocabulary = SiteVocabulary(self.typo_settings)
        self.published: dict[str, date] = {}  # page URL without fragment -> its date
        self._messages: list[Message] = []
        self._error: Exception | None = None
        try:
            self._rules: InteractionRules | None = InteractionRules.from_profile(profile)
        except Exception as exc:  # noqa: BLE001 - raised again where messages are used
            self._rules, self._error = None, exc
        self._done = False

    @classmethod
    def gather(cls, pages: Iterable[Page], profile: object) -> SiteFacts:
        """The facts of a page stream outside an audit (the reports' veto dashboard)."""
        facts = cls(profile, vocabulary=False)  # no typo auditor reads it there
        for page in pages:
            facts.page(page)
        facts.finish()
        return facts

    def page(self, page: Page) -> None:
        if self.vocabulary is not None and page.text:
            self.vocabulary.add(page.text)
        if page.published is not None and page.kind not in NOT_ARTICLE_KINDS:
            # articles only: a navigation or list page an item links to has no article date
            self.published[page.url.split("#", 1)[0]] = page.published
        if page.kind == "home" and self.home is None:
            self.home = page
        if self._rules is not None and (page.status is None or page.status < 400):
            try:
                self._messages.extend(messages_on_page(page, self._rules))
            except Exception as exc:  # noqa: BLE001 - only the auditors that need messages fail
                self._rules, self._error = None, exc

    def finish(self) -> None:
        """All pages seen: each message once (a list row and its own page agree)."""
        self._messages = dedupe(self._messages)
        self._done = True

    @property
    def messages(self) -> list[Message]:
        """Every message once. Raises what reading them raised (a bad [interaction] table), so
        the auditors that need messages fail as themselves and the others go on."""
        if self._error is not None:
            raise self._error
        if not self._done:
            raise RuntimeError("SiteFacts.messages read before finish()")
        return self._messages
