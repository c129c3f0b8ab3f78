"""Workflow actions and relations on the claim page, and the role matrix of every claim route."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import sign_in
from webapp import db
from webapp.claims.models import Claim, ClaimRelation, ClaimStatus, RelationKind
from webapp.claims.operations import relate_claims, retract_claim
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role

CLAIM_FORM = {"statement": "About 10,000 fighters left for Panjshir.", "language": "en",
              "checkable": "y"}  # fmt: skip


def _relate(app, claim_id: int, related_id: int, kind=RelationKind.DUPLICATE_OF) -> int:
    with app.app_context():
        sess = db.session()
        relation = relate_claims(
            sess, actor=None, claim=sess.get(Claim, claim_id), related=sess.get(Claim, related_id),
            kind=kind,
        )  # fmt: skip
        sess.commit()
        return relation.id


def _retract(app, claim_id: int) -> None:
    with app.app_context():
        sess = db.session()
        retract_claim(sess, actor=None, claim=sess.get(Claim, claim_id), reason="Duplicate")
        sess.commit()


def _claim(app, claim_id: int) -> Claim:
    with app.app_context():
        return db.session().get(Claim, claim_id)


def _entries(app, entity_type: str, entity_id: int) -> list[AuditEntry]:
    with app.app_context():
        return list(
            db.session().scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
                .order_by(AuditEntry.id)
            )
        )


# (method, path, lowest role allowed, state the claim must be in, form data)
ROUTES = [
    ("GET", "/claims/{claim}", Role.VIEWER, "new", None),
    ("GET", "/claims/new", Role.CHECKER, "new", None),
    ("POST", "/claims/new", Role.CHECKER, "new", CLAIM_FORM),
    ("GET", "/claims/{claim}/edit", Role.CHECKER, "new", None),
    ("POST", "/claims/{claim}/edit", Role.CHECKER, "new", {**CLAIM_FORM, "version": "1"}),
    ("POST", "/claims/{claim}/submit", Role.CHECKER, "new", {"version": "1"}),
    ("POST", "/claims/{claim}/reopen", Role.EDITOR, "concluded",
     {"reopen-reason": "New data", "reopen-version": "{version}"}),
    ("POST", "/claims/{claim}/retract", Role.EDITOR, "new", {"retract-reason": "Duplicate"}),
    ("POST", "/claims/{claim}/restore", Role.EDITOR, "retracted", {}),
    ("POST", "/claims/{claim}/relations", Role.CHECKER, "new",
     {"relation-related": "#{other}", "relation-kind": "contradicts"}),
    ("POST", "/claims/{claim}/relations/{relation}/retract", Role.CHECKER, "new",
     {"relation{relation}-reason": "Not the same claim"}),
]  # fmt: skip


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize(
    ("method", "path", "needed", "state", "data"),
    [pytest.param(*route, id=f"{route[0]} {route[1]}") for route in ROUTES],
)
def test_role_matrix(app, client, make_user, make_claim, make_verdict, version_of, role, method,
                     path, needed, state, data) -> None:  # fmt: skip
    claim_id, other_id = make_claim(), make_claim("Another claim.")
    relation_id = _relate(app, claim_id, other_id)
    if state == "concluded":
        make_verdict(claim_id)
    elif state == "retracted":
        _retract(app, claim_id)
    names = {"claim": claim_id, "other": other_id, "relation": relation_id,
             "version": version_of(Claim, claim_id)}  # fmt: skip
    url = path.format(**names)
    form = {k.format(**names): v.format(**names) for k, v in (data or {}).items()}

    anonymous = client.open(url, method=method, data=form)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/login")

    user = make_user(role)
    sign_in(client, user)
    response = client.open(url, method=method, data=form)
    if not role.includes(needed):
        assert response.status_code == 403
        with app.app_context():
            acted = db.session().scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id))
            assert [e.action for e in acted if e.entity_type != "user"] == []
        return
    assert response.status_code == (200 if method == "GET" else 302), response.text
    if method == "POST":
        assert response.headers["Location"].startswith("/claims/")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CHECKER], ids=lambda r: r.value)
def test_refused_roles_change_nothing(app, client, login, make_claim, make_verdict, role) -> None:
    login(role)
    claim_id = make_claim()
    make_verdict(claim_id)
    before = _entries(app, "claim", claim_id)
    assert client.post(f"/claims/{claim_id}/reopen", data={"reopen-reason": "x"}).status_code == 403
    assert (
        client.post(f"/claims/{claim_id}/retract", data={"retract-reason": "x"}).status_code == 403
    )
    assert len(_entries(app, "claim", claim_id)) == len(before)
    assert _claim(app, claim_id).status is ClaimStatus.CONCLUDED


def test_submit_for_review(app, client, login, make_claim) -> None:
    checker = login(Role.CHECKER)
    claim_id = make_claim()
    response = client.post(f"/claims/{claim_id}/submit", data={"version": "1"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/claims/{claim_id}"
    assert _claim(app, claim_id).status is ClaimStatus.IN_REVIEW
    entry = _entries(app, "claim", claim_id)[-1]
    assert (entry.action, entry.actor_id) == ("status", checker.id)
    assert entry.changes == {"status": ["new", "in_review"]}
    page = client.get(response.headers["Location"]).text
    assert f"Claim #{claim_id} is waiting for review." in page
    assert "In review</span>" in page

    again = client.post(f"/claims/{claim_id}/submit", data={"version": "2"})
    assert again.status_code == 400
    assert "A claim that is in review cannot be submitted." in again.text


def test_stale_submit_is_a_conflict(app, client, login, make_claim) -> None:
    login(Role.CHECKER)
    claim_id = make_claim()
    client.post(f"/claims/{claim_id}/edit", data={**CLAIM_FORM, "statement": "New", "version": "1"})
    response = client.post(f"/claims/{claim_id}/submit", data={"version": "1"})
    assert response.status_code == 409
    assert "Someone else changed this claim" in response.text
    assert _claim(app, claim_id).status is ClaimStatus.NEW


def test_reopen_needs_a_reason_and_a_concluded_claim(
    app, client, login, make_claim, make_verdict, version_of
) -> None:
    editor = login(Role.EDITOR)
    fresh = make_claim()
    refused = client.post(
        f"/claims/{fresh}/reopen",
        data={"reopen-reason": "New data", "reopen-version": version_of(Claim, fresh)},
    )
    assert refused.status_code == 400
    assert "Only a concluded claim can be reopened." in refused.text

    claim_id = make_claim("Concluded claim.")
    make_verdict(claim_id)
    version = version_of(Claim, claim_id)
    missing = client.post(
        f"/claims/{claim_id}/reopen", data={"reopen-reason": "  ", "reopen-version": version}
    )
    assert missing.status_code == 400
    assert re.search(
        r'id="reopen-reason-error" class="error">Give a reason for reopening.', missing.text
    )
    assert _claim(app, claim_id).status is ClaimStatus.CONCLUDED

    ok = client.post(
        f"/claims/{claim_id}/reopen",
        data={"reopen-reason": "A new UN count.", "reopen-version": version},
    )
    assert ok.status_code == 302
    assert _claim(app, claim_id).status is ClaimStatus.REOPENED
    entry = _entries(app, "claim", claim_id)[-1]
    assert (entry.actor_id, entry.changes) == (editor.id, {"status": ["concluded", "reopened"]})
    assert entry.summary == "Status Concluded → Reopened: A new UN count."


def test_retract_and_restore(app, client, login, make_claim, version_of) -> None:
    editor = login(Role.EDITOR)
    claim_id = make_claim()
    missing = client.post(f"/claims/{claim_id}/retract", data={"retract-reason": ""})
    assert missing.status_code == 400
    assert "Give a reason for the retraction." in missing.text
    assert _claim(app, claim_id).retracted_at is None

    ok = client.post(f"/claims/{claim_id}/retract", data={"retract-reason": "Recorded twice"})
    assert ok.status_code == 302
    claim = _claim(app, claim_id)
    assert claim.retraction_reason == "Recorded twice"
    entry = _entries(app, "claim", claim_id)[-1]
    assert (entry.action, entry.actor_id) == ("retract", editor.id)
    assert entry.changes == {
        "retracted": [False, True],
        "retraction_reason": [None, "Recorded twice"],
    }

    again = client.post(f"/claims/{claim_id}/retract", data={"retract-reason": "Again"})
    assert again.status_code == 400
    assert "This claim is already retracted." in again.text
    submit = client.post(
        f"/claims/{claim_id}/submit", data={"version": version_of(Claim, claim_id)}
    )
    assert submit.status_code == 400
    assert (
        f"Claim #{claim_id} is retracted; restore it before submitting it for review."
        in submit.text
    )

    restored = client.post(f"/claims/{claim_id}/restore")
    assert restored.status_code == 302
    assert _claim(app, claim_id).retracted_at is None
    assert [e.action for e in _entries(app, "claim", claim_id)] == ["create", "retract", "restore"]
    not_retracted = client.post(f"/claims/{claim_id}/restore")
    assert not_retracted.status_code == 400
    assert "This claim is not retracted." in not_retracted.text


@pytest.mark.parametrize("reference", ["#{other}", "{other}", " # {other} "])
def test_relate_claims(app, client, login, make_claim, reference) -> None:
    checker = login(Role.CHECKER)
    claim_id, other = make_claim("Copy."), make_claim("Original.")
    response = client.post(
        f"/claims/{claim_id}/relations",
        data={"relation-related": reference.format(other=other), "relation-kind": "duplicate_of",
              "relation-note": "Same words."},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == f"/claims/{claim_id}#relations"
    with app.app_context():
        relation = db.session().scalar(select(ClaimRelation))
        assert (relation.claim_id, relation.related_claim_id) == (claim_id, other)
        assert (relation.kind, relation.note) == (RelationKind.DUPLICATE_OF, "Same words.")
    entry = _entries(app, "claim_relation", relation.id)[0]
    assert (entry.action, entry.actor_id) == ("create", checker.id)
    assert entry.changes["kind"] == [None, "duplicate_of"]


@pytest.mark.parametrize(
    ("related", "kind", "message", "field"),
    [
        ("", "supports", "Give the other claim&#39;s number", "relation-related"),
        ("twelve", "supports", "Write the other claim&#39;s number", "relation-related"),
        ("#999999", "supports", "There is no claim #999999.", "relation-related"),
        ("#{claim}", "supports", "A claim cannot be related to itself.", "relation-related"),
        ("#{existing}", "duplicate_of", "These claims are already related this way.",
         "relation-kind"),
        ("#{retracted}", "supports", "is retracted; restore it before relating it.",
         "relation-related"),
        ("#{other}", "friend_of", "Not a valid choice", "relation-kind"),
    ],
)  # fmt: skip
def test_relate_refuses_bad_input(app, client, login, make_claim, related, kind, message, field):
    login(Role.CHECKER)
    claim_id, existing = make_claim("One."), make_claim("Two.")
    other, retracted = make_claim("Three."), make_claim("Four.")
    _relate(app, claim_id, existing)
    _retract(app, retracted)
    names = {"claim": claim_id, "existing": existing, "other": other, "retracted": retracted}
    response = client.post(
        f"/claims/{claim_id}/relations",
        data={"relation-related": related.format(**names), "relation-kind": kind},
    )
    assert response.status_code == 400
    assert re.search(rf'id="{field}-error" class="error">[^<]*{re.escape(message)}', response.text)
    assert '<details class="claim-action" open>' in response.text
    with app.app_context():
        assert len(list(db.session().scalars(select(ClaimRelation)))) == 1


def test_retract_relation(app, client, login, make_claim) -> None:
    checker = login(Role.CHECKER)
    claim_id, other, stranger = make_claim("One."), make_claim("Two."), make_claim("Three.")
    relation_id = _relate(app, other, claim_id, RelationKind.CONTRADICTS)
    unrelated = _relate(app, other, stranger)
    url = f"/claims/{claim_id}/relations/{relation_id}/retract"
    missing = client.post(url, data={f"relation{relation_id}-reason": ""})
    assert missing.status_code == 400
    assert f'id="relation{relation_id}-reason-error"' in missing.text
    foreign = client.post(f"/claims/{claim_id}/relations/{unrelated}/retract", data={"x": "y"})
    assert foreign.status_code == 404

    ok = client.post(url, data={f"relation{relation_id}-reason": "They agree after all."})
    assert ok.status_code == 302
    assert ok.headers["Location"] == f"/claims/{claim_id}#relations"
    entry = _entries(app, "claim_relation", relation_id)[-1]
    assert (entry.action, entry.actor_id) == ("retract", checker.id)
    assert entry.changes["retraction_reason"] == [None, "They agree after all."]
    again = client.post(url, data={f"relation{relation_id}-reason": "Again"})
    assert again.status_code == 400
    assert "This relation is already retracted." in again.text


def test_forms_need_the_csrf_token(app, client, login, make_claim) -> None:
    login(Role.EDITOR)
    claim_id = make_claim()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(f"/claims/{claim_id}/retract", data={"retract-reason": "Duplicate"})
        assert refused.status_code == 400
        assert _claim(app, claim_id).retracted_at is None
        page = client.get(f"/claims/{claim_id}").text
        token = re.search(r'name="retract-csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None
        accepted = client.post(
            f"/claims/{claim_id}/retract",
            data={"retract-reason": "Duplicate", "retract-csrf_token": token.group(1)},
        )
        assert accepted.status_code == 302
        assert _claim(app, claim_id).retracted_at is not None
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_unknown_claim_actions_are_404(client, login) -> None:
    login(Role.EDITOR)
    for action in ("submit", "reopen", "retract", "restore", "relations"):
        assert client.post(f"/claims/777777/{action}").status_code == 404
