"""Checking every link, image and attachment target of a patrol once.

The checker runs in a second process beside the Scrapy crawl, reading targets from the store as
the crawl writes them, so both cores work; internal pages the crawl fetches are not fetched
twice: their crawl status is their check.
"""
