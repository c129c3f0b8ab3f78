"""Roles and the one permission helper every view, API endpoint and CLI command uses."""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort
from flask_login import current_user

P = ParamSpec("P")
R = TypeVar("R")


class Role(enum.Enum):
    """Roles in increasing order of power: each one can do what the ones below it can."""

    VIEWER = "viewer"
    CHECKER = "checker"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def label(self) -> str:
        return self.value.capitalize()

    def includes(self, other: Role) -> bool:
        """True when this role may do what ``other`` may do."""
        return self.rank >= other.rank


def has_role(user: Any, needed: Role) -> bool:
    """True when ``user`` is signed in, active and holds ``needed`` or a higher role."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active:
        return False
    role: Role = user.role
    return role.includes(needed)


def require_role(needed: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a view: anonymous users go to the login page, others without ``needed`` get 403."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                from webapp.extensions import login_manager

                response: R = login_manager.unauthorized()
                return response
            if not has_role(current_user, needed):
                abort(403, description=f"This page needs the {needed.label} role or higher.")
            return view(*args, **kwargs)

        return wrapped

    return decorator
