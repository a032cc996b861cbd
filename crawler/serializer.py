"""scrapy-redis's request serializer, as JSON: the shared queue holds data, not code.

scrapy-redis pickles each queued request by default, so whoever can write to the Redis server
makes every worker run code of their choosing (`pickle.loads`). This module is named by
`SCHEDULER_SERIALIZER`: it turns the dict of `Request.to_dict()` into JSON, with bytes (headers,
bodies) as base64 and scrapy-playwright's `PageMethod` as its name and arguments, and refuses on
the way back anything that is not such JSON, or a request class other than Scrapy's own.
"""

from __future__ import annotations

import base64
import json
from typing import Any

#: Request classes a queued request may name (`_class`); request_from_dict imports it.
REQUEST_CLASSES = frozenset({
    "scrapy.http.request.Request", "scrapy.Request", "scrapy.http.Request",
    "scrapy.http.request.form.FormRequest", "scrapy.FormRequest", "scrapy.http.FormRequest",
})
_BYTES, _MAP, _PAGE_METHOD = "__bytes__", "__map__", "__page_method__"


class SerializerError(ValueError):
    """A queued request that is not govpatrol's JSON (a pickle, a foreign class)."""


def dumps(obj: dict[str, Any]) -> bytes:
    return json.dumps(_encode(obj), separators=(",", ":")).encode("utf-8")


def loads(raw: bytes | str) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        obj = json.loads(text, object_hook=_decode)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SerializerError(f"队列中的请求不是 JSON (queued request not JSON): {exc}") from None
    if not isinstance(obj, dict) or "url" not in obj:
        raise SerializerError("队列中的请求格式不符 (queued request is not a request dict)")
    cls = obj.get("_class")
    if cls is not None and cls not in REQUEST_CLASSES:
        raise SerializerError(f"队列中的请求类不允许 (request class not allowed): {cls}")
    return obj


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return {_BYTES: base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {_MAP: [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if type(value).__name__ == "PageMethod" and type(value).__module__.startswith(
            "scrapy_playwright"):
        return {_PAGE_METHOD: [value.method, _encode(list(value.args)),
                               _encode(dict(value.kwargs))]}
    raise TypeError(f"cannot queue {type(value).__name__} in Redis as JSON")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if _BYTES in obj:
            return base64.b64decode(obj[_BYTES])
        if _MAP in obj:
            return {_hashable(k): v for k, v in obj[_MAP]}
        if _PAGE_METHOD in obj:
            from scrapy_playwright.page import PageMethod

            method, args, kwargs = obj[_PAGE_METHOD]
            return PageMethod(str(method), *args, **kwargs)
    return obj


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key
