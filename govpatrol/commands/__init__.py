"""One module per CLI command, loaded lazily by the click group (govpatrol/cli.py).

`COMMANDS` maps each command name to "module:attribute". The group imports a command's module
only when that command runs or `--help` lists it, and the command modules themselves import
nothing heavy at module level (no Scrapy, pandas, aiohttp or Playwright): `govpatrol --help` and
`govpatrol check-text` start fast. A new command is one module here and one line below.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "patrol": "govpatrol.commands.patrol:patrol",
    "column": "govpatrol.commands.column:column",
    "check-text": "govpatrol.commands.check_text:check_text",
    "report": "govpatrol.commands.report:report",
    "demo": "govpatrol.commands.demo:demo",
    "nightly": "govpatrol.commands.nightly:nightly",
    "worker": "govpatrol.commands.worker:worker",
    "watch": "govpatrol.commands.watch:watch",
    "prep": "govpatrol.commands.prep:prep",
    "review": "govpatrol.commands.review:review",
    "recheck": "govpatrol.commands.recheck:recheck",
}
