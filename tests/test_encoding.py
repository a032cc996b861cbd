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
