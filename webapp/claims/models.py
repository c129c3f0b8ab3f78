"""Claims, their relays ("via"), tags and relations between claims."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.models import Authored, Retractable
from webapp.db import Base, Str200, created_at, intpk
from webapp.sources.models import Source, enum_column

if TYPE_CHECKING:
    from webapp.documents.models import Appearance
    from webapp.verdicts.models import Verdict


class ClaimStatus(enum.Enum):
    """Where a claim is in the workflow; separate from its verdict."""

    NEW = "new"
    IN_REVIEW = "in_review"
    CONCLUDED = "concluded"
    REOPENED = "reopened"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class RelationKind(enum.Enum):
    """How one claim bears on another."""

    DUPLICATE_OF = "duplicate_of"
    CONTRADICTS = "contradicts"
    SUPPORTS = "supports"
    SUPERSEDES = "supersedes"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


claim_tags = Table(
    "claim_tags",
    Base.metadata,
    Column("claim_id", ForeignKey("claims.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True, index=True),
)


class Tag(Base):
    """A topic label; names are unique case- and accent-insensitively."""

    __tablename__ = "tags"

    id: Mapped[intpk]
    name: Mapped[Str200]
    name_key: Mapped[Str200] = mapped_column(unique=True)


class Claim(Base, Authored, Retractable):
    """One checkable (or explicitly not checkable) statement."""

    __tablename__ = "claims"
    # Keyset pagination of the list pages sorts by these (then id).
    __table_args__ = (
        Index("ix_claims_created_at_id", "created_at", "id"),
        Index("ix_claims_updated_at_id", "updated_at", "id"),
        # A status filter reads its page in order instead of sorting every claim of it.
        Index("ix_claims_status_created_at_id", "status", "created_at", "id"),
    )

    id: Mapped[intpk]
    statement: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text, default="")
    claimant_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    claim_date: Mapped[dt.date | None] = mapped_column(index=True)
    event_date: Mapped[dt.date | None]
    place: Mapped[Str200 | None]
    language: Mapped[str] = mapped_column(String(12), default="en")
    checkable: Mapped[bool] = mapped_column(default=True)
    quantity_value: Mapped[float | None]
    quantity_low: Mapped[float | None]
    quantity_high: Mapped[float | None]
    quantity_unit: Mapped[str | None] = mapped_column(String(80))
    # The unit normalised (webapp.matching.normalize.unit_key), so figures of one unit meet.
    quantity_unit_key: Mapped[str | None] = mapped_column(String(80), index=True)
    quantity_as_of: Mapped[dt.date | None]
    status: Mapped[ClaimStatus] = mapped_column(
        enum_column(ClaimStatus), default=ClaimStatus.NEW, index=True
    )
    # Where an imported claim came from ("liar:2635.json"); re-imports match on it.
    external_id: Mapped[Str200 | None] = mapped_column(unique=True)
    # The statement normalised for "checked before?" matching (webapp.matching.normalize).
    match_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    claimant: Mapped[Source | None] = relationship()
    relays: Mapped[list[ClaimRelay]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimRelay.position"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=claim_tags, order_by=Tag.name_key)
    appearances: Mapped[list[Appearance]] = relationship(
        back_populates="claim", order_by="(Appearance.is_first.desc(), Appearance.id)"
    )
    verdicts: Mapped[list[Verdict]] = relationship(back_populates="claim", order_by="Verdict.id")

    @property
    def has_quantity(self) -> bool:
        return any(
            v is not None for v in (self.quantity_value, self.quantity_low, self.quantity_high)
        )

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.statement[:40]!r}>"


class ClaimRelay(Base):
    """An intermediary that passed the claim on, in order (a news agency quoting a tweet)."""

    __tablename__ = "claim_relays"
    __table_args__ = (UniqueConstraint("claim_id", "position"),)

    id: Mapped[intpk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    position: Mapped[int]

    claim: Mapped[Claim] = relationship(back_populates="relays")
    source: Mapped[Source] = relationship()


class ClaimRelation(Base, Retractable):
    """A typed link between two claims, with a note."""

    __tablename__ = "claim_relations"

    id: Mapped[intpk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    related_claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[RelationKind] = mapped_column(enum_column(RelationKind))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[created_at]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    claim: Mapped[Claim] = relationship(foreign_keys=[claim_id])
    related_claim: Mapped[Claim] = relationship(foreign_keys=[related_claim_id])
