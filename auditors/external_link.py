"""`external_link` (外链异常): external links whose target is no longer what the anchor names.

Government portals link to other bodies' sites (友情链接, 相关链接). When such a site moves or
closes, its old domain lapses and is parked for sale or re-registered, often by gambling sites
that buy government domains for their search-engine standing. The link checker fetched each
external target once and kept its title and the start of its text (linkcheck/checker.py); this
auditor judges that evidence against the anchor, fetching nothing:

- `external_link.gambling` / `.porn`: gambling or porn cues (wordlists/link_cues.tsv, the list
  暗链 and cloaking use) in the target's title, or `min_text_cues` distinct ones in its text (a
  news site reporting a crackdown on gambling names it once or twice; a casino page repeats it);
- `external_link.parked`: a parking or for-sale page (域名出售, This domain may be for sale,
  sedo, dan.com ...);
- `external_link.unrelated`: the anchor names a government body (ends in 政府, 局, 委, 厅 ...:
  `body_suffixes`) and the target's title shares no two consecutive characters with it: the
  domain is someone else's now. *.gov.cn targets are not judged so (a 政府 site's title may be
  just 首页; its domain cannot be bought);
- `external_link.denied`: a host of the site's deny list (sites.toml `[sites.external_links]`,
  链接归属), reported whatever it shows. Hosts of the allow list are never judged. A host both
  lists cover (a name and its subdomain) follows the more specific entry.

A target is judged only from a check made with this evidence (targets checked by an older
govpatrol or refused by scope are not judged as clean, they are simply not judged). One finding
per target, on the first page linking it (the home page when it does): the editor removes the
link from the template once, not page by page. Severities are the profile's `[external_link]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.link_cues import site_cues
from govpatrol.auditors.sections import section
from govpatrol.model import Finding, LinkStatus, Page, SiteRecords

CATEGORY = "external_link"
SPAM_KINDS = ("gambling", "porn")
RULES = ("gambling", "porn", "parked", "unrelated", "denied")
DEFAULT_SEVERITY = {"gambling": "veto", "porn": "veto", "parked": "major", "unrelated": "major",
                    "denied": "major"}
JUDGED_KINDS = ("a", "iframe")
HAN = re.compile(r"[\u4e00-\u9fff]")
NOT_WORD = re.compile(r"[\s\W_]+")


@dataclass
class _Target:
    """An external target as the pages link it: where first, under which anchors, how often."""

    page: Page  # a lightweight copy: url, column, department, kind
    anchors: list[str] = field(default_factory=list)
    pages: int = 0


def host_listed(host: str, listed: Iterable[str]) -> bool:
    """Whether `host` (with or without its port) is a listed name or a subdomain of one."""
    return listed_depth(host, listed) > 0


def listed_depth(host: str, listed: Iterable[str]) -> int:
    """The length of the longest listed name covering `host` (0: none): when the allow and
    deny lists both cover a host, the more specific entry decides (allow example.com, deny
    lost.example.com: the lost subdomain is reported, the rest of example.com is not)."""
    bare = host.split(":")[0]
    return max((len(name) for name in listed
                if name in (host, bare) or bare.endswith("." + name.split(":")[0])), default=0)


def _pairs(text: str) -> set[str]:
    squeezed = NOT_WORD.sub("", text.lower())
    return {squeezed[i:i + 2] for i in range(len(squeezed) - 1)}


#: Link URLs remembered at most (then forgotten at once): memory bounded, not by the site.
_MEMO_MAX = 1 << 16


class ExternalLinks(PageAuditor):
    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        s = section(profile_from(ctx.profile), CATEGORY)
        self.severity = {rule: s.severity(f"{rule}_severity", DEFAULT_SEVERITY[rule])
                         for rule in RULES}
        self.suffixes = s.strings("body_suffixes", ["政府", "局", "委", "厅", "部", "办", "院"])
        self.min_text_cues = s.integer("min_text_cues", 3)
        self.cues = site_cues(ctx.settings.link_cues, ctx.settings.config_dir)
        home = (urlsplit(records.home_url).netloc or "").lower()
        self.own = {h.lower() for h in (home, *ctx.settings.hosts) if h}
        self.allow = ctx.settings.external_allow
        self.deny = ctx.settings.external_deny
        self.targets: dict[str, _Target] = {}
        # host -> whether its links are judged at all: every page repeats the same few hosts
        # (navigation, footer), so each host is looked up in the lists once (bounded by the
        # hosts the site links, not its pages)
        self._judged: dict[str, bool] = {}
        # link URL -> the same answer for the URL: the navigation's URLs are on every page
        self._judged_urls: dict[str, bool] = {}

    def _ours(self, host: str) -> bool:
        bases = {own.removeprefix("www.") for own in self.own}
        return host_listed(host, self.own | bases)

    def _judged_host(self, host: str) -> bool:
        judged = self._judged.get(host)
        if judged is None:
            judged = self._judged[host] = not self._ours(host) and not self._allowed(host)
        return judged

    def _allowed(self, host: str) -> bool:
        return listed_depth(host, self.allow) > listed_depth(host, self.deny)

    def page(self, page: Page) -> Iterable[Finding]:
        memo = self._judged_urls
        for link in page.links:
            if link.kind not in JUDGED_KINDS:
                continue
            judged = memo.get(link.url)
            if judged is None:
                if len(memo) >= _MEMO_MAX:
                    memo.clear()
                parts = urlsplit(link.url)
                host = parts.netloc.lower()
                judged = memo[link.url] = (parts.scheme in ("http", "https") and bool(host)
                                           and self._judged_host(host))
            if not judged:
                continue
            target = self.targets.get(link.url)
            ref = Page(site=page.site, url=page.url, column=page.column,
                       department=page.department, kind=page.kind)
            if target is None:
                target = self.targets[link.url] = _Target(ref)
            elif page.kind == "home" and target.page.kind != "home":
                target.page = ref
            anchor = " ".join(link.anchor.split())
            if anchor and anchor not in target.anchors and len(target.anchors) < 5:
                target.anchors.append(anchor)
            target.pages += 1
        return ()

    def finish(self, facts) -> Iterator[Finding]:
        for url, target in self.targets.items():
            finding = self._judge(url, target)
            if finding is not None:
                yield finding

    def _judge(self, url: str, target: _Target) -> Finding | None:
        host = urlsplit(url).netloc.lower()
        anchor = target.anchors[0] if target.anchors else ""
        named = f"“{anchor}”" if anchor else ""
        where = f"（共 {target.pages} 处链接）" if target.pages > 1 else ""
        if listed_depth(host, self.deny) > listed_depth(host, self.allow):
            return self._finding(
                target, "denied", url, anchor,
                f"外部链接{named}指向链接归属黑名单中的主机 {host}{where}：请删除该链接。")
        status = self.records.link_status.get(url)
        if not self._fetched(status):
            return None
        assert status is not None
        title = status.title or ""
        spam = self._spam(title, status.sample or "")
        if spam:
            kind, cue = spam
            label = self.cues[kind][0]
            return self._finding(
                target, kind, url, anchor,
                f"外部链接{named}指向的网站现为{label}内容（网页标题“{title[:40]}”，线索“{cue}”）"
                f"{where}，原网站域名疑似已被他人注册：请立即删除该链接，并排查其他外链。",
                status=status, cue=cue)
        parked = self.cues.get("parked")
        match = parked[1].search(f"{title} {status.sample or ''}") if parked else None
        if match:
            return self._finding(
                target, "parked", url, anchor,
                f"外部链接{named}指向的域名已停放或待售（线索“{match.group(0)}”）{where}，"
                f"原网站已不在该地址：请删除或改为新网址。", status=status, cue=match.group(0))
        body = next((a for a in target.anchors if self._names_body(a)), None)
        if body and not host.split(":")[0].endswith(".gov.cn") and self._unrelated(body, title):
            return self._finding(
                target, "unrelated", url, body,
                f"外部链接“{body}”指向的网页标题为“{title[:40]}”，与链接所指机关毫无关联"
                f"{where}，疑似原域名已易主：请核实该机关的现网址后更新或删除。", status=status)
        return None

    @staticmethod
    def _fetched(status: LinkStatus | None) -> bool:
        return (status is not None and status.checked and not status.broken
                and (status.title is not None or status.sample is not None))

    def _spam(self, title: str, sample: str) -> tuple[str, str] | None:
        for kind in SPAM_KINDS:
            entry = self.cues.get(kind)
            if entry is None:
                continue
            match = entry[1].search(title)
            if match:
                return kind, match.group(0)
            found = {m.group(0).lower() for m in entry[1].finditer(sample)}
            if len(found) >= self.min_text_cues:
                return kind, "、".join(sorted(found)[:3])
        return None

    def _names_body(self, anchor: str) -> bool:
        squeezed = NOT_WORD.sub("", anchor)
        return (3 <= len(squeezed) <= 40 and len(HAN.findall(squeezed)) >= len(squeezed) * 0.8
                and squeezed.endswith(self.suffixes))

    @staticmethod
    def _unrelated(anchor: str, title: str) -> bool:
        """A title with Chinese words that shares no two consecutive characters with the anchor
        (an English or empty title is not judged: not enough to tell)."""
        if len(HAN.findall(title)) < 2:
            return False
        return not (_pairs(anchor) & _pairs(title))

    def _finding(self, target: _Target, rule: str, url: str, anchor: str, message: str,
                 status: LinkStatus | None = None, cue: str | None = None) -> Finding:
        page = target.page
        title = status.title if status is not None else None
        return Finding(
            site=self.records.site, category=CATEGORY, rule=f"{CATEGORY}.{rule}",
            severity=self.severity[rule], url=page.url, column=page.column,
            department=page.department, text=anchor or None, link_url=url,
            status=status.status if status is not None else None,
            context=f"网页标题：{title}" if title else cue, message=message,
            suggestion="删除该链接，或核实对方机关的现网址后更新")
