"""`privacy` (个人信息泄露): unmasked ID-card, mobile and bank-card numbers in a page's text.

Validation is auditors/personal_data.py's job; this visitor decides how bad a page is. One
finding per page and kind of number, because whoever fixes it re-publishes that page (or its
list) with the numbers masked, and a 低保 list of 80 rows is one problem, not 80. A page is worse
when the numbers stand in a 公示 table column headed 身份证 / 电话 / 住址 / 银行卡 (a whole list
published as is) or when it carries several of them: then `major`, otherwise `minor`.

The finding quotes the first number masked (110105********0012) and its context with every
number masked: the report must not spread what it asks the site to withdraw.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from govpatrol.auditors.base import PageAuditor
from govpatrol.auditors.personal_data import PersonalNumber, find_personal_numbers, redact
from govpatrol.auditors.text.hits import context_span
from govpatrol.model import Attachment, Finding, Page

CATEGORY = "privacy"
#: Numbers of one kind on one page from which the page counts as a published list.
MANY = 3
KIND_LABELS = {
    "id_card": "身份证号码",
    "id_card_15": "15位身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
}
HOW_TO_MASK = {
    "id_card": "隐去出生日期等中间位，如 110105********0012",
    "id_card_15": "隐去出生日期等中间位",
    "mobile": "隐去中间四位，如 138****5678",
    "bank_card": "只保留前六位和后四位",
}
#: Table headers that make a column of personal data, by the kind they announce. A 住址 column
#: means the table publishes where people live: any number in it is worse.
_HEADERS = {
    "id_card": re.compile(r"身份证|身份号码|证件号"),
    "mobile": re.compile(r"电话|手机|联系方式"),
    "bank_card": re.compile(r"银行卡|卡号|银行账号|账号|帐号"),
    "address": re.compile(r"住址|家庭地址|居住地|现住"),
}
_HEADERS["id_card_15"] = _HEADERS["id_card"]
_CELL = re.compile(r"[^\s|｜]+")


def table_headers(text: str, before: int) -> set[str]:
    """Kinds announced by header cells (short labels, no digits, no colon) before `before`.

    Page text keeps one table cell per line; a plain-text draft puts a header row on one line
    with spaces or tabs between cells: both read as cells here."""
    kinds: set[str] = set()
    for line in text[:before].splitlines():
        for cell in _CELL.findall(line):
            if len(cell) > 8 or any(ch.isdigit() for ch in cell) or "：" in cell or ":" in cell:
                continue
            kinds.update(kind for kind, pattern in _HEADERS.items() if pattern.search(cell))
    return kinds


def check(text: str, *, url: str = "-", site: str = "check-text", column: str | None = None,
          department: str | None = None, latest_year: int | None = None) -> list[Finding]:
    """个人信息泄露 findings for one text (a page body, a draft, an attachment's text)."""
    return [finding for _, finding in located(text, url=url, site=site, column=column,
                                              department=department, latest_year=latest_year)]


def located(text: str, *, url: str = "-", site: str = "check-text", column: str | None = None,
            department: str | None = None,
            latest_year: int | None = None) -> list[tuple[int, Finding]]:
    """`check` with the offset of each finding's first number (check-text's line and column)."""
    by_kind: dict[str, list[PersonalNumber]] = defaultdict(list)
    for number in find_personal_numbers(text, latest_year):
        if not number.contact:  # an office's own contact line is published to be called
            by_kind[number.kind].append(number)
    findings: list[tuple[int, Finding]] = []
    for kind, numbers in by_kind.items():
        first = numbers[0]
        headers = table_headers(text, first.start)
        in_table = kind in headers or "address" in headers
        severity = "major" if in_table or len(numbers) >= MANY else "minor"
        left, right = context_span(text, first.start, first.end)
        where = "，位于公示表格的个人信息列" if in_table else ""
        label = KIND_LABELS[kind]
        findings.append((first.start, Finding(
            site=site, category=CATEGORY, rule=f"privacy.{kind}", severity=severity, url=url,
            column=column, department=department, text=first.masked,
            context=redact(text[left:right], latest_year),
            suggestion=HOW_TO_MASK[kind],
            message=(f"页面公开了 {len(numbers)} 个未脱敏的{label}（如 {first.masked}）{where}，"
                     f"请{HOW_TO_MASK[kind]}后重新发布。"),
        )))
    return findings


class Privacy(PageAuditor):
    """One finding per page and kind of unmasked personal number."""

    def page(self, page: Page) -> Iterator[Finding]:
        if not page.text:
            return
        yield from check(page.text, url=page.url, site=page.site, column=page.column,
                         department=page.department, latest_year=self.ctx.as_of.year)

    def attachment(self, attachment: Attachment, page: Page | None,
                   verdict: object) -> Iterator[Finding]:
        """A 公示 list is as often an attachment as a page: its text is read the same way."""
        if page is not None:
            for finding in self.page(page):
                message = finding.message.replace("页面公开了", "文件公开了", 1)
                yield replace(finding, message=message)
