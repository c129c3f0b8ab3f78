"""ClaimReview JSON-LD of one claim and the feed of every concluded claim."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, abort, current_app, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp import db
from webapp.claimreview.build import claim_review
from webapp.claims.models import Claim, ClaimStatus
from webapp.core.permissions import Role, require_role
from webapp.documents.models import Appearance, Document

bp = Blueprint("claimreview", __name__)
FEED_BATCH = 200
# Inside <script>, "</script>" or "<!--" in a claim would end or derail the element; JSON
# lets these three characters be written as escapes, which parse back to the same text.
SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def review_of(claim: Claim) -> dict[str, Any] | None:
    """The ClaimReview of ``claim`` with this desk's name and addresses."""
    base = current_app.config["DESK_URL"].rstrip("/")
    return claim_review(
        claim,
        claim_url=base + url_for("claims.show", claim_id=claim.id),
        desk_name=current_app.config["DESK_NAME"],
        desk_url=base + "/",
    )


def script_json(document: Any) -> Markup:
    """``document`` as JSON that is safe to place inside a ``<script>`` element."""
    escaped = json.dumps(document, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return Markup(escaped)  # noqa: S704  (no "<", ">" or "&" is left to interpret)


@bp.app_template_global("claimreview_jsonld")
def claimreview_jsonld(claim: Claim) -> Markup | None:
    """The claim page's embedded ClaimReview: only for a concluded, live claim."""
    if claim.status is not ClaimStatus.CONCLUDED:
        return None
    review = review_of(claim)
    return script_json(review) if review is not None else None


@bp.route("/claims/<int:claim_id>/claimreview.json")
@require_role(Role.VIEWER)
def one(claim_id: int) -> ResponseReturnValue:
    claim = db.session().get(Claim, claim_id)
    if claim is None:
        abort(404, description="No claim with this number.")
    review = review_of(claim)
    if review is None:
        abort(
            404, description="This claim has no concluded verdict, so there is no ClaimReview yet."
        )
    return Response(
        json.dumps(review, ensure_ascii=False, indent=2), mimetype="application/ld+json"
    )


def _feed() -> Iterator[str]:
    sess = db.session()
    last_id = 0
    first = True
    yield "["
    while True:
        batch = list(
            sess.scalars(
                select(Claim)
                .where(
                    Claim.id > last_id,
                    Claim.status == ClaimStatus.CONCLUDED,
                    Claim.retracted_at.is_(None),
                )
                .order_by(Claim.id)
                .limit(FEED_BATCH)
                .options(
                    selectinload(Claim.claimant),
                    selectinload(Claim.verdicts),
                    selectinload(Claim.appearances)
                    .selectinload(Appearance.document)
                    .selectinload(Document.publisher),
                )
            )
        )
        if not batch:
            break
        for claim in batch:
            review = review_of(claim)
            if review is not None:
                yield ("\n" if first else ",\n") + json.dumps(review, ensure_ascii=False)
                first = False
        last_id = batch[-1].id
        sess.expunge_all()
    yield "\n]\n"


@bp.route("/exports/claimreview.json")
@require_role(Role.VIEWER)
def feed() -> ResponseReturnValue:
    """Every concluded claim's ClaimReview, streamed as one JSON array."""
    return Response(stream_with_context(_feed()), mimetype="application/ld+json")
