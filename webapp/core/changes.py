"""Building blocks of every operation: role checks, version checks, audited edits, retraction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from webapp.core import audit
from webapp.core.errors import ConflictError, OperationError, PermissionDenied
from webapp.core.permissions import Role, has_role
from webapp.db import utcnow


def require(actor: Any, needed: Role, action: str) -> None:
    """Refuse ``action`` unless ``actor`` holds ``needed`` (the CLI acts with actor=None)."""
    if actor is None:
        return
    if not has_role(actor, needed):
        raise PermissionDenied(f"{action} needs the {needed.label} role or higher.")


# No record has version 0 (versions start at 1): forms send it for a missing version.
UNKNOWN_VERSION = 0


def check_version(record: Any, expected_version: int | None, what: str) -> None:
    """Refuse to save over a version the user never saw."""
    if expected_version is None or record.version == expected_version:
        return
    if expected_version == UNKNOWN_VERSION:
        raise ConflictError(
            f"The form did not say which version of this {what} it edits (an old or altered "
            "page?), so it was not saved. Reload the page and make the change again.",
            record,
        )
    raise ConflictError(f"Someone else changed this {what} while you were editing it.", record)


def required_text(value: str | None, field: str, label: str, max_length: int | None = None) -> str:
    """Strip ``value``; refuse it when empty or too long."""
    text = (value or "").strip()
    if not text:
        raise OperationError(f"{label} is required.", field=field)
    if max_length is not None and len(text) > max_length:
        raise OperationError(f"{label} must be at most {max_length} characters.", field=field)
    return text


def audited_update(
    sess: Session,
    *,
    actor: Any,
    record: Any,
    entity_type: str,
    fields: list[str],
    snapshot: Callable[[Any], dict[str, Any]] | None = None,
    apply: Callable[[], None],
    summary: str,
) -> dict[str, list[Any]]:
    """Run ``apply`` on ``record`` and audit each audited field that changed.

    ``snapshot`` lets a domain add derived fields (aliases, relays, tags) to the diff.
    Returns the changes; nothing is written when nothing changed.
    """
    take = snapshot or (lambda r: audit.snapshot(r, fields))
    before = take(record)
    apply()
    sess.flush()
    changes = audit.diff(before, take(record))
    if changes:
        audit.record(
            sess,
            actor=actor,
            action="update",
            entity_type=entity_type,
            entity_id=record.id,
            changes=changes,
            summary=summary,
        )
    return changes


def audited_create(
    sess: Session, *, actor: Any, record: Any, entity_type: str, after: dict[str, Any], summary: str
) -> None:
    """Flush a new ``record`` and audit all its fields as changed from nothing."""
    sess.add(record)
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="create",
        entity_type=entity_type,
        entity_id=record.id,
        changes=audit.diff({}, after),
        summary=summary,
    )


def retract(
    sess: Session, *, actor: Any, record: Any, entity_type: str, reason: str, label: str
) -> None:
    """Hide ``record`` from default lists, keeping it and saying why."""
    reason = required_text(reason, "reason", "A reason for the retraction", 1000)
    if record.retracted_at is not None:
        raise OperationError(f"This {label} is already retracted.")
    record.retracted_at = utcnow()
    record.retraction_reason = reason
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="retract",
        entity_type=entity_type,
        entity_id=record.id,
        changes={"retracted": [False, True], "retraction_reason": [None, reason]},
        summary=f"Retracted {label}: {reason}",
    )


def restore(sess: Session, *, actor: Any, record: Any, entity_type: str, label: str) -> None:
    """Undo a retraction (the retraction itself stays in the audit log)."""
    if record.retracted_at is None:
        raise OperationError(f"This {label} is not retracted.")
    old_reason = record.retraction_reason
    record.retracted_at = None
    record.retraction_reason = None
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="restore",
        entity_type=entity_type,
        entity_id=record.id,
        changes={"retracted": [True, False], "retraction_reason": [old_reason, None]},
        summary=f"Restored {label}",
    )
