"""The ``/api/v1`` blueprint: bearer-token authentication and problem+json errors.

API requests never use the session cookie: a request that brings only a cookie is refused
(401), so a page in the user's browser cannot be made to write through the API, which is
why the blueprint is exempt from CSRF. The token's user acts for permissions and audit.
"""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Blueprint, current_app, g, jsonify, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

from webapp import db
from webapp.api import tokens
from webapp.api.params import MAX_ID, refuse_unknown_params
from webapp.api.problems import ApiProblem, error, not_found, problem_response, unauthorized
from webapp.core.errors import ConflictError, OperationError, PermissionDenied
from webapp.core.permissions import Role, has_role
from webapp.db import WRITE_METHODS, utcnow
from webapp.extensions import csrf
from webapp.users.models import User

T = TypeVar("T")

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


class RecordIdConverter(BaseConverter):
    """``<api_id:...>`` in API paths: any run of digits; :func:`load` answers 404 beyond 2**31-1.

    Unlike a converter that refuses large numbers, it never makes Werkzeug report a PATCH
    to ``/claims/99999999999`` as 405 (the URL then matched only the GET rule's pattern).
    """

    regex = r"[0-9]{1,30}"
    part_isolating = True

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        return str(int(value))


@bp.record_once
def _add_converter(state: BlueprintSetupState) -> None:
    state.app.url_map.converters["api_id"] = RecordIdConverter


# Endpoints anyone may read: the API's own description.
PUBLIC_ENDPOINTS = {"api.openapi_document"}
# How an operation names a field, where the API body calls it differently.
FIELD_NAMES = {"rating_value_id": "rating"}


@bp.before_request
def _authenticate() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        refuse_unknown_params(request.endpoint)
        return
    secret = tokens.bearer_secret(request.headers.get("Authorization"))
    if secret is None:
        raise unauthorized(
            "Send an API token as 'Authorization: Bearer <token>'; "
            "create one on your account page. The sign-in cookie is not accepted here."
        )
    # Look up, and stamp the last use, in short transactions of their own before the request's
    # session starts: a POST's session holds SQLite's write lock until it commits.
    with db.database(current_app).read_sessions() as lookup:
        token = tokens.live_token(lookup, secret)
        if token is None:
            raise unauthorized("The API token is unknown, revoked, or its account is deactivated.")
        user_id, token_id = token.user_id, token.id
        now = utcnow()
        stamp = tokens.needs_stamp(token, now)
    if stamp:  # at most once a minute per token, so reads rarely write
        with db.write_session(current_app) as sess:
            tokens.stamp_use(sess, token_id, now)
    user = db.session().get(User, user_id)
    if user is None or not user.active:  # deactivated between the two looks
        raise unauthorized("The API token's account is deactivated.")
    g.api_user = user
    if request.method in WRITE_METHODS and not has_role(user, Role.CHECKER):
        # Refused before the body is read: a viewer learns nothing from validation errors.
        raise ApiProblem(
            403, "Changing records needs the Checker role or higher.", kind="forbidden"
        )
    refuse_unknown_params(request.endpoint)
    # Flask-Login's current_user, for any shared code that reads it: the token's user.
    g._login_user = user


def acting_user() -> User:
    """The user whose token authenticated this request."""
    user: User = g.api_user
    return user


def load(model: type[T], record_id: int, what: str) -> T:
    """The record ``record_id`` of ``model``, or a 404 problem."""
    found = db.session().get(model, record_id) if record_id <= MAX_ID else None
    if found is None:
        raise not_found(what, record_id)
    return found


def created(document: dict[str, Any], location: str) -> ResponseReturnValue:
    """201 with the new record and its address."""
    response = jsonify(document)
    response.status_code = 201
    response.headers["Location"] = location
    return response


def page_url(cursor: str | None) -> str | None:
    """The absolute URL of the page after ``cursor``, keeping every other query parameter."""
    if cursor is None:
        return None
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "after"]
    pairs.append(("after", cursor))
    return f"{request.host_url.rstrip('/')}{request.path}?{urlencode(pairs)}"


def operation_failed(failure: OperationError, prefix: str = "") -> ApiProblem:
    """422 naming the body field an operation refused."""
    field = FIELD_NAMES.get(failure.field or "", failure.field or "")
    name = f"{prefix}{field}" if field else prefix.rstrip(".")
    return ApiProblem(
        422,
        failure.message,
        kind="refused",
        title="Refused",
        errors=[error(name, failure.message)],
    )


@bp.errorhandler(ApiProblem)
def _problem(problem: ApiProblem) -> ResponseReturnValue:
    return problem_response(problem)


@bp.errorhandler(OperationError)
def _refused(failure: OperationError) -> ResponseReturnValue:
    return problem_response(operation_failed(failure))


@bp.errorhandler(PermissionDenied)
def _forbidden(denied: PermissionDenied) -> ResponseReturnValue:
    return problem_response(ApiProblem(403, str(denied), kind="forbidden"))


@bp.errorhandler(ConflictError)
def _conflict(conflict: ConflictError) -> ResponseReturnValue:
    current = getattr(conflict.current, "version", None)
    extra = {"current_version": current} if current is not None else {}
    return problem_response(ApiProblem(409, conflict.message, kind="conflict", **extra))


@bp.errorhandler(StaleDataError)
def _race(_stale: StaleDataError) -> ResponseReturnValue:
    return problem_response(
        ApiProblem(409, "Someone else changed this record while you were saving.", kind="conflict")
    )


@bp.errorhandler(HTTPException)
def _http(failure: HTTPException) -> ResponseReturnValue:
    code = failure.code or 500
    headers = {k: v for k, v in failure.get_headers() if k.lower() != "content-type"}
    return problem_response(ApiProblem(code, failure.description or failure.name, headers=headers))


def api_blueprint() -> Blueprint:
    """The blueprint with every endpoint module's routes attached."""
    import webapp.api.claim_endpoints
    import webapp.api.document_endpoints
    import webapp.api.openapi
    import webapp.api.source_endpoints
    import webapp.api.verdict_endpoints  # noqa: F401  (each adds routes to bp)

    return bp
