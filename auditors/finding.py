"""The Finding: the one shape every auditor emits and every report reads.

findings.md is a public contract (a provincial platform, a ledger spreadsheet and CI jobs read
it), so fields are only ever added here, never renamed.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

SEVERITIES = ("veto", "major", "minor", "info")

#: Fixed category names and their Chinese labels (findings.md). Never change a meaning.
CATEGORIES: dict[str, str] = {
    "stale_column": "栏目更新不及时",
    "empty_column": "空白栏目",
    "late_publication": "信息发布不及时",
    "typo": "错别字",
    "sensitive": "敏感词",
    "wrong_expression": "严重表述错误",
    "broken_link": "不可用链接",
    "script_mix": "繁简混用",
    "unreachable": "无法访问",
    "interaction": "互动回应不及时",
    "site_identity": "网站标识不规范",
    "missing_structure": "栏目或要素缺失",
}

SEVERITY_LABELS = {"veto": "一票否决", "major": "严重", "minor": "一般", "info": "提示"}


def finding_id(category: str, rule: str, url: str, text_or_link: str | None) -> str:
    """A fingerprint stable across runs: fixed / new / persisting can be told apart."""
    key = "\x1f".join((category, rule, url, text_or_link or ""))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Finding:
    site: str
    category: str
    rule: str
    severity: str
    url: str
    message: str
    column: str | None = None
    department: str | None = None
    text: str | None = None
    suggestion: str | None = None
    context: str | None = None
    link_url: str | None = None
    status: str | None = None
    published: date | None = None
    formed: date | None = None
    last_updated: date | None = None
    limit_days: int | None = None
    actual_days: int | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if not self.id:
            self.id = finding_id(self.category, self.rule, self.url, self.text or self.link_url)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict in the contract's field order (id first)."""
        raw = asdict(self)
        out: dict[str, Any] = {"id": raw.pop("id")}
        for key, value in raw.items():
            out[key] = value.isoformat() if isinstance(value, date) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        kwargs = dict(data)
        for key in ("published", "formed", "last_updated"):
            if isinstance(kwargs.get(key), str):
                kwargs[key] = date.fromisoformat(kwargs[key])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in kwargs.items() if k in known})
