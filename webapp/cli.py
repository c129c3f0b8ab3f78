"""The ``claimdesk`` command: database, accounts and data tasks."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.engine import make_url

from webapp import create_app


def _make_app() -> object:
    return create_app()


main = FlaskGroup(
    name="claimdesk",
    create_app=_make_app,  # type: ignore[arg-type]
    add_version_option=False,
    load_dotenv=False,
    help="Claimdesk: claim tracking and source reliability for fact-checking desks.",
)


@click.command("config")
@with_appcontext
def show_config() -> None:
    """Print the database URL in use (password hidden)."""
    url = make_url(current_app.config["DATABASE_URL"])
    click.echo(url.render_as_string(hide_password=True))


def register(app: Flask) -> None:
    """Attach every command group to ``app.cli`` (``claimdesk`` and tests both use it)."""
    from webapp.backup.cli import backup_command, restore_command
    from webapp.claimreview.cli import import_claimreview
    from webapp.demo.cli import demo_command
    from webapp.imports.cli import import_group
    from webapp.migrations_cli import db_group
    from webapp.reports.cli import export_command
    from webapp.users.cli import bootstrap_command, users_group

    for command in (
        db_group,
        users_group,
        bootstrap_command,
        show_config,
        import_group,
        export_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)
    app.cli.add_command(demo_command)
    import_group.add_command(import_claimreview)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
