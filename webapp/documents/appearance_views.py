"""Appearances of a claim in documents: add one, mark the first, edit the quote, retract.

Every action returns to the claim page (``claims.show``) once it exists, else to the document.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from webapp import db
from webapp.claims.models import Claim
from webapp.core.errors import ConflictError, OperationError
from webapp.core.forms import show_operation_error, submitted_version
from webapp.core.permissions import Role, require_role
from webapp.documents import operations, queries
from webapp.documents.forms import ActionForm, AddAppearanceForm, AppearanceEditForm, RetractForm
from webapp.documents.models import Appearance, Document
from webapp.documents.views import bp, show_error
from webapp.navigation import served_url


@bp.app_template_global()
def appearances_for_claim(claim: Claim) -> list[Appearance]:
    """The claim's appearances for the partial; retracted ones only with ?show_retracted=1."""
    include_retracted = bool(request.args.get("show_retracted"))
    return queries.appearances_of_claim(db.session(), claim.id, include_retracted)


def _load_claim(claim_id: int) -> Claim:
    claim = db.session().get(Claim, claim_id)
    if claim is None:
        abort(404, description="No claim with this number.")
    return claim


def _load_appearance(appearance_id: int) -> Appearance:
    appearance = queries.appearance_by_id(db.session(), appearance_id)
    if appearance is None:
        abort(404, description="No appearance with this number.")
    return appearance


def back_to_claim(claim_id: int, document_id: int) -> Response:
    """Redirect to the claim page, or to the document while the claim page does not exist."""
    target = served_url("claims.show", claim_id=claim_id)
    return redirect(target or url_for("documents.show", document_id=document_id))


def _picked_or_new_document(sess: Session, form: AddAppearanceForm) -> Document:
    """The recorded document the form names, or a new one made from its other fields."""
    reference = (form.document.data or "").strip()
    if reference:
        document = queries.document_by_reference(sess, reference)
        if document is None:
            raise OperationError(
                f"No document is recorded as {reference!r}. Describe it below as a new one.",
                field="document",
            )
        return document
    data = operations.DocumentData(
        title=form.title.data or "",
        url=form.url.data,
        publisher_id=form.publisher.source_id,
        author_id=form.author.source_id,
        published_on=form.published_on.data,
    )
    return operations.create_document(sess, actor=current_user, data=data)


@bp.route("/claims/<int:claim_id>/appearances/new", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def add_appearance(claim_id: int) -> ResponseReturnValue:
    claim = _load_claim(claim_id)
    form = AddAppearanceForm()
    if form.validate_on_submit():
        sess = db.session()
        # Both steps or neither: an error answers 400, and webapp.db rolls the request back.
        try:
            document = _picked_or_new_document(sess, form)
            operations.add_appearance(
                sess,
                actor=current_user,
                claim=claim,
                document=document,
                quote=form.quote.data or "",
                is_first=bool(form.is_first.data),
            )
        except OperationError as error:
            show_error(form, error)
        else:
            flash(f"Recorded the claim's appearance in “{document.title}”.", "success")
            return back_to_claim(claim.id, document.id)
    status = 400 if form.errors else 200
    return render_template("documents/add_appearance.html", form=form, claim=claim), status


@bp.route("/appearances/<int:appearance_id>/first", methods=["POST"])
@require_role(Role.CHECKER)
def mark_first(appearance_id: int) -> ResponseReturnValue:
    appearance = _load_appearance(appearance_id)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    try:
        operations.set_first_appearance(db.session(), actor=current_user, appearance=appearance)
    except OperationError as error:
        abort(400, description=error.message)
    flash(f"“{appearance.document.title}” is now the first appearance.", "success")
    return back_to_claim(appearance.claim_id, appearance.document_id)


@bp.route("/appearances/<int:appearance_id>/edit", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def edit_appearance(appearance_id: int) -> ResponseReturnValue:
    appearance = _load_appearance(appearance_id)
    form = AppearanceEditForm(obj=appearance if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(appearance.version)
    status, conflict = 200, False
    if form.validate_on_submit():
        try:
            operations.update_appearance(
                db.session(),
                actor=current_user,
                appearance=appearance,
                quote=form.quote.data or "",
                note=form.note.data,
                expected_version=submitted_version(form),
            )
        except ConflictError as error:
            form.form_errors.append(f"{error.message} Review its current values and save again.")
            form.version.data = str(appearance.version)
            status, conflict = 409, True
        except OperationError as error:
            show_operation_error(form, error)
            status = 400
        else:
            flash("Appearance saved.", "success")
            return back_to_claim(appearance.claim_id, appearance.document_id)
    elif form.errors:
        status = 400
    return render_template(
        "documents/edit_appearance.html", form=form, appearance=appearance, conflict=conflict
    ), status


@bp.route("/appearances/<int:appearance_id>/retract", methods=["POST"])
@require_role(Role.CHECKER)
def retract_appearance(appearance_id: int) -> ResponseReturnValue:
    appearance = _load_appearance(appearance_id)
    form = RetractForm()
    if form.validate_on_submit():
        try:
            operations.retract_appearance(
                db.session(), actor=current_user, appearance=appearance, reason=form.reason.data
            )
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"Appearance in “{appearance.document.title}” retracted.", "success")
            return back_to_claim(appearance.claim_id, appearance.document_id)
    return render_template(
        "documents/retract_appearance.html", form=form, appearance=appearance
    ), 400
