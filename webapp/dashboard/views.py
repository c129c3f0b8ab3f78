"""The dashboard: what needs attention on the desk."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from webapp.core.permissions import Role, require_role

bp = Blueprint("dashboard", __name__, template_folder="templates")


@bp.route("/")
@require_role(Role.VIEWER)
def index() -> ResponseReturnValue:
    return render_template("dashboard/index.html")
