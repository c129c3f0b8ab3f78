"""A seeded desk for the authorization tests: one record of every kind, users of every role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.api.conftest import TokenUser, make_token  # noqa: F401 (a fixture, shared)
from tests.conftest import sign_in
from tests.imports.conftest import table_counts  # noqa: F401 (a fixture, shared)
from tests.imports.test_upload_jobs import queued_job
from webapp import db
from webapp.claims.models import Claim, ClaimRelation, RelationKind
from webapp.claims.operations import relate_claims, retract_claim
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.documents.models import Document
from webapp.documents.operations import add_appearance
from webapp.sources.models import Source
from webapp.sources.operations import retract_source
from webapp.users.models import User
from webapp.verdicts.models import RatingScale

ROLES = ["anonymous", "viewer", "checker", "editor", "admin"]


@dataclass
class Desk:
    """What the seed made: ids by URL argument name, and each role's user and token."""

    ids: dict[str, Any]
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, TokenUser] = field(default_factory=dict)
    other: dict[str, Any] = field(default_factory=dict)

    def sign_in(self, client: FlaskClient, role: str) -> None:
        if role != "anonymous":
            sign_in(client, self.users[role])


@pytest.fixture
def desk(
    app: Flask,
    make_user: Callable[..., User],
    make_token: Callable[..., TokenUser],  # noqa: F811
    make_source: Callable[..., int],
    make_claim: Callable[..., int],
    make_document: Callable[..., int],
    make_verdict: Callable[..., int],
) -> Desk:
    """Users of every role with tokens, and a claim with appearance, verdicts and relations."""
    users = {role.value: make_user(role=role) for role in Role}
    tokens = {name: make_token(user=user) for name, user in users.items()}
    other = make_user(role=Role.CHECKER)
    other_token = make_token(user=other, name="someone else's")
    source_id = make_source("Bismillah Khan Mohammadi")
    gone_source_id = make_source("A retracted source")
    claim_id = make_claim(claimant_id=source_id)
    second_id = make_claim("Panjshir has a population of more than 140,000.")
    gone_claim_id = make_claim("A retracted claim.")
    document_id = make_document("The Panjshir resistance", url="https://example.org/neo")
    verdict_id = make_verdict(claim_id, rating="false")
    proposed_id = make_verdict(second_id, rating="true", conclude=False)
    with app.app_context():
        sess = db.session()
        claim = sess.get(Claim, claim_id)
        appearance = add_appearance(
            sess, actor=None, claim=claim, document=sess.get(Document, document_id)
        )
        relation = relate_claims(
            sess,
            actor=users["checker"],
            claim=claim,
            related=sess.get(Claim, second_id),
            kind=RelationKind.SUPPORTS,
        )
        retract_claim(sess, actor=None, claim=sess.get(Claim, gone_claim_id), reason="Spam")
        retract_source(sess, actor=None, source=sess.get(Source, gone_source_id), reason="Spam")
        scale_id = sess.scalar(select(RatingScale.id).where(RatingScale.slug == "default"))
        sess.commit()
        versions = {
            "claim_version": claim.version,
            "source_version": sess.get(Source, source_id).version,
        }
        ids: dict[str, Any] = {
            "claim_id": claim_id,
            "source_id": source_id,
            "document_id": document_id,
            "appearance_id": appearance.id,
            "verdict_id": verdict_id,
            "relation_id": relation.id,
            "scale_id": scale_id,
            # Someone else's account and token: only an admin may touch them.
            "user_id": other.id,
            "token_id": other_token.token_id,
            "job_id": queued_job(app, users["checker"].id, state="done"),
            "upload_id": "U" * 22,
            "other_id": second_id,
            # a sentence's character offsets in a document's text (intake)
            "start": 0,
            "end": 10,
            "name": "claims",
            "filename": "claimdesk.css",
            **versions,
        }
    tokens_by_role = {"anonymous": None, **tokens}
    return Desk(
        ids=ids,
        users=users,
        tokens=tokens_by_role,  # type: ignore[arg-type]
        other={
            "user": other,
            "token": other_token,
            "proposed_id": proposed_id,
            "second_id": second_id,
            "gone_claim_id": gone_claim_id,
            "gone_source_id": gone_source_id,
        },
    )


@pytest.fixture
def state(app: Flask, table_counts: Callable[[], dict[str, int]]) -> Callable[[], Any]:  # noqa: F811
    """Row counts of every table, plus the audit log's entries: what no GET may change."""

    def snapshot() -> tuple[dict[str, int], list[tuple[Any, ...]], int]:
        with app.app_context():
            sess = db.session()
            audit = [
                (e.id, e.entity_type, e.entity_id, e.action)
                for e in sess.scalars(select(AuditEntry).order_by(AuditEntry.id))
            ]
            versions = sum(
                sess.scalar(select(func.coalesce(func.sum(model.version), 0))) or 0
                for model in (Claim, Source, Document, User, ClaimRelation)
                if hasattr(model, "version")
            )
        return table_counts(), audit, versions

    return snapshot
