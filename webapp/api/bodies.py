"""Request bodies: strict JSON, checked against the JSON Schemas in ``schemas/api/``.

Every body is parsed and validated here before an operation sees it, so a malformed or
ill-typed request is a 400 problem naming the offending field, never an error further in.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from flask import request
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from referencing import Registry, Resource

from webapp.api.problems import ApiProblem, error, invalid

SCHEMA_DIR = Path(__file__).resolve().parent.parent.parent / "schemas" / "api"
SCHEMA_BASE = "https://claimdesk.example/schemas/api/"
MAX_ERRORS = 20
MAX_MESSAGE = 300


@cache
def schema_files() -> dict[str, dict[str, Any]]:
    """Every API schema by file stem (``claim-create``), read once."""
    schemas: dict[str, dict[str, Any]] = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schemas[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return schemas


@cache
def registry() -> Registry[Any]:
    """The schemas by ``$id``, so their relative ``$ref``s resolve to each other."""
    resources = [(s["$id"], Resource.from_contents(s)) for s in schema_files().values()]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator of ``schemas/api/<name>.json`` (formats such as ``date`` are checked)."""
    return Draft202012Validator(
        schema_files()[name],
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _field(problem: ValidationError) -> str:
    path = [str(part) for part in problem.absolute_path]
    if problem.validator == "required" and isinstance(problem.instance, dict):
        missing = [name for name in problem.validator_value if name not in problem.instance]
        path += missing[:1]
    return ".".join(path)


def _message(problem: ValidationError) -> str:
    text = str(problem.message)
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def schema_errors(name: str, document: Any) -> list[dict[str, str]]:
    """What is wrong with ``document`` under schema ``name`` (empty when it is valid)."""
    found = sorted(validator(name).iter_errors(document), key=lambda e: list(map(str, e.path)))
    return [error(_field(p), _message(p)) for p in found[:MAX_ERRORS]]


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _check_text(value: Any, path: list[str]) -> None:
    """Refuse text PostgreSQL cannot store (NUL: 422) or UTF-8 cannot encode (surrogates: 400)."""
    if isinstance(value, str):
        if "\x00" in value:
            # Well-formed JSON, but no engine of ours can store it: refused like a rule.
            raise ApiProblem(
                422,
                "Text may not contain NUL characters (\\u0000); remove them and try again.",
                kind="refused",
                title="Refused",
                errors=[error(".".join(path), "Contains a NUL character (\\u0000).")],
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise invalid(
                "Text must be valid Unicode.",
                [error(".".join(path), "Contains an unpaired surrogate (\\ud800-\\udfff).")],
            ) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, path)
            _check_text(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, [*path, str(index)])


def read_json(*, optional: bool = False) -> Any:
    """The request's JSON body; ``optional`` lets an empty body stand for ``{}``."""
    raw = request.get_data(cache=True)
    if optional and not raw.strip():
        return {}
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise ApiProblem(
            400,
            "Send the body as JSON with the header Content-Type: application/json.",
            kind="invalid-request",
        )
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as problem:
        raise ApiProblem(
            400, f"The body is not valid JSON: {str(problem)[:200]}", kind="invalid-json"
        ) from None
    return document


def body(name: str, *, optional: bool = False) -> dict[str, Any]:
    """The request body, validated against ``schemas/api/<name>.json`` (400 when it is not)."""
    document = read_json(optional=optional)
    problems = schema_errors(name, document)
    if problems:
        raise invalid(f"The body does not match the {name} schema.", problems)
    _check_text(document, [])
    cleaned = _whole_numbers(document)
    assert isinstance(cleaned, dict)  # every body schema is an object
    return cleaned


def _whole_numbers(value: Any) -> Any:
    """``2.0`` as ``2``: JSON Schema counts it as an integer, so ids and counts may come so."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


def as_date(value: Any, field: str) -> dt.date | None:
    """A validated ``YYYY-MM-DD`` value as a date (None stays None)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise invalid("A date is not valid.", [error(field, "Use YYYY-MM-DD.")]) from None
