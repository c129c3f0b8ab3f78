"""Reading a whole table in constant memory: keyset batches, identity map cleared between."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import InstrumentedAttribute

BATCH_SIZE = 500


def in_batches(
    sess: Session,
    query: Select[*tuple[Any, ...]],
    id_column: InstrumentedAttribute[int],
    size: int = BATCH_SIZE,
) -> Iterator[list[Any]]:
    """Yield the rows of ``query`` in id order, ``size`` at a time.

    Each batch is its own short query (``id > last ORDER BY id LIMIT size``), so no
    cursor stays open while a slow client downloads, and memory stays flat whatever
    the table size.
    """
    last = 0
    while True:
        rows = list(sess.execute(query.where(id_column > last).order_by(id_column).limit(size)))
        if not rows:
            return
        yield rows
        last = rows[-1][0].id if hasattr(rows[-1][0], "id") else rows[-1][0]
        sess.expunge_all()
