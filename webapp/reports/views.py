"""Stable export URLs: /exports/claims.csv, /exports/verdicts.csv, /exports/sources.csv,
/exports/audit.csv. Query parameters are the list pages' filters; ``bom=1`` adds a byte-order
mark so Excel opens the UTF-8 file correctly.

``export_url(name, bom=False)`` (a template global) gives a list page the export URL that
carries the page's own filters; ``reports/_export_buttons.html`` renders the buttons."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, request, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import Session

from webapp import db
from webapp.core.permissions import Role, has_role, require_role
from webapp.reports.exports import EXPORTS, FilterError

bp = Blueprint("reports", __name__, template_folder="templates")

# The audit log names every user and shows every change: editors and admins only.
NEEDED_ROLE = {"audit": Role.EDITOR}
# Paging belongs to the page, not to the download; "bom" is the button's own choice.
NOT_FILTERS = frozenset({"after", "cursor", "bom"})
# Where a list page calls a filter differently from its export.
PAGE_NAMES = {"sources": {"retracted": "show_retracted"}}


@bp.app_template_global("export_url")
def export_url(name: str, bom: bool = False) -> str:
    """The URL of export ``name`` with the current page's filters (and ``bom=1`` if asked)."""
    renamed = PAGE_NAMES.get(name, {})
    # Built by hand, not with url_for(**args): the query string is user input, and names such
    # as "_external" would be read by url_for as options.
    pairs = [
        (renamed.get(key, key), value)
        for key, value in request.args.items(multi=True)
        if key not in NOT_FILTERS and value != ""
    ]
    if bom:
        pairs.append(("bom", "1"))
    base = url_for("reports.export_csv", name=name)
    return f"{base}?{urlencode(pairs)}" if pairs else base


def _closing(chunks: Iterator[bytes], sess: Session) -> Iterator[bytes]:
    """Stream ``chunks``, then close ``sess``.

    The request's teardown closes its session before the body streams (Flask pushes the
    contexts again only to iterate), and the rows read through that same session object,
    which opens a fresh transaction for them: without this, its connection stays checked
    out until garbage collection.
    """
    try:
        yield from chunks
    finally:
        sess.close()


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
    sess = db.session()
    try:
        body = export.stream(sess, args, bom=bom)
    except FilterError as error:
        abort(400, description=f"A filter is not valid: {error}")
    response = Response(stream_with_context(_closing(body, sess)), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{export.file_name()}"'
    return response
