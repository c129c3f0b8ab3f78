"""Concluding, correcting and retracting verdicts, the claim's status and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.verdicts.conftest import EVIDENCE_URL, flashed, verdict_body
from webapp import db
from webapp.claims.models import Claim, ClaimStatus
from webapp.core.audit import AuditEntry
from webapp.core.errors import OperationError, PermissionDenied
from webapp.core.permissions import Role
from webapp.verdicts.models import RatingValue, Verdict
from webapp.verdicts.operations import (
    EVIDENCE_REQUIRED,
    EvidenceData,
    VerdictData,
    current_verdict,
    record_verdict,
)


def claim_state(app, claim_id: int) -> tuple[ClaimStatus, int | None]:
    """The claim's status and the id of its current verdict."""
    with app.app_context():
        claim = db.session().get(Claim, claim_id)
        current = current_verdict(claim)
        return claim.status, current.id if current else None


def audit_entries(app, entity_type: str, entity_id: int) -> list[AuditEntry]:
    with app.app_context():
        sess = db.session()
        entries = list(
            sess.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
                .order_by(AuditEntry.id)
            )
        )
        sess.expunge_all()
        return entries


def test_proposal_then_editor_concludes(
    app, client, login, make_user, make_claim, make_verdict, claim_page
) -> None:
    claim_id = make_claim()
    proposal = make_verdict(claim_id, rating="false", conclude=False)
    assert claim_state(app, claim_id) == (ClaimStatus.IN_REVIEW, None)
    editor = login(Role.EDITOR)
    response = client.post(f"/verdicts/{proposal}/conclude", data={"version": "1"})
    assert response.status_code == 302
    assert response.headers["Location"] == claim_page(claim_id)
    assert claim_state(app, claim_id) == (ClaimStatus.CONCLUDED, proposal)
    assert f"Verdict #{proposal} concluded: False." in flashed(client)
    with app.app_context():
        verdict = db.session().get(Verdict, proposal)
        assert verdict.concluded_by_id == editor.id
        assert verdict.version == 2
    (update,) = [e for e in audit_entries(app, "verdict", proposal) if e.action == "update"]
    assert update.actor_id == editor.id
    assert update.changes["concluded_by_id"] == [None, editor.id]
    assert update.changes["concluded_at"][0] is None


def test_conclude_with_stale_version_is_409(app, client, login, make_claim, make_verdict) -> None:
    claim_id = make_claim()
    proposal = make_verdict(claim_id, conclude=False)
    login(Role.EDITOR)
    response = client.post(f"/verdicts/{proposal}/conclude", data={"version": "7"})
    assert response.status_code == 409
    assert "Someone else changed this verdict" in response.get_data(as_text=True)
    assert claim_state(app, claim_id) == (ClaimStatus.IN_REVIEW, None)


def test_concluding_twice_is_refused(
    app, client, login, make_claim, make_verdict, version_of
) -> None:
    claim_id = make_claim()
    verdict = make_verdict(claim_id, conclude=True)
    login(Role.EDITOR)
    response = client.post(
        f"/verdicts/{verdict}/conclude", data={"version": version_of(Verdict, verdict)}
    )
    assert response.status_code == 302
    assert "This verdict is concluded already." in flashed(client)


def test_unknown_verdict_is_404(client, login) -> None:
    login(Role.ADMIN)
    assert client.post("/verdicts/9999/conclude", data={"version": "1"}).status_code == 404
    assert client.post("/verdicts/9999/retract", data={"reason": "x"}).status_code == 404
    assert client.get("/verdicts/9999/retract").status_code == 404


def test_correction_keeps_the_earlier_verdict(app, make_claim, make_verdict) -> None:
    claim_id = make_claim()
    first = make_verdict(claim_id, rating="mostly-false")
    second = make_verdict(claim_id, rating="false")
    assert claim_state(app, claim_id) == (ClaimStatus.CONCLUDED, second)
    with app.app_context():
        claim = db.session().get(Claim, claim_id)
        assert [v.id for v in claim.verdicts] == [first, second]
        assert all(v.retracted_at is None for v in claim.verdicts)


def test_retracting_the_current_verdict_falls_back(
    app, client, login, make_claim, make_verdict, claim_page
) -> None:
    claim_id = make_claim()
    first = make_verdict(claim_id, rating="mostly-false")
    second = make_verdict(claim_id, rating="false")
    editor = login(Role.EDITOR)
    response = client.post(
        f"/verdicts/{second}/retract", data={"reason": "Wrong census year", "version": "1"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == claim_page(claim_id)
    assert claim_state(app, claim_id) == (ClaimStatus.CONCLUDED, first)
    assert (
        f"Verdict #{second} retracted. The current verdict is now #{first} (Mostly false)."
        in flashed(client)
    )
    (entry,) = [e for e in audit_entries(app, "verdict", second) if e.action == "retract"]
    assert entry.actor_id == editor.id
    assert entry.changes == {
        "retracted": [False, True],
        "retraction_reason": [None, "Wrong census year"],
    }


def test_retracting_the_only_verdict_reopens_the_claim(
    app, client, login, make_claim, make_verdict, version_of
) -> None:
    claim_id = make_claim()
    verdict = make_verdict(claim_id)
    login(Role.EDITOR)
    response = client.post(
        f"/verdicts/{verdict}/retract",
        data={"reason": "Source misread", "version": version_of(Verdict, verdict)},
    )
    assert response.status_code == 302
    assert claim_state(app, claim_id) == (ClaimStatus.REOPENED, None)
    status = [e for e in audit_entries(app, "claim", claim_id) if e.action == "status"]
    assert status[-1].changes == {"status": ["concluded", "reopened"]}
    assert "its verdict was retracted" in status[-1].summary


def test_retracting_a_correction_proposal_returns_to_concluded(
    app, client, login, make_claim, make_verdict, version_of
) -> None:
    claim_id = make_claim()
    concluded = make_verdict(claim_id, rating="false")
    proposal = make_verdict(claim_id, rating="true", conclude=False)
    assert claim_state(app, claim_id) == (ClaimStatus.IN_REVIEW, concluded)
    login(Role.EDITOR)
    data = {"reason": "Dup", "version": version_of(Verdict, proposal)}
    assert client.post(f"/verdicts/{proposal}/retract", data=data).status_code == 302
    assert claim_state(app, claim_id) == (ClaimStatus.CONCLUDED, concluded)


def test_retracting_the_only_proposal_reopens(
    app, client, login, make_claim, make_verdict, version_of
) -> None:
    claim_id = make_claim()
    proposal = make_verdict(claim_id, conclude=False)
    login(Role.EDITOR)
    data = {"reason": "Dup", "version": version_of(Verdict, proposal)}
    assert client.post(f"/verdicts/{proposal}/retract", data=data).status_code == 302
    assert claim_state(app, claim_id) == (ClaimStatus.REOPENED, None)


def test_retract_needs_a_reason(app, client, login, make_claim, make_verdict) -> None:
    claim_id = make_claim()
    verdict = make_verdict(claim_id)
    login(Role.EDITOR)
    page = client.get(f"/verdicts/{verdict}/retract")
    assert page.status_code == 200
    assert 'name="version" type="hidden" value="1"' in page.get_data(as_text=True)
    response = client.post(f"/verdicts/{verdict}/retract", data={"reason": "  ", "version": "1"})
    assert response.status_code == 400
    assert "A reason for the retraction is required." in response.get_data(as_text=True)
    assert claim_state(app, claim_id) == (ClaimStatus.CONCLUDED, verdict)


def test_retract_stale_version_is_409_and_keeps_reason(
    app, client, login, make_claim, make_verdict
) -> None:
    claim_id = make_claim()
    proposal = make_verdict(claim_id, conclude=False)
    login(Role.EDITOR)
    assert client.post(f"/verdicts/{proposal}/conclude", data={"version": "1"}).status_code == 302
    response = client.post(
        f"/verdicts/{proposal}/retract", data={"reason": "Typed with care", "version": "1"}
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed this verdict" in html
    assert "is now concluded by" in html
    assert "Typed with care" in html
    assert 'name="version" type="hidden" value="2"' in html
    assert claim_state(app, claim_id) == (ClaimStatus.CONCLUDED, proposal)


def test_retracting_twice_is_refused(client, login, make_claim, make_verdict, version_of) -> None:
    verdict = make_verdict(make_claim())
    login(Role.EDITOR)
    first = {"reason": "One", "version": version_of(Verdict, verdict)}
    assert client.post(f"/verdicts/{verdict}/retract", data=first).status_code == 302
    # The second tab reloads the form first: it is the retraction, not a stale version, that
    # refuses it.
    second = {"reason": "Two", "version": version_of(Verdict, verdict)}
    response = client.post(f"/verdicts/{verdict}/retract", data=second)
    assert response.status_code == 400
    assert "This verdict is already retracted." in response.get_data(as_text=True)


def test_create_audit_entry_records_rating_and_evidence(
    app, client, login, make_claim, rating_id
) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    body = verdict_body(rating_id("mostly-false"), user.id, credibility="3")
    assert client.post(f"/claims/{claim_id}/verdicts/new", data=body).status_code == 302
    with app.app_context():
        verdict_id = db.session().scalar(select(Verdict.id))
    (created,) = audit_entries(app, "verdict", verdict_id)
    assert created.action == "create"
    assert created.actor_id == user.id
    assert created.changes["rating"] == [None, "Mostly false"]
    assert created.changes["evidence"] == [None, [EVIDENCE_URL]]
    assert created.changes["credibility"] == [None, 3]
    assert created.changes["claim_id"] == [None, claim_id]
    assert created.changes["rating_value_id"] == [None, rating_id("mostly-false")]
    assert created.changes["reviewer_id"] == [None, user.id]
    assert created.summary == f"Proposed Mostly false on claim #{claim_id}"
    claim_entries = audit_entries(app, "claim", claim_id)
    assert [e.action for e in claim_entries] == ["create", "status"]
    assert claim_entries[1].changes == {"status": ["new", "in_review"]}
    assert claim_entries[1].actor_id == user.id


def test_conclusion_audits_status_change(app, client, login, make_claim, rating_id) -> None:
    user = login(Role.EDITOR)
    claim_id = make_claim()
    body = verdict_body(rating_id("true"), user.id, button="conclude")
    assert client.post(f"/claims/{claim_id}/verdicts/new", data=body).status_code == 302
    status = [e for e in audit_entries(app, "claim", claim_id) if e.action == "status"]
    assert [e.changes for e in status] == [{"status": ["new", "concluded"]}]


# --- the operations themselves (used by the API, the importer and the CLI as well) -------


def _data(sess, slug: str, evidence: list[str]) -> VerdictData:
    value = sess.scalar(select(RatingValue).where(RatingValue.slug == slug))
    return VerdictData(
        rating_value_id=value.id,
        credibility=2,
        rationale="Because.",
        evidence=[EvidenceData(url=u) for u in evidence],
    )


@pytest.mark.parametrize(
    ("slug", "checkable", "allowed"),
    [("false", True, False), ("unverifiable", True, True), ("false", False, True)],
)
def test_operation_requires_evidence_unless_uncheckable(
    sess, make_claim, slug, checkable, allowed
) -> None:
    claim = sess.get(Claim, make_claim(checkable=checkable))
    data = _data(sess, slug, [])
    if allowed:
        assert record_verdict(sess, actor=None, claim=claim, data=data, conclude=True).id
    else:
        with pytest.raises(OperationError, match=r"Give at least one evidence link") as caught:
            record_verdict(sess, actor=None, claim=claim, data=data, conclude=True)
        assert caught.value.field == "evidence"
        assert caught.value.message == EVIDENCE_REQUIRED


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "https://", "http://exa mple.org", "http://[::1", "x" * 501]
)
def test_operation_refuses_bad_evidence_urls(sess, make_claim, url) -> None:
    claim = sess.get(Claim, make_claim())
    with pytest.raises(OperationError) as caught:
        record_verdict(
            sess, actor=None, claim=claim, data=_data(sess, "false", [url]), conclude=False
        )
    assert caught.value.field == "evidence"


def test_operation_checks_roles(app, make_claim, make_user) -> None:
    from webapp.users.models import User

    claim_id = make_claim()
    checker_id = make_user(Role.CHECKER).id
    viewer_id = make_user(Role.VIEWER).id
    with app.app_context():
        sess = db.session()
        _check_roles(
            sess, sess.get(Claim, claim_id), sess.get(User, checker_id), sess.get(User, viewer_id)
        )


def _check_roles(sess, claim, checker, viewer) -> None:
    data = _data(sess, "false", ["https://example.org/a"])
    with pytest.raises(PermissionDenied):
        record_verdict(sess, actor=checker, claim=claim, data=data, conclude=True)
    with pytest.raises(PermissionDenied):
        record_verdict(sess, actor=viewer, claim=claim, data=data, conclude=False)
    assert record_verdict(sess, actor=checker, claim=claim, data=data, conclude=False).id
