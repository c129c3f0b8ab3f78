"""Reads of the import pages: past import batches, newest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.core.pagination import Page, SortKey, paginate
from webapp.imports.models import ImportBatch
from webapp.users.models import User

NEWEST_FIRST = SortKey((ImportBatch.id.expression,), descending=True)


def list_batches(sess: Session, cursor: str | None, per_page: int) -> Page[ImportBatch]:
    """One page of import batches (keyset by id, newest first)."""
    page: Page[ImportBatch] = paginate(
        sess, select(ImportBatch), NEWEST_FIRST, cursor, per_page, lambda b: [b.id]
    )
    return page


def user_names(sess: Session, user_ids: set[int]) -> dict[int, str]:
    """Display names of the given accounts, by id."""
    if not user_ids:
        return {}
    rows = sess.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {user_id: name for user_id, name in rows}
