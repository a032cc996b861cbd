"""Personal numbers in text: ID cards, mobiles and bank cards, validated rather than matched.

A digit run is personal data only when it passes the checks of its kind: an 18-digit 居民身份证号
(GB 11643) has a province prefix, a real birth date and a mod-11-2 check digit; a 15-digit legacy
one a province prefix and a real date; a mobile starts 1[3-9] and stands alone (no digit beside
it); a bank card passes Luhn and starts with an issuer prefix. Government pages are full of long
numbers that are not people (统一社会信用代码, 索引号, 立案号, 运单号, 注册号, landlines, 12345):
they fail these checks or stand after a label that names them, and are left alone. Masked forms
(110105********0012, 138****5678) contain no such run and are compliant by construction.

Everything this module returns for display is masked (`mask`): the full number never reaches a
finding, a report or a log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from govpatrol.model import Finding, finding_id

#: Province-level prefixes of GB/T 2260 (83: Taiwan residents' permits issued on the mainland).
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
#: Issuer prefixes of cards seen in China: UnionPay (62, 60, old 9558/95595-9), Visa (4),
#: Mastercard (51-55, 2221-2720), JCB (35).
_CARD_PREFIX = re.compile(
    r"62|60|9558|9559[5-9]|4|5[1-5]|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|35")

#: A run of digits not glued to other letters or digits (codes such as 91110105MA01... are one
#: token and never split into a "number").
_ID18 = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+?86[- ]?)?(1[3-9]\d)([- ]?)(\d{4})\2(\d{4})(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z])(?:\d{4}[ -]?){3}\d{4,7}(?![0-9A-Za-z])")

#: Labels just before a number that say it is not a person's (what the number is called).
_NOT_PERSONAL = re.compile(
    r"(信用代码|社会信用|组织机构代码|纳税人识别号|税号|注册号|执照|索引号|文号|案号|立案号|编号|"
    r"运单|快递|单号|订单|流水号|批准号|备案号|许可证|证书号|登记号|项目代码|标识码|编码|条码|"
    r"合同号|采购|标段|邮编|传真)[^\n\d]{0,8}$"
)
#: Labels just before a mobile that say the office published it to be called.
_CONTACT = re.compile(r"(联系人|联系电话|咨询电话|举报电话|监督电话|服务热线|热线|值班电话|"
                      r"办公电话|投诉电话|联系方式)[^\n\d]{0,12}$")
LABEL_WINDOW = 16
#: What every kind above contains (7 digits with at most one separator): a page without it has
#: no personal number, and most pages are ruled out by this one cheap scan.
_CANDIDATE = re.compile(r"\d{3}[- ]?\d{4}")


@dataclass(frozen=True, slots=True)
class PersonalNumber:
    """One validated personal number in a text: where it is and how it may be quoted."""

    kind: str  # "id_card", "id_card_15", "mobile", "bank_card"
    start: int
    end: int
    masked: str
    contact: bool = False  # a mobile labelled as an office's contact line


def mask(digits: str, kind: str) -> str:
    """The number as it may be shown: 110105********0012, 138****5678, 622202*********1234."""
    digits = re.sub(r"[\s-]", "", digits)
    if kind == "mobile":
        digits = digits[-11:]
        return f"{digits[:3]}****{digits[-4:]}"
    keep_head = 6 if len(digits) > 11 else 3
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 4) + digits[-4:]


def valid_id18(number: str, latest_year: int | None = None) -> bool:
    """GB 11643: province prefix, a real birth date not in the future, mod-11-2 check digit."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if int(number[:2]) not in PROVINCES or not _real_date(number[6:14], latest_year):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def valid_id15(number: str) -> bool:
    """The 15-digit IDs issued before 1999: province prefix and a real 19YYMMDD birth date."""
    return (len(number) == 15 and number.isdigit() and int(number[:2]) in PROVINCES
            and _real_date("19" + number[6:12], None))


def luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def valid_bank_card(number: str) -> bool:
    return 16 <= len(number) <= 19 and bool(_CARD_PREFIX.match(number)) and luhn(number)


def _real_date(yyyymmdd: str, latest_year: int | None) -> bool:
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8])
    if year < 1900 or (latest_year is not None and year > latest_year):
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _label_before(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    return bool(pattern.search(text[max(0, start - LABEL_WINDOW):start]))


def find_personal_numbers(text: str, latest_year: int | None = None) -> Iterator[PersonalNumber]:
    """Every validated personal number of `text`, in order; a span is counted once (an ID card
    is never also a bank card)."""
    if not _CANDIDATE.search(text):
        return
    taken: list[tuple[int, int]] = []
    found: list[PersonalNumber] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(kind: str, match: re.Match[str], digits: str, contact: bool = False) -> None:
        taken.append(match.span())
        found.append(PersonalNumber(kind, match.start(), match.end(), mask(digits, kind), contact))

    for match in _ID18.finditer(text):
        number = match.group()
        if valid_id18(number, latest_year) and not _label_before(text, match.start(),
                                                                  _NOT_PERSONAL):
            add("id_card", match, number)
    for match in _ID15.finditer(text):
        if valid_id15(match.group()) and free(*match.span()) \
                and not _label_before(text, match.start(), _NOT_PERSONAL):
            add("id_card_15", match, match.group())
    for match in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if valid_bank_card(digits) and free(*match.span()) \
                and not _label_before(text, match.start(), _NOT_PERSONAL):
            add("bank_card", match, digits)
    for match in _MOBILE.finditer(text):
        if free(*match.span()) and not _label_before(text, match.start(), _NOT_PERSONAL):
            digits = match.group(1) + match.group(3) + match.group(4)
            add("mobile", match, digits, _label_before(text, match.start(), _CONTACT))
    yield from sorted(found, key=lambda n: n.start)


def redact(text: str | None, latest_year: int | None = None) -> str | None:
    """`text` with every personal number masked: for quotes other findings take from a page."""
    if not text:
        return text
    numbers = list(find_personal_numbers(text, latest_year))
    for number in reversed(numbers):
        text = text[:number.start] + number.masked + text[number.end:]
    return text


def redact_finding(finding: Finding, latest_year: int | None = None) -> Finding:
    """The finding with personal numbers masked in its quote, context and message; its id is
    then the masked quote's, so not even a hash of the number is kept."""
    text = redact(finding.text, latest_year)
    finding.context = redact(finding.context, latest_year)
    finding.message = redact(finding.message, latest_year) or finding.message
    if text != finding.text:
        finding.text = text
        finding.id = finding_id(finding.category, finding.rule, finding.url,
                                text or finding.link_url)
    return finding
