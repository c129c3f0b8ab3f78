"""Reliability pages: the sources report, a source's track record on any date, and the
template helpers behind the partials that the source and claim pages include.

Partials (include them where ``source`` / ``claim`` is in the context):

* ``reliability/_source_panel.html`` - track record, estimate, grades, charts, by tag;
* ``reliability/_claim_independence.html`` - "Carried by N independent source(s)".
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue

from webapp import db
from webapp.claims.models import Claim
from webapp.core.permissions import Role, require_role
from webapp.reliability import independence, panel
from webapp.reliability.forms import AsOfForm, ReportFilterForm
from webapp.reliability.report import report
from webapp.sources.models import Source
from webapp.sources.queries import source_by_id

bp = Blueprint("reliability", __name__, template_folder="templates")


@bp.app_template_global()
def source_reliability(source: Source) -> panel.SourcePanel:
    """Today's figures of ``source``, for ``reliability/_source_panel.html``."""
    return panel.source_panel(db.session(), source)


@bp.app_template_global()
def claim_independence(claim: Claim) -> independence.Independence:
    """The independent sources behind ``claim``, for ``reliability/_claim_independence.html``."""
    return independence.claim_independence(db.session(), claim)


def _page_url(cursor: str | None) -> str:
    # Built by hand from the query string (not url_for), so no argument can act as an option.
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor" and v != ""]
    if cursor:
        pairs.append(("cursor", cursor))
    return f"{request.path}?{urlencode(pairs)}" if pairs else request.path


@bp.route("/reliability/sources")
@require_role(Role.VIEWER)
def sources() -> ResponseReturnValue:
    form = ReportFilterForm(formdata=request.args)
    if not form.validate():
        return render_template("reliability/report.html", form=form, page=None), 400
    page = report(
        db.session(), form.filters(), request.args.get("cursor"), current_app.config["PAGE_SIZE"]
    )
    export_args = form.export_args()
    return render_template(
        "reliability/report.html",
        form=form,
        page=page,
        next_url=_page_url(page.next_cursor) if page.next_cursor else None,
        first_url=_page_url(None) if request.args.get("cursor") else None,
        export_url=f"{url_for('reports.export_csv', name='sources')}"
        + (f"?{urlencode(export_args)}" if export_args else ""),
    )


@bp.route("/reliability/sources/<int:source_id>")
@require_role(Role.VIEWER)
def source(source_id: int) -> ResponseReturnValue:
    found = source_by_id(db.session(), source_id)
    if found is None:
        abort(404, description="No source with this number.")
    form = AsOfForm(formdata=request.args)
    if not form.validate():
        return render_template("reliability/source.html", source=found, form=form, rel=None), 400
    figures = panel.source_panel(db.session(), found, form.as_of.data)
    return render_template("reliability/source.html", source=found, form=form, rel=figures)
