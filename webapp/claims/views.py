"""Claim pages: the claim itself, its forms, workflow actions and relations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.claims import display, operations
from webapp.claims.blueprint import bp
from webapp.claims.forms import (
    ActionForm,
    ClaimEditForm,
    ClaimForm,
    ReasonForm,
    RelationForm,
    ReopenForm,
    WorkflowForm,
)
from webapp.claims.models import Claim, RelationKind
from webapp.core.errors import ConflictError, OperationError, PermissionDenied
from webapp.core.forms import record_number, show_operation_error, submitted_version
from webapp.core.permissions import Role, require_role
from webapp.matching.queries import LIKELY_SCORE, similar_claims
from webapp.navigation import served_url

__all__ = ["bp"]

# Operations name their data fields; the forms call some of them differently.
FORM_FIELDS = {"claimant_id": "claimant", "relay_ids": "relays", "related_claim_id": "related"}

bp.add_app_template_global(display.history_rows, "history_rows")


def _load(claim_id: int) -> Claim:
    claim = db.session().get(Claim, claim_id)
    if claim is None:
        abort(404, description="No claim with this number.")
    return claim


def _show_error(form: Any, error: OperationError) -> None:
    """Put an operation's error on the form field it names, or flash it."""
    name = FORM_FIELDS.get(error.field or "", error.field)
    if form is not None and name and hasattr(form, name):
        show_operation_error(form, OperationError(error.message, field=name))
    else:
        flash(error.message, "error")


def _page(claim: Claim, status: int = 200, **forms: Any) -> ResponseReturnValue:
    """The claim page; ``forms`` replaces a blank form by a submitted one with its errors."""
    sess = db.session()
    relations = display.relation_lines(sess, claim)
    blank: dict[str, Any] = {
        "submit_form": WorkflowForm(formdata=None, version=str(claim.version)),
        "reopen_form": ReopenForm(formdata=None, prefix="reopen", version=str(claim.version)),
        "retract_form": ReasonForm(formdata=None, prefix="retract"),
        "restore_form": ActionForm(formdata=None, prefix="restore"),
        "relation_form": RelationForm(formdata=None, prefix="relation"),
    }
    retract_relation_forms = {
        line.relation.id: ReasonForm(formdata=None, prefix=f"relation{line.relation.id}")
        for line in relations
    }
    retract_relation_forms.update(forms.pop("retract_relation_forms", {}))
    return render_template(
        "claims/show.html",
        claim=claim,
        quantity=display.quantity_text(claim),
        relations=relations,
        entries=display.claim_history(sess, claim),
        field_labels=display.FIELD_LABELS,
        source_url=display.source_url,
        tag_url=display.tag_url,
        retract_relation_forms=retract_relation_forms,
        **{**blank, **forms},
    ), status


@bp.route("/claims/<int:claim_id>")
@require_role(Role.VIEWER)
def show(claim_id: int) -> ResponseReturnValue:
    return _page(_load(claim_id))


@bp.route("/claims/new", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def create() -> ResponseReturnValue:
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            claim = operations.create_claim(
                db.session(), actor=current_user, data=form.claim_data()
            )
        except PermissionDenied as error:
            abort(403, description=str(error))
        except OperationError as error:
            _show_error(form, error)
        else:
            flash(f"Claim #{claim.id} recorded.", "success")
            if similar_claims(
                db.session(), claim.statement, exclude_id=claim.id, limit=1, min_score=LIKELY_SCORE
            ):
                # The page then highlights "Checked before?" and jumps to it.
                return redirect(
                    url_for("claims.show", claim_id=claim.id, checked=1, _anchor="checked-before")
                )
            return redirect(url_for("claims.show", claim_id=claim.id))
    cancel_url = served_url("claims.index") or url_for("dashboard.index")
    return render_template(
        "claims/form.html", form=form, claim=None, conflict=None, cancel_url=cancel_url
    ), 400 if form.errors else 200


def _edit_form(claim: Claim) -> ClaimEditForm:
    """The edit form filled from the stored claim."""
    values = {name: getattr(claim, name) for name in operations.AUDITED_FIELDS}
    return ClaimEditForm(
        formdata=None,
        data={
            **values,
            "claimant": claim.claimant,
            "relays": [relay.source for relay in claim.relays],
            "tags": ", ".join(tag.name for tag in claim.tags),
            "version": str(claim.version),
            "seen_change": str(display.latest_change_id(db.session(), claim)),
        },
    )


@bp.route("/claims/<int:claim_id>/edit", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def edit(claim_id: int) -> ResponseReturnValue:
    sess = db.session()
    claim = _load(claim_id)
    form = _edit_form(claim) if request.method == "GET" else ClaimEditForm()
    status, conflict = 200, None
    if form.validate_on_submit():
        try:
            operations.update_claim(
                sess,
                actor=current_user,
                claim=claim,
                data=form.claim_data(),
                expected_version=submitted_version(form),
            )
        except PermissionDenied as error:
            abort(403, description=str(error))
        except ConflictError as error:
            seen = form.seen_change.data or ""
            conflict = display.changed_since(sess, claim, record_number(seen) or 0)
            form.form_errors.append(f"{error.message} Your text is kept below.")
            # A second save goes through, over the changes the user has now seen.
            form.version.data = str(claim.version)
            form.seen_change.data = str(display.latest_change_id(sess, claim))
            status = 409
        except OperationError as error:
            _show_error(form, error)
            status = 400
        else:
            flash(f"Claim #{claim.id} saved.", "success")
            return redirect(url_for("claims.show", claim_id=claim.id))
    elif form.errors:
        status = 400
    cancel_url = url_for("claims.show", claim_id=claim.id)
    return render_template(
        "claims/form.html", form=form, claim=claim, conflict=conflict, cancel_url=cancel_url
    ), status


def _act(
    claim: Claim,
    call: Callable[[], object],
    done: str,
    form: Any = None,
    page_forms: dict[str, Any] | None = None,
    anchor: str | None = None,
) -> ResponseReturnValue:
    """Run one action's operation: redirect with a flash, or show the claim page with why not."""
    page_forms = page_forms or {}
    if form is not None and not form.validate_on_submit():
        return _page(claim, 400, **page_forms)
    try:
        call()
    except PermissionDenied as error:
        abort(403, description=str(error))
    except ConflictError as error:
        flash(f"{error.message} Check the claim below, then try again.", "error")
        return _page(claim, 409)
    except OperationError as error:
        _show_error(form, error)
        return _page(claim, 400, **page_forms)
    flash(done, "success")
    return redirect(url_for("claims.show", claim_id=claim.id, _anchor=anchor))


@bp.route("/claims/<int:claim_id>/submit", methods=["POST"])
@require_role(Role.CHECKER)
def submit(claim_id: int) -> ResponseReturnValue:
    claim = _load(claim_id)
    form = WorkflowForm()
    return _act(
        claim,
        lambda: operations.submit_for_review(
            db.session(), actor=current_user, claim=claim, expected_version=submitted_version(form)
        ),
        f"Claim #{claim.id} is waiting for review.",
        form,
    )


@bp.route("/claims/<int:claim_id>/reopen", methods=["POST"])
@require_role(Role.EDITOR)
def reopen(claim_id: int) -> ResponseReturnValue:
    claim = _load(claim_id)
    form = ReopenForm(prefix="reopen")
    return _act(
        claim,
        lambda: operations.reopen_claim(
            db.session(),
            actor=current_user,
            claim=claim,
            reason=form.reason.data,
            expected_version=submitted_version(form),
        ),
        f"Claim #{claim.id} is reopened.",
        form,
        {"reopen_form": form},
    )


@bp.route("/claims/<int:claim_id>/retract", methods=["POST"])
@require_role(Role.EDITOR)
def retract(claim_id: int) -> ResponseReturnValue:
    claim = _load(claim_id)
    form = ReasonForm(prefix="retract")
    return _act(
        claim,
        lambda: operations.retract_claim(
            db.session(), actor=current_user, claim=claim, reason=form.reason.data
        ),
        f"Claim #{claim.id} is retracted; it no longer shows in lists.",
        form,
        {"retract_form": form},
    )


@bp.route("/claims/<int:claim_id>/restore", methods=["POST"])
@require_role(Role.EDITOR)
def restore(claim_id: int) -> ResponseReturnValue:
    claim = _load(claim_id)
    return _act(
        claim,
        lambda: operations.restore_claim(db.session(), actor=current_user, claim=claim),
        f"Claim #{claim.id} is restored.",
        ActionForm(prefix="restore"),
    )


@bp.route("/claims/<int:claim_id>/relations", methods=["POST"])
@require_role(Role.CHECKER)
def relate(claim_id: int) -> ResponseReturnValue:
    sess = db.session()
    claim = _load(claim_id)
    form = RelationForm(prefix="relation")
    related = sess.get(Claim, form.related_id) if form.validate_on_submit() else None
    if form.related_id is not None and related is None and not form.errors:
        form.related.errors = [f"There is no claim #{form.related_id}."]
    if related is None:
        return _page(claim, 400, relation_form=form)
    kind = RelationKind(form.kind.data)
    return _act(
        claim,
        lambda: operations.relate_claims(
            sess,
            actor=current_user,
            claim=claim,
            related=related,
            kind=kind,
            note=form.note.data or "",
        ),
        f"Claim #{claim.id} is now linked: {kind.label} claim #{related.id}.",
        form,
        {"relation_form": form},
        anchor="relations",
    )


@bp.route("/claims/<int:claim_id>/relations/<int:relation_id>/retract", methods=["POST"])
@require_role(Role.CHECKER)
def retract_relation(claim_id: int, relation_id: int) -> ResponseReturnValue:
    sess = db.session()
    claim = _load(claim_id)
    relation = display.relation_of(sess, claim, relation_id)
    if relation is None:
        abort(404, description="This claim has no such relation.")
    form = ReasonForm(prefix=f"relation{relation.id}")
    return _act(
        claim,
        lambda: operations.retract_relation(
            sess, actor=current_user, relation=relation, reason=form.reason.data
        ),
        "The relation is retracted.",
        form,
        {"retract_relation_forms": {relation.id: form}},
        anchor="relations",
    )
