"""JSON for everything govpatrol keeps in Redis: data in, data out, never code.

pickle runs whatever a value tells it to, so anyone able to write to the Redis server of a
distributed crawl could run code in every worker. Here a value is JSON; dataclasses travel as
objects tagged with their class name and are rebuilt only for the classes registered below
(records, model types, crawl options); dates travel as ISO strings. Anything else is refused
with `CodecError`.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any, TypeVar

from govpatrol.crawler import options, records
from govpatrol.model import Column, HiddenLink, Item, Link, Page

T = TypeVar("T")

_TYPE, _DATE, _DATETIME = "__type__", "__date__", "__datetime__"

#: The only classes a value read from Redis may become.
ALLOWED: dict[str, type] = {cls.__name__: cls for cls in (
    Page, Link, HiddenLink, Item, Column,
    records.PageRecord, records.ColumnRecord, records.ItemsRecord, records.ReusedPageRecord,
    records.AccountRecord, records.ArticleRecord,
    options.SpiderOptions, options.Departments,
)}


class CodecError(ValueError):
    """A value from Redis that is not govpatrol's JSON (a pickle, a foreign class, garbage)."""


def dumps(value: Any) -> bytes:
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(raw: bytes | str, expected: type[T] | None = None) -> Any:
    """The value `dumps` wrote; `expected`: the class it must be."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        value = json.loads(text, object_hook=_decode)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CodecError(f"Redis 中的数据不是 JSON (not govpatrol JSON): {exc}") from None
    if expected is not None and not isinstance(value, expected):
        raise CodecError(f"Redis 中的数据类型不符 (expected {expected.__name__},"
                         f" got {type(value).__name__})")
    return value


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if ALLOWED.get(name) is not type(value):
            raise CodecError(f"not a registered type: {name}")
        out = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        out[_TYPE] = name
        return out
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise CodecError(f"cannot store {type(value).__name__} in Redis as JSON")


def _decode(obj: dict[str, Any]) -> Any:
    if _DATE in obj and len(obj) == 1:
        return date.fromisoformat(obj[_DATE])
    if _DATETIME in obj and len(obj) == 1:
        return datetime.fromisoformat(obj[_DATETIME])
    name = obj.pop(_TYPE, None)
    if name is None:
        return obj
    cls = ALLOWED.get(name)
    if cls is None:
        raise CodecError(f"not a registered type: {name}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(obj) - set(fields)
    if unknown:
        raise CodecError(f"{name}: unknown fields {sorted(unknown)}")
    for key, value in obj.items():  # tuples were sent as lists
        if isinstance(value, list) and str(fields[key].type).startswith("tuple"):
            obj[key] = tuple(value)
    return cls(**obj)
