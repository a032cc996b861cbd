"""`interpretation_link`: a policy interpretation and its policy document link each other.

The 19号 indicator 解读关联 deducts 0.5 for each interpretation not linked to the policy it
explains and 0.5 for each policy document not linking back to its interpretation (cap 3); 001
asks for the two to be 相互关联. The pair is known from a link either way (the interpretation
cites the policy, or the policy's 相关解读 links the interpretation) or, when neither links, from
the document name the interpretation's title quotes (「《江河县农村供水管理办法》政策解读」) and
one policy on the site titled with it. Interpretations whose policy is not on the site (a State
Council document on gov.cn) are not judged: nothing can be said about a page not crawled.

Interpretation and policy pages are told apart as freshness does ([interpretation] keywords and
policy_keywords, the 信息索引 metadata). Only small facts are kept per page: the link targets of
the interpretations (few; a URL repeated on many pages, the navigation, kept once) and, of the
policies, only the links to interpretation pages or anchors naming one. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.freshness import (
    ColumnKeywords,
    _ColumnIndex,
    _has_keyword,
    _is_policy,
    _strip_fragment,
    profile_from,
)
from govpatrol.auditors.sections import section
from govpatrol.model import NOT_ARTICLE_KINDS, Finding, Page, SiteRecords

if TYPE_CHECKING:
    from govpatrol.auditors.facts import SiteFacts

#: A document name quoted in a title: 《...》 (at least 4 characters: not 《决定》).
_QUOTED = re.compile(r"《([^《》]{4,80})》")
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class _Doc:
    url: str
    title: str
    column: str | None
    department: str | None
    #: the link targets, in page order (an interpretation: all of them; a policy: those to
    #: interpretation pages or anchors naming one), each URL one shared string per audit
    links: tuple[str, ...] = ()
    #: an interpretation's: a link anchor quotes the document name its title quotes (read
    #: while the anchors are at hand, so they need not be kept)
    cites_by_name: bool = False


def _anchors(page: Page) -> dict[str, str]:
    """Link target (without fragment) -> its anchor (the last one given), of the page's
    plain links: read only for interpretation and policy pages."""
    return {_strip_fragment(link.url): link.anchor for link in page.links if link.kind == "a"}


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


class InterpretationLinks(PageAuditor):
    """Interpretations and policies as the pages stream by; the pairs judged at the end."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        profile = profile_from(ctx.profile)
        s = section(profile, "interpretation_link")
        self.enabled = s.flag("enabled", True)
        self.severity = s.severity("severity", "minor")
        self.interp_kw = profile.interpretation_keywords
        self.index = _ColumnIndex(records.columns)
        self.interp_urls = self.index.urls_in(lambda c: _has_keyword(c, None, self.interp_kw))
        self.interps: list[_Doc] = []
        self.policies: dict[str, _Doc] = {}
        # one string per link target: the navigation every page repeats is kept once
        self._urls: dict[str, str] = {}
        self._column_has = ColumnKeywords(profile).has
        self._linking: dict[str, list[_Doc]] = {}  # finish's indexes (see there)
        self._titles: list[tuple[str, _Doc]] = []

    def page(self, page: Page) -> tuple[()]:
        if (not self.enabled or page.kind in NOT_ARTICLE_KINDS or page.error is not None
                or (page.status is not None and page.status >= 400) or page.soft_404):
            return ()
        column = self.index.find(page)
        name = column.name if column else page.column
        doc = _Doc(url=_strip_fragment(page.url), title=(page.title or "").strip(), column=name,
                   department=page.department or (column.department if column else None))
        if self._column_has("interp", column, name):
            links = _anchors(page)
            names = [_norm(n) for n in _QUOTED.findall(doc.title)]
            doc.cites_by_name = any(n in _norm(anchor) for n in names
                                    for anchor in links.values())
            doc.links = self._shared(links)
            self.interps.append(doc)
        elif _is_policy(page, column, name, self._column_has("policy", column, name)):
            links = _anchors(page)
            doc.links = self._shared(url for url, anchor in links.items()
                                     if url in self.interp_urls
                                     or any(k in anchor for k in self.interp_kw))
            self.policies[doc.url] = doc
        return ()

    def _shared(self, urls: Iterable[str]) -> tuple[str, ...]:
        return tuple(self._urls.setdefault(url, url) for url in urls)

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        if not self.enabled:
            return
        # interpretation URL -> the policies linking it, and each policy's title normalised:
        # found once here, not by going through every policy for every interpretation (at
        # 50,000 pages that was 47 s: thousands of interpretations times thousands of policies)
        self._linking: dict[str, list[_Doc]] = {}
        for policy in self.policies.values():
            for url in dict.fromkeys(policy.links):
                self._linking.setdefault(url, []).append(policy)
        self._titles = [(_norm(policy.title), policy) for policy in self.policies.values()]
        for interp in sorted(self.interps, key=lambda d: d.url):
            policy, cites = self._policy_of(interp)
            if policy is None:
                continue
            if not cites:
                yield self._finding(
                    interp, "interpretation_link.to_policy", policy.url,
                    f"政策解读“{interp.title}”未链接所解读的政策文件“{policy.title}”"
                    f"（{policy.url}）")
            if interp.url not in policy.links:
                yield self._finding(
                    policy, "interpretation_link.to_interpretation", interp.url,
                    f"政策文件“{policy.title}”未链接其政策解读“{interp.title}”"
                    f"（{interp.url}）")

    def _policy_of(self, interp: _Doc) -> tuple[_Doc | None, bool]:
        """The policy the interpretation explains and whether the interpretation cites it (a
        link to it, or a link whose anchor quotes its name: a copy on another site counts)."""
        linked = [self.policies[u] for u in interp.links if u in self.policies and u != interp.url]
        if linked:
            both = [p for p in linked if interp.url in p.links]
            return (both or linked)[0], True
        back = self._linking.get(interp.url)
        names = [_norm(n) for n in _QUOTED.findall(interp.title)]
        cites = interp.cites_by_name
        if back:
            return min(back, key=lambda p: p.url), cites
        if not names:
            return None, False
        titled = sorted((p for title, p in self._titles if any(n in title for n in names)),
                        key=lambda p: p.url)
        if len(titled) != 1:  # none, or several: the pair is not known
            return None, False
        return titled[0], cites

    def _finding(self, doc: _Doc, rule: str, link_url: str, message: str) -> Finding:
        return Finding(site=self.records.site, category="interpretation_link", rule=rule,
                       severity=self.severity, url=doc.url, column=doc.column,
                       department=doc.department, link_url=link_url, message=message)
