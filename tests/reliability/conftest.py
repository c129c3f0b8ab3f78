"""Fixtures of the reliability tests: appearances, relations, retractions, grades and clocks.

Changes go through the domains' operations; only conclusion and retraction *times* are set
directly (``at``), because as-of figures need verdicts concluded on chosen past days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from webapp import db
from webapp.claims.models import Claim, ClaimRelation, RelationKind
from webapp.reliability.queries import forget_kept
from webapp.sources.models import AdmiraltyGrade, Source
from webapp.verdicts.models import Verdict


def day(text: str) -> dt.datetime:
    """ "2021-08-24" -> noon UTC that day."""
    return dt.datetime.fromisoformat(text).replace(hour=12, tzinfo=dt.UTC)


@pytest.fixture
def appear(app: Flask) -> Callable[[int, int], None]:
    """``appear(claim_id, document_id)``: the claim appeared in the document."""
    from webapp.documents.models import Document
    from webapp.documents.operations import add_appearance

    def do(claim_id: int, document_id: int) -> None:
        with app.app_context():
            sess = db.session()
            add_appearance(
                sess,
                actor=None,
                claim=sess.get(Claim, claim_id),
                document=sess.get(Document, document_id),
            )
            sess.commit()

    return do


@pytest.fixture
def relate(app: Flask) -> Callable[..., int]:
    """``relate(claim_id, related_id, "duplicate_of")`` -> relation id."""
    from webapp.claims.operations import relate_claims

    def do(claim_id: int, related_id: int, kind: str) -> int:
        with app.app_context():
            sess = db.session()
            relation = relate_claims(
                sess,
                actor=None,
                claim=sess.get(Claim, claim_id),
                related=sess.get(Claim, related_id),
                kind=RelationKind(kind),
            )
            sess.commit()
            return relation.id

    return do


@pytest.fixture
def retract_claim(app: Flask) -> Callable[..., None]:
    from webapp.claims.operations import retract_claim as retract

    def do(claim_id: int, reason: str = "Recorded twice.") -> None:
        with app.app_context():
            sess = db.session()
            retract(sess, actor=None, claim=sess.get(Claim, claim_id), reason=reason)
            sess.commit()

    return do


@pytest.fixture
def retract_source(app: Flask) -> Callable[..., None]:
    from webapp.sources.operations import retract_source as retract

    def do(source_id: int, reason: str = "Merged into another source.") -> None:
        with app.app_context():
            sess = db.session()
            retract(sess, actor=None, source=sess.get(Source, source_id), reason=reason)
            sess.commit()

    return do


@pytest.fixture
def retract_relation(app: Flask) -> Callable[..., None]:
    from webapp.claims.operations import retract_relation as retract

    def do(relation_id: int) -> None:
        with app.app_context():
            sess = db.session()
            retract(
                sess, actor=None, relation=sess.get(ClaimRelation, relation_id), reason="Wrong."
            )
            sess.commit()

    return do


@pytest.fixture
def retract_verdict(app: Flask) -> Callable[..., None]:
    from webapp.verdicts.operations import retract_verdict as retract

    def do(verdict_id: int) -> None:
        with app.app_context():
            sess = db.session()
            retract(sess, actor=None, verdict=sess.get(Verdict, verdict_id), reason="Mistaken.")
            sess.commit()

    return do


@pytest.fixture
def at(app: Flask) -> Callable[..., None]:
    """``at(verdict_id, concluded="2021-01-10", retracted=None)``: move a verdict in time;
    ``at(claim=claim_id, retracted="2021-10-01")`` moves a claim's retraction."""

    def do(
        verdict_id: int | None = None,
        concluded: str | None = None,
        retracted: str | None = None,
        claim: int | None = None,
    ) -> None:
        with app.app_context():
            sess = db.session()
            if claim is not None:
                values: dict[str, Any] = {"retracted_at": day(retracted) if retracted else None}
                sess.execute(update(Claim).where(Claim.id == claim).values(**values))
            else:
                values = {}
                if concluded:
                    values["concluded_at"] = day(concluded)
                if retracted:
                    values["retracted_at"] = day(retracted)
                sess.execute(update(Verdict).where(Verdict.id == verdict_id).values(**values))
            sess.commit()
        # An update behind the operations writes no audit entry, so the desk state (the key
        # of the kept figures) does not change: forget them, as a hand-run SQL update must.
        forget_kept()

    return do


@pytest.fixture
def grade(app: Flask) -> Callable[..., None]:
    """``grade(source_id, "B")``: the analyst's letter, through grade_source."""
    from webapp.sources.operations import grade_source

    def do(source_id: int, letter: str, rationale: str = "Analyst's judgement.") -> None:
        with app.app_context():
            sess = db.session()
            grade_source(
                sess,
                actor=None,
                source=sess.get(Source, source_id),
                grade=AdmiraltyGrade(letter),
                rationale=rationale,
            )
            sess.commit()

    return do


@pytest.fixture
def record_of(make_claim, make_verdict) -> Callable[..., list[int]]:
    """``record_of(source_id, ["true", "false", ...])``: claims with concluded verdicts."""
    counter = iter(range(1, 1_000_000))

    def do(source_id: int, ratings: list[str], scale: str = "default", **extra: Any) -> list[int]:
        claims = []
        for rating in ratings:
            claim_id = make_claim(
                statement=f"Claim {next(counter)} of source {source_id}.",
                claimant_id=source_id,
                **extra,
            )
            make_verdict(claim_id, rating=rating, scale=scale)
            claims.append(claim_id)
        return claims

    return do
