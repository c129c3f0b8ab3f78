"""The API tokens section of the account pages: create and revoke your own tokens.

Admins revoke anyone's tokens from the account's admin page (``/admin/users/<id>``).
Creating a token answers with the page itself rather than a redirect: the secret is shown
exactly once and must not travel through the session cookie or a URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.api import tokens
from webapp.api.forms import TokenCreateForm, TokenRevokeForm
from webapp.api.models import ApiToken
from webapp.core.errors import OperationError, PermissionDenied
from webapp.core.forms import show_operation_error
from webapp.core.permissions import Role, require_role
from webapp.users.models import User

bp = Blueprint("api_tokens", __name__, template_folder="templates")


@dataclass
class TokenPanel:
    """What the tokens section shows: the tokens, the forms, and a secret made just now."""

    tokens: list[ApiToken]
    create_form: TokenCreateForm
    revoke_form: TokenRevokeForm = field(default_factory=lambda: TokenRevokeForm(formdata=None))
    new_secret: str | None = None


@bp.app_template_global()
def api_token_panel(user: User) -> TokenPanel:
    """The tokens section of ``user`` with blank forms (the account pages include it)."""
    return TokenPanel(
        tokens=tokens.tokens_of(db.session(), user.id),
        create_form=TokenCreateForm(formdata=None),
    )


def _account(panel: TokenPanel, status: int) -> ResponseReturnValue:
    response = render_template("users/account.html", user=current_user, token_panel=panel)
    # The page may carry a secret: keep it out of every cache.
    return response, status, {"Cache-Control": "no-store"}


@bp.route("/account/tokens", methods=["POST"])
@require_role(Role.VIEWER)
def create() -> ResponseReturnValue:
    sess = db.session()
    form = TokenCreateForm()
    if form.validate_on_submit():
        try:
            issued = tokens.create_token(sess, actor=current_user, name=form.name.data or "")
        except PermissionDenied as denied:
            abort(403, description=str(denied))
        except OperationError as failure:
            show_operation_error(form, failure)
        else:
            panel = TokenPanel(
                tokens=tokens.tokens_of(sess, current_user.id),
                create_form=TokenCreateForm(formdata=None),
                new_secret=issued.secret,
            )
            return _account(panel, 200)
    panel = TokenPanel(tokens=tokens.tokens_of(sess, current_user.id), create_form=form)
    return _account(panel, 400)


def _revoke(token: ApiToken) -> None:
    if not TokenRevokeForm().validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    try:
        tokens.revoke_token(db.session(), actor=current_user, token=token)
    except PermissionDenied as denied:
        abort(403, description=str(denied))
    except OperationError as failure:
        flash(failure.message, "error")
    else:
        flash(f"Token {token.name!r} ({token.prefix}…) revoked; it no longer works.", "success")


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@require_role(Role.VIEWER)
def revoke(token_id: int) -> ResponseReturnValue:
    token = tokens.token_by_id(db.session(), token_id)
    # Someone else's token is "not found": its existence is none of this user's business.
    if token is None or token.user_id != current_user.id:
        abort(404, description="You have no token with this number.")
    _revoke(token)
    return redirect(url_for("users.account"))


@bp.route("/admin/users/<int:user_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@require_role(Role.ADMIN)
def admin_revoke(user_id: int, token_id: int) -> ResponseReturnValue:
    token = tokens.token_by_id(db.session(), token_id)
    if token is None or token.user_id != user_id:
        abort(404, description="This account has no token with this number.")
    _revoke(token)
    return redirect(url_for("users.edit", user_id=user_id))
