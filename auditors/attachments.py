"""Attachments audited like pages, and `unreadable_text` for those that cannot be.

The driver (auditors/driver.py) shows each attachment to every visitor that has an
`attachment(attachment, page, verdict)` hook: the text auditors and privacy read `page` (the
attachment's text as a Page of kind "attachment"), which is None when there is no text to read
or the text is garbled (`verdict`, auditors/text/readability.py): typo rules over mojibake would
report noise and hide the real problem. This module's visitor turns the rest into findings:

- `unreadable_text.garbled`: the text is mojibake; readers cannot search or copy it either;
- `unreadable_text.refused`: a decompression bomb, a broken or encrypted file;
- `unreadable_text.skipped`: too large to download or timed out: not audited.

What only says this patrol's limits (no .doc reader installed, a scan with OCR off, a PDF past
the page cap) is no defect of the site: one warning each at the top of the report, counted,
so the partial audit is never presented as complete.

Every finding from an attachment names it and the page linking it in its message
(`name_attachment`), with the attachment's URL in `url` and the linking page in `page_url`
(findings.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from govpatrol.auditors.base import PageAuditor
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.sections import section
from govpatrol.auditors.text.readability import Thresholds, Verdict, garbled
from govpatrol.model import Attachment, Finding, Page

CATEGORY = "unreadable_text"

#: extraction state -> (rule, severity key of the profile section): what is about the file
STATE_RULES = {
    "zip_bomb": ("refused", "refused_severity"),
    "broken": ("refused", "refused_severity"),
    "too_large": ("skipped", "skipped_severity"),
    "timeout": ("skipped", "skipped_severity"),
}
#: states that say what this patrol could not do (no reader installed, OCR off, page cap): not
#: the site's fault, so one warning at the top of the report each, with a count and examples
COVERAGE_NOTES = {
    "unsupported": "个附件因本机缺少读取程序未检查",
    "no_text": "个 PDF 附件没有文字层（扫描件），未做文字检查",
    "truncated": "个附件过长，只检查了前面部分",
}
REGENERATE = "重新生成 PDF 时嵌入字体并保留文字编码（或发布可编辑的文本版）"
STATE_MESSAGES = {
    "zip_bomb": "压缩数据异常膨胀（疑似压缩炸弹），已拒绝解压，请核查该文件",
    "broken": "文件损坏或已加密，无法读取，请核查能否正常打开",
    "too_large": "文件超过读取上限，未检查其内容",
    "timeout": "读取超时，未检查其内容",
}


def thresholds(profile) -> Thresholds:
    s = section(profile, "unreadable_text")
    d = Thresholds()
    return Thresholds(min_marks=s.integer("min_marks", d.min_marks),
                      mark_share=s.number("mark_share", d.mark_share),
                      min_han=s.integer("min_han", d.min_han),
                      rare_share=s.number("rare_share", d.rare_share))


def readability(attachment: Attachment, limits: Thresholds) -> Verdict | None:
    """Why the attachment's text is not text (None: it is, or there is none)."""
    return garbled(attachment.text, limits) if attachment.text else None


def as_page(attachment: Attachment) -> Page:
    """The attachment's text as the page the text auditors read."""
    return Page(site=attachment.site, url=attachment.url, status=200, title=attachment.name,
                text=attachment.text, column=attachment.column,
                department=attachment.department, kind="attachment")


def where(attachment: Attachment) -> str:
    """「附件《…》（链接自 …）」: what names an attachment finding's file and its page."""
    linked = f"（链接自 {attachment.page_url}）" if attachment.page_url else ""
    scanned = "（扫描件，文字经 OCR 识别，请对照原件核实）" if attachment.state == "ocr" else ""
    return f"附件《{attachment.name}》{linked}{scanned}"


def name_attachment(finding: Finding, attachment: Attachment) -> Finding:
    """The finding with the attachment named first in its message (once) and the page linking
    it in `page_url`."""
    prefix = where(attachment)
    message = finding.message if finding.message.startswith(prefix) else (
        f"{prefix}：{finding.message}")
    return replace(finding, message=message, page_url=finding.page_url or attachment.page_url)


class UnreadableText(PageAuditor):
    """One finding per attachment that was not (wholly) audited, saying why."""

    def __init__(self, records, ctx) -> None:
        super().__init__(records, ctx)
        s = section(profile_from(ctx.profile), "unreadable_text")
        self.notes: dict[str, list[str]] = {state: [] for state in COVERAGE_NOTES}
        self.severity = {key: s.severity(key, default)
                         for key, default in (("severity", "minor"),
                                              ("refused_severity", "minor"),
                                              ("skipped_severity", "info"))}

    def attachment(self, attachment: Attachment, page: Page | None,
                   verdict: Verdict | None) -> Iterable[Finding]:
        base = {"site": attachment.site, "category": CATEGORY, "url": attachment.url,
                "column": attachment.column, "department": attachment.department}
        if verdict is not None:
            yield Finding(**base, rule=f"{CATEGORY}.garbled", severity=self.severity["severity"],
                          text=verdict.sample, suggestion=REGENERATE,
                          message=f"提取的文字是乱码（{verdict.reason}），读者无法检索、复制，"
                                  f"错别字等检查未运行")
        if attachment.state in self.notes:
            self.notes[attachment.state].append(f"{attachment.name}（{attachment.detail}）")
        rule = STATE_RULES.get(attachment.state)
        if rule is None:
            return
        name, severity_key = rule
        detail = f"（{attachment.detail}）" if attachment.detail else ""
        yield Finding(**base, rule=f"{CATEGORY}.{name}", severity=self.severity[severity_key],
                      status=attachment.state,
                      message=f"{STATE_MESSAGES[attachment.state]}{detail}")

    def finish(self, facts) -> Iterable[Finding]:
        for state, names in self.notes.items():
            if names:
                shown = "；".join(names[:3]) + ("等" if len(names) > 3 else "")
                self.ctx.warn(f"{len(names)} {COVERAGE_NOTES[state]}：{shown}")
        return ()
