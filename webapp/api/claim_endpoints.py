"""``/api/v1/claims``: list (the list page's filters), read, create, edit, retract, similar."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from webapp import db
from webapp.api import serialize
from webapp.api.blueprint import acting_user, bp, created, load, page_url
from webapp.api.bodies import as_date, body
from webapp.api.params import (
    CLAIM_FILTERS,
    DEFAULT_LIMIT,
    PAGING,
    SIMILAR_PARAMS,
    checked_query,
)
from webapp.api.problems import ApiProblem, error
from webapp.claims import operations, queries
from webapp.claims.filter_forms import ClaimFilterForm
from webapp.claims.models import Claim
from webapp.core.errors import ConflictError
from webapp.matching.queries import similar_to_claim

# Filter-form fields that a link parameter stands for.
FORM_TO_PARAM = {"claimant": "claimant_id", "publisher": "publisher_id"}
PAGING_PARAMS = ("after", "limit")


def _filters() -> queries.ClaimFilters:
    """The list page's filter form, fed the checked query parameters; refusals are 422."""
    checked = checked_query(CLAIM_FILTERS)
    args = MultiDict(
        [
            (k, v)
            for k, v in request.args.items(multi=True)
            if k in checked and k not in PAGING_PARAMS
        ]
    )
    form = ClaimFilterForm(args)
    if not form.validate():
        problems = []
        for name, messages in form.errors.items():
            if name in FORM_TO_PARAM and FORM_TO_PARAM[name] in args and not args.get(name):
                name = FORM_TO_PARAM[name]
            problems += [error(str(name), str(message)) for message in messages]
        raise ApiProblem(
            422, "A filter cannot be applied.", kind="refused", title="Refused", errors=problems
        )
    return form.filters()


@bp.get("/claims")
def list_claims() -> ResponseReturnValue:
    """One keyset page of claims, filtered exactly like the claims list page."""
    filters = _filters()
    limit = checked_query(PAGING).get("limit", DEFAULT_LIMIT)
    listing = queries.list_claims(
        db.session(),
        filters,
        request.args.get("after"),
        limit,
        count_limit=queries.SEARCH_RANK_LIMIT,  # as the claims page: the count stops there
    )
    return jsonify(
        {
            "items": [serialize.claim_row(row) for row in listing.page.items],
            "next": page_url(listing.page.next_cursor),
            "total": listing.total,
            "total_capped": listing.total_capped,
        }
    )


@bp.get("/claims/<api_id:claim_id>")
def get_claim(claim_id: int) -> ResponseReturnValue:
    return jsonify(serialize.claim(load(Claim, claim_id, "claim")))


def _dates(document: dict[str, Any]) -> dict[str, Any]:
    """The body with its date fields parsed."""
    found = dict(document)
    for name in ("claim_date", "event_date", "quantity_as_of"):
        if name in found:
            found[name] = as_date(found[name], name)
    return found


def _current(claim: Claim) -> dict[str, Any]:
    """The stored claim in the fields of ClaimData (what a PATCH starts from)."""
    return {
        "statement": claim.statement,
        "quote": claim.quote,
        "claimant_id": claim.claimant_id,
        "relay_ids": [relay.source_id for relay in claim.relays],
        "claim_date": claim.claim_date,
        "event_date": claim.event_date,
        "place": claim.place,
        "tags": [tag.name for tag in claim.tags],
        "language": claim.language,
        "checkable": claim.checkable,
        "quantity_value": claim.quantity_value,
        "quantity_low": claim.quantity_low,
        "quantity_high": claim.quantity_high,
        "quantity_unit": claim.quantity_unit,
        "quantity_as_of": claim.quantity_as_of,
        "external_id": claim.external_id,
    }


def claim_url(claim: Claim) -> str:
    return url_for("api.get_claim", claim_id=claim.id)


@bp.post("/claims")
def create_claim() -> ResponseReturnValue:
    fields = _dates(body("claim-create"))
    data = operations.ClaimData(**fields)
    sess = db.session()
    claim = operations.create_claim(sess, actor=acting_user(), data=data)
    similar = [serialize.similar(m) for m in similar_to_claim(sess, claim)]
    return created({**serialize.claim(claim), "similar": similar}, claim_url(claim))


@bp.get("/claims/<api_id:claim_id>/similar")
def similar_claims(claim_id: int) -> ResponseReturnValue:
    """The live claims most like this one ("checked before?"), best first."""
    claim = load(Claim, claim_id, "claim")
    limit = checked_query(SIMILAR_PARAMS).get("limit", 5)
    found = similar_to_claim(db.session(), claim, limit=limit)
    return jsonify({"items": [serialize.similar(m) for m in found]})


@bp.patch("/claims/<api_id:claim_id>")
def update_claim(claim_id: int) -> ResponseReturnValue:
    """Change the fields the body names; ``version`` must be the one the client read."""
    fields = _dates(body("claim-update"))
    claim = load(Claim, claim_id, "claim")
    version = fields.pop("version")
    data = operations.ClaimData(**{**_current(claim), **fields})
    try:
        operations.update_claim(
            db.session(), actor=acting_user(), claim=claim, data=data, expected_version=version
        )
    except ConflictError as conflict:
        raise ApiProblem(
            409,
            f"{conflict.message} Read it again (version {claim.version}) and resend your change.",
            kind="conflict",
            current_version=claim.version,
            current=serialize.claim(claim),
        ) from None
    return jsonify(serialize.claim(claim))


@bp.post("/claims/<api_id:claim_id>/retract")
def retract_claim(claim_id: int) -> ResponseReturnValue:
    reason = body("retraction")["reason"]
    claim = load(Claim, claim_id, "claim")
    operations.retract_claim(db.session(), actor=acting_user(), claim=claim, reason=reason)
    return jsonify(serialize.claim(claim))
