"""The rating scales page: every scale and its values; admins add scales and values."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.core.errors import OperationError, PermissionDenied
from webapp.core.forms import show_operation_error
from webapp.core.permissions import Role, has_role, require_role
from webapp.verdicts import operations, queries
from webapp.verdicts.forms import ScaleForm, ScaleValueForm
from webapp.verdicts.views import bp


def value_form_prefix(scale_id: int) -> str:
    """Each scale's "add a value" form has its own field names, so ids never clash."""
    return f"value-{scale_id}"


def _render(
    scale_form: ScaleForm | None = None,
    value_form: ScaleValueForm | None = None,
    value_scale_id: int | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    scales = queries.rating_scales(db.session())
    is_admin = has_role(current_user, Role.ADMIN)
    value_forms = {}
    if is_admin:
        for scale in scales:
            if value_form is not None and scale.id == value_scale_id:
                value_forms[scale.id] = value_form
            else:
                # formdata=None: a POST to one form must not fill the others.
                value_forms[scale.id] = ScaleValueForm(
                    formdata=None, prefix=value_form_prefix(scale.id)
                )
        if scale_form is None:
            scale_form = ScaleForm(formdata=None)
    return render_template(
        "verdicts/scales.html",
        scales=scales,
        is_admin=is_admin,
        scale_form=scale_form,
        value_forms=value_forms,
        open_scale_id=value_scale_id,
    ), status


@bp.route("/scales")
@require_role(Role.VIEWER)
def scales() -> ResponseReturnValue:
    """Every scale with its values in order; admins also get the forms to extend them."""
    return _render()


@bp.route("/scales", methods=["POST"])
@require_role(Role.ADMIN)
def create_scale() -> ResponseReturnValue:
    """Add a rating scale (admins)."""
    form = ScaleForm()
    if form.validate_on_submit():
        try:
            scale = operations.create_scale(
                db.session(),
                actor=current_user,
                slug=form.slug.data,
                name=form.name.data,
                description=form.description.data or "",
            )
        except PermissionDenied as error:
            abort(403, description=str(error))
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"Rating scale {scale.name} added. Now add its values, best first.", "success")
            return redirect(url_for("verdicts.scales", _anchor=f"scale-{scale.slug}"))
    return _render(scale_form=form, status=400)


@bp.route("/scales/<int:scale_id>/values", methods=["POST"])
@require_role(Role.ADMIN)
def add_value(scale_id: int) -> ResponseReturnValue:
    """Append a value to a scale (admins)."""
    scale = queries.scale_by_id(db.session(), scale_id)
    if scale is None:
        abort(404, description="No rating scale with this number.")
    form = ScaleValueForm(prefix=value_form_prefix(scale.id))
    if form.validate_on_submit():
        try:
            value = operations.add_scale_value(
                db.session(),
                actor=current_user,
                scale=scale,
                label=form.label.data,
                truth_score=form.truth_score.data,
                colour=form.colour.data,
                description=form.description.data or "",
            )
        except PermissionDenied as error:
            abort(403, description=str(error))
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"{value.label} added to {scale.name}.", "success")
            return redirect(url_for("verdicts.scales", _anchor=f"scale-{scale.slug}"))
    return _render(value_form=form, value_scale_id=scale.id, status=400)
