"""Rating scales (data, not code), verdicts and their evidence links."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.models import Retractable
from webapp.db import Base, Str200, Str500, created_at, intpk

if TYPE_CHECKING:
    from webapp.claims.models import Claim
    from webapp.users.models import User

CREDIBILITY_LABELS = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}


class RatingScale(Base):
    """A desk's rating scale, e.g. the default seven values or PolitiFact's six."""

    __tablename__ = "rating_scales"

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[Str200]
    description: Mapped[str] = mapped_column(Text, default="")
    is_default: Mapped[bool] = mapped_column(default=False)

    values: Mapped[list[RatingValue]] = relationship(
        back_populates="scale", order_by="RatingValue.position"
    )

    @property
    def scored_values(self) -> list[RatingValue]:
        return [v for v in self.values if v.truth_score is not None]


class RatingValue(Base):
    """One value of a scale: label, order, truth score 0-1 (None: unverifiable), colour."""

    __tablename__ = "rating_values"
    __table_args__ = (
        UniqueConstraint("scale_id", "slug"),
        CheckConstraint(
            "truth_score IS NULL OR (truth_score >= 0 AND truth_score <= 1)",
            name="truth_score_range",
        ),
    )

    id: Mapped[intpk]
    scale_id: Mapped[int] = mapped_column(ForeignKey("rating_scales.id"), index=True)
    slug: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    truth_score: Mapped[float | None]
    colour: Mapped[str] = mapped_column(String(7), default="#777777")
    description: Mapped[str] = mapped_column(Text, default="")

    scale: Mapped[RatingScale] = relationship(back_populates="values")

    @property
    def is_unverifiable(self) -> bool:
        return self.truth_score is None


class Verdict(Base, Retractable):
    """A conclusion on a claim. Each verdict is a new row; the latest concluded one counts.

    A checker's verdict is a proposal (``concluded_at`` is None) until an editor concludes
    it. A later concluded verdict is a correction of the earlier ones, which stay visible.
    """

    __tablename__ = "verdicts"
    __table_args__ = (
        CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility_range"),
        # Covers the current-verdict anti-join of the track records (index only, no rows).
        Index(
            "ix_verdicts_current",
            "claim_id",
            "concluded_at",
            "retracted_at",
            "id",
            "rating_value_id",
        ),
    )

    id: Mapped[intpk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    rating_value_id: Mapped[int] = mapped_column(ForeignKey("rating_values.id"), index=True)
    credibility: Mapped[int]
    rationale: Mapped[str] = mapped_column(Text)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    speaks_for: Mapped[dt.date | None]
    created_at: Mapped[created_at]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    concluded_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    concluded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    claim: Mapped[Claim] = relationship(back_populates="verdicts")
    rating: Mapped[RatingValue] = relationship()
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    concluded_by: Mapped[User | None] = relationship(foreign_keys=[concluded_by_id])
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="verdict", cascade="all, delete-orphan", order_by="Evidence.id"
    )

    @property
    def is_concluded(self) -> bool:
        return self.concluded_at is not None

    @property
    def code(self) -> str:
        """The credibility digit, e.g. "2", for showing beside a source's letter ("B2")."""
        return str(self.credibility)


class Evidence(Base):
    """A link that supports a verdict, with a note on what it shows."""

    __tablename__ = "evidence"

    id: Mapped[intpk]
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"), index=True)
    url: Mapped[Str500]
    note: Mapped[str] = mapped_column(Text, default="")
    archived_url: Mapped[Str500 | None]
    title: Mapped[Str200 | None]

    verdict: Mapped[Verdict] = relationship(back_populates="evidence")
