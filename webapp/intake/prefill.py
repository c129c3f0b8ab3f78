"""A candidate's suggestions as a pre-filled claim form, matched to recorded sources."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from webapp.documents.models import Document
from webapp.intake.forms import CandidateForm
from webapp.intake.suggest import Candidate
from webapp.sources.fields import source_label
from webapp.sources.models import SourceKind
from webapp.sources.operations import find_similar

STATEMENT_MAX = 2000


def _matched(sess: Session, name: str, what: str, notes: list[str]) -> str:
    """``name`` as the picker shows it: "Name #id" when one source has it, else the name."""
    found = find_similar(sess, [name])
    if len(found) == 1:
        notes.append(f"{what}: matches the recorded source {source_label(found[0])}.")
        return source_label(found[0])
    if found:
        notes.append(f"{what}: several sources are called {name!r}; add the #number.")
        return name
    notes.append(f"{what}: no source is called {name!r} yet; it will be added.")
    return name


def candidate_form(
    sess: Session, document: Document, candidate: Candidate
) -> tuple[CandidateForm, list[str]]:
    """The form pre-filled from ``candidate``, and notes on how its sources were matched."""
    notes: list[str] = []
    guess = candidate.claimant
    claimant, kind = "", SourceKind.PERSON
    if guess.kind == "named" and guess.name:
        claimant = _matched(sess, guess.name, "Claimant", notes)
    elif guess.kind == "unnamed" and guess.name:
        claimant, kind = _matched(sess, guess.name, "Claimant", notes), SourceKind.UNNAMED
    elif document.author is not None:
        claimant = source_label(document.author)
        notes.append("Claimant: no attribution in the sentence, so the document's author.")
    else:
        notes.append("Claimant: no attribution, and the document has no author recorded.")
    relay = _matched(sess, guess.relay, "Relay", notes) if guess.relay else ""
    quantity = candidate.quantity
    data: dict[str, Any] = {
        "statement": candidate.span.text[:STATEMENT_MAX],
        "claimant": claimant,
        "claimant_kind": kind.value,
        "relays": relay,
        "claim_date": candidate.claim_date,
        "event_date": candidate.event_date,
        "place": candidate.place or "",
        "checkable": candidate.checkable,
        "add_sources": True,
    }
    if quantity is not None:
        data.update(
            quantity_value=quantity.value,
            quantity_low=quantity.low,
            quantity_high=quantity.high,
            quantity_unit=quantity.unit or "",
        )
    form = CandidateForm(formdata=None, prefix=f"c{candidate.span.start}", data=data)
    return form, notes
