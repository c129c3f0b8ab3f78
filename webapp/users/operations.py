"""Every change to accounts: views, the CLI and the API call these, then commit once."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.core import audit
from webapp.core.errors import ConflictError, OperationError
from webapp.core.permissions import Role
from webapp.db import utcnow
from webapp.users.models import LoginAttempt, User
from webapp.users.passwords import hasher, policy_problems

AUDITED_FIELDS = ["email", "display_name", "role", "active"]
BOOTSTRAP_ADMIN_EMAIL = "admin@example.org"


def normalise_email(email: str) -> str:
    """Validate the syntax of ``email`` and return its canonical lower-case form."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise OperationError(str(error), field="email") from error
    return checked.normalized.lower()


def check_password(password: str, email: str = "", field: str = "password") -> None:
    """Raise :class:`OperationError` when ``password`` breaks the policy."""
    problems = policy_problems(password, email)
    if problems:
        raise OperationError(" ".join(problems), field=field)


def generate_password() -> str:
    """A random password for new accounts and resets (about 120 bits)."""
    return secrets.token_urlsafe(15)


def create_user(
    sess: Session,
    *,
    actor: User | None,
    email: str,
    display_name: str,
    role: Role,
    password: str,
) -> User:
    """Create an account; refuses a duplicate email or a weak password."""
    email = normalise_email(email)
    if sess.scalar(select(User.id).where(User.email == email)) is not None:
        raise OperationError("An account with this email already exists.", field="email")
    check_password(password, email)
    user = User(
        email=email,
        display_name=display_name.strip() or email.split("@")[0],
        password_hash=hasher().hash(password),
        role=role,
        active=True,
    )
    sess.add(user)
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="create",
        entity_type="user",
        entity_id=user.id,
        changes=audit.diff({}, audit.snapshot(user, AUDITED_FIELDS)),
        summary=f"Created account {email} ({role.value})",
    )
    return user


def _check_version(user: User, expected_version: int | None) -> None:
    if expected_version is not None and user.version != expected_version:
        raise ConflictError("Someone else changed this account meanwhile.", current=user)


def update_user(
    sess: Session,
    *,
    actor: User,
    user: User,
    expected_version: int | None,
    role: Role | None = None,
    display_name: str | None = None,
    active: bool | None = None,
) -> User:
    """Change an account's role, name or active flag, keeping an audit entry."""
    _check_version(user, expected_version)
    before = audit.snapshot(user, AUDITED_FIELDS)
    if user.id == actor.id and (active is False or (role is not None and role != Role.ADMIN)):
        raise OperationError("You cannot demote or deactivate your own account.", field="role")
    if role is not None:
        user.role = role
    if display_name is not None:
        user.display_name = display_name.strip() or user.display_name
    if active is not None:
        user.active = active
    changes = audit.diff(before, audit.snapshot(user, AUDITED_FIELDS))
    if changes:
        sess.flush()
        action = (
            "update"
            if active is None or active == before["active"]
            else ("activate" if active else "deactivate")
        )
        audit.record(
            sess,
            actor=actor,
            action=action,
            entity_type="user",
            entity_id=user.id,
            changes=changes,
            summary=f"{action.capitalize()} account {user.email}",
        )
    return user


def set_password(sess: Session, *, actor: User | None, user: User, password: str) -> None:
    """Replace a password (an admin reset or the user's own change)."""
    check_password(password, user.email)
    user.password_hash = hasher().hash(password)
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="reset_password",
        entity_type="user",
        entity_id=user.id,
        changes={"password": ["(hidden)", "(changed)"]},
        summary=f"Password changed for {user.email}",
    )


@dataclass(frozen=True)
class SignInResult:
    """The outcome of a sign-in: the user, or a message to show instead."""

    user: User | None
    message: str = ""


def _recent_failures(sess: Session, since: dt.datetime, **match: str) -> int:
    column = LoginAttempt.email if "email" in match else LoginAttempt.client_address
    value = match.get("email") or match["client_address"]
    last_success = sess.scalar(
        select(func.max(LoginAttempt.at)).where(column == value, LoginAttempt.succeeded)
    )
    window_start = max(since, last_success) if last_success else since
    count = sess.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(column == value, LoginAttempt.at > window_start, ~LoginAttempt.succeeded)
    )
    return count or 0


def sign_in(sess: Session, *, email: str, password: str, client_address: str) -> SignInResult:
    """Check a password with throttling per account and per address; rehash when needed."""
    cfg = current_app.config
    email = email.strip().lower()
    window = dt.timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    since = utcnow() - window
    minutes = cfg["LOGIN_WINDOW_MINUTES"]
    if _recent_failures(sess, since, email=email) >= cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]:
        return SignInResult(
            None,
            f"Too many failed sign-in attempts for this account. "
            f"It is locked for {minutes} minutes; try again later or ask an admin.",
        )
    if (
        _recent_failures(sess, since, client_address=client_address)
        >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    ):
        return SignInResult(
            None,
            f"Too many failed sign-in attempts from your network address. "
            f"Try again in {minutes} minutes.",
        )
    user = sess.scalar(select(User).where(User.email == email))
    ok = False
    if user is not None:
        try:
            ok = hasher().verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        # Spend the same time as a real check so response times do not reveal accounts.
        hasher().hash(password)
    sess.add(LoginAttempt(email=email, client_address=client_address, succeeded=ok))
    if not ok or user is None:
        return SignInResult(None, "Wrong email or password.")
    if not user.active:
        return SignInResult(None, "This account has been deactivated. Ask an admin to restore it.")
    if hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hasher().hash(password)
    sess.flush()
    return SignInResult(user)


def bootstrap_admin(sess: Session, email: str = BOOTSTRAP_ADMIN_EMAIL) -> tuple[str, str] | None:
    """On a database with no accounts, create an admin; return its email and password."""
    if sess.scalar(select(func.count()).select_from(User)):
        return None
    password = generate_password()
    create_user(
        sess,
        actor=None,
        email=email,
        display_name="Administrator",
        role=Role.ADMIN,
        password=password,
    )
    return email, password
