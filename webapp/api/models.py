"""API tokens: a secret per token, shown once and stored only as its SHA-256 hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, Str200, created_at, intpk
from webapp.users.models import User


class ApiToken(Base):
    """A user's bearer token for ``/api/v1``; revoked, never deleted (the audit log names it)."""

    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The user's label ("newsroom importer"), shown in lists.
    name: Mapped[Str200]
    # sha256 hex of the whole secret: a fast hash is enough for 256 random bits.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The secret's first characters, so a user can tell tokens apart without the secret.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[created_at]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… of user {self.user_id}>"
