"""The OpenAPI 3.1 document of ``/api/v1``, built in code around the JSON Schemas.

Component schemas are the files in ``schemas/api/`` (``claim-create.json`` becomes
``ClaimCreate``), with their file references rewritten to component references, so the
document and the request validation can never disagree.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from webapp.api.blueprint import bp
from webapp.api.bodies import schema_files
from webapp.api.openapi_paths import component_name, paths, schema_ref
from webapp.api.problems import PROBLEM_TYPE

PREFIX = "/api/v1"
DESCRIPTIONS = {
    400: "The body or a query parameter is malformed or breaks its schema.",
    401: "No valid API token (missing, unknown, revoked, or its account is deactivated).",
    403: "The token's user lacks the role this needs.",
    404: "No such record.",
    409: "Stale version: someone changed the record since you read it.",
    422: "The request is well-formed but the desk's rules refuse it.",
}


def _rewrite(node: Any) -> Any:
    """A schema with ``"x.json"`` references pointing at components, without ``$id``."""
    if isinstance(node, dict):
        rewritten = {k: _rewrite(v) for k, v in node.items() if k not in ("$id", "$schema")}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.endswith(".json") and not ref.startswith("#"):
            rewritten["$ref"] = "#/components/schemas/" + component_name(ref[: -len(".json")])
        return rewritten
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    return node


@cache
def document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document (paths are absolute, from the site's root)."""
    responses = {
        f"Problem{code}": {
            "description": text,
            "content": {PROBLEM_TYPE: {"schema": schema_ref("problem")}},
        }
        for code, text in DESCRIPTIONS.items()
    }
    found_paths = {PREFIX + path: item for path, item in paths().items()}
    found_paths[PREFIX + "/openapi.json"] = {
        "get": {
            "operationId": "getOpenApiDocument",
            "summary": "This document (no token needed)",
            "tags": ["meta"],
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Claimdesk API",
            "version": "1",
            "description": (
                "Claims, sources, appearances, verdicts and rating scales of a fact-checking "
                "desk. Authenticate with a personal API token (Authorization: Bearer cdk_…) "
                "made on your account page; you act with your own role. Errors are RFC 9457 "
                "problem details. See docs/api.md."
            ),
        },
        "security": [{"bearerAuth": []}],
        "tags": [{"name": n} for n in ("claims", "sources", "documents", "verdicts", "meta")],
        "paths": found_paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token, cdk_ followed by 43 characters.",
                }
            },
            "schemas": {
                component_name(stem): _rewrite(schema) for stem, schema in schema_files().items()
            },
            "responses": responses,
        },
    }


@bp.get("/openapi.json")
def openapi_document() -> ResponseReturnValue:
    """The OpenAPI document; public, so tools can read it before they have a token."""
    return jsonify(document())
