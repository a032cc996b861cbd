"""`cloaking` (网页篡改 / 跳转): pages that show others something else, or hide a redirect.

Two kinds of evidence, both gathered while fetching (the auditor fetches nothing):

- variants (govpatrol/linkcheck/variants.py): the home page and a sample of pages asked again
  as Baiduspider, a phone and a visitor from Baidu's results. Tampering is a variant that
  leaves the site for a host that is neither the site's nor a government one
  (`cloaking.redirect`), carries gambling or porn cues the normal page does not
  (`cloaking.spam`), or whose text has little in common with the normal one
  (`cloaking.content`: the share of its character pairs found in the normal text). A variant
  that failed or was refused (WAFs turn away a Baiduspider that is not Baidu's) says nothing;
- inline scripts that hide a redirect (crawler/extract/scripts.py): `cloaking.script`, one
  finding per page; and the site's own script files that do (read once each by the link
  checker): `cloaking.script` too, one finding per file on the first page loading it (the home
  page when it does), since the fix is in the file, not in the pages.

Severities and the similarity floor are the profile's `[cloaking]` table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import urlsplit

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.link_cues import Cues, site_cues
from govpatrol.auditors.sections import section
from govpatrol.model import VARIANT_AGENTS, Finding, Page, SiteRecords, Variant

CATEGORY = "cloaking"
SPAM_KINDS = ("gambling", "porn")


def _pairs(text: str) -> set[str]:
    squeezed = "".join(text.split())
    return {squeezed[i:i + 2] for i in range(len(squeezed) - 1)}


def overlap(variant_text: str, normal_text: str) -> float:
    """Share of the variant's character pairs that the normal text has too (1.0: all)."""
    theirs = _pairs(variant_text)
    return len(theirs & _pairs(normal_text)) / len(theirs) if theirs else 1.0


def spam_cue(text: str, cues: Cues) -> tuple[str, str] | None:
    for kind in SPAM_KINDS:
        entry = cues.get(kind)
        match = entry[1].search(text) if entry else None
        if match:
            return kind, match.group(0)
    return None


def _ref(page: Page) -> Page:
    """What a finding needs of a page, without its text and links (pages are streamed)."""
    return Page(site=page.site, url=page.url, column=page.column, department=page.department,
                kind=page.kind)


class Cloaking(PageAuditor):
    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        s = section(profile_from(ctx.profile), CATEGORY)
        self.min_overlap = s.number("min_overlap", 0.3)
        self.min_chars = s.integer("min_chars", 100)
        self.cues = site_cues(ctx.settings.link_cues, ctx.settings.config_dir)
        self.severity = {rule: s.severity(f"{rule}_severity", default) for rule, default in (
            ("redirect", "veto"), ("spam", "veto"), ("content", "minor"), ("script", "major"))}
        self.variants: dict[str, list[Variant]] = defaultdict(list)
        for variant in records.variants:
            self.variants[variant.url].append(variant)
        home = (urlsplit(records.home_url).hostname or "").lower()
        self.own = {h.lower().split(":")[0] for h in (home, *ctx.settings.hosts) if h}
        # tampered script files: address -> (first page loading it, how many pages do)
        self.loaded_by: dict[str, tuple[Page, int]] = {}

    def _ours(self, url: str | None) -> bool:
        host = (urlsplit(url or "").hostname or "").lower()
        if not host or host.endswith(".gov.cn"):
            return True
        bases = {own.removeprefix("www.") for own in self.own}
        return any(host == base or host.endswith("." + base) for base in bases | self.own)

    def _finding(self, page: Page, rule: str, message: str, **fields) -> Finding:
        return Finding(site=page.site, category=CATEGORY, rule=f"{CATEGORY}.{rule}",
                       severity=self.severity[rule], url=page.url, column=page.column,
                       department=page.department, message=message, **fields)

    def page(self, page: Page) -> Iterator[Finding]:
        for script in page.scripts:
            if script in self.records.script_files:
                first, count = self.loaded_by.get(script, (page, 0))
                if page.kind == "home" and first.kind != "home":
                    first = page
                self.loaded_by[script] = (_ref(first), count + 1)
        if page.script_redirects:
            yield self._finding(
                page, "script",
                f"页面脚本中有经过混淆的跳转代码（{len(page.script_redirects)} 处），"
                f"疑似被篡改植入，请核查网页源代码并清除",
                text=page.script_redirects[0][:100], context="；".join(page.script_redirects)[:200],
                suggestion="删除被植入的脚本，排查网站程序和服务器是否被入侵")
        variants = [v for v in self.variants.get(page.url, ())
                    if v.error is None and v.status is not None and v.status < 400]
        tampered = [*self._redirects(page, variants), *self._spam(page, variants)]
        yield from tampered
        if not tampered:  # one problem, one finding: a gambling variant differs anyway
            yield from self._content(page, variants)

    def finish(self, facts) -> Iterator[Finding]:
        for script, (page, count) in sorted(self.loaded_by.items()):
            evidence = self.records.script_files[script]
            yield self._finding(
                page, "script",
                f"页面引用的本站脚本文件 {script} 中有经过混淆的跳转代码（共 {count} 个页面引用），"
                f"疑似被篡改植入，请核查该文件并清除",
                text=evidence[:100], context=evidence[:200], link_url=script,
                suggestion="删除脚本文件中被植入的代码，排查网站程序和服务器是否被入侵")

    def _redirects(self, page: Page, variants: list[Variant]) -> Iterator[Finding]:
        off = [v for v in variants if not self._ours(v.final_url)]
        if off:
            who = "、".join(VARIANT_AGENTS[v.agent] for v in off)
            yield self._finding(
                page, "redirect",
                f"以{who}身份访问时，页面跳转到站外网址 {off[0].final_url}，"
                f"正常访问时不跳转：疑似被篡改（劫持跳转）",
                link_url=off[0].final_url, status=str(off[0].status),
                suggestion="排查服务器配置、程序文件和脚本中按访问者身份跳转的代码")

    def _spam(self, page: Page, variants: list[Variant]) -> Iterator[Finding]:
        if not variants:
            return  # nothing to compare: the page's own text need not be searched
        if spam_cue(f"{page.title or ''} {page.text}", self.cues):
            return  # the normal page has it too: the sensitive auditor's case, not cloaking
        for variant in variants:
            cue = spam_cue(f"{variant.title} {variant.text}", self.cues)
            if cue:
                yield self._finding(
                    page, "spam",
                    f"以{VARIANT_AGENTS[variant.agent]}身份访问时，页面内容含“{cue[1]}”等"
                    f"{self.cues[cue[0]][0]}信息（标题：{variant.title[:40]}），正常访问时没有："
                    f"疑似被篡改（黑帽 SEO 挂马）",
                    text=cue[1], context=variant.title[:60] or None,
                    suggestion="排查服务器配置、程序文件中按访问者身份输出不同内容的代码")
                return

    def _content(self, page: Page, variants: list[Variant]) -> Iterator[Finding]:
        if len(page.text) < self.min_chars:
            return
        for variant in variants:
            if len(variant.text) < self.min_chars or not self._ours(variant.final_url):
                continue
            share = overlap(variant.text, page.text)
            if share < self.min_overlap:
                yield self._finding(
                    page, "content",
                    f"以{VARIANT_AGENTS[variant.agent]}身份访问时看到的正文与正常访问几乎不同"
                    f"（只有 {share:.0%} 相同），疑似对不同访问者显示不同内容",
                    text=variant.title[:60] or None, context=variant.text[:60],
                    suggestion="核对两种访问方式下的网页源代码")
                return
