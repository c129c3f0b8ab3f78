"""Issuing, listing, revoking and checking API tokens.

A secret is ``cdk_`` followed by 43 URL-safe characters (256 random bits). Only its SHA-256
hash is stored: the secret is shown once, when it is made, and can never be shown again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from webapp.api.models import ApiToken
from webapp.core import audit, changes
from webapp.core.errors import OperationError, PermissionDenied
from webapp.core.permissions import Role, has_role
from webapp.db import utcnow
from webapp.users.models import User

SECRET_PREFIX = "cdk_"  # noqa: S105 (the public marker of a secret, not a secret)
PREFIX_LENGTH = 8
NAME_MAX_LENGTH = 200
# last_used_at is written at most this often per token, so reads do not all become writes.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """The stored form of a secret: its SHA-256 as 64 hex digits."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret; the secret exists only in this object and the response."""

    token: ApiToken
    secret: str


def create_token(sess: Session, *, actor: User, name: str) -> IssuedToken:
    """Issue a token for ``actor`` itself (any signed-in, active user may have tokens)."""
    if not has_role(actor, Role.VIEWER):
        raise PermissionDenied("Only an active account can have API tokens.")
    label = changes.required_text(name, "name", "A name for the token", NAME_MAX_LENGTH)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=actor.id,
        name=label,
        token_hash=hash_secret(secret),
        prefix=secret[:PREFIX_LENGTH],
    )
    changes.audited_create(
        sess,
        actor=actor,
        record=token,
        entity_type="api_token",
        after={"user_id": actor.id, "name": label, "prefix": token.prefix},
        summary=f"Created API token {label!r} ({token.prefix}…)",
    )
    return IssuedToken(token=token, secret=secret)


def revoke_token(sess: Session, *, actor: User, token: ApiToken) -> None:
    """Revoke ``token``: its owner may revoke their own, an admin anyone's."""
    if token.user_id != actor.id and not has_role(actor, Role.ADMIN):
        raise PermissionDenied("Only the token's owner or an admin can revoke it.")
    if not has_role(actor, Role.VIEWER):
        raise PermissionDenied("Only an active account can revoke tokens.")
    if token.revoked_at is not None:
        raise OperationError("This token is revoked already.")
    token.revoked_at = utcnow()
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="revoke",
        entity_type="api_token",
        entity_id=token.id,
        changes={"revoked": [False, True]},
        summary=f"Revoked API token {token.name!r} ({token.prefix}…) of user #{token.user_id}",
    )


def tokens_of(sess: Session, user_id: int) -> list[ApiToken]:
    """A user's tokens, live ones first, newest first within each group."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    )
    return list(sess.scalars(query))


def token_by_id(sess: Session, token_id: int) -> ApiToken | None:
    """The token with this id, revoked or not."""
    return sess.get(ApiToken, token_id)


def bearer_secret(header: str | None) -> str | None:
    """The secret of an ``Authorization: Bearer <secret>`` header (None when absent or other)."""
    scheme, _, value = (header or "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or " " in value:
        return None
    return value


def live_token(sess: Session, secret: str) -> ApiToken | None:
    """The unrevoked token of an active user whose secret this is, or None."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    digest = hash_secret(secret)
    token = sess.scalar(
        select(ApiToken)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None), User.active)
    )
    # The lookup is by hash, so timing reveals nothing about the secret; compare anyway so a
    # future change of lookup cannot silently turn into a prefix oracle.
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token


def needs_stamp(token: ApiToken, now: dt.datetime) -> bool:
    """True when ``token``'s last use is unknown or older than LAST_USED_GRANULARITY."""
    last = token.last_used_at
    return last is None or now - last >= LAST_USED_GRANULARITY


def stamp_use(sess: Session, token_id: int, now: dt.datetime) -> None:
    """Record that the token was used at ``now``."""
    sess.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
