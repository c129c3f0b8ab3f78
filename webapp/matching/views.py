""" "Checked before?" on the claim page, "Mark as duplicate", and the conflicting-figures report.

Partials the claim page includes (``claim`` in the context):

* ``matching/_checked_before.html`` - the most similar claims with score, verdict and a
  one-click "Mark as duplicate" button;
* ``matching/_figures.html`` - the other figures given of this claim's unit and subject.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from webapp import db
from webapp.claims import display, operations
from webapp.claims.models import Claim, ClaimRelation, RelationKind
from webapp.core.errors import OperationError, PermissionDenied
from webapp.core.permissions import Role, require_role
from webapp.matching import figures
from webapp.matching.forms import DuplicateForm, FiguresFilterForm
from webapp.matching.queries import LIKELY_SCORE, Match, similar_to_claim

bp = Blueprint("matching", __name__, template_folder="templates")
bp.add_app_template_global(display.quantity_text, "figure_text")


@bp.app_template_global()
def figures_window_days() -> int:
    return figures.DATE_WINDOW.days


@dataclass
class CheckedBefore:
    matches: list[Match]
    marked: set[int]  # the matches this claim is already recorded as a duplicate of
    form: DuplicateForm

    @property
    def likely(self) -> int:
        """How many matches are close enough to call the claim checked before."""
        return sum(m.score >= LIKELY_SCORE for m in self.matches)


def duplicate_ids(claim: Claim) -> set[int]:
    """The claims this one is recorded (unretracted) as a duplicate of."""
    return set(
        db.session().scalars(
            select(ClaimRelation.related_claim_id).where(
                ClaimRelation.claim_id == claim.id,
                ClaimRelation.kind == RelationKind.DUPLICATE_OF,
                ClaimRelation.retracted_at.is_(None),
            )
        )
    )


@bp.app_template_global()
def checked_before(claim: Claim) -> CheckedBefore:
    """The claims most like ``claim``, for ``matching/_checked_before.html``."""
    return CheckedBefore(
        similar_to_claim(db.session(), claim), duplicate_ids(claim), DuplicateForm(formdata=None)
    )


@bp.app_template_global()
def claim_figures(claim: Claim) -> list[tuple[figures.Figure, float, str]]:
    """Other claims' figures of this unit and subject, for ``matching/_figures.html``."""
    return figures.other_figures(db.session(), claim)


def _claim(claim_id: int) -> Claim:
    claim = db.session().get(Claim, claim_id)
    if claim is None:
        abort(404, description="No claim with this number.")
    return claim


@bp.route("/claims/<int:claim_id>/duplicate-of/<int:other_id>", methods=["POST"])
@require_role(Role.CHECKER)
def mark_duplicate(claim_id: int, other_id: int) -> ResponseReturnValue:
    claim, other = _claim(claim_id), _claim(other_id)
    if not DuplicateForm().validate_on_submit():
        abort(400, description="The form expired; reload the claim page and try again.")
    try:
        operations.relate_claims(
            db.session(),
            actor=current_user,
            claim=claim,
            related=other,
            kind=RelationKind.DUPLICATE_OF,
            note='Marked from "Checked before?".',
        )
    except PermissionDenied as error:
        abort(403, description=str(error))
    except OperationError as error:
        abort(400, description=error.message)
    flash(f"Claim #{claim.id} is now recorded as a duplicate of claim #{other.id}.", "success")
    return redirect(url_for("claims.show", claim_id=claim.id, _anchor="checked-before"))


@bp.route("/reports/conflicting-figures")
@require_role(Role.VIEWER)
def conflicting_figures() -> ResponseReturnValue:
    form = FiguresFilterForm(formdata=request.args)
    if not form.validate():
        return render_template("matching/figures_report.html", form=form, report=None), 400
    report = figures.conflicting_pairs(
        db.session(),
        tolerance=form.tolerance_value(),
        tag=(form.tag.data or "").strip() or None,
        unit=(form.unit.data or "").strip() or None,
    )
    return render_template(
        "matching/figures_report.html",
        form=form,
        report=report,
        tolerance=form.tolerance_value(),
        window_days=figures.DATE_WINDOW.days,
    )
