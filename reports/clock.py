"""Times as an office reads them: Beijing time (UTC+8, no daylight saving since 1991, so a fixed
offset is exact and needs no time-zone database). The store keeps UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "北京时间")


def beijing(value: str | datetime | None) -> str:
    """'2026-11-20 10:15:03' in Beijing time from a stored UTC timestamp; '' when unknown, the
    input unchanged when it is not a timestamp (never a crash in a report)."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
