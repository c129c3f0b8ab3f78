"""Pages of the sources domain: list, details, add/edit, grade, retract/restore, suggestions."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.routing import BuildError

from webapp import db
from webapp.core.errors import ConflictError, OperationError
from webapp.core.forms import show_operation_error, submitted_version
from webapp.core.permissions import Role, require_role
from webapp.sources import operations, queries
from webapp.sources.fields import source_label
from webapp.sources.forms import (
    GradeForm,
    RestoreForm,
    RetractForm,
    SourceFilterForm,
    SourceForm,
)
from webapp.sources.models import AdmiraltyGrade, Source
from webapp.verdicts.operations import current_verdict

bp = Blueprint("sources", __name__, template_folder="templates")

SUGGESTIONS = 10


def claim_url(claim_id: int) -> str | None:
    """The claim's page once the claims pages are installed; None shows the claim as text."""
    if "claims.show" not in current_app.view_functions:
        return None
    try:
        return url_for("claims.show", claim_id=claim_id)
    except BuildError:
        # The claim pages live at /claims/<id>, whatever their view calls the parameter.
        return f"{request.script_root}/claims/{claim_id}"


@bp.context_processor
def _page_helpers() -> dict[str, Any]:
    return {"claim_url": claim_url, "current_verdict": current_verdict}


def _load(source_id: int) -> Source:
    source = queries.source_by_id(db.session(), source_id)
    if source is None:
        abort(404, description="No source with this number.")
    return source


@bp.route("/sources")
@require_role(Role.VIEWER)
def index() -> ResponseReturnValue:
    form = SourceFilterForm(formdata=request.args)
    form.clean()
    page = queries.list_sources(
        db.session(), form.filters(), request.args.get("cursor"), current_app.config["PAGE_SIZE"]
    )
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "cursor"}
    next_url = url_for(".index", **args, cursor=page.next_cursor) if page.next_cursor else None
    first_url = url_for(".index", **args) if request.args.get("cursor") else None
    return render_template(
        "sources/index.html", form=form, page=page, next_url=next_url, first_url=first_url
    )


def _before(kind: str) -> int | None:
    """The ``<kind>_before`` cursor of a claim list (a claim id), or None for its first page."""
    value = request.args.get(f"{kind}_before")
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        abort(400, description=f"{kind}_before must be a claim number.")
    return int(value)


def _show_page(
    source: Source,
    *,
    grade_form: GradeForm | None = None,
    retract_form: RetractForm | None = None,
    restore_form: RestoreForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    sess = db.session()
    current = source.current_grade
    return render_template(
        "sources/show.html",
        source=source,
        made=queries.claims_made(sess, source.id, before=_before("made")),
        published=queries.claims_published(sess, source.id, before=_before("published")),
        relayed=queries.claims_relayed(sess, source.id, before=_before("relayed")),
        history=queries.source_history(sess, source.id),
        # formdata=None: a form refused on this page must not fill the other forms.
        grade_form=grade_form
        or GradeForm(formdata=None, grade=current.grade.value if current else "F"),
        retract_form=retract_form or RetractForm(formdata=None),
        restore_form=restore_form or RestoreForm(formdata=None),
    ), status


@bp.route("/sources/<int:source_id>")
@require_role(Role.VIEWER)
def show(source_id: int) -> ResponseReturnValue:
    return _show_page(_load(source_id))


@bp.route("/sources/new", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def create() -> ResponseReturnValue:
    form = SourceForm()
    similar: list[Source] = []
    if form.validate_on_submit():
        try:
            source = operations.create_source(
                db.session(),
                actor=current_user,
                data=form.to_data(),
                allow_duplicate=form.allow_duplicate.data,
            )
        except operations.DuplicateSourceError as error:
            show_operation_error(form, error)
            similar = error.similar
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"Source {source.name} added.", "success")
            return redirect(url_for(".show", source_id=source.id))
    return render_template(
        "sources/form.html", form=form, source=None, similar=similar, conflict=False
    ), 400 if form.errors else 200


@bp.route("/sources/<int:source_id>/edit", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def edit(source_id: int) -> ResponseReturnValue:
    source = _load(source_id)
    form = SourceForm()
    if request.method == "GET":
        form.fill_from(source)
    similar: list[Source] = []
    status = 200
    if form.validate_on_submit():
        try:
            operations.update_source(
                db.session(),
                actor=current_user,
                source=source,
                data=form.to_data(),
                expected_version=submitted_version(form),
                allow_duplicate=form.allow_duplicate.data,
            )
        except ConflictError as error:
            form.form_errors.append(
                f"{error.message} Its current values are shown beside your changes; "
                "review them and save again."
            )
            form.version.data = str(source.version)
            status = 409
        except operations.DuplicateSourceError as error:
            show_operation_error(form, error)
            similar = error.similar
            status = 400
        except OperationError as error:
            show_operation_error(form, error)
            status = 400
        else:
            flash(f"Source {source.name} saved.", "success")
            return redirect(url_for(".show", source_id=source.id))
    elif form.errors:
        status = 400
    return render_template(
        "sources/form.html", form=form, source=source, similar=similar, conflict=status == 409
    ), status


@bp.route("/sources/<int:source_id>/grade", methods=["POST"])
@require_role(Role.EDITOR)
def grade(source_id: int) -> ResponseReturnValue:
    source = _load(source_id)
    form = GradeForm()
    if form.validate_on_submit():
        try:
            row = operations.grade_source(
                db.session(),
                actor=current_user,
                source=source,
                grade=AdmiraltyGrade(form.grade.data),
                rationale=form.rationale.data,
            )
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"{source.name} graded {row.grade.value} ({row.grade.label}).", "success")
            return redirect(url_for(".show", source_id=source.id, _anchor="reliability"))
    return _show_page(source, grade_form=form, status=400)


@bp.route("/sources/<int:source_id>/retract", methods=["POST"])
@require_role(Role.EDITOR)
def retract(source_id: int) -> ResponseReturnValue:
    source = _load(source_id)
    form = RetractForm()
    if form.validate_on_submit():
        try:
            operations.retract_source(
                db.session(), actor=current_user, source=source, reason=form.reason.data
            )
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"Source {source.name} retracted; it no longer shows in lists.", "success")
            return redirect(url_for(".show", source_id=source.id))
    return _show_page(source, retract_form=form, status=400)


@bp.route("/sources/<int:source_id>/restore", methods=["POST"])
@require_role(Role.EDITOR)
def restore(source_id: int) -> ResponseReturnValue:
    source = _load(source_id)
    form = RestoreForm()
    if form.validate_on_submit():
        try:
            operations.restore_source(db.session(), actor=current_user, source=source)
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"Source {source.name} restored.", "success")
            return redirect(url_for(".show", source_id=source.id))
    return _show_page(source, restore_form=form, status=400)


@bp.route("/sources/suggest")
@require_role(Role.VIEWER)
def suggest() -> ResponseReturnValue:
    """JSON for pickers: ``[{"value": "Name #12", "label": "Name — News outlet"}]``."""
    term = request.args.get("q", "")[:200]
    found = queries.suggest(db.session(), term, SUGGESTIONS)
    return jsonify([{"value": source_label(s), "label": _suggest_label(s)} for s in found])


def _suggest_label(source: Source) -> str:
    detail = source.job_title or source.country
    label = f"{source.name} — {source.kind.label}"
    return f"{label} ({detail})" if detail else label
