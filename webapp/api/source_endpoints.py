"""``/api/v1/sources``: list, read, create, edit, and grade sources."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask.typing import ResponseReturnValue

from webapp import db
from webapp.api import serialize
from webapp.api.blueprint import acting_user, bp, created, load, page_url
from webapp.api.bodies import body
from webapp.api.params import DEFAULT_LIMIT, PAGING, SOURCE_FILTERS, checked_query
from webapp.api.problems import ApiProblem, error
from webapp.core.errors import ConflictError
from webapp.sources import operations, queries
from webapp.sources.models import AdmiraltyGrade, Source, SourceKind


def _filters() -> queries.SourceFilters:
    values = checked_query(SOURCE_FILTERS)
    kind, grade = values.get("kind"), values.get("grade")
    return queries.SourceFilters(
        q=values.get("q", "").strip(),
        kind=SourceKind(kind) if kind else None,
        graded=values.get("graded"),
        grade=AdmiraltyGrade(grade) if grade else None,
        show_retracted=values.get("show_retracted", False),
        sort=values.get("sort", "name"),
    )


@bp.get("/sources")
def list_sources() -> ResponseReturnValue:
    """One keyset page of sources (by name unless ``sort`` says otherwise)."""
    filters = _filters()
    limit = checked_query(PAGING).get("limit", DEFAULT_LIMIT)
    found = queries.list_sources(db.session(), filters, request.args.get("after"), limit)
    return jsonify(
        {
            "items": [serialize.source(r.source, claims_made=r.claims_made) for r in found.rows],
            "next": page_url(found.next_cursor),
            "total": found.total,
        }
    )


@bp.get("/sources/<api_id:source_id>")
def get_source(source_id: int) -> ResponseReturnValue:
    return jsonify(serialize.source(load(Source, source_id, "source"), grades=True))


def _source_data(fields: dict[str, Any]) -> operations.SourceData:
    values = {k: v for k, v in fields.items() if k not in ("allow_duplicate", "version")}
    if "kind" in values:
        values["kind"] = SourceKind(values["kind"])
    if values.get("description") is None:
        values["description"] = ""
    return operations.SourceData(**values)


def _duplicate(failure: operations.DuplicateSourceError) -> ApiProblem:
    return ApiProblem(
        422,
        failure.message + ' To record it anyway, send "allow_duplicate": true.',
        kind="duplicate-source",
        title="Refused",
        errors=[error("name", failure.message)],
        similar=[serialize.source_ref(s) for s in failure.similar],
    )


@bp.post("/sources")
def create_source() -> ResponseReturnValue:
    fields = body("source-create")
    try:
        source = operations.create_source(
            db.session(),
            actor=acting_user(),
            data=_source_data(fields),
            allow_duplicate=fields.get("allow_duplicate", False),
        )
    except operations.DuplicateSourceError as failure:
        raise _duplicate(failure) from None
    location = url_for("api.get_source", source_id=source.id)
    return created(serialize.source(source, grades=True), location)


def _stored(source: Source) -> dict[str, Any]:
    """The stored source in the fields of SourceData (what a PATCH starts from)."""
    names = ("name", "description", "homepage_url", "country", "wikidata_id")
    values = {name: getattr(source, name) for name in (*names, "job_title", "state", "party")}
    return {**values, "kind": source.kind.value, "aliases": source.alias_names}


@bp.patch("/sources/<api_id:source_id>")
def update_source(source_id: int) -> ResponseReturnValue:
    """Change the fields the body names; ``version`` must be the one the client read."""
    fields = body("source-update")
    source = load(Source, source_id, "source")
    try:
        operations.update_source(
            db.session(),
            actor=acting_user(),
            source=source,
            data=_source_data({**_stored(source), **fields}),
            expected_version=fields["version"],
            allow_duplicate=fields.get("allow_duplicate", False),
        )
    except operations.DuplicateSourceError as failure:
        raise _duplicate(failure) from None
    except ConflictError as conflict:
        raise ApiProblem(
            409,
            f"{conflict.message} Read it again (version {source.version}) and resend your change.",
            kind="conflict",
            current_version=source.version,
            current=serialize.source(source, grades=True),
        ) from None
    return jsonify(serialize.source(source, grades=True))


@bp.post("/sources/<api_id:source_id>/grades")
def grade_source(source_id: int) -> ResponseReturnValue:
    """Record a new Admiralty grade; earlier grades stay as history."""
    fields = body("grade-create")
    source = load(Source, source_id, "source")
    row = operations.grade_source(
        db.session(),
        actor=acting_user(),
        source=source,
        grade=AdmiraltyGrade(fields["grade"]),
        rationale=fields["rationale"],
    )
    return created(serialize.grade(row), url_for("api.get_source", source_id=source.id))
