"""The audit log: one row per change, written in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from webapp.db import Base, Str40, created_at, intpk

if TYPE_CHECKING:
    from webapp.users.models import User


class AuditEntry(Base):
    """Who changed which record when, with each field's old and new value."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[intpk]
    at: Mapped[created_at] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[Str40]
    entity_type: Mapped[Str40]
    entity_id: Mapped[int]
    summary: Mapped[str] = mapped_column(String(500), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()


def jsonable(value: Any) -> Any:
    """A JSON-friendly form of a column value for the ``changes`` document."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def snapshot(record: Any, fields: list[str]) -> dict[str, Any]:
    """The audited fields of ``record`` as plain JSON values."""
    return {name: jsonable(getattr(record, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def record(
    sess: Session,
    *,
    actor: User | None,
    action: str,
    entity_type: str,
    entity_id: int,
    changes: dict[str, list[Any]],
    summary: str = "",
) -> AuditEntry:
    """Append an audit entry to the current transaction."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        changes=changes,
        summary=summary[:500],
    )
    sess.add(entry)
    return entry


def history(sess: Session, entity_type: str, entity_id: int) -> list[AuditEntry]:
    """Every audit entry of one record, oldest first."""
    from sqlalchemy import select

    query = (
        select(AuditEntry)
        .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id)
    )
    return list(sess.scalars(query))
