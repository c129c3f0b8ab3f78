"""Sign-in, sign-out and the admin's account pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from webapp import db
from webapp.core.errors import ConflictError, OperationError
from webapp.core.forms import show_operation_error, submitted_version
from webapp.core.permissions import Role, require_role
from webapp.extensions import login_manager
from webapp.users import operations, queries
from webapp.users.forms import (
    ActiveToggleForm,
    LoginForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
)
from webapp.users.models import User

bp = Blueprint("users", __name__, template_folder="templates")


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return queries.user_for_session(db.session(), session_id)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect after login is a phishing tool.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        result = operations.sign_in(
            db.session(),
            email=form.email.data,
            password=form.password.data,
            client_address=request.remote_addr or "unknown",
        )
        if result.user is not None:
            login_user(result.user, remember=form.remember.data)
            flash(f"Signed in as {result.user.display_name}.", "success")
            return redirect(_safe_next(request.args.get("next")))
        # 200, not 401: the failed attempt must be committed for throttling to work.
        form.form_errors.append(result.message)
    return render_template("users/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("users.login"))


@bp.route("/admin/users")
@require_role(Role.ADMIN)
def index() -> ResponseReturnValue:
    sess = db.session()
    return render_template(
        "users/index.html", users=queries.all_users(sess), last_sign_ins=queries.last_sign_ins(sess)
    )


@bp.route("/admin/users/new", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def create() -> ResponseReturnValue:
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = operations.create_user(
                db.session(),
                actor=current_user,
                email=form.email.data,
                display_name=form.display_name.data or "",
                role=Role(form.role.data),
                password=form.password.data,
            )
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"Account {user.email} created.", "success")
            return redirect(url_for("users.index"))
    return render_template("users/create.html", form=form), 400 if form.errors else 200


def _load(user_id: int) -> User:
    user = queries.user_by_id(db.session(), user_id)
    if user is None:
        abort(404, description="No account with this number.")
    return user


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def edit(user_id: int) -> ResponseReturnValue:
    user = _load(user_id)
    form = UserEditForm(obj=user if request.method == "GET" else None)
    if request.method == "GET":
        form.role.data = user.role.value
        form.version.data = str(user.version)
    status = 200
    if form.validate_on_submit():
        try:
            operations.update_user(
                db.session(),
                actor=current_user,
                user=user,
                expected_version=submitted_version(form),
                role=Role(form.role.data),
                display_name=form.display_name.data,
            )
        except ConflictError as error:
            form.form_errors.append(
                f"{error.message} It now reads: name {user.display_name!r}, "
                f"role {user.role.label}. Review and save again."
            )
            form.version.data = str(user.version)
            status = 409
        except OperationError as error:
            show_operation_error(form, error)
            status = 400
        else:
            flash(f"Account {user.email} saved.", "success")
            return redirect(url_for("users.index"))
    elif form.errors:
        status = 400
    return render_template(
        "users/edit.html",
        user=user,
        form=form,
        reset_form=PasswordResetForm(),
        toggle_form=ActiveToggleForm(version=str(user.version)),
    ), status


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@require_role(Role.ADMIN)
def reset_password(user_id: int) -> ResponseReturnValue:
    user = _load(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            operations.set_password(
                db.session(), actor=current_user, user=user, password=form.password.data
            )
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"Password of {user.email} reset; tell them the new one in person.", "success")
            return redirect(url_for("users.edit", user_id=user.id))
    edit_form = UserEditForm(obj=user, version=str(user.version))
    edit_form.role.data = user.role.value
    return render_template(
        "users/edit.html",
        user=user,
        form=edit_form,
        reset_form=form,
        toggle_form=ActiveToggleForm(version=str(user.version)),
    ), 400


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@require_role(Role.ADMIN)
def toggle_active(user_id: int) -> ResponseReturnValue:
    user = _load(user_id)
    form = ActiveToggleForm()
    if not form.validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    try:
        operations.update_user(
            db.session(),
            actor=current_user,
            user=user,
            expected_version=submitted_version(form),
            active=not user.active,
        )
    except ConflictError as error:
        abort(409, description=error.message)
    except OperationError as error:
        flash(error.message, "error")
        return redirect(url_for("users.edit", user_id=user.id))
    flash(f"Account {user.email} {'reactivated' if user.active else 'deactivated'}.", "success")
    return redirect(url_for("users.index"))


@bp.route("/account")
@login_required
def account() -> ResponseReturnValue:
    return render_template("users/account.html", user=current_user)
