"""Decoding the encodings older government sites still serve."""

import pytest
from scrapy.http import HtmlResponse

from govpatrol.crawler.middlewares import ChineseEncodingMiddleware

SENTENCE = "关于做好2026年度部门预算公开工作的通知，请各单位认真贯彻执行。"


def decode(body: bytes, content_type: str = "text/html") -> str:
    response = HtmlResponse("http://www.example.gov.cn/", body=body,
                            headers={"Content-Type": content_type})
    return ChineseEncodingMiddleware().process_response(None, response).text


@pytest.mark.parametrize("encoding", ["gbk", "gb2312", "gb18030", "big5", "utf-8"])
def test_undeclared_pages_are_detected(encoding):
    text = SENTENCE if encoding != "big5" else "關於做好部門預算公開工作的通知，請各單位認真貫徹執行。"
    body = f"<html><body><p>{text}</p></body></html>".encode(encoding)
    assert text in decode(body)


def test_charset_only_in_meta():
    body = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>{SENTENCE}</body></html>'.encode("gbk")
    assert SENTENCE in decode(body)


def test_charset_only_in_header_with_a_gb18030_only_character():
    text = "䶮字与㐀字只在GB18030中有编码。"
    body = f"<html><body><p>{text}</p></body></html>".encode("gb18030")
    assert text in decode(body, "text/html; charset=GB18030")


def test_utf8_label_on_gbk_bytes():
    body = f"<html><head><meta charset='utf-8'></head><body>{SENTENCE}</body></html>".encode("gbk")
    assert SENTENCE in decode(body)


def test_one_invalid_byte_in_a_utf8_page_keeps_it_utf8_as_browsers_do():
    body = f"<html><head><meta charset='utf-8'></head><body>{SENTENCE}</body></html>".encode()
    at = body.index("认真".encode())
    text = decode(body[:at] + b"\xff" + body[at:], "text/html; charset=utf-8")
    assert "关于做好2026年度部门预算公开工作的通知，请各单位\ufffd认真贯彻执行。" in text


def _flagged(body: bytes, content_type: str) -> tuple[str, str | None]:
    from scrapy import Request

    request = Request("http://www.example.gov.cn/")
    # as in a crawl: the response's `request` is set only after the downloader middlewares
    response = HtmlResponse(request.url, body=body, headers={"Content-Type": content_type})
    decoded = ChineseEncodingMiddleware().process_response(request, response)
    return decoded.text, request.meta.get("declared_encoding")


def test_a_body_that_does_not_match_its_label_is_flagged():
    body = f"<html><body><p>{SENTENCE}</p></body></html>"
    text, declared = _flagged(body.encode("gbk"), "text/html; charset=utf-8")
    assert SENTENCE in text and declared == "utf-8"
    text, declared = _flagged(body.encode("utf-8"), "text/html; charset=gb2312")
    assert SENTENCE in text and declared == "gb18030"  # w3lib's name for the GB family


@pytest.mark.parametrize("encoding, label", [("utf-8", "utf-8"), ("gbk", "gbk"),
                                             ("gb18030", "gb2312")])
def test_a_body_that_matches_its_label_is_not_flagged(encoding, label):
    body = f"<html><body><p>{SENTENCE}</p></body></html>".encode(encoding)
    text, declared = _flagged(body, f"text/html; charset={label}")
    assert SENTENCE in text and declared is None
