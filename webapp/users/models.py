"""User accounts and the sign-in attempts that throttle password guessing."""

from __future__ import annotations

import hashlib

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.permissions import Role
from webapp.db import Base, Str200, created_at, intpk


class User(Base):
    """A person who signs in; never deleted, only deactivated."""

    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[Str200] = mapped_column(unique=True)
    display_name: Mapped[Str200]
    password_hash: Mapped[str] = mapped_column(String(500))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[created_at]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    # Flask-Login protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # The fingerprint ends every open session when the password changes.
        return f"{self.id}:{self.password_fingerprint}"

    @property
    def password_fingerprint(self) -> str:
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class LoginAttempt(Base):
    """One sign-in attempt, kept to throttle guessing per account and per client address."""

    __tablename__ = "login_attempts"

    id: Mapped[intpk]
    at: Mapped[created_at] = mapped_column(index=True)
    email: Mapped[Str200] = mapped_column(index=True)
    client_address: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool]
