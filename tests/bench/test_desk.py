"""The benchmark desk generator writes data the app reads as its own, on both engines."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bench.desk import populate
from webapp import db
from webapp.claims import queries
from webapp.claims.models import Claim, ClaimStatus
from webapp.claims.operations import claim_snapshot
from webapp.core import audit
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.verdicts.operations import current_verdict, verdict_snapshot

CLAIMS = 400


@pytest.fixture
def desk(app):
    engine = db.database(app).engine.execution_options(claimdesk_write=True)
    with engine.connect() as conn:
        return populate(conn, CLAIMS, seed=5)


def test_statuses_and_current_verdicts_agree_with_the_operations(app, sess, desk) -> None:
    claims = sess.scalars(select(Claim).options(selectinload(Claim.verdicts))).all()
    assert len(claims) == CLAIMS
    cv = queries.current_verdicts()
    in_sql = dict(sess.execute(select(cv.c.claim_id, cv.c.verdict_id)).all())
    kinds = set()
    for claim in claims:
        current = current_verdict(claim)
        assert in_sql.get(claim.id) == (current.id if current else None)
        if current is not None:
            assert claim.status is ClaimStatus.CONCLUDED
        elif claim.verdicts:  # only a pending proposal
            assert claim.status is ClaimStatus.IN_REVIEW
            assert all(v.concluded_at is None for v in claim.verdicts)
        else:
            assert claim.status is ClaimStatus.NEW
        kinds.add((len(claim.verdicts), claim.status))
        for verdict in claim.verdicts:
            assert bool(verdict.evidence) == (verdict.rating.truth_score is not None)
    # 1-3 verdicts with corrections, pending proposals and claims without any all occur.
    assert {n for n, _ in kinds} == {0, 1, 2, 3}


def test_audit_entries_are_what_the_operations_write(sess, desk) -> None:
    claims = sess.scalars(select(Claim).order_by(Claim.id).limit(40)).all()
    for claim in claims:
        entry = sess.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_type == "claim", AuditEntry.entity_id == claim.id
            )
        ).one()
        expected = {**claim_snapshot(claim), "status": "new"}  # created new, concluded later
        assert entry.changes == audit.diff({}, expected)
        for verdict in claim.verdicts:
            created = sess.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity_type == "verdict",
                    AuditEntry.entity_id == verdict.id,
                    AuditEntry.action == "create",
                )
            ).one()
            assert created.changes == audit.diff({}, verdict_snapshot(verdict))


def test_search_matches_the_words_written_and_the_spread_is_zipf(sess, desk) -> None:
    texts = dict(sess.execute(select(Claim.id, Claim.statement + " " + Claim.quote)).all())
    counts = {}
    for term in (desk.rare, desk.medium, desk.common):
        expected = {i for i, t in texts.items() if re.search(rf"\b{term}\b", t, re.IGNORECASE)}
        listing = queries.list_claims(sess, queries.ClaimFilters(q=term, show_retracted=True))
        assert listing.total == len(expected)
        counts[term] = len(expected)
    assert counts[desk.rare] < counts[desk.medium] < counts[desk.common]
    assert counts[desk.common] > CLAIMS // 2
    per_source = sess.execute(
        select(Claim.claimant_id, func.count()).group_by(Claim.claimant_id)
    ).all()
    top = max(per_source, key=lambda row: row[1])
    assert tuple(top) == (desk.big_source_id, desk.big_source_claims)
    assert desk.big_source_claims > 5 * CLAIMS / len(per_source)


def test_pages_and_export_work_on_the_desk(client, login, make_claim, desk) -> None:
    login(Role.VIEWER)
    for url in (
        "/claims",
        f"/claims?q={desk.common}",
        f"/claims?q={desk.rare}",
        f"/claims?tag={desk.tag}&status=concluded",
        f"/sources/{desk.big_source_id}",
        "/claims/1",
    ):
        assert client.get(url).status_code == 200, url
    exported = client.get("/exports/claims.csv?show_retracted=y")
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert len(rows) == CLAIMS + 1
    # The id sequences continue after the bulk load.
    assert make_claim("A claim written after the desk.") > CLAIMS
