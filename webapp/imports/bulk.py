"""Inserting many rows of a table in one statement, with the audit entries the operations write.

The bulk writers (:mod:`webapp.imports.liar_writer`, :mod:`webapp.imports.csv_bulk`) use
Core inserts on checked data; the operations' own snapshot functions give the audit
entries, so the history reads the same as after a row-by-row import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from webapp.claims.models import Tag
from webapp.claims.operations import wanted_tags
from webapp.core.audit import AuditEntry
from webapp.db import utcnow


def table_of(model: Any) -> Any:
    # Core, not ORM, inserts: the ORM would reset version_id_col to 1 on every row.
    return model.__table__


def new_ids(sess: Session, table: Any, count: int) -> list[int]:
    """``count`` ids for new rows of ``table``, as the database would give them out.

    PostgreSQL: the next values of the id column's sequence. SQLite: the ids after the
    largest, as SQLite numbers rows without AUTOINCREMENT; the import's transaction holds
    the write lock (BEGIN IMMEDIATE), so no other writer takes them meanwhile. Giving the
    ids with the rows lets a whole chunk go in one ``executemany``: RETURNING the ids in
    order costs SQLite one statement per row.
    """
    if sess.get_bind().dialect.name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return sorted(sess.scalars(query, {"table": table.name, "n": count}))
    start = sess.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0
    return list(range(start + 1, start + 1 + count))


def insert_ids(sess: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``model``'s table in one statement; their ids, in order."""
    if not rows:
        return []
    table = table_of(model)
    ids = new_ids(sess, table, len(rows))
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    sess.execute(insert(table), rows)
    return ids


class AuditLog:
    """Audit entries of a chunk, in the order the operations would have written them."""

    def __init__(self, actor_id: int | None) -> None:
        self.actor_id = actor_id
        self.rows: list[dict[str, Any]] = []

    def add(
        self, action: str, entity_type: str, entity_id: int, changes: dict[str, Any], summary: str
    ) -> None:
        self.rows.append(
            {
                "actor_id": self.actor_id,
                "action": action,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "changes": changes,
                "summary": summary[:500],
                "at": utcnow(),
            }
        )

    def write(self, sess: Session) -> None:
        if self.rows:
            sess.execute(insert(table_of(AuditEntry)), self.rows)
        self.rows = []


def tag_ids(sess: Session, names: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Folded tag name -> (id, name as first written), creating missing tags."""
    wanted = wanted_tags(names)
    found = {
        key: (i, name)
        for i, key, name in sess.execute(
            select(Tag.id, Tag.name_key, Tag.name).where(Tag.name_key.in_(wanted))
        )
    }
    missing = [key for key in wanted if key not in found]
    created = insert_ids(sess, Tag, [{"name": wanted[k], "name_key": k} for k in missing])
    found.update({k: (i, wanted[k]) for k, i in zip(missing, created, strict=True)})
    return found
