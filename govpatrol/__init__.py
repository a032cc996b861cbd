"""govpatrol: nightly patrol of Chinese government portals and their WeChat accounts (政府网站与
政务新媒体巡检).

One import root: `govpatrol.crawler` (Scrapy), `govpatrol.auditors` (the checks),
`govpatrol.reports` (the renderers) and `govpatrol.wordlists` (data) live in the repository's
top-level folders and are installed under this package; the application layers (model, config,
rules, store, link checker, evaluation, drivers, commands) live here. README's architecture
section draws the layers.
"""

__version__ = "0.1.0"
