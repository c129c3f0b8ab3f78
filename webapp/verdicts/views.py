"""Pages of the verdicts domain: record, conclude and retract verdicts; the timeline partial.

The claim page (``claims.show``) includes ``verdicts/_timeline.html`` with ``claim`` in its
context; the template helpers below give that partial its data and its links.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.claims.models import Claim
from webapp.core.errors import ConflictError, OperationError, PermissionDenied
from webapp.core.forms import show_operation_error, submitted_version
from webapp.core.permissions import Role, has_role, require_role
from webapp.verdicts import operations, queries
from webapp.verdicts.forms import MAX_EVIDENCE_ROWS, RetractForm, VerdictForm, VersionForm
from webapp.verdicts.models import Verdict
from webapp.verdicts.operations import EvidenceData, VerdictData

bp = Blueprint("verdicts", __name__, template_folder="templates")


# --- helpers for templates (the claim page uses them through the partial) -----------------


@bp.app_template_global()
def claim_url(claim_id: int) -> str:
    """The claim page when the app serves one, else this domain's verdict history page."""
    if "claims.show" in current_app.view_functions:
        for rule in current_app.url_map.iter_rules("claims.show"):
            if len(rule.arguments) == 1:
                values: dict[str, Any] = {next(iter(rule.arguments)): claim_id}
                return url_for("claims.show", **values)
    return url_for("verdicts.claim_verdicts", claim_id=claim_id)


@bp.app_template_global()
def verdict_timeline(claim: Claim) -> queries.Timeline:
    """Every verdict of ``claim`` with its state, for ``verdicts/_timeline.html``."""
    return queries.claim_timeline(db.session(), claim.id)


@bp.app_template_global()
def credibility_text(credibility: int) -> str:
    """ "2 - Probably true" for templates."""
    return queries.credibility_text(credibility)


# --- loading ---------------------------------------------------------------------------


def _load_claim(claim_id: int) -> Claim:
    claim = queries.claim_by_id(db.session(), claim_id)
    if claim is None:
        abort(404, description="No claim with this number.")
    return claim


def _load_verdict(verdict_id: int) -> Verdict:
    verdict = queries.verdict_by_id(db.session(), verdict_id)
    if verdict is None:
        abort(404, description="No verdict with this number.")
    return verdict


def _describe_claim(claim: Claim) -> str:
    current = operations.current_verdict(claim)
    verdict = f"{current.rating.label} (verdict #{current.id})" if current else "none yet"
    return (
        f"It now reads: “{claim.statement}”; status {claim.status.label.lower()}; "
        f"current verdict {verdict}."
    )


def _describe_verdict(verdict: Verdict) -> str:
    if verdict.retracted_at is not None:
        return f"Verdict #{verdict.id} is now retracted: {verdict.retraction_reason}"
    if verdict.concluded_at is not None:
        who = verdict.concluded_by.display_name if verdict.concluded_by else "the system"
        when = verdict.concluded_at.strftime("%Y-%m-%d %H:%M UTC")
        return f"Verdict #{verdict.id} ({verdict.rating.label}) is now concluded by {who}, {when}."
    return f"Verdict #{verdict.id} now reads {verdict.rating.label}."


# --- recording a verdict -------------------------------------------------------------------


def _verdict_data(form: VerdictForm) -> VerdictData:
    return VerdictData(
        rating_value_id=form.rating_value_id.data,
        credibility=form.credibility.data,
        rationale=form.rationale.data or "",
        reviewer_id=form.reviewer_id.data,
        speaks_for=form.speaks_for.data,
        evidence=[
            EvidenceData(url=row.url.data or "", note=row.note.data or "") for row in form.evidence
        ],
    )


@bp.route("/claims/<int:claim_id>/verdicts/new", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def create(claim_id: int) -> ResponseReturnValue:
    """Propose a verdict (checker+) or record and conclude one (editor+)."""
    sess = db.session()
    claim = _load_claim(claim_id)
    concluding = request.method == "POST" and "conclude" in request.form
    if concluding and not has_role(current_user, Role.EDITOR):
        abort(403, description="Concluding a verdict needs the Editor role or higher.")
    form = VerdictForm(reviewer_id=current_user.id)
    form.prepare(queries.rating_scales(sess), queries.active_users(sess), claim.checkable)
    if request.method == "GET":
        form.version.data = str(claim.version)
    status = 200
    if request.method == "POST" and "add_evidence" in request.form:
        # Without JavaScript, "Add another link" sends the form back with one more row.
        if len(form.evidence) < MAX_EVIDENCE_ROWS:
            form.evidence.append_entry()
    elif form.validate_on_submit():
        previous = operations.current_verdict(claim)
        try:
            verdict = operations.record_verdict(
                sess,
                actor=current_user,
                claim=claim,
                data=_verdict_data(form),
                conclude=concluding,
                expected_claim_version=submitted_version(form),
            )
        except PermissionDenied as error:
            abort(403, description=str(error))
        except ConflictError as error:
            form.form_errors.append(
                f"{error.message} {_describe_claim(claim)} "
                "Check that your verdict still fits, then save again."
            )
            form.version.data = str(claim.version)
            status = 409
        except OperationError as error:
            show_operation_error(form, error)
            status = 400
        else:
            flash(_recorded_message(verdict, previous), "success")
            return redirect(claim_url(claim.id))
    elif form.errors:
        status = 400
    return render_template(
        "verdicts/create.html",
        claim=claim,
        form=form,
        timeline=queries.claim_timeline(sess, claim.id),
        can_conclude=has_role(current_user, Role.EDITOR),
        max_evidence_rows=MAX_EVIDENCE_ROWS,
    ), status


def _recorded_message(verdict: Verdict, previous: Verdict | None) -> str:
    label = verdict.rating.label
    if not verdict.is_concluded:
        return f"Verdict #{verdict.id} proposed ({label}); an editor will review it."
    message = f"Verdict #{verdict.id} concluded: {label}."
    if previous is not None:
        message += f" It corrects verdict #{previous.id} ({previous.rating.label})."
    return message


# --- concluding and retracting -------------------------------------------------------------


@bp.route("/verdicts/<int:verdict_id>/conclude", methods=["POST"])
@require_role(Role.EDITOR)
def conclude(verdict_id: int) -> ResponseReturnValue:
    """An editor concludes a proposed verdict; it becomes the claim's current verdict."""
    verdict = _load_verdict(verdict_id)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    previous = operations.current_verdict(verdict.claim)
    try:
        operations.conclude_verdict(
            db.session(),
            actor=current_user,
            verdict=verdict,
            expected_version=submitted_version(form),
        )
    except PermissionDenied as error:
        abort(403, description=str(error))
    except ConflictError as error:
        abort(409, description=f"{error.message} {_describe_verdict(verdict)}")
    except OperationError as error:
        flash(error.message, "error")
        return redirect(claim_url(verdict.claim_id))
    flash(_recorded_message(verdict, previous), "success")
    return redirect(claim_url(verdict.claim_id))


@bp.route("/verdicts/<int:verdict_id>/retract", methods=["GET", "POST"])
@require_role(Role.EDITOR)
def retract(verdict_id: int) -> ResponseReturnValue:
    """Ask for a reason (GET) and retract the verdict (POST, editor+)."""
    verdict = _load_verdict(verdict_id)
    form = RetractForm()
    if request.method == "GET":
        form.version.data = str(verdict.version)
    status = 200
    if form.validate_on_submit():
        try:
            operations.retract_verdict(
                db.session(),
                actor=current_user,
                verdict=verdict,
                reason=form.reason.data,
                expected_version=submitted_version(form),
            )
        except PermissionDenied as error:
            abort(403, description=str(error))
        except ConflictError as error:
            form.form_errors.append(
                f"{error.message} {_describe_verdict(verdict)} "
                "Retract it again if you still mean to."
            )
            form.version.data = str(verdict.version)
            status = 409
        except OperationError as error:
            show_operation_error(form, error)
            status = 400
        else:
            current = operations.current_verdict(verdict.claim)
            fallback = (
                f" The current verdict is now #{current.id} ({current.rating.label})."
                if current
                else " The claim has no current verdict now."
            )
            flash(f"Verdict #{verdict.id} retracted.{fallback}", "success")
            return redirect(claim_url(verdict.claim_id))
    elif form.errors:
        status = 400
    return render_template("verdicts/retract.html", verdict=verdict, form=form), status


@bp.route("/claims/<int:claim_id>/verdicts")
@require_role(Role.VIEWER)
def claim_verdicts(claim_id: int) -> ResponseReturnValue:
    """A claim's verdict history on its own (also where actions return without a claim page)."""
    claim = _load_claim(claim_id)
    return render_template("verdicts/claim.html", claim=claim)


from webapp.verdicts import scale_views  # noqa: E402, F401  (adds the scale pages to bp)
