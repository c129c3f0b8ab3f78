"""``claimdesk export claims|verdicts|sources|audit [--where KEY=VALUE ...] --output FILE``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.datastructures import MultiDict

from webapp import db
from webapp.reports.exports import EXPORT_NAMES, EXPORTS, FilterError


@click.command("export")
@click.argument("name", type=click.Choice(EXPORT_NAMES))
@click.option(
    "--where",
    "conditions",
    multiple=True,
    metavar="KEY=VALUE",
    help="A filter, with the same names as the export URL (status=concluded, tag=Panjshir, "
    "claimant_id=3, claim_from=2021-08-01, kind=outlet, entity_type=claim ...). Repeatable.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; default: standard output.",
)
@click.option("--bom", is_flag=True, help="Start with a UTF-8 byte-order mark (for Excel).")
@with_appcontext
def export_command(name: str, conditions: tuple[str, ...], output: Path | None, bom: bool) -> None:
    """Write a CSV report, streamed in constant memory whatever its size."""
    pairs = []
    for condition in conditions:
        key, sep, value = condition.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{condition!r} is not KEY=VALUE", param_hint="--where")
        pairs.append((key.strip(), value))
    with current_app.test_request_context():
        try:
            chunks = EXPORTS[name].stream(db.session(), MultiDict(pairs), bom=bom)
        except FilterError as error:
            raise click.ClickException(f"A filter is not valid: {error}") from error
        target = output.open("wb") if output else sys.stdout.buffer
        try:
            for chunk in chunks:
                target.write(chunk)
        finally:
            if output:
                target.close()
    if output:
        click.echo(f"Wrote {output}", err=True)
