"""What the demo desk holds once loaded (both engines)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.demo.conftest import RETRIEVED
from webapp.claims.models import Claim, ClaimRelation, ClaimStatus, RelationKind
from webapp.core.audit import AuditEntry
from webapp.core.errors import PermissionDenied
from webapp.core.permissions import Role
from webapp.demo.data import WORKFLOW, DemoVerdict
from webapp.demo.loader import demo_loaded, load_demo
from webapp.documents.models import Appearance, Document
from webapp.sources.models import Source, SourceGrade, SourceKind
from webapp.verdicts.models import Verdict
from webapp.verdicts.operations import current_verdict

OPINION = "There is no room for the Taliban in the north of Afghanistan."


def claim(sess, n: int) -> Claim:
    found = sess.scalar(select(Claim).where(Claim.external_id == f"demo:{n}"))
    assert found is not None
    return found


def statement(sess, text: str) -> Claim:
    found = sess.scalar(select(Claim).where(Claim.statement == text))
    assert found is not None, text
    return found


def test_loads_claims_document_and_sources(sess, demo) -> None:
    assert demo.loaded
    claims = list(sess.scalars(select(Claim)))
    assert len(claims) >= 12
    assert demo.counts["claims"] == len(claims)
    assert all(c.external_id.startswith("demo:") and c.language == "en" for c in claims)
    document = sess.scalar(select(Document))
    assert document.title == "Does the Anti-Taliban Resistance in Afghanistan have a Future?"
    assert document.url is None  # the sample gives none and the demo invents none
    assert document.published_on == dt.date(2021, 8, 24)
    assert document.retrieved_on == RETRIEVED
    assert (document.publisher.name, document.publisher.kind) == (
        "New Eastern Outlook",
        SourceKind.OUTLET,
    )
    assert (document.author.name, document.author.kind) == ("Vladimir Danilov", SourceKind.PERSON)


def test_claimants_and_relays(sess, demo) -> None:
    baghlan = statement(
        sess, "Resistance forces took the Puli Khesar, Deh Salah and Banu districts of Baghlan."
    )
    assert baghlan.claimant.name == "Bismillah Khan Mohammadi"
    assert "Gen. Bismillah Khan Mohammadi" in baghlan.claimant.alias_names
    assert [r.source.name for r in baghlan.relays] == ["Bismillah Khan Mohammadi on Twitter"]
    assert baghlan.relays[0].source.kind is SourceKind.SOCIAL_ACCOUNT
    assert baghlan.claim_date == dt.date(2021, 8, 20)
    opinion = statement(sess, OPINION)
    assert opinion.claimant.name == "Abdul Rashid Dostum"
    assert [r.source.name for r in opinion.relays] == ["Anadolu Agency"]
    fighters = statement(
        sess, "About 10,000 fighters have left for Panjshir province to fight the Taliban."
    )
    assert fighters.claimant.name == "Reports coming from Afghanistan"
    assert fighters.claimant.kind is SourceKind.UNNAMED
    saleh = statement(sess, "Amrullah Saleh's forces recaptured Charikar district in Parwan.")
    assert saleh.claimant.name == "Vladimir Danilov"
    massoud = sess.scalar(select(Source).where(Source.name == "Ahmad Massoud"))
    assert "Ahmad Masood" in massoud.alias_names
    assert sess.scalar(select(func.count()).select_from(Claim).where(Claim.claimant == massoud))


def test_quantities(sess, demo) -> None:
    fighters = sess.scalar(select(Claim).where(Claim.quantity_unit == "fighters"))
    assert (fighters.quantity_value, fighters.quantity_low) == (10000, None)
    people = sess.scalar(select(Claim).where(Claim.quantity_unit == "people"))
    assert people.statement == "Panjshir has a population of more than 140,000."
    assert (people.quantity_value, people.quantity_low, people.quantity_high) == (
        None,
        140000,
        None,
    )
    units = set(sess.scalars(select(Claim.quantity_unit).where(Claim.quantity_unit.is_not(None))))
    assert {"fighters", "people", "districts", "provinces", "years"} <= units


def test_opinion_is_not_checkable(sess, demo) -> None:
    opinion = statement(sess, OPINION)
    assert opinion.checkable is False
    assert current_verdict(opinion).rating.label == "Unverifiable"
    others = sess.scalars(select(Claim.checkable).where(Claim.id != opinion.id))
    assert all(others)


def test_tags_appearances_and_quotes(sess, demo) -> None:
    document = sess.scalar(select(Document))
    for item in sess.scalars(select(Claim)):
        assert item.quote, item.statement
        [appearance] = item.appearances
        assert appearance.document_id == document.id
        assert appearance.is_first
        assert appearance.quote == item.quote
    tags = {t.name for c in sess.scalars(select(Claim)) for t in c.tags}
    assert {"Panjshir", "Taliban", "Baghlan", "Kabul"} <= tags


def test_statuses_at_every_stage(sess, demo) -> None:
    statuses = {c.status for c in sess.scalars(select(Claim))}
    assert statuses == set(ClaimStatus)
    for item in sess.scalars(select(Claim).where(Claim.status == ClaimStatus.IN_REVIEW)):
        assert current_verdict(item) is None
        assert [v.is_concluded for v in item.verdicts] == [False]
    for item in sess.scalars(select(Claim).where(Claim.status == ClaimStatus.NEW)):
        assert item.verdicts == []
    reopened = sess.scalar(select(Claim).where(Claim.status == ClaimStatus.REOPENED))
    assert current_verdict(reopened) is not None  # stays current until a correction


def test_corrected_verdict(sess, demo) -> None:
    corrected = [
        c for c in sess.scalars(select(Claim)) if sum(v.is_concluded for v in c.verdicts) == 2
    ]
    assert len(corrected) == 1
    first, second = corrected[0].verdicts
    assert first.concluded_at <= second.concluded_at
    assert current_verdict(corrected[0]).id == second.id
    assert (first.rating.label, second.rating.label) == ("Unverifiable", "Mostly true")
    assert first.retracted_at is None  # a correction keeps the old verdict visible
    assert corrected[0].status is ClaimStatus.CONCLUDED
    statuses = sess.scalars(
        select(AuditEntry.changes)
        .where(
            AuditEntry.entity_type == "claim",
            AuditEntry.entity_id == corrected[0].id,
            AuditEntry.action == "status",
        )
        .order_by(AuditEntry.id)
    )
    moves = [c["status"][1] for c in statuses]
    assert moves == ["in_review", "concluded", "reopened", "concluded"]


def test_relations_and_grades(sess, demo) -> None:
    relations = list(sess.scalars(select(ClaimRelation)))
    assert {r.kind for r in relations} == {RelationKind.SUPPORTS, RelationKind.CONTRADICTS}
    assert all(r.note for r in relations)
    grades = list(sess.scalars(select(SourceGrade)))
    assert len(grades) >= 2
    assert all(g.rationale.startswith("Illustrative") for g in grades)


def test_verdicts_say_they_are_illustrative(sess, demo) -> None:
    verdicts = list(sess.scalars(select(Verdict)))
    assert all("Illustrative" in v.rationale and "demo desk" in v.rationale for v in verdicts)
    urls = {e.url for v in verdicts for e in v.evidence}
    assert urls
    assert all(u.startswith("https://en.wikipedia.org/wiki/") for u in urls)


def test_every_record_has_an_audit_entry(sess, demo) -> None:
    created = {
        (e.entity_type, e.entity_id)
        for e in sess.scalars(select(AuditEntry).where(AuditEntry.action == "create"))
    }
    for model, kind in [
        (Source, "source"),
        (Document, "document"),
        (Claim, "claim"),
        (Appearance, "appearance"),
        (ClaimRelation, "claim_relation"),
        (Verdict, "verdict"),
    ]:
        ids = list(sess.scalars(select(model.id)))
        assert ids, kind
        assert {(kind, i) for i in ids} <= created, kind
    graded = sess.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == "grade"))
    assert sorted(graded) == sorted(sess.scalars(select(SourceGrade.source_id)))
    concluded = sess.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.entity_type == "verdict", AuditEntry.action == "update")
    )
    approved = [s for s in WORKFLOW if isinstance(s, DemoVerdict) and s.stage == "approved"]
    assert concluded == len(approved) > 0
    assert demo.counts["audit entries"] == sess.scalar(select(func.count()).select_from(AuditEntry))


def test_loading_twice_adds_nothing(sess, demo) -> None:
    tables = [Source, Document, Claim, Appearance, ClaimRelation, Verdict, SourceGrade, AuditEntry]

    def counts() -> list[int]:
        return [sess.scalar(select(func.count()).select_from(t)) for t in tables]

    before = counts()
    again = load_demo(sess)
    sess.commit()
    assert not again.loaded
    assert "already" in again.message
    assert counts() == before


def test_demo_document_alone_counts_as_loaded(sess, make_source, make_document) -> None:
    publisher = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    make_document(
        title="Does the Anti-Taliban Resistance in Afghanistan have a Future?",
        publisher_id=publisher,
    )
    assert demo_loaded(sess)
    assert not load_demo(sess).loaded


def test_reuses_sources_the_desk_knows(sess, make_source) -> None:
    anadolu = make_source("Anadolu", kind=SourceKind.OUTLET)
    unnamed = make_source("Reports coming from Afghanistan", kind=SourceKind.UNNAMED)
    result = load_demo(sess)
    sess.commit()
    assert result.counts["sources reused"] == 2
    opinion = statement(sess, OPINION)
    assert [r.source_id for r in opinion.relays] == [anadolu]
    assert (
        sess.scalar(select(func.count()).select_from(Source).where(Source.name == "Anadolu Agency"))
        == 0
    )
    # The desk's own records get no illustrative grades from the demo.
    assert sess.scalar(select(SourceGrade).where(SourceGrade.source_id == unnamed)) is None


def test_actor_is_recorded_and_must_be_an_editor(sess, make_user) -> None:
    checker = make_user(Role.CHECKER)
    with pytest.raises(PermissionDenied):
        load_demo(sess, actor=sess.get(type(checker), checker.id))
    sess.rollback()
    editor = sess.get(type(checker), make_user(Role.EDITOR).id)
    load_demo(sess, actor=editor)
    sess.commit()
    actors = set(sess.scalars(select(AuditEntry.actor_id).where(AuditEntry.entity_type != "user")))
    assert actors == {editor.id}
