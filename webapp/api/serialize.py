"""Records as JSON documents (the shapes ``schemas/api/<record>.json`` describe).

Dates and times are ISO 8601 strings (times in UTC with an offset), never Flask's default
HTTP-date format.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for

from webapp.claims.models import Claim
from webapp.claims.queries import ClaimRow
from webapp.documents.models import Appearance, Document
from webapp.matching.queries import Match
from webapp.sources.models import Source, SourceGrade
from webapp.verdicts.models import RatingScale, RatingValue, Verdict
from webapp.verdicts.queries import build_timeline


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """ISO 8601 text of a date or an aware time; None stays None."""
    return value.isoformat() if value is not None else None


def _retraction(record: Any) -> dict[str, Any]:
    return {
        "retracted": record.retracted_at is not None,
        "retracted_at": iso(record.retracted_at),
        "retraction_reason": record.retraction_reason,
    }


def source_ref(source: Source | None) -> dict[str, Any] | None:
    """``{"id", "name"}`` of a source named by another record."""
    return {"id": source.id, "name": source.name} if source is not None else None


def grade(row: SourceGrade) -> dict[str, Any]:
    return {
        "id": row.id,
        "source_id": row.source_id,
        "grade": row.grade.value,
        "label": row.grade.label,
        "rationale": row.rationale,
        "graded_by_id": row.graded_by_id,
        "graded_at": iso(row.graded_at),
    }


def source(
    record: Source, *, grades: bool = False, claims_made: int | None = None
) -> dict[str, Any]:
    """A source; ``grades`` adds its whole grade history, ``claims_made`` a list's count."""
    current = record.current_grade
    document: dict[str, Any] = {
        "id": record.id,
        "name": record.name,
        "kind": record.kind.value,
        "description": record.description,
        "homepage_url": record.homepage_url,
        "country": record.country,
        "wikidata_id": record.wikidata_id,
        "job_title": record.job_title,
        "state": record.state,
        "party": record.party,
        "external_id": record.external_id,
        "aliases": sorted(record.alias_names),  # as loaded; a new source lists them as typed
        "current_grade": grade(current) if current is not None else None,
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
        "version": record.version,
        **_retraction(record),
    }
    if grades:
        document["grades"] = [grade(row) for row in sorted(record.grades, key=lambda g: -g.id)]
    if claims_made is not None:
        document["claims_made"] = claims_made
    return document


def rating(value: RatingValue) -> dict[str, Any]:
    return {
        "id": value.id,
        "slug": value.slug,
        "label": value.label,
        "scale": value.scale.slug,
        "truth_score": value.truth_score,
        "colour": value.colour,
    }


def verdict_states(verdicts: list[Verdict]) -> dict[int, str]:
    """Each verdict's place in its claim's story: proposed, current, corrected, retracted."""
    return {entry.verdict.id: entry.state.value for entry in build_timeline(verdicts).entries}


def verdict(record: Verdict, state: str) -> dict[str, Any]:
    return {
        "id": record.id,
        "claim_id": record.claim_id,
        "rating": rating(record.rating),
        "credibility": record.credibility,
        "code": record.code,
        "rationale": record.rationale,
        "evidence": [
            {"url": e.url, "note": e.note, "title": e.title, "archived_url": e.archived_url}
            for e in record.evidence
        ],
        "state": state,
        "reviewer_id": record.reviewer_id,
        "speaks_for": iso(record.speaks_for),
        "created_at": iso(record.created_at),
        "created_by_id": record.created_by_id,
        "concluded_at": iso(record.concluded_at),
        "concluded_by_id": record.concluded_by_id,
        "version": record.version,
        **_retraction(record),
    }


def one_verdict(record: Verdict) -> dict[str, Any]:
    """A verdict with its state worked out among its claim's verdicts."""
    return verdict(record, verdict_states(record.claim.verdicts)[record.id])


def document(record: Document, *, appearances: list[Appearance] | None = None) -> dict[str, Any]:
    """A document; ``appearances`` lists the claims that appeared in it."""
    found: dict[str, Any] = {
        "id": record.id,
        "title": record.title,
        "url": record.url,
        "publisher": source_ref(record.publisher),
        "author": source_ref(record.author),
        "published_on": iso(record.published_on),
        "retrieved_on": iso(record.retrieved_on),
        "archived_url": record.archived_url,
        "description": record.description,
        "version": record.version,
        **_retraction(record),
    }
    if appearances is not None:
        found["appearances"] = [
            {
                "id": a.id,
                "claim_id": a.claim_id,
                "is_first": a.is_first,
                "retracted": a.retracted_at is not None,
            }
            for a in appearances
        ]
    return found


def appearance(record: Appearance) -> dict[str, Any]:
    return {
        "id": record.id,
        "claim_id": record.claim_id,
        "document": document(record.document),
        "quote": record.quote,
        "is_first": record.is_first,
        "note": record.note,
        "created_at": iso(record.created_at),
        "version": record.version,
        **_retraction(record),
    }


def _claim_fields(record: Claim, current: Verdict | None, states: dict[int, str]) -> dict[str, Any]:
    return {
        "id": record.id,
        "statement": record.statement,
        "quote": record.quote,
        "claimant": source_ref(record.claimant),
        "claimant_id": record.claimant_id,
        "relays": [source_ref(relay.source) for relay in record.relays],
        "relay_ids": [relay.source_id for relay in record.relays],
        "claim_date": iso(record.claim_date),
        "event_date": iso(record.event_date),
        "place": record.place,
        # Sorted here as the relationships load them: a record just changed in this session
        # still lists them in the order they were assigned.
        "tags": [tag.name for tag in sorted(record.tags, key=lambda t: t.name_key)],
        "language": record.language,
        "checkable": record.checkable,
        "quantity_value": record.quantity_value,
        "quantity_low": record.quantity_low,
        "quantity_high": record.quantity_high,
        "quantity_unit": record.quantity_unit,
        "quantity_as_of": iso(record.quantity_as_of),
        "external_id": record.external_id,
        "status": record.status.value,
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
        "version": record.version,
        **_retraction(record),
        "current_verdict": verdict(current, states.get(current.id, "current")) if current else None,
    }


def claim(record: Claim) -> dict[str, Any]:
    """A claim with relays, tags, every appearance and every verdict (oldest first)."""
    timeline = build_timeline(record.verdicts)
    states = {entry.verdict.id: entry.state.value for entry in timeline.entries}
    return {
        **_claim_fields(record, timeline.current, states),
        "appearances": [
            appearance(a) for a in sorted(record.appearances, key=lambda a: (not a.is_first, a.id))
        ],
        "verdicts": [verdict(v, states[v.id]) for v in sorted(record.verdicts, key=lambda v: v.id)],
    }


def similar(match: Match) -> dict[str, Any]:
    """A "checked before?" match: the claim, its score and its current verdict."""
    record, current = match.claim, match.verdict
    return {
        "id": record.id,
        "url": url_for("api.get_claim", claim_id=record.id),
        "statement": record.statement,
        "score": match.score,
        "claimant": source_ref(record.claimant),
        "status": record.status.value,
        "current_verdict": {"id": current.id, "rating": rating(current.rating)}
        if current
        else None,
    }


def claim_row(row: ClaimRow) -> dict[str, Any]:
    """A claim of a list page: its first live appearance and its current verdict."""
    first = appearance(row.first_appearance) if row.first_appearance is not None else None
    return {**_claim_fields(row.claim, row.verdict, {}), "first_appearance": first}


def scale(record: RatingScale) -> dict[str, Any]:
    return {
        "id": record.id,
        "slug": record.slug,
        "name": record.name,
        "description": record.description,
        "is_default": record.is_default,
        "values": [
            {
                "id": v.id,
                "slug": v.slug,
                "label": v.label,
                "position": v.position,
                "truth_score": v.truth_score,
                "colour": v.colour,
                "description": v.description,
            }
            for v in record.values
        ],
    }
