"""The operations of the OpenAPI document: every path, its parameters and responses."""

from __future__ import annotations

from typing import Any

from webapp.api.params import CLAIM_FILTERS, MAX_ID, SIMILAR_PARAMS, SOURCE_FILTERS


def component_name(stem: str) -> str:
    """``claim-create`` → ``ClaimCreate``."""
    return "".join(part.capitalize() for part in stem.split("-"))


def schema_ref(stem: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{component_name(stem)}"}


def _id(name: str, what: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": f"Number of the {what}.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }


def _operation(
    operation_id: str,
    summary: str,
    tag: str,
    *,
    ok: tuple[int, str],
    problems: tuple[int, ...],
    params: list[dict[str, Any]] | None = None,
    request: str | None = None,
    request_required: bool = True,
    location: bool = False,
) -> dict[str, Any]:
    status, response_schema = ok
    success: dict[str, Any] = {
        "description": "Created." if status == 201 else "OK.",
        "content": {"application/json": {"schema": schema_ref(response_schema)}},
    }
    if location:
        success["headers"] = {
            "Location": {"description": "The new record's URL.", "schema": {"type": "string"}}
        }
    responses: dict[str, Any] = {str(status): success}
    for code in (400, 401, *problems):
        responses[str(code)] = {"$ref": f"#/components/responses/Problem{code}"}
    found: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "tags": [tag],
        "parameters": params or [],
        "responses": dict(sorted(responses.items())),
    }
    if request is not None:
        found["requestBody"] = {
            "required": request_required,
            "content": {"application/json": {"schema": schema_ref(request)}},
        }
    return found


CLAIM = _id("claim_id", "claim")
SOURCE = _id("source_id", "source")
VERDICT = _id("verdict_id", "verdict")
WRITE = (403, 404, 422)


def paths() -> dict[str, dict[str, Any]]:
    """Every path of ``/api/v1`` with its operations."""
    op = _operation
    return {
        "/claims": {
            "get": op(
                "listClaims",
                "List claims (the list page's filters)",
                "claims",
                ok=(200, "claim-list"),
                problems=(422,),
                params=CLAIM_FILTERS,
            ),
            "post": op(
                "createClaim",
                "Record a claim (the answer lists similar claims under `similar`)",
                "claims",
                ok=(201, "claim"),
                problems=(403, 422),
                request="claim-create",
                location=True,
            ),
        },
        "/claims/{claim_id}": {
            "get": op(
                "getClaim",
                "A claim with relays, tags, appearances and verdicts",
                "claims",
                ok=(200, "claim"),
                problems=(404,),
                params=[CLAIM],
            ),
            "patch": op(
                "updateClaim",
                "Edit a claim (send the version you read)",
                "claims",
                ok=(200, "claim"),
                problems=(*WRITE, 409),
                params=[CLAIM],
                request="claim-update",
            ),
        },
        "/claims/{claim_id}/similar": {
            "get": op(
                "similarClaims",
                'Claims like this one ("checked before?"), with score and verdict',
                "claims",
                ok=(200, "similar-list"),
                problems=(404,),
                params=[CLAIM, *SIMILAR_PARAMS],
            ),
        },
        "/claims/{claim_id}/retract": {
            "post": op(
                "retractClaim",
                "Retract a claim (editors)",
                "claims",
                ok=(200, "claim"),
                problems=WRITE,
                params=[CLAIM],
                request="retraction",
            ),
        },
        "/claims/{claim_id}/appearances": {
            "post": op(
                "addAppearance",
                "Record where a claim appeared",
                "documents",
                ok=(201, "appearance"),
                problems=WRITE,
                params=[CLAIM],
                request="appearance-create",
                location=True,
            ),
        },
        "/claims/{claim_id}/verdicts": {
            "get": op(
                "listClaimVerdicts",
                "A claim's verdicts, newest first",
                "verdicts",
                ok=(200, "verdict-list"),
                problems=(404,),
                params=[CLAIM],
            ),
            "post": op(
                "recordVerdict",
                "Propose or conclude a verdict",
                "verdicts",
                ok=(201, "verdict"),
                problems=(*WRITE, 409),
                params=[CLAIM],
                request="verdict-create",
                location=True,
            ),
        },
        "/appearances/{appearance_id}": {
            "get": op(
                "getAppearance",
                "An appearance",
                "documents",
                ok=(200, "appearance"),
                problems=(404,),
                params=[_id("appearance_id", "appearance")],
            ),
        },
        "/documents/{document_id}": {
            "get": op(
                "getDocument",
                "A document and the claims that appeared in it",
                "documents",
                ok=(200, "document"),
                problems=(404,),
                params=[_id("document_id", "document")],
            ),
        },
        "/sources": {
            "get": op(
                "listSources",
                "List sources",
                "sources",
                ok=(200, "source-list"),
                problems=(),
                params=SOURCE_FILTERS,
            ),
            "post": op(
                "createSource",
                "Add a source",
                "sources",
                ok=(201, "source"),
                problems=(403, 422),
                request="source-create",
                location=True,
            ),
        },
        "/sources/{source_id}": {
            "get": op(
                "getSource",
                "A source with its grade history",
                "sources",
                ok=(200, "source"),
                problems=(404,),
                params=[SOURCE],
            ),
            "patch": op(
                "updateSource",
                "Edit a source (send the version you read)",
                "sources",
                ok=(200, "source"),
                problems=(*WRITE, 409),
                params=[SOURCE],
                request="source-update",
            ),
        },
        "/sources/{source_id}/grades": {
            "post": op(
                "gradeSource",
                "Grade a source (editors)",
                "sources",
                ok=(201, "grade"),
                problems=WRITE,
                params=[SOURCE],
                request="grade-create",
                location=True,
            ),
        },
        "/verdicts/{verdict_id}": {
            "get": op(
                "getVerdict",
                "A verdict",
                "verdicts",
                ok=(200, "verdict"),
                problems=(404,),
                params=[VERDICT],
            ),
        },
        "/verdicts/{verdict_id}/conclude": {
            "post": op(
                "concludeVerdict",
                "Conclude a proposed verdict (editors)",
                "verdicts",
                ok=(200, "verdict"),
                problems=(*WRITE, 409),
                params=[VERDICT],
                request="verdict-conclude",
                request_required=False,
            ),
        },
        "/scales": {
            "get": op(
                "listScales",
                "Rating scales and their values",
                "verdicts",
                ok=(200, "scale-list"),
                problems=(),
            ),
        },
    }
