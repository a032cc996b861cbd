"""A match worth reporting, in original-text offsets, and how it becomes a Finding."""

from __future__ import annotations

from dataclasses import dataclass

from govpatrol.model import Finding

CONTEXT_RADIUS = 15  # characters each side: ~40 characters with a short `text`


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem found in a page's text. `start`/`end` index the original text."""

    category: str
    rule: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: str | None = None
    text: str | None = None  # set when the quoted text is not simply original[start:end]


def context_span(original: str, start: int, end: int, radius: int = CONTEXT_RADIUS) -> tuple[
        int, int]:
    """About `radius` characters either side, never across a line break (tables stay tidy)."""
    left = max(0, start - radius)
    line_start = original.rfind("\n", left, start)
    if line_start != -1:
        left = line_start + 1
    right = min(len(original), end + radius)
    line_end = original.find("\n", end, right)
    if line_end != -1:
        right = line_end
    return left, right


def to_finding(hit: Hit, original: str, *, site: str, url: str, column: str | None = None,
               department: str | None = None) -> Finding:
    """The contract's shape (findings.md): `text` and `context` are exact substrings."""
    left, right = context_span(original, hit.start, hit.end)
    return Finding(
        site=site, category=hit.category, rule=hit.rule, severity=hit.severity, url=url,
        message=hit.message, column=column, department=department,
        text=hit.text if hit.text is not None else original[hit.start:hit.end],
        suggestion=hit.suggestion or None, context=original[left:right],
    )
