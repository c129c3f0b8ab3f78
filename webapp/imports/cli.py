"""``claimdesk import ...``: LIAR, CSV claims and sources, with dry runs and progress."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from webapp import db
from webapp.imports import liar
from webapp.imports.operations import combined_checksum, previous_batch, record_batch

import_group = AppGroup("import", help="Import claims and sources (all or nothing).")


def _report_problems(problems: list[object], limit: int = 50) -> None:
    for problem in problems[:limit]:
        click.echo(f"  {problem}", err=True)
    if len(problems) > limit:
        click.echo(f"  ... and {len(problems) - limit} more", err=True)


@import_group.command("liar")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the files and report; write nothing.")
def import_liar(paths: tuple[Path, ...], dry_run: bool) -> None:
    """Import the LIAR data set: PATHS are TSV files or directories holding them."""
    files = liar.tsv_paths(paths)
    if not files:
        raise click.ClickException("No .tsv files found in the paths given.")
    parsed = liar.parse_files(files)
    for note in parsed.notes:
        click.echo(f"Note: {note}")
    if parsed.problems:
        click.echo(f"{len(parsed.problems)} problem(s); nothing was imported:", err=True)
        _report_problems(list(parsed.problems))
        raise SystemExit(1)
    click.echo(f"{len(parsed.rows):,} rows in {len(files)} file(s) look fine.")
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    sess = db.session()
    checksum = combined_checksum(parsed.checksums)
    earlier = previous_batch(sess, "liar", checksum)
    if earlier is not None:
        click.echo(
            f"These files were imported before (batch #{earlier.id}, "
            f"{earlier.created_at:%Y-%m-%d %H:%M} UTC); only missing rows will be added."
        )
    with click.progressbar(length=len(parsed.rows), label="Importing", show_pos=True) as bar:
        counts = liar.import_rows(sess, actor=None, rows=parsed.rows, progress=bar.update)
    batch = record_batch(
        sess,
        actor=None,
        kind="liar",
        file_name=", ".join(p.name for p in files),
        checksum=checksum,
        rows_total=len(parsed.rows),
        counts=counts,
    )
    sess.commit()
    click.echo(
        f"Import batch #{batch.id}: {counts['claims']:,} claims, {counts['sources']:,} sources, "
        f"{counts['verdicts']:,} verdicts created; {counts['unchanged']:,} rows already present."
    )
