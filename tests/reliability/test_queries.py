"""Track records from the database: which verdicts count, as of which day, in which capacity."""

from __future__ import annotations

import datetime as dt

import pytest

from webapp import db
from webapp.reliability.estimator import Model, estimate
from webapp.reliability.priors import fitted_model
from webapp.reliability.queries import (
    Capacity,
    by_tag,
    end_of_day,
    records,
    track_record,
)
from webapp.sources.models import SourceKind

FLAT = Model(1.0, 1.0)  # a known prior, so figures can be checked by hand


def figures(app, source_id, capacity=Capacity.CLAIMANT, as_of=None, model=FLAT):
    with app.app_context():
        at = end_of_day(dt.date.fromisoformat(as_of)) if as_of else None
        return track_record(db.session(), source_id, capacity, at, model)


def test_no_claims_is_the_prior(app, make_source) -> None:
    source = make_source("Nobody checked")
    record = figures(app, source)
    assert record.estimate.n == 0
    assert record.estimate.estimate == pytest.approx(0.5)
    assert record.estimate == estimate(FLAT, 0, 0.0)
    assert record.counts == []


def test_one_claim(app, make_source, record_of) -> None:
    source = make_source("Gen. Bismillah Khan Mohammadi")
    record_of(source, ["true"])
    record = figures(app, source)
    assert record.estimate.n == 1
    assert record.estimate.estimate == pytest.approx(2 / 3)
    assert [(c.value.label, c.count) for c in record.counts] == [("True", 1)]


def test_many_claims_and_fractional_scores(app, make_source, record_of) -> None:
    source = make_source("Abdul Rashid Dostum")
    record_of(source, ["true", "mostly-true", "mixed", "false", "false"])
    record = figures(app, source)
    assert record.estimate.n == 5
    assert record.estimate.total == pytest.approx(1 + 0.8 + 0.5)
    assert record.estimate.estimate == pytest.approx((1 + 2.3) / (2 + 5))
    assert [c.count for c in record.counts] == [1, 1, 1, 2]  # in scale order
    assert record.concluded == 5


def test_all_unverifiable(app, make_source, record_of) -> None:
    source = make_source("Reports from Afghanistan", kind=SourceKind.UNNAMED)
    record_of(source, ["unverifiable", "unverifiable"])
    record = figures(app, source)
    assert record.concluded == 2
    assert record.unscored == 2
    assert record.estimate.n == 0
    assert record.estimate.estimate == pytest.approx(0.5)


def test_proposals_do_not_count(app, make_source, make_claim, make_verdict) -> None:
    source = make_source("A minister")
    make_verdict(make_claim(claimant_id=source), rating="true", conclude=False)
    assert figures(app, source).estimate.n == 0


def test_corrected_verdicts_use_only_the_current_one(
    app, make_source, make_claim, make_verdict
) -> None:
    source = make_source("New Eastern Outlook")
    claim = make_claim(claimant_id=source)
    make_verdict(claim, rating="true")
    make_verdict(claim, rating="false")  # a correction
    record = figures(app, source)
    assert record.estimate.n == 1
    assert record.estimate.total == 0
    assert [(c.value.label, c.count) for c in record.counts] == [("False", 1)]


def test_retracted_verdict_falls_back_to_the_earlier_one(
    app, make_source, make_claim, make_verdict, retract_verdict
) -> None:
    source = make_source("A spokesman")
    claim = make_claim(claimant_id=source)
    make_verdict(claim, rating="true")
    retract_verdict(make_verdict(claim, rating="false"))
    record = figures(app, source)
    assert [(c.value.label, c.count) for c in record.counts] == [("True", 1)]


def test_retracted_claims_are_excluded(app, make_source, record_of, retract_claim) -> None:
    source = make_source("A governor")
    first, _ = record_of(source, ["false", "true"])
    retract_claim(first)
    record = figures(app, source)
    assert record.estimate.n == 1
    assert record.estimate.total == 1


def test_as_of_a_date(
    app, make_source, make_claim, make_verdict, retract_verdict, retract_claim, at
) -> None:
    source = make_source("Amrullah Saleh")
    claim = make_claim(claimant_id=source)
    first = make_verdict(claim, rating="true")
    at(first, concluded="2021-01-10")
    correction = make_verdict(claim, rating="false")
    at(correction, concluded="2021-06-01")
    other = make_claim(claimant_id=source, statement="Charikar was recaptured.")
    at(make_verdict(other, rating="mixed"), concluded="2021-03-05")

    def scored(day):
        record = figures(app, source, as_of=day)
        return record.estimate.n, round(record.estimate.total, 6)

    assert scored("2020-12-31") == (0, 0)
    assert scored("2021-01-10") == (1, 1.0)  # the whole day counts
    assert scored("2021-03-05") == (2, 1.5)
    assert scored("2021-06-01") == (2, 0.5)  # corrected to False
    retract_verdict(correction)
    at(correction, retracted="2021-08-01")
    assert scored("2021-07-31") == (2, 0.5)  # the retraction had not happened yet
    assert scored("2021-08-01") == (2, 1.5)  # back to the earlier True
    retract_claim(other)
    at(claim=other, retracted="2021-10-01")
    assert scored("2021-09-30") == (2, 1.5)
    assert scored("2021-10-01") == (1, 1.0)
    assert figures(app, source).estimate.n == 1  # today


def test_publisher_and_relay_capacity(
    app, make_source, make_claim, make_document, make_verdict, appear, retract_claim
) -> None:
    khan = make_source("Gen. Bismillah Khan Mohammadi")
    anadolu = make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    neo = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    article = make_document("Panjshir resistance", publisher_id=neo)
    relayed = make_claim(statement="Banu was taken.", claimant_id=khan, relay_ids=[anadolu])
    make_verdict(relayed, rating="false")
    appear(relayed, article)
    own = make_claim(statement="Panjshir has 140,000 people.", claimant_id=neo)
    make_verdict(own, rating="true")
    appear(own, article)

    as_carrier = figures(app, neo, Capacity.CARRIER)
    assert (as_carrier.estimate.n, as_carrier.estimate.total) == (2, 1.0)
    as_claimant = figures(app, neo)
    assert (as_claimant.estimate.n, as_claimant.estimate.total) == (1, 1.0)
    relay = figures(app, anadolu, Capacity.CARRIER)
    assert (relay.estimate.n, relay.estimate.total) == (1, 0.0)
    assert figures(app, anadolu).estimate.n == 0
    assert figures(app, khan, Capacity.CARRIER).estimate.n == 0
    retract_claim(relayed)
    assert figures(app, neo, Capacity.CARRIER).estimate.n == 1


def test_records_and_fitted_model(app, make_source, record_of) -> None:
    sources = [make_source(f"Source {i}") for i in range(3)]
    record_of(sources[0], ["true", "false"])
    record_of(sources[1], ["mostly-true"])
    record_of(sources[2], ["unverifiable"])
    with app.app_context():
        sess = db.session()
        found = records(sess, Capacity.CLAIMANT)
        assert set(found) == {sources[0], sources[1]}
        assert (found[sources[0]].n, found[sources[0]].total) == (2, 1.0)
        assert found[sources[1]].total_squares == pytest.approx(0.64)
        model = fitted_model(sess, Capacity.CLAIMANT)
    assert model.fallback  # two sources are too few to learn a prior from
    assert model.mean == pytest.approx(1.8 / 3)


def test_by_tag(app, make_source, record_of) -> None:
    source = make_source("Abdul Rashid Dostum")
    record_of(source, ["true", "true"], tags=["Taliban"])
    record_of(source, ["false"], tags=["Taliban", "Panjshir"])
    record_of(source, ["false"])
    with app.app_context():
        rows = by_tag(db.session(), source, FLAT)
    assert [(r.tag, r.estimate.n, r.estimate.total) for r in rows] == [
        ("Taliban", 3, 2.0),
        ("Panjshir", 1, 0.0),
    ]
