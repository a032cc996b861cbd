"""Turning a fetched HTML page into a record: title, dates, metadata, main text, links."""

from govpatrol.crawler.extract.page import PageData, extract_page

__all__ = ["PageData", "extract_page"]
