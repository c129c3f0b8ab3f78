"""``claimdesk backup PATH`` and ``claimdesk restore PATH``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from webapp import db
from webapp.backup import operations
from webapp.backup.operations import BackupError


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@with_appcontext
def backup_command(path: Path, force: bool) -> None:
    """Write a consistent backup of the whole database to PATH, while the app keeps running.

    SQLite: a copy of the database file (SQLite's online backup API). PostgreSQL: a
    pg_dump archive in custom format (pg_dump must be installed).
    """
    try:
        info = operations.backup(db.database().engine, path, overwrite=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Backup written to {info.path} ({info.engine}, migration {info.revision}, "
        f"{info.size:,} bytes)."
    )


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database that holds data.")
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Replace the database by the backup at PATH. Stop the app first.

    Refuses a database that holds data unless --force, a backup of the other engine, and
    a backup made by a newer Claimdesk (an unknown migration revision).
    """
    try:
        note = operations.restore(db.database().engine, path, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {path}.")
    if note:
        click.echo(note)
