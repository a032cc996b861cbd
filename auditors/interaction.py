"""`interaction`: citizens' messages answered late, or not at all.

Message boards (咨询, 留言, 书记/市长信箱) show when a message was asked and when it was answered,
either as labelled fields on a message's page ("留言时间：2026-01-02 … 回复时间：2026-01-05") or
as a list under the headers 留言时间 / 回复时间. A reply later than limits.message_reply_limit
working days (default 5, seed 000 三) is a finding; a message still unanswered after
[interaction] unanswered_days (three months in the national inspection) is a single veto.

The text is read as a stream of lines (table cells are lines of their own in the stored text):
labelled values pair an ask with the next reply; under bare headers, dates pair up row by row,
and a row that ends (next title, or a word like 未回复) without a second date is unanswered.
Labels, status words and severities are data ([interaction] in the profile). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.message_publication import (
    PublicationRules,
    StatsSeen,
    publication_findings,
)
from govpatrol.auditors.sections import section
from govpatrol.model import Finding, Page, SiteRecords
from govpatrol.rules.calendar import WorkCalendar
from govpatrol.rules.profile import Profile

if TYPE_CHECKING:
    from govpatrol.auditors.facts import SiteFacts

DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_TIME_TAIL = re.compile(r"^\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?\s*$")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000\u00a0]+(?=[\u4e00-\u9fff])")
_LEAD = re.compile(r"^[\s:：]*")
_TITLE_MAX = 120


@dataclass(frozen=True)
class InteractionRules:
    """[interaction] of the profile, with the working-day limit from [limits]."""

    reply_limit: int
    unanswered_days: int
    severity_late: str
    severity_waiting: str
    severity_unanswered: str
    ask_labels: tuple[str, ...]
    reply_labels: tuple[str, ...]
    unanswered_words: tuple[str, ...]
    unit_labels: tuple[str, ...] = ()  # 答复单位 and its kin
    content_labels: tuple[str, ...] = ()  # 答复内容 and its kin

    @classmethod
    def from_profile(cls, profile: Profile) -> InteractionRules:
        s = section(profile, "interaction")
        limit = profile.limits.get("message_reply_limit", 5)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise s.fail("limits.message_reply_limit", "应为非负整数 (must be a whole number)")
        return cls(
            reply_limit=limit,
            unanswered_days=s.integer("unanswered_days"),
            severity_late=s.severity("severity_late"),
            severity_waiting=s.severity("severity_waiting"),
            severity_unanswered=s.severity("severity_unanswered"),
            ask_labels=s.strings("ask_labels"),
            reply_labels=s.strings("reply_labels"),
            unanswered_words=s.strings("unanswered_words"),
            unit_labels=s.strings("unit_labels", []),
            content_labels=s.strings("content_labels", []),
        )


@dataclass(frozen=True)
class Message:
    """One citizen's message as a page shows it."""

    url: str  # the message's own page when known, else the page listing it
    page_url: str  # the page it was read from
    title: str
    asked: date
    replied: date | None
    text: str  # the line of the page that shows it (a title or the ask date), for the finding
    column: str | None = None
    department: str | None = None
    #: the fields its page shows with a value (FIELDS' keys): what 留言公开 samples
    fields: frozenset[str] = frozenset()

    @property
    def own_page(self) -> bool:
        """Read from the message's own page, not from a row of a list."""
        return self.url == self.page_url


@dataclass
class _Event:
    kind: str  # "ask", "reply", "header", "date", "open", "title"
    value: date | None = None
    token: str = ""


def _date(text: str) -> date | None:
    match = DATE_RE.search(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _is_bare_date(token: str) -> bool:
    match = DATE_RE.match(token.strip())
    return bool(match) and (not token.strip()[match.end():].strip()
                            or bool(_TIME_TAIL.match(token.strip()[match.end():])))


def _tokens(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        for part in line.split("|"):
            part = part.strip()
            if part:
                out.append(part)
    return out


def _events(tokens: list[str], rules: InteractionRules) -> list[_Event]:
    labels = sorted([(lab, "ask") for lab in rules.ask_labels]
                    + [(lab, "reply") for lab in rules.reply_labels],
                    key=lambda pair: -len(pair[0]))
    pattern = re.compile("|".join(re.escape(lab) for lab, _ in labels))
    kind_of = dict(labels)
    events: list[_Event] = []
    skip = -1
    for i, token in enumerate(tokens):
        if i == skip:
            continue
        plain = _CJK_GAP.sub("", token)
        matches = list(pattern.finditer(plain))
        if not matches:
            if any(word in plain for word in rules.unanswered_words):
                events.append(_Event("open", token=token))
            elif _is_bare_date(plain):
                events.append(_Event("date", _date(plain), token))
            else:
                events.append(_Event("title", token=token))
            continue
        for n, match in enumerate(matches):
            end = matches[n + 1].start() if n + 1 < len(matches) else len(plain)
            rest = plain[match.end():end]
            after = _LEAD.sub("", rest)
            kind = kind_of[match.group()]
            value = _date(after) if DATE_RE.match(after) else None
            if value is None and not after.strip() and i + 1 < len(tokens):
                following = _CJK_GAP.sub("", tokens[i + 1])
                if DATE_RE.match(following.strip()):
                    value = _date(following)
                    skip = i + 1
            bare = plain.strip() == match.group() and value is None
            if bare:  # a column header of a list, not a labelled field
                events.append(_Event("header", token=kind))
            else:
                events.append(_Event(kind, value, token))
    return events


def _shown(tokens: list[str], labels: tuple[str, ...], every: tuple[str, ...]) -> bool:
    """A label with a value: on its own line after a colon, or alone with the next line (a
    table's next cell) as its value, unless that line is another label."""
    for i, token in enumerate(tokens):
        plain = _CJK_GAP.sub("", token)
        for label in labels:
            at = plain.find(label)
            if at < 0:
                continue
            rest = _LEAD.sub("", plain[at + len(label):]).strip()
            if rest:
                return True
            if i + 1 < len(tokens):
                following = _CJK_GAP.sub("", tokens[i + 1]).strip()
                if following and not any(following.startswith(lab) for lab in every):
                    return True
    return False


def _page_fields(tokens: list[str], rules: InteractionRules) -> frozenset[str]:
    """Which of 答复单位 / 答复内容 a message page shows (the dates are the message's own)."""
    every = rules.ask_labels + rules.reply_labels + rules.unit_labels + rules.content_labels
    return frozenset(key for key, labels in (("答复单位", rules.unit_labels),
                                             ("答复内容", rules.content_labels))
                     if labels and _shown(tokens, labels, every))


def messages_on_page(page: Page, rules: InteractionRules) -> list[Message]:
    """The messages a page shows (none when it lacks an ask or a reply label)."""
    text = _CJK_GAP.sub("", page.text)
    if not any(lab in text for lab in rules.ask_labels) or not any(
        lab in text for lab in rules.reply_labels
    ):
        return []
    anchors = {link.anchor.strip(): link.url for link in page.links if link.anchor.strip()}
    tokens = _tokens(page.text)
    events = _events(tokens, rules)
    tabular = any(e.kind == "header" for e in events)
    shown = frozenset() if tabular else _page_fields(tokens, rules)
    found: list[Message] = []
    pending: _Event | None = None
    title = ""

    def close(replied: date | None) -> None:
        nonlocal pending
        if pending is None or pending.value is None:
            pending = None
            return
        row_title = title if tabular and title else (page.title or title or page.url)
        url = anchors.get(title, page.url) if tabular else page.url
        quoted = title if tabular and title else pending.token
        fields = shown | {"留言时间"} | ({"答复时间"} if replied else set())
        found.append(Message(url=url, page_url=page.url, title=row_title[:_TITLE_MAX],
                             asked=pending.value, replied=replied, text=quoted,
                             column=page.column, department=page.department,
                             fields=frozenset(fields)))
        pending = None

    for event in events:
        if event.kind == "ask":
            if pending is not None:
                close(None)
            pending = event
        elif event.kind == "reply":
            if pending is not None:
                close(event.value)
        elif event.kind == "date" and tabular:
            if pending is None:
                pending = event
            else:
                close(event.value)
        elif event.kind == "open":
            if pending is not None:
                close(None)
        elif event.kind == "title" and tabular:
            if pending is not None:
                close(None)
            title = event.token
    if pending is not None:
        close(None)
    return found


def dedupe(messages: Iterable[Message]) -> list[Message]:
    """Each message once: a list row and the message's own page agree on url and ask date;
    the version that knows a reply date wins, then the one read from its own page (it shows
    the message's fields)."""
    best: dict[tuple[str, date], Message] = {}

    def rank(m: Message) -> tuple[bool, bool]:
        return (m.replied is not None, m.own_page)

    for message in messages:
        key = (message.url, message.asked)
        known = best.get(key)
        if known is None or rank(message) > rank(known):
            best[key] = message
    return list(best.values())


def collect_messages(pages: Iterable[Page], rules: InteractionRules) -> list[Message]:
    """The messages of all pages that loaded, each once."""
    return dedupe(m for page in pages if page.status is None or page.status < 400
                  for m in messages_on_page(page, rules))


def message_findings(site: str, messages: Iterable[Message], as_of: date,
                     rules: InteractionRules, calendar: WorkCalendar) -> Iterator[Finding]:
    limit = rules.reply_limit
    for m in messages:
        if m.asked > as_of:
            continue
        common = {"site": site, "category": "interaction", "url": m.url, "column": m.column,
                  "department": m.department, "text": m.text, "formed": m.asked}
        if m.replied is not None:
            if m.replied < m.asked:
                continue
            days = calendar.working_days(m.asked, m.replied)
            if days > limit:
                yield Finding(
                    rule="interaction.reply_late", severity=rules.severity_late,
                    message=(f"留言“{m.title}”{m.asked.isoformat()}提交，{m.replied.isoformat()}"
                             f"才回复，用时{days}个工作日，超过{limit}个工作日的时限"),
                    published=m.replied, limit_days=limit, actual_days=days, **common)
            continue
        waited = (as_of - m.asked).days
        if waited > rules.unanswered_days:
            yield Finding(
                rule="interaction.unanswered", severity=rules.severity_unanswered,
                message=(f"留言“{m.title}”{m.asked.isoformat()}提交，已{waited}天未回复，"
                         f"超过{rules.unanswered_days}天（3个月），属单项否决情形"),
                limit_days=rules.unanswered_days, actual_days=waited, **common)
            continue
        days = calendar.working_days(m.asked, as_of)
        if days > limit:
            yield Finding(
                rule="interaction.unanswered", severity=rules.severity_waiting,
                message=(f"留言“{m.title}”{m.asked.isoformat()}提交，已{days}个工作日未回复，"
                         f"超过{limit}个工作日的时限；超过{rules.unanswered_days}天未回复即单项否决"),
                limit_days=limit, actual_days=days, **common)


class Interaction(PageAuditor):
    """Late and missing replies, from the messages the shared facts read off every page; and
    how the board publishes them (留言公开, auditors/message_publication.py)."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.profile = profile_from(ctx.profile)
        self.rules = InteractionRules.from_profile(self.profile)
        self.publication = PublicationRules.from_profile(self.profile)
        self.stats = StatsSeen(self.publication)

    def page(self, page: Page) -> Iterator[Finding]:
        if self.publication.enabled and (page.status is None or page.status < 400):
            self.stats.page(page)
        return iter(())

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        messages = facts.messages
        yield from message_findings(self.records.site, messages, self.ctx.as_of,
                                    self.rules, self.profile.calendar(warn=self.ctx.warn))
        if self.publication.enabled:
            self.stats.columns(self.records.columns)
            yield from publication_findings(
                self.records.site, self.records.home_url, self.ctx.settings.department,
                messages, list(self.records.columns), self.stats.where, self.ctx.as_of,
                self.publication)
