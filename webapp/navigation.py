"""The main navigation, filtered by the signed-in user's role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

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


NAV_ITEMS: list[NavItem] = [
    NavItem("Dashboard", "dashboard.index", Role.VIEWER),
    NavItem("Claims", "claims.index", Role.VIEWER),
    NavItem("Sources", "sources.index", Role.VIEWER),
    NavItem("Reliability", "reliability.sources", Role.VIEWER),
    NavItem("Documents", "documents.index", Role.VIEWER),
    NavItem("Claims from text", "intake.new_document", Role.CHECKER),
    NavItem("Figures", "matching.conflicting_figures", Role.VIEWER),
    NavItem("Rating scales", "verdicts.scales", Role.VIEWER),
    NavItem("Import", "imports.index", Role.CHECKER),
    NavItem("Accounts", "users.index", Role.ADMIN),
]


def served_url(endpoint: str, **values: Any) -> str | None:
    """The URL of ``endpoint``, or None when no view of this app serves it (or it won't build)."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def navigation_items() -> list[NavItem]:
    """The entries the current user may open (and that this app serves)."""
    served = current_app.view_functions
    return [i for i in NAV_ITEMS if i.endpoint in served and has_role(current_user, i.role)]


def register(app: Flask) -> None:
    app.jinja_env.globals["navigation_items"] = navigation_items
    app.jinja_env.globals["served_url"] = served_url
    app.jinja_env.globals["has_role"] = has_role
    app.jinja_env.globals["Role"] = Role
