"""``claimdesk export claims|verdicts|sources|audit [--where KEY=VALUE ...] --output FILE``.

``claimdesk export dictionary`` prints the column dictionary of those four exports (the
markdown that docs/formats.md carries), generated from their schemas.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.datastructures import MultiDict

from webapp import db
from webapp.reports.dictionary import render_dictionary
from webapp.reports.exports import EXPORT_NAMES, EXPORTS, FilterError

DICTIONARY = "dictionary"


@click.command("export")
@click.argument("name", type=click.Choice([*EXPORT_NAMES, DICTIONARY]))
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
    """Write a CSV report, streamed in constant memory whatever its size.

    NAME "dictionary" writes the markdown column dictionary of the reports instead.
    """
    if name == DICTIONARY:
        if conditions or bom:
            raise click.UsageError("The dictionary takes no --where or --bom.")
        text = render_dictionary()
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
        return
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
