"""A desk's ClaimReview feed, imported into an empty database, gives back the same reviews."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.database import reset
from webapp import db
from webapp.claims.models import Claim
from webapp.core.permissions import Role
from webapp.documents.models import Document
from webapp.documents.operations import add_appearance
from webapp.sources.models import SourceKind
from webapp.verdicts.operations import current_verdict


def appear(app, claim_id: int, document_id: int, *, first: bool = False) -> None:
    with app.app_context():
        sess = db.session()
        add_appearance(
            sess,
            actor=None,
            claim=sess.get(Claim, claim_id),
            document=sess.get(Document, document_id),
            is_first=first,
        )
        sess.commit()


def small_desk(app, make_source, make_claim, make_document, make_verdict) -> None:
    """Five claims on two scales; four concluded (one unverifiable), one only proposed."""
    khan = make_source(
        "Gen. Bismillah Khan Mohammadi",
        homepage_url="https://twitter.com/BismillahMoh",
        wikidata_id="Q4916930",
    )
    taliban = make_source("Taliban spokesman's office", kind=SourceKind.ORGANISATION)
    outlet = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    article = make_document(
        title="Panjshir resistance",
        url="https://journal-neo.su/2021/08/24/panjshir/",
        publisher_id=outlet,
        published_on=dt.date(2021, 8, 24),
    )
    tweet = make_document(title="A tweet", url="https://twitter.com/BismillahMoh/status/1")
    districts = make_claim(
        statement="Resistance forces took the Puli Khesar, Deh Salah and Banu districts.",
        claimant_id=khan,
        claim_date=dt.date(2021, 8, 20),
    )
    appear(app, districts, article)
    appear(app, districts, tweet, first=True)
    make_verdict(districts, rating="mostly-false")
    fled = make_claim(statement='Ghani fled with "the party gold" <&>.', claimant_id=taliban)
    appear(app, fled, article)
    make_verdict(fled, rating="pants-fire", scale="politifact")
    fighters = make_claim(statement="About 10,000 fighters left for Panjshir.")
    make_verdict(fighters, rating="barely-true", scale="politifact")  # label "Mostly False"
    population = make_claim(statement="Panjshir has more than 140,000 people.", claimant_id=khan)
    make_verdict(population, rating="unverifiable", evidence=[])
    make_verdict(make_claim(statement="Only proposed."), conclude=False)


def feed(client) -> list[dict[str, Any]]:
    response = client.get("/exports/claimreview.json")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def without_url(reviews: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "url"} for r in reviews]


def desk_contents(app) -> list[tuple[str, str | None, str | None, str]]:
    with app.app_context():
        claims = db.session().scalars(select(Claim).order_by(Claim.id)).all()
        return [
            (
                c.statement,
                c.claimant.name if c.claimant else None,
                c.claimant.kind.value if c.claimant else None,
                current_verdict(c).rating.label,
            )
            for c in claims
        ]


def test_feed_round_trip(
    app,
    client,
    login,
    runner,
    migrated,
    tmp_path: Path,
    make_source,
    make_claim,
    make_document,
    make_verdict,
) -> None:
    small_desk(app, make_source, make_claim, make_document, make_verdict)
    login(Role.VIEWER)
    exported = feed(client)
    assert len(exported) == 4
    expected = [
        (
            r["claimReviewed"],
            r["itemReviewed"].get("author", {}).get("name"),
            {"Person": "person", "Organization": "organisation"}.get(
                r["itemReviewed"].get("author", {}).get("@type")
            ),
            r["reviewRating"]["alternateName"],
        )
        for r in exported
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(exported), encoding="utf-8")

    db.database(app).engine.dispose()
    reset(migrated)
    assert desk_contents(app) == []

    result = runner.invoke(args=["import", "claimreview", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 claims" in result.output
    assert desk_contents(app) == expected
    assert [label for *_, label in expected] == [
        "Mostly false",
        "Pants on Fire",
        "Mostly False",
        "Unverifiable",
    ]

    login(Role.VIEWER)
    again = feed(client)
    # The same claims, claimants, dates, appearances, publishers and ratings; only the
    # claim pages' addresses are this desk's own.
    assert without_url(again) == without_url(exported)
    with app.app_context():
        sess = db.session()
        khan = sess.scalar(select(Claim).order_by(Claim.id)).claimant
        assert (khan.homepage_url, khan.wikidata_id) == (
            "https://twitter.com/BismillahMoh",
            "Q4916930",
        )
        urls = [c.external_id for c in sess.scalars(select(Claim).order_by(Claim.id))]
        assert urls == [f"claimreview:{r['url']}" for r in exported]

    repeat = runner.invoke(args=["import", "claimreview", str(path)])
    assert "0 claims" in repeat.output
    assert "4 review(s) already present" in repeat.output
