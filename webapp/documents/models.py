"""Documents (articles, posts, speeches) and where in them a claim appeared."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.models import Authored, Retractable
from webapp.db import Base, Str200, Str500, created_at, intpk
from webapp.sources.models import Source

if TYPE_CHECKING:
    from webapp.claims.models import Claim


class Document(Base, Authored, Retractable):
    """A published item: an article, a post, a speech transcript, a report."""

    __tablename__ = "documents"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[Str500 | None] = mapped_column(index=True)
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    published_on: Mapped[dt.date | None]
    retrieved_on: Mapped[dt.date | None]
    archived_url: Mapped[Str500 | None]
    # Free-text context ("a TV interview"), e.g. LIAR's context column.
    description: Mapped[str] = mapped_column(Text, default="")
    # The article's text, when it was pasted or uploaded (intake); never edited afterwards,
    # because appearances point into it by character offsets.
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    publisher: Mapped[Source | None] = relationship(foreign_keys=[publisher_id])
    author: Mapped[Source | None] = relationship(foreign_keys=[author_id])
    appearances: Mapped[list[Appearance]] = relationship(back_populates="document")


class Appearance(Base, Retractable):
    """One place a claim appeared, with the exact quote from that document."""

    __tablename__ = "appearances"
    __table_args__ = (UniqueConstraint("claim_id", "document_id"),)

    id: Mapped[intpk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    quote: Mapped[str] = mapped_column(Text, default="")
    # Where the quote sits in the document's body: body[quote_start:quote_end] == quote.
    quote_start: Mapped[int | None]
    quote_end: Mapped[int | None]
    is_first: Mapped[bool] = mapped_column(default=False)
    note: Mapped[Str200 | None]
    created_at: Mapped[created_at]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    claim: Mapped[Claim] = relationship(back_populates="appearances")
    document: Mapped[Document] = relationship(back_populates="appearances")
