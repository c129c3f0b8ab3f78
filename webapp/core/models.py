"""Mixins shared by the domain models: retraction and authorship.

Every editable model also declares ``version`` as its ``version_id_col`` (optimistic
locking); that stays in each model because the mapper argument must name its own column.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from webapp.db import utcnow


class Retractable:
    """Never deleted: a retraction hides the record from default lists, with a reason."""

    retracted_at: Mapped[dt.datetime | None]
    retraction_reason: Mapped[str | None] = mapped_column(String(1000))

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None


class Authored:
    """Who created the record and when it was last changed."""

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))
