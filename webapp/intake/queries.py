"""Reads of the intake pages: which sentences of a document are claims already."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.documents.models import Appearance


def claims_by_offsets(sess: Session, document_id: int) -> dict[tuple[int, int], int]:
    """{(quote_start, quote_end): claim id} of the document's live appearances with offsets."""
    rows = sess.execute(
        select(Appearance.quote_start, Appearance.quote_end, Appearance.claim_id).where(
            Appearance.document_id == document_id,
            Appearance.retracted_at.is_(None),
            Appearance.quote_start.is_not(None),
            Appearance.quote_end.is_not(None),
        )
    )
    return {
        (start, end): claim_id
        for start, end, claim_id in rows
        if start is not None and end is not None
    }
