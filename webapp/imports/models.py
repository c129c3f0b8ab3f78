"""The record of every import: who, when, which file, and what it created."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, Str40, Str200, created_at, intpk


class ImportBatch(Base):
    """One completed import (dry runs are not recorded)."""

    __tablename__ = "import_batches"

    id: Mapped[intpk]
    kind: Mapped[Str40] = mapped_column(index=True)
    file_name: Mapped[Str200]
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[created_at]
    rows_total: Mapped[int]
    rows_unchanged: Mapped[int] = mapped_column(default=0)
    # {"claims": 120, "sources": 14, ...}: what this import added.
    created_counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
