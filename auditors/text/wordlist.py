"""Word lists: UTF-8 TSV files, one entry a line, read the same way for bundled and user lists.

Format (wordlists/README.md): `#` comment lines (source and version), then a header with at
least `word, category, severity, suggestion, note`; optional further columns `since` (ISO date a
renamed institution changed) and `except` (`;`-separated phrases in which the word is correct).
The `category` column says what an entry is; `KINDS` maps it to the finding's category, rule,
default severity and message, so a new kind of list entry is one line there, not a new branch.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from govpatrol.errors import GovpatrolError
from govpatrol.model import SEVERITIES

#: The bundled lists ship as package data of govpatrol.wordlists (found the same way in a wheel
#: and in an editable checkout).
WORDLIST_DIR = Path(str(resources.files("govpatrol.wordlists")))

#: The bundled lists, read for every site before the user's own.
DEFAULT_LISTS = (
    "typos_core.tsv",
    "typos_generated.tsv",
    "typo_duplicates.tsv",
    "typo_allow.tsv",
    "typo_context.tsv",
    "fixed_expressions.tsv",
    "proper_nouns.tsv",
    "sensitive.tsv",
    "sensitive_cues.tsv",
    "expressions.tsv",
    "lookalikes.tsv",
)

REQUIRED_COLUMNS = ("word", "category", "severity", "suggestion", "note")


class WordlistError(GovpatrolError):
    """A broken word list; the message names the file and line (design.md: bad input)."""


@dataclass(frozen=True, slots=True)
class Kind:
    """What an entry of one `category` becomes when it matches."""

    category: str  # finding category (findings.md)
    rule: str  # dotted rule id
    severity: str  # default when the entry leaves severity empty
    message: str  # one Chinese sentence; {text} and {suggestion} are filled in
    scanned: bool = True  # goes into the automaton as a word to find


#: category column value -> Kind. Values not here are rejected with the file and line.
KINDS: dict[str, Kind] = {
    "confusion": Kind("typo", "typo.confusion", "minor",
                      "疑似错别字“{text}”，应为“{suggestion}”。"),
    "duplicate": Kind("typo", "typo.duplicate", "minor",
                      "疑似重复用字“{text}”，应为“{suggestion}”。"),
    # right or wrong by what follows (column `followed_by`, typo_rules.context_rule)
    "context": Kind("typo", "typo.context", "minor",
                    "“{text}”在此处用法有误，应为“{suggestion}”。"),
    "fixed_expression": Kind("typo", "typo.fixed_expression", "major",
                             "固定表述“{suggestion}”书写有误：“{text}”。", scanned=False),
    "proper_noun": Kind("typo", "typo.proper_noun", "major",
                        "名称“{suggestion}”书写有误：“{text}”（名称须准确无误）。", scanned=False),
    "reactionary": Kind("sensitive", "sensitive.reactionary", "veto",
                        "出现反动有害内容“{text}”，属一票否决项，请立即删除。"),
    "violence": Kind("sensitive", "sensitive.violence", "veto",
                     "出现暴力恐怖有害内容“{text}”，属一票否决项，请立即删除。"),
    "pornography": Kind("sensitive", "sensitive.pornography", "veto",
                        "出现色情低俗内容“{text}”，属一票否决项，请立即删除。"),
    "gambling": Kind("sensitive", "sensitive.gambling", "major",
                     "出现涉赌内容“{text}”，请核查是否被篡改或挂马并删除。"),
    "drugs": Kind("sensitive", "sensitive.drugs", "major",
                  "出现涉毒违法内容“{text}”，请核查并删除。"),
    "cult": Kind("sensitive", "sensitive.cult", "major",
                 "出现邪教或封建迷信内容“{text}”，请核查并删除。"),
    "insult": Kind("sensitive", "sensitive.insult", "major",
                   "出现辱骂或不文明用语“{text}”，请删除。"),
    "outdated_institution": Kind("wrong_expression", "expression.outdated_institution", "major",
                                 "“{text}”已于{since}撤销或更名，现应为“{suggestion}”。"),
    "banned_usage": Kind("wrong_expression", "expression.banned_usage", "major",
                         "“{text}”属禁用或不规范表述，应为“{suggestion}”。"),
    "allow": Kind("", "", "info", "", scanned=False),  # whitelist: never a finding
    # a name in current use: shields the outdated names inside it (住房城乡建设部 ⊃ 建设部)
    "current_institution": Kind("", "", "info", "", scanned=False),
    # an advertiser's hook (加微信, 量大从优): its sentence is spam, so no cue excuses a hit there
    "spam_hook": Kind("", "", "info", "", scanned=False),
    "lookalike": Kind("", "", "info", "", scanned=False),  # groups of look-alike characters
}
CUE_PREFIX = "cue:"  # "cue:drugs": a word that makes a drugs hit in its sentence legitimate


@dataclass(frozen=True, slots=True)
class Entry:
    word: str
    kind: str  # the category column
    severity: str
    suggestion: str
    note: str = ""
    since: date | None = None
    exceptions: tuple[str, ...] = field(default=())
    source: str = ""  # "file:line", for messages about the list itself
    followed_by: str = ""  # `context` entries: what must follow (typo_rules.FOLLOWERS)


def _parse_since(value: str, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise WordlistError(f"{where}: since 应为 YYYY-MM-DD (bad date): {value!r}") from None


#: `followed_by` values of a `context` entry: a clause-opening date (截止2023年底，...), a
#: word of a jieba part of speech (`pos:v`: 必需加强), or one of some words (`word:时间|日期`).
FOLLOWED_BY_FORMS = ("date", "pos:", "word:")


def _followed_by(kind: str, value: str, where: str) -> str:
    if kind != "context":
        return ""
    if value == "date" or (value.startswith(FOLLOWED_BY_FORMS[1:]) and value.split(":", 1)[1]):
        return value
    raise WordlistError(f"{where}: context 条目的 followed_by 应为 date、pos:<词性> 或 "
                        f"word:<词>|<词> (bad followed_by) {value!r}")


def _check_kind(kind: str, where: str) -> None:
    if kind in KINDS:
        return
    if kind.startswith(CUE_PREFIX) and (kind[len(CUE_PREFIX):] in KINDS or kind == "cue:*"):
        return
    raise WordlistError(f"{where}: 未知类别 (unknown category) {kind!r}; "
                        f"可用 (known): {', '.join(KINDS)}, cue:<类别>")


def read_tsv(path: str | Path) -> list[Entry]:
    """Read one list; raise WordlistError naming file and line on any malformed row."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise WordlistError(f"{path}: 词表不存在 (word list not found)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WordlistError(f"{path}: 无法读取词表，应为 UTF-8 (cannot read): {exc}") from None
    lines = [(n, line) for n, line in enumerate(raw.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return []
    header_no, header_line = lines[0]
    header = [h.strip().lower() for h in header_line.split("\t")]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise WordlistError(f"{path}:{header_no}: 表头缺少列 (header lacks) {', '.join(missing)}")
    entries: list[Entry] = []
    for (n, line) in lines[1:]:
        where = f"{path}:{n}"
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        word = row.get("word", "")
        kind = row.get("category", "")
        if not word:
            raise WordlistError(f"{where}: 缺少词语 (empty word)")
        _check_kind(kind, where)
        severity = row.get("severity", "") or (KINDS[kind].severity if kind in KINDS else "info")
        if severity not in SEVERITIES and not kind.startswith(CUE_PREFIX):
            raise WordlistError(f"{where}: 未知严重程度 (unknown severity) {severity!r}")
        entries.append(Entry(
            word=word, kind=kind, severity=severity, suggestion=row.get("suggestion", ""),
            note=row.get("note", ""), since=_parse_since(row.get("since", ""), where),
            exceptions=tuple(x for x in row.get("except", "").split(";") if x),
            source=where, followed_by=_followed_by(kind, row.get("followed_by", ""), where),
        ))
    return entries


def resolve_paths(user_lists: Iterable[str], base: Path | None = None) -> list[Path]:
    """Bundled lists first, then the user's (relative paths against `base`, else the CWD)."""
    paths = [WORDLIST_DIR / name for name in DEFAULT_LISTS]
    for item in user_lists:
        p = Path(item).expanduser()
        if not p.is_absolute() and base is not None:
            p = base / p
        paths.append(p)
    return paths
