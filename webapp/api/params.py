"""Query parameters of the list endpoints: their OpenAPI definitions and their validation.

A parameter that breaks its definition is a 400 (like a body that breaks its schema); a
well-formed filter the desk cannot apply (an unknown claimant, dates out of order) is a 422.
"""

from __future__ import annotations

import re
from typing import Any

from flask import request
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from webapp.api.problems import error, invalid
from webapp.claims.filter_forms import SORT_CHOICES
from webapp.claims.models import ClaimStatus
from webapp.sources.models import AdmiraltyGrade, SourceKind

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_ID = 2**31 - 1
_INTEGER = re.compile(r"-?[0-9]{1,30}")
BOOLEAN_WORDS = {"true": True, "false": False}


def query(name: str, description: str, **schema: Any) -> dict[str, Any]:
    """An optional query parameter (a plain string unless ``schema`` says otherwise)."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


PAGING = [
    query("after", "The cursor of the next page (follow the `next` URL rather than build it)."),
    query(
        "limit",
        f"Page size, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
        type="integer",
        minimum=1,
        maximum=MAX_LIMIT,
    ),
]
DATE = {"type": "string", "format": "date"}
RECORD = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
CLAIM_FILTERS = [
    query("q", 'Search words; "a phrase", -word to exclude, or.'),
    query("status", "Workflow status.", enum=[s.value for s in ClaimStatus]),
    query(
        "verdict",
        'Current verdict: a rating value id, or "none" for claims without one.',
        type="string",
        pattern="^(none|[0-9]{1,9})$",
    ),
    query("claimant", 'Claimant by name, alias or "Name #id".'),
    query("claimant_id", "Claimant by number.", **RECORD),
    query("publisher", 'Publisher of a document it appeared in: name, alias or "Name #id".'),
    query("publisher_id", "Publisher by number.", **RECORD),
    query("tag", "Tags, comma-separated; every one must match."),
    query("claim_from", "Claim date from (inclusive).", **DATE),
    query("claim_to", "Claim date to (inclusive).", **DATE),
    query("created_from", "Recorded from (inclusive, UTC days).", **DATE),
    query("created_to", "Recorded to (inclusive, UTC days).", **DATE),
    query("checkable", "yes: checkable claims; no: opinions.", enum=["yes", "no"]),
    query("show_retracted", "Include retracted claims.", type="boolean"),
    query(
        "sort",
        "Order; default: best match when searching, else newest recorded.",
        enum=[c.value for c in SORT_CHOICES],
    ),
    *PAGING,
]
SOURCE_FILTERS = [
    query(
        "q", "Part of a name or alias.", type="string", maxLength=200, pattern="^[^\\x00-\\x1f]*$"
    ),
    query("kind", "Kind of source.", enum=[k.value for k in SourceKind]),
    query("graded", "Graded (true) or not graded (false).", type="boolean"),
    query("grade", "Current grade letter.", enum=[g.value for g in AdmiraltyGrade]),
    query("show_retracted", "Include retracted sources.", type="boolean"),
    query("sort", "Order; default name.", enum=["name", "newest", "claims"]),
    *PAGING,
]


def _typed(raw: str, schema: dict[str, Any]) -> Any:
    """The query text as the JSON value its schema expects (unchanged when it cannot be)."""
    kind = schema.get("type", "string")
    if kind == "integer" and _INTEGER.fullmatch(raw):
        return int(raw)
    if kind == "boolean" and raw in BOOLEAN_WORDS:
        return BOOLEAN_WORDS[raw]
    return raw


def checked_query(definitions: list[dict[str, Any]]) -> dict[str, Any]:
    """The defined query parameters present in the request, typed and validated (400 if not).

    Parameters the definitions do not name are ignored.
    """
    values: dict[str, Any] = {}
    problems = []
    for definition in definitions:
        name = definition["name"]
        if name not in request.args:
            continue
        value = _typed(request.args[name], definition["schema"])
        validator = Draft202012Validator(
            definition["schema"], format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        found = list(validator.iter_errors(value))
        if found:
            problems.append(error(name, str(found[0].message)[:300]))
        else:
            values[name] = value
    if problems:
        raise invalid("A query parameter is not valid.", problems)
    return values


SIMILAR_PARAMS = [
    query(
        "limit",
        "How many similar claims, 1 to 20 (default 5).",
        type="integer",
        minimum=1,
        maximum=20,
    )
]
# The query parameters each endpoint takes; every other endpoint takes none.
ENDPOINT_PARAMS = {
    "api.list_claims": CLAIM_FILTERS,
    "api.list_sources": SOURCE_FILTERS,
    "api.similar_claims": SIMILAR_PARAMS,
}


def refuse_unknown_params(endpoint: str | None) -> None:
    """400 for a query parameter the endpoint does not define (a typo must not pass silently)."""
    known = {d["name"] for d in ENDPOINT_PARAMS.get(endpoint or "", [])}
    unknown = sorted(set(request.args) - known)
    if unknown:
        raise invalid(
            "Unknown query parameter: " + ", ".join(repr(name) for name in unknown[:5]) + ".",
            [error(name, "This endpoint has no such query parameter.") for name in unknown[:20]],
        )
