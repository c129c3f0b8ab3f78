"""The main navigation, filtered by the signed-in user's role."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_login import current_user

from webapp.core.permissions import Role, has_role


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    role: Role

    @property
    def url(self) -> str:
        return url_for(self.endpoint)

    @property
    def active(self) -> bool:
        return request.endpoint == self.endpoint


# Domains append their entries here when their blueprint is registered.
NAV_ITEMS: list[NavItem] = [
    NavItem("Dashboard", "dashboard.index", Role.VIEWER),
    NavItem("Accounts", "users.index", Role.ADMIN),
]


def navigation_items() -> list[NavItem]:
    """The entries the current user may open."""
    return [item for item in NAV_ITEMS if has_role(current_user, item.role)]


def register(app: Flask) -> None:
    app.jinja_env.globals["navigation_items"] = navigation_items
    app.jinja_env.globals["has_role"] = has_role
    app.jinja_env.globals["Role"] = Role
