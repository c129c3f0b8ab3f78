"""ClaimReview JSON-LD: one claim, the feed, and the schema fact-check tools rely on."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from webapp.core.permissions import Role

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "claimreview.schema.json").read_text()
)


def validate(document: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


@pytest.fixture
def concluded_claim(make_source, make_claim, make_document, make_verdict, app) -> int:
    from webapp import db
    from webapp.claims.models import Claim
    from webapp.documents.models import Document
    from webapp.documents.operations import add_appearance

    claimant = make_source("Abdul Rashid Dostum")
    outlet = make_source("New Eastern Outlook", homepage_url="https://journal-neo.su/")
    claim_id = make_claim(
        statement="Resistance forces took three districts of Baghlan.",
        claimant_id=claimant,
        claim_date=dt.date(2021, 8, 20),
    )
    document_id = make_document(
        title="Panjshir resistance",
        url="https://example.org/article",
        publisher_id=outlet,
        published_on=dt.date(2021, 8, 24),
    )
    with app.app_context():
        sess = db.session()
        add_appearance(
            sess,
            actor=None,
            claim=sess.get(Claim, claim_id),
            document=sess.get(Document, document_id),
            quote="took the districts",
        )
        sess.commit()
    make_verdict(claim_id, rating="mostly-false")
    return claim_id


def test_one_claim(client, login, concluded_claim) -> None:
    login(Role.VIEWER)
    response = client.get(f"/claims/{concluded_claim}/claimreview.json")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    review = response.get_json(force=True)
    validate(review)
    assert review["claimReviewed"] == "Resistance forces took three districts of Baghlan."
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": 2,
        "bestRating": 6,
        "worstRating": 1,
    }
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Abdul Rashid Dostum"}
    assert review["itemReviewed"]["datePublished"] == "2021-08-20"
    first = review["itemReviewed"]["firstAppearance"]
    assert first["url"] == "https://example.org/article"
    assert first["publisher"]["name"] == "New Eastern Outlook"
    assert review["url"].endswith(f"/claims/{concluded_claim}")


def test_unverifiable_has_only_a_label(client, login, make_claim, make_verdict) -> None:
    login(Role.VIEWER)
    claim_id = make_claim()
    make_verdict(claim_id, rating="unverifiable", evidence=[])
    review = client.get(f"/claims/{claim_id}/claimreview.json").get_json(force=True)
    validate(review)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_not_concluded_is_404(client, login, make_claim, make_verdict) -> None:
    login(Role.VIEWER)
    claim_id = make_claim()
    assert client.get(f"/claims/{claim_id}/claimreview.json").status_code == 404
    make_verdict(claim_id, conclude=False)
    assert client.get(f"/claims/{claim_id}/claimreview.json").status_code == 404
    assert client.get("/claims/99999/claimreview.json").status_code == 404


def test_feed_lists_every_concluded_claim(
    client, login, make_claim, make_verdict, concluded_claim
) -> None:
    login(Role.VIEWER)
    proposal = make_claim(statement="Only proposed.")
    make_verdict(proposal, conclude=False)
    politifact = make_claim(statement="On the PolitiFact scale.")
    make_verdict(politifact, rating="pants-fire", scale="politifact")
    response = client.get("/exports/claimreview.json")
    assert response.status_code == 200
    feed = json.loads(response.get_data(as_text=True))
    assert [r["claimReviewed"] for r in feed] == [
        "Resistance forces took three districts of Baghlan.",
        "On the PolitiFact scale.",
    ]
    for review in feed:
        validate(review)
    assert feed[1]["reviewRating"]["ratingValue"] == 1


def test_empty_feed_is_an_empty_array(client, login) -> None:
    login(Role.VIEWER)
    assert json.loads(client.get("/exports/claimreview.json").get_data(as_text=True)) == []


def test_anonymous_is_sent_to_login(client, concluded_claim) -> None:
    assert client.get(f"/claims/{concluded_claim}/claimreview.json").status_code == 302
    assert client.get("/exports/claimreview.json").status_code == 302
