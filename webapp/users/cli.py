"""``claimdesk users ...`` and the first-run admin."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from webapp import db
from webapp.core.errors import OperationError
from webapp.core.permissions import Role
from webapp.users import operations, queries

users_group = AppGroup("users", help="Manage accounts.")


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", default="")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.CHECKER.value,
    show_default=True,
)
@click.option(
    "--password",
    default=None,
    help="Leave out to generate one (printed once); safer than a password in shell history.",
)
def create(email: str, display_name: str, role: str, password: str | None) -> None:
    """Create an account."""
    generated = password is None
    password = password or operations.generate_password()
    sess = db.session()
    try:
        user = operations.create_user(
            sess,
            actor=None,
            email=email,
            display_name=display_name,
            role=Role(role),
            password=password,
        )
    except OperationError as error:
        raise click.ClickException(error.message) from error
    sess.commit()
    click.echo(f"Created {user.email} ({user.role.value}).")
    if generated:
        click.echo(f"Password (shown once): {password}")


@users_group.command("list")
def list_users() -> None:
    """List every account."""
    for user in queries.all_users(db.session()):
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.id}\t{user.email}\t{user.role.value}\t{state}\t{user.display_name}")


@click.command("bootstrap")
@click.option("--email", default=operations.BOOTSTRAP_ADMIN_EMAIL, show_default=True)
@with_appcontext
def bootstrap_command(email: str) -> None:
    """On an empty database, create the first admin and print its password once."""
    sess = db.session()
    created = operations.bootstrap_admin(sess, email=email)
    if created is None:
        click.echo("Accounts exist already; no admin created.")
        return
    sess.commit()
    email, password = created
    click.echo("=" * 60)
    click.echo("First admin account created. Sign in with:")
    click.echo(f"  email:    {email}")
    click.echo(f"  password: {password}")
    click.echo("This password is shown only once; change it or keep it safe.")
    click.echo("=" * 60)
