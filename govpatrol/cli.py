"""The `govpatrol` command line: a lazy click group over govpatrol/commands/.

Exit status (findings.md): 0 when the run completed, whatever it found; 1 with a one-line
reason on stderr when it could not run. "Could not run" is caught here, once:
- a `GovpatrolError` (bad config, unreadable database, unreachable start URL, unreadable draft);
- click's own usage errors (an unknown option, `--as-of 2026-13-45`, `--max-pages 0`), which
  click would print as several English lines with exit 2.
Commands import what they need when they run, so `govpatrol --help` and `govpatrol check-text`
load neither Scrapy, pandas, aiohttp nor Playwright.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from govpatrol.commands import COMMANDS
from govpatrol.errors import GovpatrolError


def fail(message: str, code: int = 1) -> None:
    """One line on stderr, then exit: what every user error looks like."""
    click.echo(f"错误 (error): {' '.join(message.split())}", err=True)
    sys.exit(code)


def usage_line(error: click.UsageError) -> str:
    """A click usage error as one Chinese+English line, with the command to ask for help."""
    command = error.ctx.command_path if error.ctx else "govpatrol"
    return (f"命令行参数有误 (usage error): {error.format_message()}"
            f"（查看用法 / see: {command} --help）")


class LazyGroup(click.Group):
    """click's documented lazy-loading group: names map to "module:attr", imported on use."""

    def __init__(self, *args: Any, lazy_subcommands: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = dict(lazy_subcommands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_subcommands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_subcommands.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """click's main, with every user error turned into one line and exit 1."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help() if error.ctx else error.format_message())
            sys.exit(0)
        except click.UsageError as error:
            fail(usage_line(error))
        except click.ClickException as error:
            fail(error.format_message())
        except click.Abort:
            fail("已中止 (aborted)", 130)
        except GovpatrolError as error:
            fail(error.one_line())
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=LazyGroup, lazy_subcommands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govpatrol")
def main() -> None:
    """govpatrol：政府网站与政务新媒体巡检 (government website patrol)."""
