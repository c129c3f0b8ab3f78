"""RFC 9457 problem details: every API error is ``application/problem+json``.

Statuses: 400 a body or query that is malformed or breaks its JSON Schema, 401 no valid
token, 403 the token's user lacks the role, 404 no such record, 409 a stale version,
422 a well-formed request the domain refuses (an operation's validation error).
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "https://claimdesk.example/problems/"

TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    415: "Unsupported media type",
    422: "Unprocessable content",
}


class ApiProblem(Exception):
    """An error answer of the API: raised anywhere in a request, turned into problem+json."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        title: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.title = title or TITLES.get(status, "Error")
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The problem document."""
        document: dict[str, Any] = {
            "type": TYPE_BASE + self.kind if self.kind else "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors is not None:
            document["errors"] = self.errors
        document.update(self.extra)
        return document


def error(field: str, message: str) -> dict[str, str]:
    """One entry of a problem's ``errors`` list."""
    return {"field": field, "message": message}


def problem_response(problem: ApiProblem) -> Response:
    """The HTTP response of ``problem``."""
    text = current_app.json.dumps(problem.body())
    response = Response(text, status=problem.status, mimetype=PROBLEM_TYPE)
    for name, value in problem.headers.items():
        response.headers[name] = value
    return response


def unauthorized(detail: str) -> ApiProblem:
    """401 with the challenge RFC 6750 asks for."""
    return ApiProblem(
        401,
        detail,
        kind="unauthorized",
        headers={"WWW-Authenticate": 'Bearer realm="claimdesk"'},
    )


def invalid(detail: str, errors: list[dict[str, str]]) -> ApiProblem:
    """400: the request body or query breaks its schema."""
    return ApiProblem(400, detail, kind="invalid-request", errors=errors)


def not_found(what: str, record_id: int) -> ApiProblem:
    """404 for a record that does not exist."""
    return ApiProblem(404, f"There is no {what} #{record_id}.", kind="not-found")
