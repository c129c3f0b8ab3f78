"""Import bookkeeping shared by every importer: the batch record and its audit entry."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.core import audit
from webapp.imports.models import ImportBatch


def combined_checksum(checksums: dict[str, str]) -> str:
    """One checksum for several files (by name), independent of the order given."""
    digest = hashlib.sha256()
    for name in sorted(checksums):
        digest.update(f"{name}:{checksums[name]}\n".encode())
    return digest.hexdigest()


def previous_batch(sess: Session, kind: str, checksum: str) -> ImportBatch | None:
    """The latest earlier import of exactly this content, if any."""
    return sess.scalar(
        select(ImportBatch)
        .where(ImportBatch.kind == kind, ImportBatch.checksum == checksum)
        .order_by(ImportBatch.id.desc())
        .limit(1)
    )


def record_batch(
    sess: Session,
    *,
    actor: Any,
    kind: str,
    file_name: str,
    checksum: str,
    rows_total: int,
    counts: dict[str, int],
) -> ImportBatch:
    """Write the import batch (in the import's own transaction) and audit it."""
    created = {k: v for k, v in counts.items() if k != "unchanged"}
    batch = ImportBatch(
        kind=kind,
        file_name=file_name[:200],
        checksum=checksum,
        rows_total=rows_total,
        rows_unchanged=counts.get("unchanged", 0),
        created_counts=created,
        created_by_id=actor.id if actor else None,
    )
    sess.add(batch)
    sess.flush()
    audit.record(
        sess,
        actor=actor,
        action="import",
        entity_type="import_batch",
        entity_id=batch.id,
        changes={"created": [None, created], "rows_total": [None, rows_total]},
        summary=f"Imported {file_name} ({kind}): "
        + ", ".join(f"{v} {k}" for k, v in created.items()),
    )
    return batch
