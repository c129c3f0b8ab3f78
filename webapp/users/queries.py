"""Reads of accounts shared by pages, the CLI and the API."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.users.models import LoginAttempt, User


def all_users(sess: Session) -> list[User]:
    """Every account, active ones first, then by email."""
    return list(sess.scalars(select(User).order_by(User.active.desc(), User.email)))


def last_sign_ins(sess: Session) -> dict[str, dt.datetime]:
    """The time of each account's latest successful sign-in, by email."""
    rows = sess.execute(
        select(LoginAttempt.email, func.max(LoginAttempt.at))
        .where(LoginAttempt.succeeded)
        .group_by(LoginAttempt.email)
    )
    return {email: at for email, at in rows}


def user_by_id(sess: Session, user_id: int) -> User | None:
    return sess.get(User, user_id)


def user_for_session(sess: Session, session_id: str) -> User | None:
    """The active user a Flask-Login session id names, if the password has not changed since."""
    user_id, _, fingerprint = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = sess.get(User, int(user_id))
    if user is None or not user.active or user.password_fingerprint != fingerprint:
        return None
    return user
