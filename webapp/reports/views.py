"""Stable export URLs: /exports/claims.csv, /exports/verdicts.csv, /exports/sources.csv,
/exports/audit.csv. Query parameters are the list pages' filters; ``bom=1`` adds a byte-order
mark so Excel opens the UTF-8 file correctly."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request, stream_with_context
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.core.permissions import Role, has_role, require_role
from webapp.reports.exports import EXPORTS, FilterError

bp = Blueprint("reports", __name__)

# The audit log names every user and shows every change: editors and admins only.
NEEDED_ROLE = {"audit": Role.EDITOR}


@bp.route("/exports/<name>.csv")
@require_role(Role.VIEWER)
def export_csv(name: str) -> ResponseReturnValue:
    export = EXPORTS.get(name)
    if export is None:
        abort(
            404, description=f"There is no {name!r} export; try claims, verdicts, sources or audit."
        )
    needed = NEEDED_ROLE.get(name, Role.VIEWER)
    if not has_role(current_user, needed):
        abort(403, description=f"The {name} export needs the {needed.label} role or higher.")
    args = request.args.copy()
    bom = args.pop("bom", "") in {"1", "true", "yes"}
    try:
        body = export.stream(db.session(), args, bom=bom)
    except FilterError as error:
        abort(400, description=f"A filter is not valid: {error}")
    response = Response(stream_with_context(body), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{export.file_name()}"'
    return response
