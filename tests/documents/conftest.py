"""Fixtures of the documents tests: appearances, and a small desk of records to act on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from webapp import db
from webapp.claims.models import Claim
from webapp.documents.models import Document
from webapp.documents.operations import add_appearance, retract_document


@pytest.fixture
def make_appearance(app: Flask) -> Callable[..., int]:
    """``make_appearance(claim_id, document_id, quote=..., is_first=...)`` → appearance id."""

    def factory(claim_id: int, document_id: int, **extra: Any) -> int:
        with app.app_context():
            session = db.session()
            appearance = add_appearance(
                session,
                actor=None,
                claim=session.get(Claim, claim_id),
                document=session.get(Document, document_id),
                **extra,
            )
            session.commit()
            return appearance.id

    return factory


@pytest.fixture
def retracted_document(app: Flask, make_document: Callable[..., int]) -> Callable[..., int]:
    """``retracted_document(title=...)`` → the id of a document already retracted."""

    def factory(title: str = "A retracted article", **extra: Any) -> int:
        document_id = make_document(title, **extra)
        with app.app_context():
            session = db.session()
            retract_document(
                session, actor=None, document=session.get(Document, document_id), reason="Spam"
            )
            session.commit()
        return document_id

    return factory


@pytest.fixture
def first_flags(app: Flask) -> Callable[[int], dict[int, bool]]:
    """``first_flags(claim_id)`` → {appearance id: is_first} as committed."""

    def read(claim_id: int) -> dict[int, bool]:
        with app.app_context():
            session = db.session()
            claim = session.get(Claim, claim_id)
            return {a.id: a.is_first for a in claim.appearances}

    return read


@pytest.fixture
def load(app: Flask) -> Callable[..., Any]:
    """``load(Model, id)`` → a fresh, detached copy of a committed row."""

    def read(model: type[Any], record_id: int) -> Any:
        with app.app_context():
            session = db.session()
            found = session.get(model, record_id)
            if found is not None:
                session.expunge(found)
            return found

    return read
