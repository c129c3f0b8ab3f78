"""``claimdesk import ...``: LIAR, CSV claims and sources, with dry runs and progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from webapp import db
from webapp.imports import csv_claims, csv_sources, liar
from webapp.imports.csv_common import read_csv
from webapp.imports.csv_runner import ImportResult, ImportSpec, run_import
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


def _print_result(result: ImportResult) -> None:
    for note in result.notes:
        click.echo(f"Note: {note}")
    if not result.ok:
        click.echo(
            f"{len(result.problems):,} problem(s) in {result.file_name}; nothing was imported:",
            err=True,
        )
        _report_problems(list(result.problems))
        raise SystemExit(1)
    if result.dry_run:
        click.echo(f"{result.rows_total:,} rows look fine. Would create: {result.summary()}.")
        click.echo("Dry run: nothing was written.")
    else:
        click.echo(f"Import batch #{result.batch_id}: created {result.summary()}.")


def _import_csv(spec: ImportSpec[Any], path: Path, dry_run: bool) -> None:
    with path.open("rb") as stream:
        parsed = read_csv(stream, file_name=path.name, columns=spec.columns, required=spec.required)
    sess = db.session()
    if dry_run or not parsed.readable:
        result = run_import(sess, spec, parsed, actor=None, dry_run=dry_run)
    else:
        label = f"Importing {path.name}"
        with click.progressbar(length=len(parsed.rows), label=label, show_pos=True) as bar:
            result = run_import(sess, spec, parsed, actor=None, dry_run=False, progress=bar.update)
    if result.ok and not dry_run:
        sess.commit()
    else:
        sess.rollback()
    _print_result(result)


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@import_group.command("claims")
@click.argument("path", metavar="FILE", type=_FILE)
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
def import_claims(path: Path, dry_run: bool) -> None:
    """Import claims from a CSV file (see docs/imports.md for the columns)."""
    _import_csv(csv_claims.SPEC, path, dry_run)


@import_group.command("sources")
@click.argument("path", metavar="FILE", type=_FILE)
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
def import_sources(path: Path, dry_run: bool) -> None:
    """Import sources from a CSV file (see docs/imports.md for the columns)."""
    _import_csv(csv_sources.SPEC, path, dry_run)
