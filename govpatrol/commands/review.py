"""`govpatrol review LEDGER.xlsx`: read a filled-in ledger back into the database (误报, 整改,
复查), or `--undo ID` a finding's answer."""

from __future__ import annotations

import getpass
from pathlib import Path

import click


def default_reviewer() -> str:
    """The OS user: who imported the ledger, when --by does not say."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@click.command("review")
@click.argument("ledger", required=False,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("govpatrol.db"), show_default=True,
              help="SQLite 数据库 / database file")
@click.option("--by", "by", default=None, help="审核人（默认当前系统用户）/ who decided")
@click.option("--undo", "undo_id", default=None, metavar="ID",
              help="撤销某个问题编号的标记，恢复为未整改 / take an answer back")
def review(ledger: Path | None, db: Path, by: str | None, undo_id: str | None) -> None:
    """读回填好的整改台账：误报屏蔽、已整改待复查 / read a filled-in ledger back."""
    from govpatrol.reports.ledger_reader import LedgerError, read_ledger
    from govpatrol.review import import_ledger, undo
    from govpatrol.store import Store, StoreError

    if (ledger is None) == (undo_id is None):
        raise click.UsageError("请给出台账文件或 --undo ID 之一 (give a ledger or --undo ID)")
    if not db.exists():
        raise StoreError(f"数据库不存在 (database not found): {db}")
    if ledger is not None and not ledger.is_file():
        raise LedgerError(f"台账文件不存在 (ledger not found): {ledger}")
    answers = read_ledger(ledger) if ledger is not None else None  # before the database opens
    store = Store(db)
    try:
        who = by or default_reviewer()
        lines = (undo(store, undo_id, who) if answers is None
                 else import_ledger(store, answers, who).lines())
    finally:
        store.close()
    for line in lines:
        click.echo(line)
