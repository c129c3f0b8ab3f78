"""The quote and note of an appearance: lengths, and where a quote sits in a document's text."""

from __future__ import annotations

from webapp.core.errors import OperationError
from webapp.documents.models import Document

QUOTE_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 200


def quote_and_note(quote: str | None, note: str | None) -> tuple[str, str | None]:
    """Strip and length-check an appearance's quote and note."""
    quote = (quote or "").strip()
    if len(quote) > QUOTE_MAX_LENGTH:
        raise OperationError(
            f"A quote must be at most {QUOTE_MAX_LENGTH} characters.", field="quote"
        )
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        raise OperationError(f"A note must be at most {NOTE_MAX_LENGTH} characters.", field="note")
    return quote, note


def quote_at(document: Document, quote: str, start: int | None, end: int | None) -> str:
    """The quote at ``start:end`` of the document's text; refuses offsets that do not fit."""
    if start is None or end is None or not 0 <= start < end <= len(document.body):
        raise OperationError(
            "These character offsets are not a stretch of the document's stored text.",
            field="quote",
        )
    exact = document.body[start:end]
    if len(exact) > QUOTE_MAX_LENGTH:
        raise OperationError(
            f"A quote must be at most {QUOTE_MAX_LENGTH} characters.", field="quote"
        )
    if quote and quote != exact:
        raise OperationError("The quote differs from the document's text there.", field="quote")
    return exact
