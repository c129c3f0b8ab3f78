"""The intake page: highlighted candidates, the threshold, and a claim from a candidate."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.intake.conftest import sentence_at
from webapp import db
from webapp.claims.models import Claim
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.documents.models import Appearance
from webapp.sources.models import Source, SourceKind

GENERAL = "“The Puli Khesar, Deh Salah and Banu"
FIGHTERS = "According to reports coming from Afghanistan"


def candidate_ids(page: str) -> list[int]:
    return [
        int(n) for n in re.findall(r'<article class="candidate card" id="candidate-(\d+)"', page)
    ]


def test_the_page_highlights_candidates_with_scores(client, login, sample_document, sample_text):
    login(Role.VIEWER)
    document_id = sample_document()
    page = client.get(f"/documents/{document_id}/intake").get_data(as_text=True)
    start, _ = sentence_at(sample_text, FIGHTERS)
    assert f'<a href="#candidate-{start}" class="cand cand-high">' in page
    assert start in candidate_ids(page)
    assert "Number or quantity" in page  # why it scored
    assert "<script" not in page.split("</main>")[0]
    assert " style=" not in page
    assert "Create claim" not in page  # a viewer sees suggestions, not forms


def test_threshold_and_order(client, login, sample_document):
    login(Role.CHECKER)
    document_id = sample_document()
    everything = candidate_ids(
        client.get(f"/documents/{document_id}/intake?threshold=-10").get_data(as_text=True)
    )
    default = candidate_ids(client.get(f"/documents/{document_id}/intake").get_data(as_text=True))
    strict = candidate_ids(
        client.get(f"/documents/{document_id}/intake?threshold=5").get_data(as_text=True)
    )
    assert len(everything) == 49  # every sentence of the sample
    assert len(strict) < len(default) < len(everything)
    assert default == sorted(default)
    by_score = candidate_ids(
        client.get(f"/documents/{document_id}/intake?order=score").get_data(as_text=True)
    )
    assert sorted(by_score) == default
    assert by_score != default


@pytest.mark.parametrize("query", ["threshold=lots", "threshold=99", "order=sideways"])
def test_bad_controls_answer_400_with_a_reason(client, login, sample_document, query):
    login(Role.VIEWER)
    response = client.get(f"/documents/{sample_document()}/intake?{query}")
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)


def test_suggestions_are_prefilled(client, login, sample_document, make_source, sample_text):
    login(Role.CHECKER)
    twitter = make_source("Twitter", kind=SourceKind.OUTLET)
    document_id = sample_document()
    page = client.get(f"/documents/{document_id}/intake").get_data(as_text=True)
    start, _ = sentence_at(sample_text, GENERAL)
    assert f'name="c{start}-claimant" type="text" value="Bismillah Khan Mohammadi"' in page
    assert f"Twitter #{twitter}</textarea>" in page
    fighters, _ = sentence_at(sample_text, FIGHTERS)
    assert f'name="c{fighters}-quantity_value" step="any" type="number" value="10000"' in page
    assert f'name="c{fighters}-quantity_unit" type="text" value="fighters"' in page
    kabul, _ = sentence_at(sample_text, "After Taliban")
    assert f'name="c{kabul}-event_date" type="date" value="2021-08-15"' in page
    assert re.search(rf'name="c{kabul}-claimant" type="text" value="Vladimir Danilov #\d+"', page)


def form_of(sample_text: str, starts: str, **fields: str) -> tuple[str, dict[str, str]]:
    start, end = sentence_at(sample_text, starts)
    sentence = sample_text[start:end]
    data = {
        "statement": sentence,
        "claimant_kind": "person",
        "checkable": "y",
        "add_sources": "y",
        **fields,
    }
    return f"{start}-{end}", {f"c{start}-{k}": v for k, v in data.items()}


def test_create_a_claim_from_a_candidate(client, login, app, sample_document, sample_text):
    user = login(Role.CHECKER)
    document_id = sample_document()
    where, data = form_of(
        sample_text,
        GENERAL,
        claimant="Bismillah Khan Mohammadi",
        relays="Twitter",
        claim_date="2021-08-20",
        place="Baghlan province",
        quantity_value="3",
        quantity_unit="districts",
    )
    response = client.post(f"/documents/{document_id}/intake/{where}/claim?threshold=2", data=data)
    start, end = (int(n) for n in where.split("-"))
    assert response.status_code == 302
    assert (
        response.headers["Location"]
        == f"/documents/{document_id}/intake?threshold=2#candidate-{start}"
    )
    with app.app_context():
        sess = db.session()
        claim = sess.scalars(select(Claim)).one()
        appearance = sess.scalars(select(Appearance)).one()
        assert claim.claimant.name == "Bismillah Khan Mohammadi"
        assert claim.claimant.kind is SourceKind.PERSON
        assert [r.source.name for r in claim.relays] == ["Twitter"]
        assert claim.relays[0].source.kind is SourceKind.OUTLET
        assert (claim.quantity_value, claim.quantity_unit, claim.place) == (
            3,
            "districts",
            "Baghlan province",
        )
        assert claim.quote == sample_text[start:end]
        assert (appearance.claim_id, appearance.document_id) == (claim.id, document_id)
        assert (appearance.quote_start, appearance.quote_end) == (start, end)
        assert appearance.quote == sample_text[start:end]
        assert appearance.is_first
        actions = {(e.entity_type, e.action, e.actor_id) for e in sess.scalars(select(AuditEntry))}
        assert {("claim", "create", user.id), ("appearance", "create", user.id)} <= actions
        assert ("source", "create", user.id) in actions
    page = client.get(f"/documents/{document_id}/intake").get_data(as_text=True)
    assert f"claim #{claim.id}</a>" in page
    assert f"intake/{where}/claim" not in page  # no second form for that sentence


def test_an_existing_source_is_reused(
    client, login, app, sample_document, make_source, sample_text
):
    login(Role.CHECKER)
    general = make_source("Bismillah Khan Mohammadi")
    document_id = sample_document()
    where, data = form_of(sample_text, GENERAL, claimant="Bismillah Khan Mohammadi")
    assert (
        client.post(f"/documents/{document_id}/intake/{where}/claim", data=data).status_code == 302
    )
    with app.app_context():
        assert db.session().scalars(select(Claim)).one().claimant_id == general
        assert (
            db.session().scalar(select(Source).where(Source.name.like("Bismillah%"))).id == general
        )


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"statement": ""}, "statement", "required"),
        ({"claimant": "Nobody Yet", "add_sources": ""}, "add_sources", "Tick this box"),
        ({"quantity_value": "3"}, "quantity_unit", "unit"),
        ({"quantity_value": "lots", "quantity_unit": "x"}, "quantity_value", "valid float"),
        ({"claim_date": "2999-01-01"}, "claim_date", "future"),
        ({"claimant": "Someone #999999"}, "claimant", "no source #999999"),
    ],
)
def test_bad_claim_input_is_a_field_error(
    client, login, app, sample_document, sample_text, fields, field, reason
):
    login(Role.CHECKER)
    document_id = sample_document()
    where, data = form_of(sample_text, FIGHTERS, **fields)
    response = client.post(f"/documents/{document_id}/intake/{where}/claim", data=data)
    assert response.status_code == 400
    start = where.split("-")[0]
    match = re.search(
        rf'id="c{start}-{field}-error" class="error">([^<]*)<', response.get_data(as_text=True)
    )
    assert match
    assert reason.lower() in match.group(1).lower()
    with app.app_context():
        assert db.session().scalars(select(Claim)).all() == []
        assert db.session().scalars(select(Appearance)).all() == []
        assert db.session().scalar(select(Source).where(Source.name == "Nobody Yet")) is None


def test_offsets_outside_the_text_are_refused(client, login, app, sample_document, sample_text):
    login(Role.CHECKER)
    document_id = sample_document()
    _, data = form_of(sample_text, FIGHTERS)
    start = next(iter(data)).split("-")[0][1:]
    response = client.post(
        f"/documents/{document_id}/intake/{start}-{len(sample_text) + 5}/claim", data=data
    )
    assert response.status_code == 400
    assert "not in the document" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().scalars(select(Claim)).all() == []


def test_roles_for_creating(client, login, sample_document, sample_text):
    document_id = sample_document()
    where, data = form_of(sample_text, FIGHTERS)
    assert client.get(f"/documents/{document_id}/intake").status_code == 302
    login(Role.VIEWER)
    assert (
        client.post(f"/documents/{document_id}/intake/{where}/claim", data=data).status_code == 403
    )
    assert client.get("/documents/999999/intake").status_code == 404


def test_a_document_without_text(client, login, make_document):
    login(Role.CHECKER)
    document_id = make_document("No text here")
    page = client.get(f"/documents/{document_id}/intake").get_data(as_text=True)
    assert "no stored text" in page


def test_a_retracted_document_takes_no_claims(client, login, app, sample_document, sample_text):
    from webapp.documents.models import Document
    from webapp.documents.operations import retract_document

    login(Role.CHECKER)
    document_id = sample_document()
    with app.app_context():
        sess = db.session()
        retract_document(sess, actor=None, document=sess.get(Document, document_id), reason="Spam")
        sess.commit()
    assert "Create claim" not in client.get(f"/documents/{document_id}/intake").get_data(
        as_text=True
    )
    where, data = form_of(sample_text, FIGHTERS)
    response = client.post(f"/documents/{document_id}/intake/{where}/claim", data=data)
    assert response.status_code == 400
    assert "retracted" in response.get_data(as_text=True)


def test_an_overlong_new_name_is_a_field_error(client, login, app, sample_document, sample_text):
    login(Role.CHECKER)
    document_id = sample_document()
    where, data = form_of(sample_text, FIGHTERS, claimant="N" * 201, relays="R" * 201)
    response = client.post(f"/documents/{document_id}/intake/{where}/claim", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    start = where.split("-")[0]
    assert re.search(
        rf'id="c{start}-claimant-error" class="error">A source&#39;s name is at most 200', page
    )
    assert re.search(rf'id="c{start}-relays-error" class="error">Line 1: A source&#39;s name', page)


def test_suggestions_match_the_demo_desk_by_alias(
    client, login, app, runner, make_document, sample_text
):
    assert runner.invoke(args=["demo"]).exit_code == 0
    login(Role.CHECKER)
    document_id = make_document("The sample again", body=sample_text)
    with app.app_context():
        ids = {s.name: s.id for s in db.session().scalars(select(Source))}
    page = client.get(f"/documents/{document_id}/intake").get_data(as_text=True)
    dostum, _ = sentence_at(sample_text, "Former Afghan Vice-President Marshal")
    dostum_id, anadolu_id = ids["Abdul Rashid Dostum"], ids["Anadolu Agency"]
    assert f'name="c{dostum}-claimant" type="text" value="Abdul Rashid Dostum #{dostum_id}"' in page
    assert f"Anadolu Agency #{anadolu_id}</textarea>" in page
    masood, _ = sentence_at(sample_text, "Their head Ahmad Masood said")
    assert re.search(rf'name="c{masood}-claimant" type="text" value="Ahmad Massoud #\d+"', page)


def test_a_candidate_checked_before_says_so(
    client, login, sample_document, sample_text, make_claim, make_verdict
) -> None:
    earlier = make_claim(
        "Ten thousand fighters have left for Panjshir province to fight the Taliban."
    )
    make_verdict(earlier, rating="false")
    unrelated = make_claim("The price of bread in Kabul doubled in August.")
    login(Role.CHECKER)
    document_id = sample_document()
    page = client.get(f"/documents/{document_id}/intake").get_data(as_text=True)
    start, _ = sentence_at(sample_text, FIGHTERS)
    card = page.split(f'id="candidate-{start}"')[1].split("</article>")[0]
    assert "Checked before?" in card
    assert f'href="/claims/{earlier}">#{earlier}</a>' in card
    assert "verdict: False" in card
    assert f"#{unrelated}<" not in page  # only likely matches are named
    assert page.count('class="candidate-checked"') < len(candidate_ids(page))

    where, data = form_of(sample_text, FIGHTERS)
    response = client.post(
        f"/documents/{document_id}/intake/{where}/claim", data=data, follow_redirects=True
    )
    assert response.status_code == 200
    assert "looks checked before" in response.get_data(as_text=True)
