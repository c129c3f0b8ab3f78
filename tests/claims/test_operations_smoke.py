"""A quick end-to-end pass over the domain operations (deeper tests live per domain)."""

from __future__ import annotations

from sqlalchemy import select

from webapp.claims.models import Claim, ClaimStatus
from webapp.core.audit import AuditEntry
from webapp.verdicts.operations import current_verdict


def test_claim_verdict_correction_flow(app, sess, make_source, make_claim, make_verdict) -> None:
    claimant = make_source("Unnamed reports from Afghanistan")
    claim_id = make_claim(
        claimant_id=claimant,
        tags=["Panjshir", "panjshir", "Taliban"],
        quantity_value=10000,
        quantity_unit="fighters",
    )
    first = make_verdict(claim_id, rating="mostly-false")
    second = make_verdict(claim_id, rating="false")
    claim = sess.get(Claim, claim_id)
    assert [t.name for t in claim.tags] == ["Panjshir", "Taliban"]
    assert claim.status is ClaimStatus.CONCLUDED
    assert current_verdict(claim).id == second
    assert {v.id for v in claim.verdicts} == {first, second}
    actions = sess.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "claim"))
    assert list(actions) == ["create", "status"]


def test_edit_without_external_id_keeps_it(app, sess, make_claim) -> None:
    from webapp.claims.operations import ClaimData, update_claim

    claim_id = make_claim(statement="Imported.", external_id="liar:1.json")
    claim = sess.get(Claim, claim_id)
    update_claim(
        sess,
        actor=None,
        claim=claim,
        data=ClaimData(statement="Imported, edited."),
        expected_version=claim.version,
    )
    sess.commit()
    assert sess.get(Claim, claim_id).external_id == "liar:1.json"
