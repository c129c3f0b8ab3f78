"""Sources, their aliases and their analyst grades (Admiralty letter A-F)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.models import Authored, Retractable
from webapp.db import Base, Str200, Str500, created_at, intpk

if TYPE_CHECKING:
    from webapp.users.models import User


def _values(enum_class: type[enum.Enum]) -> list[str]:
    return [str(member.value) for member in enum_class]


class SourceKind(enum.Enum):
    """What kind of thing a source is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    OUTLET = "outlet"
    GOVERNMENT = "government"
    SOCIAL_ACCOUNT = "social_account"
    DOCUMENT = "document"
    DATASET = "dataset"
    UNNAMED = "unnamed"

    @property
    def label(self) -> str:
        return {
            "person": "Person",
            "organisation": "Organisation",
            "outlet": "News outlet",
            "government": "Government body",
            "social_account": "Social-media account",
            "document": "Document",
            "dataset": "Data set",
            "unnamed": "Unnamed source",
        }[self.value]


class AdmiraltyGrade(enum.Enum):
    """Source reliability, STANAG 2511: the letter describes the source over time."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def label(self) -> str:
        return {
            "A": "Completely reliable",
            "B": "Usually reliable",
            "C": "Fairly reliable",
            "D": "Not usually reliable",
            "E": "Unreliable",
            "F": "Reliability cannot be judged",
        }[self.value]


def enum_column(enum_class: type[enum.Enum], length: int = 20) -> Enum:
    """A portable enum column stored as its value (a VARCHAR, no native type)."""
    return Enum(enum_class, native_enum=False, length=length, values_callable=_values)


class Source(Base, Authored, Retractable):
    """A person, outlet, body, account, document, data set, or an unnamed source."""

    __tablename__ = "sources"

    id: Mapped[intpk]
    name: Mapped[Str200]
    # Case- and accent-folded name: the deduplication and sort key.
    name_key: Mapped[Str200] = mapped_column(index=True)
    kind: Mapped[SourceKind] = mapped_column(enum_column(SourceKind))
    description: Mapped[str] = mapped_column(Text, default="")
    homepage_url: Mapped[Str500 | None]
    country: Mapped[str | None] = mapped_column(String(80))
    wikidata_id: Mapped[str | None] = mapped_column(String(20))
    # Where an imported source came from ("liar-speaker:barack-obama"); re-imports match on it.
    external_id: Mapped[Str200 | None] = mapped_column(unique=True)
    # Extra attributes from imports (LIAR: job title, state, party).
    job_title: Mapped[Str200 | None]
    state: Mapped[str | None] = mapped_column(String(80))
    party: Mapped[str | None] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    aliases: Mapped[list[SourceAlias]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="SourceAlias.alias"
    )
    grades: Mapped[list[SourceGrade]] = relationship(
        back_populates="source", order_by="SourceGrade.id.desc()"
    )

    @property
    def current_grade(self) -> SourceGrade | None:
        return self.grades[0] if self.grades else None

    @property
    def alias_names(self) -> list[str]:
        return [alias.alias for alias in self.aliases]

    def __repr__(self) -> str:
        return f"<Source {self.id} {self.name!r}>"


class SourceAlias(Base):
    """Another name a source goes by ("Anadolu" for "Anadolu Agency")."""

    __tablename__ = "source_aliases"

    id: Mapped[intpk]
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    alias: Mapped[Str200]
    alias_key: Mapped[Str200] = mapped_column(index=True)

    source: Mapped[Source] = relationship(back_populates="aliases")


class SourceGrade(Base):
    """An analyst's Admiralty grade of a source; a new grade is a new row."""

    __tablename__ = "source_grades"

    id: Mapped[intpk]
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    grade: Mapped[AdmiraltyGrade] = mapped_column(enum_column(AdmiraltyGrade, 1))
    rationale: Mapped[str] = mapped_column(Text)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    graded_at: Mapped[created_at]

    source: Mapped[Source] = relationship(back_populates="grades")
    graded_by: Mapped[User | None] = relationship()
