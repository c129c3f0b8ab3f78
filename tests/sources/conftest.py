"""Fixtures of the sources tests: grading and appearances through the real operations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from webapp import db
from webapp.core.audit import AuditEntry
from webapp.sources.models import AdmiraltyGrade, Source


@pytest.fixture
def grade(app: Flask) -> Callable[..., None]:
    """``grade(source_id, "B", "Usually right")``: grade a source as the system."""
    from webapp.sources.operations import grade_source

    def do_grade(source_id: int, letter: str, rationale: str = "Track record.") -> None:
        with app.app_context():
            session = db.session()
            grade_source(
                session,
                actor=None,
                source=session.get(Source, source_id),
                grade=AdmiraltyGrade(letter),
                rationale=rationale,
            )
            session.commit()

    return do_grade


@pytest.fixture
def appear(app: Flask) -> Callable[[int, int], None]:
    """``appear(claim_id, document_id)``: record that a claim appeared in a document."""
    from webapp.claims.models import Claim
    from webapp.documents.models import Document
    from webapp.documents.operations import add_appearance

    def do_appear(claim_id: int, document_id: int) -> None:
        with app.app_context():
            session = db.session()
            add_appearance(
                session,
                actor=None,
                claim=session.get(Claim, claim_id),
                document=session.get(Document, document_id),
            )
            session.commit()

    return do_appear


@pytest.fixture
def retract(app: Flask) -> Callable[[int], None]:
    """``retract(source_id)``: retract a source as the system."""
    from webapp.sources.operations import retract_source

    def do_retract(source_id: int, reason: str = "Merged into another source.") -> None:
        with app.app_context():
            session = db.session()
            retract_source(
                session, actor=None, source=session.get(Source, source_id), reason=reason
            )
            session.commit()

    return do_retract


@pytest.fixture
def audit_entries(app: Flask) -> Callable[[int], list[AuditEntry]]:
    """The audit entries of one source, oldest first."""

    def entries(source_id: int) -> list[AuditEntry]:
        with app.app_context():
            session = db.session()
            found = list(
                session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.entity_type == "source", AuditEntry.entity_id == source_id)
                    .order_by(AuditEntry.id)
                )
            )
            session.expunge_all()
            return found

    return entries


@pytest.fixture
def source_row(app: Flask) -> Callable[[int], Source]:
    """A detached copy of a source as stored now, aliases and grades loaded."""
    from webapp.sources.queries import source_by_id

    def load(source_id: int) -> Source:
        with app.app_context():
            session = db.session()
            found = source_by_id(session, source_id)
            assert found is not None
            _ = found.alias_names, found.current_grade
            session.expunge_all()
            return found

    return load
