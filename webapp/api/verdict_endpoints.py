"""Verdicts and rating scales: ``/api/v1/claims/<id>/verdicts``, ``/verdicts``, ``/scales``."""

from __future__ import annotations

from typing import Any

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp import db
from webapp.api import serialize
from webapp.api.blueprint import acting_user, bp, created, load
from webapp.api.bodies import as_date, body
from webapp.claims.models import Claim
from webapp.core.errors import OperationError
from webapp.verdicts import operations, queries
from webapp.verdicts.models import RatingScale, RatingValue, Verdict


@bp.get("/claims/<api_id:claim_id>/verdicts")
def claim_verdicts(claim_id: int) -> ResponseReturnValue:
    """Every verdict of a claim, newest first, and which one is current."""
    claim = load(Claim, claim_id, "claim")
    timeline = queries.claim_timeline(db.session(), claim.id)
    return jsonify(
        {
            "items": [serialize.verdict(e.verdict, e.state.value) for e in timeline.entries],
            "current_verdict_id": timeline.current.id if timeline.current else None,
        }
    )


def _rating_id(sess: Session, rating: Any) -> int:
    """A rating value id from a bare id or from ``{"scale", "value"}`` short names."""
    if isinstance(rating, int):
        return rating
    value_id = sess.scalar(
        select(RatingValue.id)
        .join(RatingScale, RatingScale.id == RatingValue.scale_id)
        .where(RatingScale.slug == rating["scale"], RatingValue.slug == rating["value"])
    )
    if value_id is None:
        raise OperationError(
            f"The scale {rating['scale']!r} has no value {rating['value']!r}; "
            "GET /api/v1/scales lists them.",
            field="rating",
        )
    return value_id


@bp.post("/claims/<api_id:claim_id>/verdicts")
def record_verdict(claim_id: int) -> ResponseReturnValue:
    """Propose a verdict (checkers) or, with ``"conclude": true``, conclude one (editors)."""
    fields = body("verdict-create")
    claim = load(Claim, claim_id, "claim")
    sess = db.session()
    data = operations.VerdictData(
        rating_value_id=_rating_id(sess, fields["rating"]),
        credibility=fields["credibility"],
        rationale=fields["rationale"],
        evidence=[
            operations.EvidenceData(
                url=item["url"],
                note=item.get("note", ""),
                title=item.get("title"),
                archived_url=item.get("archived_url"),
            )
            for item in fields.get("evidence", [])
        ],
        reviewer_id=fields.get("reviewer_id"),
        speaks_for=as_date(fields.get("speaks_for"), "speaks_for"),
    )
    verdict = operations.record_verdict(
        sess,
        actor=acting_user(),
        claim=claim,
        data=data,
        conclude=fields.get("conclude", False),
        expected_claim_version=fields.get("claim_version"),
    )
    location = url_for("api.get_verdict", verdict_id=verdict.id)
    return created(serialize.one_verdict(verdict), location)


@bp.get("/verdicts/<api_id:verdict_id>")
def get_verdict(verdict_id: int) -> ResponseReturnValue:
    return jsonify(serialize.one_verdict(load(Verdict, verdict_id, "verdict")))


@bp.post("/verdicts/<api_id:verdict_id>/conclude")
def conclude_verdict(verdict_id: int) -> ResponseReturnValue:
    """An editor approves a proposed verdict; the claim is concluded."""
    fields = body("verdict-conclude", optional=True)
    verdict = load(Verdict, verdict_id, "verdict")
    operations.conclude_verdict(
        db.session(),
        actor=acting_user(),
        verdict=verdict,
        expected_version=fields.get("version"),
    )
    return jsonify(serialize.one_verdict(verdict))


@bp.get("/scales")
def list_scales() -> ResponseReturnValue:
    """Every rating scale with its values: the ids and short names a verdict's rating takes."""
    scales = queries.rating_scales(db.session())
    return jsonify({"items": [serialize.scale(s) for s in scales]})
