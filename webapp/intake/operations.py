"""Making a claim from a candidate sentence: sources by name, the claim, its appearance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from webapp.claims.models import Claim
from webapp.claims.operations import ClaimData, create_claim
from webapp.core import changes
from webapp.core.errors import OperationError
from webapp.core.permissions import Role
from webapp.documents.models import Document
from webapp.documents.operations import add_appearance
from webapp.sources.models import SourceKind
from webapp.sources.operations import find_or_create_source


@dataclass
class CandidateClaim:
    """A claim as the checker accepted it from the sentence at ``start:end`` of a document.

    ``new_claimant`` and the names in ``relays`` are sources to find or add by name;
    the ids in ``relays`` are recorded sources. ``data.relay_ids`` is filled from ``relays``.
    """

    data: ClaimData
    start: int
    end: int
    new_claimant: str | None = None
    claimant_kind: SourceKind = SourceKind.PERSON
    relays: list[int | str] = field(default_factory=list)


def create_claim_from_sentence(
    sess: Session, *, actor: Any, document: Document, candidate: CandidateClaim
) -> Claim:
    """Record the claim, with its claimant and relays, as appearing at ``start:end``.

    Every step is audited by the operation it reuses; an error in any step raises before
    the caller commits, so nothing is kept of a refused claim.
    """
    changes.require(actor, Role.CHECKER, "Recording a claim")
    if document.retracted_at is not None:
        raise OperationError(f"Document #{document.id} is retracted; restore it first.")
    if not 0 <= candidate.start < candidate.end <= len(document.body):
        raise OperationError("This sentence is not in the document's text.", field="quote")
    data = candidate.data
    data.quote = document.body[candidate.start : candidate.end]
    if candidate.new_claimant:
        claimant, _ = find_or_create_source(
            sess, actor=actor, name=candidate.new_claimant, kind=candidate.claimant_kind
        )
        data.claimant_id = claimant.id
    data.relay_ids = []
    for entry in candidate.relays:
        if isinstance(entry, str):
            entry = find_or_create_source(sess, actor=actor, name=entry, kind=SourceKind.OUTLET)[
                0
            ].id
        if entry not in data.relay_ids:
            data.relay_ids.append(entry)
    claim = create_claim(sess, actor=actor, data=data)
    add_appearance(
        sess,
        actor=actor,
        claim=claim,
        document=document,
        quote_start=candidate.start,
        quote_end=candidate.end,
    )
    return claim
