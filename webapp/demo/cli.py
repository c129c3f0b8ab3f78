"""``claimdesk demo``: load the demo desk in one transaction."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from webapp import db
from webapp.claims.models import Claim
from webapp.core.errors import OperationError, PermissionDenied
from webapp.demo.loader import demo_actor, load_demo

COUNT_ORDER = [
    "claims",
    "appearances",
    "sources",
    "sources reused",
    "source grades",
    "documents",
    "relations",
    "verdicts",
    "reopenings",
    "audit entries",
]


@click.command("demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load only when the database has no claims at all (make run uses this).",
)
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load the demo desk: claims from one opinion article, with sources and verdicts."""
    sess = db.session()
    if if_empty and sess.scalar(select(Claim.id).limit(1)) is not None:
        click.echo("The database has claims already; the demo desk was not loaded.")
        return
    actor = demo_actor(sess)
    try:
        result = load_demo(sess, actor=actor)
    except (OperationError, PermissionDenied) as error:
        sess.rollback()
        raise click.ClickException(f"The demo desk was not loaded: {error}") from error
    except BaseException:
        sess.rollback()
        raise
    if not result.loaded:
        click.echo(result.message)
        return
    sess.commit()
    click.echo(result.message)
    who = actor.email if actor is not None else "no account (the audit log shows no actor)"
    click.echo(f"Recorded as: {who}")
    for name in COUNT_ORDER:
        if result.counts[name]:
            click.echo(f"  {name}: {result.counts[name]}")
    click.echo("Open /claims to see them; each record's History tab shows how it was built.")
