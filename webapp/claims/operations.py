"""Every change to claims, their tags, relays, relations and workflow status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.claims.models import Claim, ClaimRelation, ClaimRelay, ClaimStatus, RelationKind, Tag
from webapp.core import audit, changes
from webapp.core.errors import OperationError
from webapp.core.permissions import Role
from webapp.core.text import fold
from webapp.db import utcnow
from webapp.matching.normalize import match_key, unit_key
from webapp.sources.models import Source

AUDITED_FIELDS = [
    "statement",
    "quote",
    "claimant_id",
    "claim_date",
    "event_date",
    "place",
    "language",
    "checkable",
    "quantity_value",
    "quantity_low",
    "quantity_high",
    "quantity_unit",
    "quantity_as_of",
    "status",
    "external_id",
]


@dataclass
class ClaimData:
    """What a form, an API body or an import row says about a claim."""

    statement: str
    quote: str = ""
    claimant_id: int | None = None
    relay_ids: list[int] = field(default_factory=list)
    claim_date: dt.date | None = None
    event_date: dt.date | None = None
    place: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str = "en"
    checkable: bool = True
    quantity_value: float | None = None
    quantity_low: float | None = None
    quantity_high: float | None = None
    quantity_unit: str | None = None
    quantity_as_of: dt.date | None = None
    external_id: str | None = None


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    """The audited state of a claim, with claimant, relays and tags by name."""
    return {
        **audit.snapshot(claim, AUDITED_FIELDS),
        # The name beside the id, so the history reads "Claimant: Dostum", not "7".
        "claimant": claim.claimant.name if claim.claimant is not None else None,
        "relays": [relay.source.name for relay in claim.relays],
        "tags": [tag.name for tag in claim.tags],
    }


def wanted_tags(names: Iterable[str]) -> dict[str, str]:
    """Folded tag key -> the tag's name as first written (spaces collapsed, 200 at most)."""
    wanted: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())[:200]
        if name:
            wanted.setdefault(fold(name), name)
    return wanted


def tags_named(sess: Session, names: list[str]) -> list[Tag]:
    """The tags with these names (case- and accent-insensitive), creating missing ones."""
    wanted = wanted_tags(names)
    if not wanted:
        return []
    existing = {t.name_key: t for t in sess.scalars(select(Tag).where(Tag.name_key.in_(wanted)))}
    tags = []
    for key, name in wanted.items():
        tag = existing.get(key)
        if tag is None:
            tag = Tag(name=name, name_key=key)
            sess.add(tag)
        tags.append(tag)
    return tags


def _live_source(sess: Session, source_id: int, field_name: str) -> Source:
    source = sess.get(Source, source_id)
    if source is None:
        raise OperationError(f"There is no source #{source_id}.", field=field_name)
    return source


def check_claim_text(data: ClaimData) -> None:
    """Strip and check the statement and quote (the importer's bulk path shares this)."""
    data.statement = changes.required_text(data.statement, "statement", "The statement", 2000)
    data.quote = (data.quote or "").strip()


def check_claim_values(data: ClaimData) -> None:
    """The checks of a claim's values that need no look-up: relays, quantity, date."""
    if len(set(data.relay_ids)) != len(data.relay_ids):
        raise OperationError("A relay is listed twice.", field="relay_ids")
    low, high, value = data.quantity_low, data.quantity_high, data.quantity_value
    if low is not None and high is not None and low > high:
        raise OperationError("The lower bound is above the upper bound.", field="quantity_low")
    if value is not None and low is not None and value < low:
        raise OperationError("The value is below its lower bound.", field="quantity_value")
    if value is not None and high is not None and value > high:
        raise OperationError("The value is above its upper bound.", field="quantity_value")
    has_number = any(v is not None for v in (value, low, high))
    if has_number and not (data.quantity_unit or "").strip():
        raise OperationError(
            "Give the unit of the quantity (e.g. fighters).", field="quantity_unit"
        )
    if data.claim_date and data.claim_date > dt.date.today() + dt.timedelta(days=1):
        raise OperationError("The claim date is in the future.", field="claim_date")


def _validate(sess: Session, data: ClaimData) -> None:
    check_claim_text(data)
    if data.claimant_id is not None:
        _live_source(sess, data.claimant_id, "claimant_id")
    for relay_id in data.relay_ids:
        _live_source(sess, relay_id, "relay_ids")
    check_claim_values(data)


def claim_values(data: ClaimData) -> dict[str, Any]:
    """The claim's own columns as ``data`` sets them (checked data; tags and relays apart).

    ``external_id`` is left out when None: forms leave it out, and an edit keeps the id an
    import gave the claim.
    """
    unit = (data.quantity_unit or "").strip() or None
    values: dict[str, Any] = {
        "statement": data.statement,
        "match_key": match_key(data.statement),
        "quote": data.quote,
        "claimant_id": data.claimant_id,
        "claim_date": data.claim_date,
        "event_date": data.event_date,
        "place": (data.place or "").strip() or None,
        "language": (data.language or "en").strip()[:12] or "en",
        "checkable": data.checkable,
        "quantity_value": data.quantity_value,
        "quantity_low": data.quantity_low,
        "quantity_high": data.quantity_high,
        "quantity_unit": unit,
        "quantity_unit_key": unit_key(unit),
        "quantity_as_of": data.quantity_as_of,
    }
    if data.external_id is not None:
        values["external_id"] = data.external_id.strip() or None
    return values


def _apply(sess: Session, claim: Claim, data: ClaimData) -> None:
    # No autoflush while the row is half-assigned: a lookup below would otherwise write it
    # early and the rest in a second UPDATE, moving the version twice.
    with sess.no_autoflush:
        for name, value in claim_values(data).items():
            setattr(claim, name, value)
        claim.claimant = sess.get(Source, data.claimant_id) if data.claimant_id else None
        claim.tags = tags_named(sess, data.tags)
    current = [relay.source_id for relay in claim.relays]
    if current != data.relay_ids:
        claim.relays.clear()
        sess.flush()  # free the (claim, position) pairs before reusing them
        claim.relays.extend(
            ClaimRelay(source=_live_source(sess, source_id, "relay_ids"), position=position)
            for position, source_id in enumerate(data.relay_ids, start=1)
        )


def create_claim(sess: Session, *, actor: Any, data: ClaimData) -> Claim:
    """Record a new claim (status "new")."""
    changes.require(actor, Role.CHECKER, "Recording a claim")
    _validate(sess, data)
    if data.external_id and sess.scalar(
        select(Claim.id).where(Claim.external_id == data.external_id.strip())
    ):
        raise OperationError("A claim with this external id exists already.", field="external_id")
    claim = Claim(status=ClaimStatus.NEW, created_by_id=actor.id if actor else None)
    sess.add(claim)
    _apply(sess, claim, data)
    changes.audited_create(
        sess,
        actor=actor,
        record=claim,
        entity_type="claim",
        after=claim_snapshot(claim),
        summary=f"Recorded claim: {claim.statement[:120]}",
    )
    return claim


def update_claim(
    sess: Session, *, actor: Any, claim: Claim, data: ClaimData, expected_version: int | None
) -> Claim:
    """Edit a claim; a stale ``expected_version`` raises ConflictError."""
    changes.require(actor, Role.CHECKER, "Editing a claim")
    changes.check_version(claim, expected_version, "claim")
    _validate(sess, data)
    version_before = claim.version
    changed = changes.audited_update(
        sess,
        actor=actor,
        record=claim,
        entity_type="claim",
        fields=AUDITED_FIELDS,
        snapshot=claim_snapshot,
        apply=lambda: _apply(sess, claim, data),
        summary=f"Edited claim #{claim.id}",
    )
    if changed and claim.version == version_before:
        # Tags and relays live in other tables, so changing only them leaves the claim row
        # (and its version) untouched; touch it so a concurrent stale edit still conflicts.
        claim.updated_at = utcnow()
        sess.flush()
    return claim


def _refuse_retracted(claim: Claim, doing: str, field: str | None = None) -> None:
    if claim.retracted_at is not None:
        raise OperationError(
            f"Claim #{claim.id} is retracted; restore it before {doing}.", field=field
        )


def set_status(
    sess: Session, *, actor: Any, claim: Claim, status: ClaimStatus, note: str = ""
) -> None:
    """Move a claim in the workflow, auditing the move (no-op when already there)."""
    if claim.status is status:
        return
    old = claim.status
    claim.status = status
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="status",
        entity_type="claim",
        entity_id=claim.id,
        changes={"status": [old.value, status.value]},
        summary=f"Status {old.label} → {status.label}" + (f": {note}" if note else ""),
    )


def submit_for_review(
    sess: Session, *, actor: Any, claim: Claim, expected_version: int | None = None
) -> None:
    """A checker asks for review (new or reopened → in review)."""
    changes.require(actor, Role.CHECKER, "Submitting a claim for review")
    changes.check_version(claim, expected_version, "claim")
    _refuse_retracted(claim, "submitting it for review")
    if claim.status not in (ClaimStatus.NEW, ClaimStatus.REOPENED):
        raise OperationError(f"A claim that is {claim.status.label.lower()} cannot be submitted.")
    set_status(sess, actor=actor, claim=claim, status=ClaimStatus.IN_REVIEW)


def reopen_claim(
    sess: Session, *, actor: Any, claim: Claim, reason: str, expected_version: int | None = None
) -> None:
    """An editor reopens a concluded claim, e.g. when new evidence arrives."""
    changes.require(actor, Role.EDITOR, "Reopening a claim")
    changes.check_version(claim, expected_version, "claim")
    reason = changes.required_text(reason, "reason", "A reason for reopening", 1000)
    _refuse_retracted(claim, "reopening it")
    if claim.status is not ClaimStatus.CONCLUDED:
        raise OperationError("Only a concluded claim can be reopened.")
    set_status(sess, actor=actor, claim=claim, status=ClaimStatus.REOPENED, note=reason)


def relate_claims(
    sess: Session, *, actor: Any, claim: Claim, related: Claim, kind: RelationKind, note: str = ""
) -> ClaimRelation:
    """Link two claims (duplicate of, contradicts, supports, supersedes)."""
    changes.require(actor, Role.CHECKER, "Relating claims")
    if claim.id == related.id:
        raise OperationError("A claim cannot be related to itself.", field="related_claim_id")
    _refuse_retracted(claim, "relating it")
    _refuse_retracted(related, "relating it", field="related_claim_id")
    duplicate = sess.scalar(
        select(ClaimRelation.id).where(
            ClaimRelation.claim_id == claim.id,
            ClaimRelation.related_claim_id == related.id,
            ClaimRelation.kind == kind,
            ClaimRelation.retracted_at.is_(None),
        )
    )
    if duplicate is not None:
        raise OperationError("These claims are already related this way.", field="kind")
    relation = ClaimRelation(
        claim_id=claim.id,
        related_claim_id=related.id,
        kind=kind,
        note=note.strip(),
        created_by_id=actor.id if actor else None,
    )
    changes.audited_create(
        sess,
        actor=actor,
        record=relation,
        entity_type="claim_relation",
        after={
            "claim_id": claim.id,
            "related_claim_id": related.id,
            "kind": kind.value,
            "note": relation.note,
        },
        summary=f"Claim #{claim.id} {kind.label} claim #{related.id}",
    )
    return relation


def retract_relation(sess: Session, *, actor: Any, relation: ClaimRelation, reason: str) -> None:
    changes.require(actor, Role.CHECKER, "Retracting a relation")
    changes.retract(
        sess,
        actor=actor,
        record=relation,
        entity_type="claim_relation",
        reason=reason,
        label="relation",
    )


def retract_claim(sess: Session, *, actor: Any, claim: Claim, reason: str) -> None:
    changes.require(actor, Role.EDITOR, "Retracting a claim")
    changes.retract(
        sess, actor=actor, record=claim, entity_type="claim", reason=reason, label="claim"
    )


def restore_claim(sess: Session, *, actor: Any, claim: Claim) -> None:
    changes.require(actor, Role.EDITOR, "Restoring a claim")
    changes.restore(sess, actor=actor, record=claim, entity_type="claim", label="claim")
