"""Friendly error pages; API paths get RFC 9457 problem details instead."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import BadRequest, Conflict, HTTPException, InternalServerError

from webapp.core.errors import OperationError

HINTS = {
    400: "Check what you entered and try again.",
    403: "Your role does not allow this. Ask an admin if you need it.",
    404: "The link may be old, or the record never existed.",
    405: "This address does not accept that kind of request.",
    409: "Someone else saved a change first. Reload the page to see it, then redo yours.",
    500: "Something went wrong on our side. Nothing was saved; the error has been logged.",
}


def render_error(error: HTTPException) -> ResponseReturnValue:
    """The error page (or problem+json under /api/) for ``error``."""
    code = error.code or 500
    # A 405 must say which methods the URL accepts (RFC 9110); keep the exception's Allow.
    allow = {k: v for k, v in error.get_headers() if k.lower() == "allow"}
    if request.path.startswith("/api/"):
        problem = {
            "type": "about:blank",
            "title": error.name,
            "status": code,
            "detail": error.description,
        }
        response = jsonify(problem)
        response.status_code = code
        response.content_type = "application/problem+json"
        response.headers.update(allow)
        return response
    return (
        render_template(
            "errors/error.html",
            code=code,
            name=error.name,
            description=error.description,
            hint=HINTS.get(code, ""),
        ),
        code,
        allow,
    )


def _csrf_failed(error: CSRFError) -> ResponseReturnValue:
    error.description = (
        "The form was missing its security token or it expired. Reload the page and submit again."
    )
    return render_error(error)


def _stale(_error: StaleDataError) -> ResponseReturnValue:
    # A concurrent save won the row lock (PostgreSQL): the failed flush left the session
    # unusable, and the page's menu reads the signed-in user through it.
    from webapp import db

    db.discard_changes()
    return render_error(Conflict("Someone else changed this record while you were saving."))


def _refused(refused: OperationError) -> ResponseReturnValue:
    # An operation's rule that no view caught beside its field (one checked while flushing,
    # such as a NUL in some text): a 400 that says why, and nothing saved.
    return render_error(BadRequest(refused.message))


def _unexpected(error: Exception) -> ResponseReturnValue:
    current_app.logger.exception("Unhandled error", exc_info=error)
    return render_error(InternalServerError())


def register(app: Flask) -> None:
    """Install the error handlers."""
    app.register_error_handler(CSRFError, _csrf_failed)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(StaleDataError, _stale)
    app.register_error_handler(OperationError, _refused)
    if not app.testing:
        app.register_error_handler(Exception, _unexpected)
