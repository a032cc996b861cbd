"""The one base class of every error the user can fix: bad config, bad input, unusable database.

The command line catches `GovpatrolError` once (govpatrol/cli.py): it prints the message as one
line on stderr and exits 1, never a traceback. Each message is written for the person at the
terminal: Chinese first, the English in parentheses, and the file, line, key or URL to look at.
The concrete classes stay in the modules that raise them (ConfigError in govpatrol.config,
StoreError in govpatrol.store, ...) so their names are importable where they always were; this
module sits below everything and imports nothing of govpatrol.
"""

from __future__ import annotations


class GovpatrolError(Exception):
    """A problem in what the user gave us; `str(error)` is the one line they see."""

    def one_line(self) -> str:
        """The message on one line: TOML and OS errors sometimes carry newlines."""
        return " ".join(str(self).split()) or type(self).__name__
