"""Every change to documents and to the appearances of claims in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.claims.models import Claim
from webapp.core import audit, changes
from webapp.core.errors import OperationError
from webapp.core.permissions import Role
from webapp.documents.models import Appearance, Document
from webapp.documents.quotes import quote_and_note, quote_at
from webapp.sources.models import Source

AUDITED_FIELDS = [
    "title",
    "url",
    "publisher_id",
    "author_id",
    "published_on",
    "retrieved_on",
    "archived_url",
    "description",
]
APPEARANCE_FIELDS = [
    "claim_id",
    "document_id",
    "quote",
    "quote_start",
    "quote_end",
    "is_first",
    "note",
]
QUOTE_MAX_LENGTH = 5000
# A long report is ~100,000 characters; a megabyte of text is a book, or a mistake.
BODY_MAX_LENGTH = 1_000_000
NOTE_MAX_LENGTH = 200


@dataclass
class DocumentData:
    """What a form, an API body or an import row says about a document."""

    title: str
    url: str | None = None
    publisher_id: int | None = None
    author_id: int | None = None
    published_on: dt.date | None = None
    retrieved_on: dt.date | None = None
    archived_url: str | None = None
    description: str = ""
    # The text, given only on creation (intake); None leaves a document's text as it is.
    body: str | None = None


def _url(value: str | None, field: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.startswith(("http://", "https://")):
        raise OperationError("A URL starts with http:// or https://.", field=field)
    if len(value) > 500:
        raise OperationError("URLs longer than 500 characters are not supported.", field=field)
    return value


def check_document_values(data: DocumentData) -> None:
    """The checks of a document's values that need no look-up (the importer shares them)."""
    data.title = changes.required_text(data.title, "title", "The title", 2000)
    data.url = _url(data.url, "url")
    data.archived_url = _url(data.archived_url, "archived_url")
    if data.published_on and data.retrieved_on and data.retrieved_on < data.published_on:
        raise OperationError("Retrieved before it was published?", field="retrieved_on")
    if data.body is not None and len(data.body) > BODY_MAX_LENGTH:
        raise OperationError(
            f"The text is {len(data.body):,} characters long; at most {BODY_MAX_LENGTH:,} "
            "are accepted. Paste the part that holds the claims.",
            field="body",
        )


def _validate(sess: Session, data: DocumentData) -> None:
    check_document_values(data)
    for field in ("publisher_id", "author_id"):
        source_id = getattr(data, field)
        if source_id is not None and sess.get(Source, source_id) is None:
            raise OperationError(f"There is no source #{source_id}.", field=field)


def document_values(data: DocumentData) -> dict[str, Any]:
    """The document's columns as checked ``data`` sets them (the text only when given)."""
    values: dict[str, Any] = {
        "title": data.title,
        "url": data.url,
        "publisher_id": data.publisher_id,
        "author_id": data.author_id,
        "published_on": data.published_on,
        "retrieved_on": data.retrieved_on,
        "archived_url": data.archived_url,
        "description": data.description.strip(),
    }
    if data.body is not None:
        values["body"] = data.body
    return values


def _apply(document: Document, data: DocumentData) -> None:
    for name, value in document_values(data).items():
        setattr(document, name, value)


def document_with_url(sess: Session, url: str) -> Document | None:
    """The live document at ``url``, if one is recorded."""
    return sess.scalar(
        select(Document).where(Document.url == url, Document.retracted_at.is_(None)).limit(1)
    )


def create_document(sess: Session, *, actor: Any, data: DocumentData) -> Document:
    """Record a document; refuses a second live document with the same URL."""
    changes.require(actor, Role.CHECKER, "Adding a document")
    _validate(sess, data)
    if data.url and document_with_url(sess, data.url) is not None:
        raise OperationError("A document with this URL is recorded already.", field="url")
    document = Document(created_by_id=actor.id if actor else None, body="")
    _apply(document, data)
    after = audit.snapshot(document, AUDITED_FIELDS)
    if document.body:
        # The length, not the text: the text itself is on the document and never changes.
        after["body_length"] = len(document.body)
    changes.audited_create(
        sess,
        actor=actor,
        record=document,
        entity_type="document",
        after=after,
        summary=f"Added document {data.title}",
    )
    return document


def update_document(
    sess: Session,
    *,
    actor: Any,
    document: Document,
    data: DocumentData,
    expected_version: int | None,
) -> Document:
    """Save a document's new details (audited; refuses a stale version or a taken URL)."""
    changes.require(actor, Role.CHECKER, "Editing a document")
    changes.check_version(document, expected_version, "document")
    _validate(sess, data)
    if data.url:
        other = document_with_url(sess, data.url)
        if other is not None and other.id != document.id:
            raise OperationError("Another document has this URL.", field="url")
    changes.audited_update(
        sess,
        actor=actor,
        record=document,
        entity_type="document",
        fields=AUDITED_FIELDS,
        apply=lambda: _apply(document, data),
        summary=f"Edited document {data.title}",
    )
    return document


def _make_first(sess: Session, claim: Claim, appearance: Appearance) -> None:
    for other in claim.appearances:
        if other.id != appearance.id and other.is_first:
            other.is_first = False
    appearance.is_first = True
    sess.flush()


def _earliest(appearances: list[Appearance]) -> Appearance:
    """The appearance whose document was published first (undated ones last, then by id)."""

    def key(appearance: Appearance) -> tuple[bool, dt.date, int]:
        published = appearance.document.published_on
        return (published is None, published or dt.date.max, appearance.id)

    return min(appearances, key=key)


def add_appearance(
    sess: Session,
    *,
    actor: Any,
    claim: Claim,
    document: Document,
    quote: str = "",
    is_first: bool = False,
    note: str | None = None,
    quote_start: int | None = None,
    quote_end: int | None = None,
) -> Appearance:
    """Record that ``claim`` appeared in ``document``; a claim's only appearance is its first.

    ``quote_start``/``quote_end`` locate the quote in the document's stored text; with them
    an empty quote becomes that slice of the text, and any other quote must equal it.
    """
    changes.require(actor, Role.CHECKER, "Adding an appearance")
    if claim.retracted_at is not None:
        raise OperationError("This claim is retracted; restore it before adding appearances.")
    if document.retracted_at is not None:
        raise OperationError(
            f"Document #{document.id} is retracted; pick a live document.", field="document_id"
        )
    if any(a.document_id == document.id for a in claim.appearances):
        raise OperationError(
            "The claim's appearance in this document is recorded already.", field="document_id"
        )
    quote, note = quote_and_note(quote, note)
    if quote_start is not None or quote_end is not None:
        quote = quote_at(document, quote, quote_start, quote_end)
    live = [a for a in claim.appearances if a.retracted_at is None]
    appearance = Appearance(
        # Ids as well as objects, so the audit snapshot below (taken before the flush) has them.
        claim=claim,
        document=document,
        claim_id=claim.id,
        document_id=document.id,
        quote=quote,
        quote_start=quote_start,
        quote_end=quote_end,
        note=note,
        is_first=False,
        created_by_id=actor.id if actor else None,
    )
    changes.audited_create(
        sess,
        actor=actor,
        record=appearance,
        entity_type="appearance",
        after=audit.snapshot(appearance, APPEARANCE_FIELDS),
        summary=f"Claim #{claim.id} appeared in {document.title}",
    )
    if is_first or not live:
        set_first_appearance(sess, actor=actor, appearance=appearance)
    return appearance


def update_appearance(
    sess: Session,
    *,
    actor: Any,
    appearance: Appearance,
    quote: str,
    note: str | None,
    expected_version: int | None,
) -> None:
    """Change the quote and note of an appearance (audited; refuses a stale version)."""
    changes.require(actor, Role.CHECKER, "Editing an appearance")
    changes.check_version(appearance, expected_version, "appearance")
    clean_quote, clean_note = quote_and_note(quote, note)

    def apply() -> None:
        appearance.quote = clean_quote
        appearance.note = clean_note

    changes.audited_update(
        sess,
        actor=actor,
        record=appearance,
        entity_type="appearance",
        fields=APPEARANCE_FIELDS,
        apply=apply,
        summary=f"Edited appearance #{appearance.id}",
    )


def set_first_appearance(sess: Session, *, actor: Any, appearance: Appearance) -> None:
    """Mark ``appearance`` as its claim's first (and no other)."""
    changes.require(actor, Role.CHECKER, "Choosing the first appearance")
    if appearance.retracted_at is not None:
        raise OperationError("A retracted appearance cannot be the first.")
    if appearance.is_first:
        return
    claim = appearance.claim
    before = [a.id for a in claim.appearances if a.is_first]
    _make_first(sess, claim, appearance)
    audit.record(
        sess,
        actor=actor,
        action="update",
        entity_type="claim",
        entity_id=claim.id,
        changes={"first_appearance_id": [before[0] if before else None, appearance.id]},
        summary=f"First appearance is now {appearance.document.title}",
    )


def retract_appearance(sess: Session, *, actor: Any, appearance: Appearance, reason: str) -> None:
    """Hide an appearance; when it was the first, the earliest-published live one takes over."""
    changes.require(actor, Role.CHECKER, "Retracting an appearance")
    changes.retract(
        sess,
        actor=actor,
        record=appearance,
        entity_type="appearance",
        reason=reason,
        label="appearance",
    )
    if not appearance.is_first:
        return
    claim = appearance.claim
    appearance.is_first = False
    remaining = [a for a in claim.appearances if a.retracted_at is None]
    successor = _earliest(remaining) if remaining else None
    if successor is not None:
        _make_first(sess, claim, successor)
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="update",
        entity_type="claim",
        entity_id=claim.id,
        changes={"first_appearance_id": [appearance.id, successor.id if successor else None]},
        summary=(
            f"First appearance is now {successor.document.title}"
            if successor
            else "The claim has no first appearance any more"
        ),
    )


def retract_document(sess: Session, *, actor: Any, document: Document, reason: str) -> None:
    """Hide a document from default lists, with a reason (editors and admins)."""
    changes.require(actor, Role.EDITOR, "Retracting a document")
    changes.retract(
        sess, actor=actor, record=document, entity_type="document", reason=reason, label="document"
    )


def restore_document(sess: Session, *, actor: Any, document: Document) -> None:
    """Undo a document's retraction, unless another live document took its URL meanwhile."""
    changes.require(actor, Role.EDITOR, "Restoring a document")
    if document.url and document.retracted_at is not None:
        other = document_with_url(sess, document.url)
        if other is not None:
            raise OperationError(f"Document #{other.id} has this URL now; it cannot be restored.")
    changes.restore(sess, actor=actor, record=document, entity_type="document", label="document")
