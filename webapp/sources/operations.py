"""Every change to sources and grades: views, API, importer and CLI call these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from webapp.core import audit, changes
from webapp.core.errors import OperationError
from webapp.core.permissions import Role
from webapp.core.text import fold
from webapp.sources.models import AdmiraltyGrade, Source, SourceAlias, SourceGrade, SourceKind

AUDITED_FIELDS = [
    "name",
    "kind",
    "description",
    "homepage_url",
    "country",
    "wikidata_id",
    "job_title",
    "state",
    "party",
    "external_id",
]


class DuplicateSourceError(OperationError):
    """The name or an alias folds to the key of live sources (``similar``); confirmable."""

    def __init__(self, message: str, similar: list[Source]) -> None:
        super().__init__(message, field="name")
        self.similar = similar


# Column widths, so an over-long value is a field error on every engine (PostgreSQL would
# otherwise fail the INSERT and SQLite would silently keep the whole string).
MAX_LENGTHS = {
    "homepage_url": ("The homepage URL", 500),
    "country": ("The country", 80),
    "wikidata_id": ("The Wikidata id", 20),
    "job_title": ("The job title", 200),
    "state": ("The state", 80),
    "party": ("The party", 80),
}


@dataclass
class SourceData:
    """What a form, an API body or an import row says about a source."""

    name: str
    kind: SourceKind = SourceKind.PERSON
    description: str = ""
    homepage_url: str | None = None
    country: str | None = None
    wikidata_id: str | None = None
    job_title: str | None = None
    state: str | None = None
    party: str | None = None
    aliases: list[str] = field(default_factory=list)
    # Set by importers only, on creation; edits keep the source's external id.
    external_id: str | None = None


def source_snapshot(source: Source) -> dict[str, Any]:
    """The audited state of a source, aliases included."""
    return {**audit.snapshot(source, AUDITED_FIELDS), "aliases": source.alias_names}


def clean_aliases(name: str, aliases: list[str]) -> list[str]:
    seen = {fold(name)}
    cleaned = []
    for alias in aliases:
        alias = alias.strip()
        if alias and fold(alias) not in seen:
            seen.add(fold(alias))
            cleaned.append(alias[:200])
    return cleaned


def find_similar(sess: Session, names: list[str], exclude_id: int | None = None) -> list[Source]:
    """Live sources whose name or an alias folds to the same key as any of ``names``."""
    keys = {fold(n) for n in names if n.strip()}
    if not keys:
        return []
    alias_owner = select(SourceAlias.source_id).where(SourceAlias.alias_key.in_(keys))
    query = select(Source).where(
        Source.retracted_at.is_(None),
        or_(Source.name_key.in_(keys), Source.id.in_(alias_owner)),
    )
    if exclude_id is not None:
        query = query.where(Source.id != exclude_id)
    return list(sess.scalars(query.order_by(Source.name_key)))


def check_source_values(data: SourceData) -> None:
    """The checks of a source's values that need no look-up (the importer shares them)."""
    data.name = changes.required_text(data.name, "name", "Name", 200)
    data.aliases = clean_aliases(data.name, data.aliases)
    for name, (label, limit) in MAX_LENGTHS.items():
        value = (getattr(data, name) or "").strip()
        if len(value) > limit:
            raise OperationError(f"{label} must be at most {limit} characters.", field=name)
    data.wikidata_id = (data.wikidata_id or "").strip().upper() or None
    data.homepage_url = (data.homepage_url or "").strip() or None
    wikidata = data.wikidata_id
    if wikidata and not (wikidata.startswith("Q") and wikidata[1:].isdigit()):
        raise OperationError("A Wikidata id looks like Q42.", field="wikidata_id")
    if data.homepage_url and not data.homepage_url.startswith(("http://", "https://")):
        raise OperationError(
            "A homepage URL starts with http:// or https://.", field="homepage_url"
        )


def _validate(
    sess: Session, data: SourceData, exclude_id: int | None, allow_duplicate: bool
) -> None:
    check_source_values(data)
    if not allow_duplicate:
        similar = find_similar(sess, [data.name, *data.aliases], exclude_id)
        if similar:
            names = ", ".join(f"{s.name} (#{s.id})" for s in similar[:3])
            raise DuplicateSourceError(
                f"This looks like an existing source: {names}. Use that one, or confirm that "
                f"this is a different source.",
                similar,
            )


def source_values(data: SourceData) -> dict[str, Any]:
    """The source's own columns as checked ``data`` sets them (aliases apart)."""
    return {
        "name": data.name,
        "name_key": fold(data.name),
        "kind": data.kind,
        "description": data.description.strip(),
        "homepage_url": (data.homepage_url or "").strip() or None,
        "country": (data.country or "").strip() or None,
        "wikidata_id": data.wikidata_id or None,
        "job_title": (data.job_title or "").strip() or None,
        "state": (data.state or "").strip() or None,
        "party": (data.party or "").strip() or None,
    }


def _apply(source: Source, data: SourceData) -> None:
    for name, value in source_values(data).items():
        setattr(source, name, value)
    wanted = {fold(a): a for a in data.aliases}
    source.aliases = [a for a in source.aliases if a.alias_key in wanted] + [
        SourceAlias(alias=alias, alias_key=key)
        for key, alias in wanted.items()
        if key not in {a.alias_key for a in source.aliases}
    ]


def source_with_external_id(sess: Session, external_id: str) -> Source | None:
    """The source an import created under ``external_id``, if any."""
    return sess.scalar(select(Source).where(Source.external_id == external_id))


def create_source(
    sess: Session, *, actor: Any, data: SourceData, allow_duplicate: bool = False
) -> Source:
    """Create a source; refuses one that looks like an existing source unless confirmed."""
    changes.require(actor, Role.CHECKER, "Adding a source")
    _validate(sess, data, None, allow_duplicate)
    external_id = (data.external_id or "").strip()[:200] or None
    if external_id and source_with_external_id(sess, external_id) is not None:
        raise OperationError("A source with this external id exists already.", field="external_id")
    source = Source(created_by_id=actor.id if actor else None, external_id=external_id)
    _apply(source, data)
    changes.audited_create(
        sess,
        actor=actor,
        record=source,
        entity_type="source",
        after=source_snapshot(source),
        summary=f"Created source {source.name}",
    )
    return source


def update_source(
    sess: Session,
    *,
    actor: Any,
    source: Source,
    data: SourceData,
    expected_version: int | None,
    allow_duplicate: bool = False,
) -> Source:
    """Edit a source; a stale ``expected_version`` raises ConflictError."""
    changes.require(actor, Role.CHECKER, "Editing a source")
    changes.check_version(source, expected_version, "source")
    _validate(sess, data, source.id, allow_duplicate)
    changes.audited_update(
        sess,
        actor=actor,
        record=source,
        entity_type="source",
        fields=AUDITED_FIELDS,
        snapshot=source_snapshot,
        apply=lambda: _apply(source, data),
        summary=f"Edited source {data.name}",
    )
    return source


def find_or_create_source(
    sess: Session, *, actor: Any, name: str, kind: SourceKind = SourceKind.PERSON, **extra: Any
) -> tuple[Source, bool]:
    """The live source called ``name`` (or with that alias), created when there is none."""
    similar = find_similar(sess, [name])
    if similar:
        return similar[0], False
    return create_source(sess, actor=actor, data=SourceData(name=name, kind=kind, **extra)), True


def grade_source(
    sess: Session, *, actor: Any, source: Source, grade: AdmiraltyGrade, rationale: str
) -> SourceGrade:
    """Record an analyst's Admiralty grade: a new row; earlier grades stay as history."""
    changes.require(actor, Role.EDITOR, "Grading a source")
    rationale = changes.required_text(rationale, "rationale", "A rationale for the grade")
    previous = source.current_grade
    row = SourceGrade(
        source=source, grade=grade, rationale=rationale, graded_by_id=actor.id if actor else None
    )
    sess.add(row)
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="grade",
        entity_type="source",
        entity_id=source.id,
        changes={
            "grade": [previous.grade.value if previous else None, grade.value],
            "grade_rationale": [previous.rationale if previous else None, rationale],
        },
        summary=f"Graded {source.name} {grade.value}",
    )
    sess.expire(source, ["grades"])
    return row


def retract_source(sess: Session, *, actor: Any, source: Source, reason: str) -> None:
    changes.require(actor, Role.EDITOR, "Retracting a source")
    changes.retract(
        sess, actor=actor, record=source, entity_type="source", reason=reason, label="source"
    )


def restore_source(sess: Session, *, actor: Any, source: Source) -> None:
    changes.require(actor, Role.EDITOR, "Restoring a source")
    changes.restore(sess, actor=actor, record=source, entity_type="source", label="source")
