"""``claimdesk import claimreview FILE [--dry-run] [--map LABEL=SCALE:VALUE ...]``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from webapp import db
from webapp.claimreview.importer import import_reviews
from webapp.claimreview.ratings import MapError, load_rating_map
from webapp.claimreview.reading import read_file
from webapp.imports.operations import previous_batch, record_batch

SHOWN_PROBLEMS = 50


def _refuse(problems: list[object]) -> None:
    click.echo(f"{len(problems)} problem(s); nothing was imported:", err=True)
    for problem in problems[:SHOWN_PROBLEMS]:
        click.echo(f"  {problem}", err=True)
    if len(problems) > SHOWN_PROBLEMS:
        click.echo(f"  ... and {len(problems) - SHOWN_PROBLEMS} more", err=True)
    raise SystemExit(1)


def _summary(counts: dict[str, int]) -> str:
    return (
        f"{counts['claims']:,} claims, {counts['sources']:,} sources, "
        f"{counts['documents']:,} documents, {counts['verdicts']:,} verdicts"
    )


@click.command("claimreview")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="LABEL=SCALE:VALUE",
    help='Map a verdict label onto a rating value, e.g. "Pants on Fire=politifact:pants-fire". '
    "VALUE is the value's short name or label. Repeatable. Without a map, labels are matched "
    "on the default scale, then on the PolitiFact scale (exactly, then ignoring case and accents).",
)
@with_appcontext
def import_claimreview(path: Path, dry_run: bool, mappings: tuple[str, ...]) -> None:
    """Import schema.org ClaimReviews (one, a list, a feed, or an @graph) from a JSON file."""
    parsed = read_file(path)
    for note in parsed.notes:
        click.echo(f"Note: {note}")
    if parsed.problems:
        _refuse(list(parsed.problems))
    sess = db.session()
    try:
        ratings = load_rating_map(sess, mappings)
    except MapError as error:
        raise click.BadParameter(str(error), param_hint="--map") from error
    result = import_reviews(
        sess, actor=None, reviews=parsed.reviews, ratings=ratings, dry_run=dry_run
    )
    if result.problems:
        sess.rollback()
        _refuse(list(result.problems))
    counts = result.counts
    total = len(parsed.reviews)
    if dry_run:
        sess.rollback()
        click.echo(
            f"{total:,} review(s) look fine: they would create {_summary(counts)}; "
            f"{counts['unchanged']:,} already present."
        )
        click.echo("Dry run: nothing was written.")
        return
    earlier = previous_batch(sess, "claimreview", parsed.checksum)
    if earlier is not None:
        click.echo(
            f"This file was imported before (batch #{earlier.id}, "
            f"{earlier.created_at:%Y-%m-%d %H:%M} UTC); only missing reviews were added."
        )
    batch = record_batch(
        sess,
        actor=None,
        kind="claimreview",
        file_name=path.name,
        checksum=parsed.checksum,
        rows_total=total,
        counts=counts,
    )
    sess.commit()
    click.echo(
        f"Import batch #{batch.id}: {_summary(counts)} created; "
        f"{counts['unchanged']:,} review(s) already present."
    )
