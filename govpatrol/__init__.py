"""govpatrol: nightly patrol of Chinese government portals (政府网站巡检).

The thin application layer: command line, configuration, the SQLite store and run
orchestration. The crawling lives in `crawler`, the checks in `auditors`, the renderers in
`reports`.
"""

__version__ = "0.1.0"
