"""The estimate over time: every point matches the as-of figure at the end of its period."""

from __future__ import annotations

import datetime as dt

import pytest

from webapp import db
from webapp.reliability.estimator import Model
from webapp.reliability.queries import Capacity, end_of_day, track_record
from webapp.reliability.trend import replay_claim, trend

FLAT = Model(1.0, 1.0)
UTC = dt.UTC


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(hour=12, tzinfo=UTC)


def test_replay_of_a_corrected_claim() -> None:
    # True on 10 Jan, corrected to False on 1 Jun, correction retracted on 1 Aug.
    verdicts = [
        (1, when("2021-01-10"), None, None, 1.0),
        (2, when("2021-06-01"), when("2021-08-01"), None, 0.0),
    ]
    assert replay_claim(verdicts) == [
        (when("2021-01-10"), 1, 1.0),
        (when("2021-06-01"), 0, -1.0),
        (when("2021-08-01"), 0, 1.0),
    ]
    # An unverifiable correction takes the claim out of the score, then the claim is retracted.
    verdicts = [
        (1, when("2021-01-10"), None, when("2021-09-01"), 0.5),
        (2, when("2021-02-01"), None, when("2021-09-01"), None),
    ]
    assert replay_claim(verdicts) == [(when("2021-01-10"), 1, 0.5), (when("2021-02-01"), -1, -0.5)]


def test_trend_matches_as_of_figures(
    app, make_source, make_claim, make_verdict, retract_verdict, retract_claim, at
) -> None:
    source = make_source("Amrullah Saleh")
    plan = [("2021-01-10", "true"), ("2021-01-20", "false"), ("2021-03-05", "mixed")]
    claims = []
    for index, (concluded, rating) in enumerate(plan):
        claim = make_claim(claimant_id=source, statement=f"Claim {index}.")
        at(make_verdict(claim, rating=rating), concluded=concluded)
        claims.append(claim)
    correction = make_verdict(claims[0], rating="mostly-false")
    at(correction, concluded="2021-04-15")
    retract_verdict(correction)
    at(correction, retracted="2021-05-02")
    retract_claim(claims[1])
    at(claim=claims[1], retracted="2021-06-30")
    today = dt.date(2021, 8, 10)
    with app.app_context():
        sess = db.session()
        points = trend(sess, source, FLAT, today=today)
        assert [p.label for p in points] == [f"2021-{m:02d}" for m in range(1, 9)]
        assert points[-1].end == today
        for point in points:
            expected = track_record(sess, source, Capacity.CLAIMANT, end_of_day(point.end), FLAT)
            assert point.estimate.n == expected.estimate.n, point.label
            assert point.estimate.total == pytest.approx(expected.estimate.total), point.label
    assert [(p.estimate.n, round(p.estimate.total, 6)) for p in points] == [
        (2, 1.0),  # January: True and False
        (2, 1.0),
        (3, 1.5),  # March: + Mixed
        (3, 0.7),  # April: True corrected to Mostly false
        (3, 1.5),  # May: the correction was retracted
        (2, 1.5),  # June: the False claim was retracted
        (2, 1.5),
        (2, 1.5),
    ]


def test_long_histories_use_quarters_then_years(app, make_source, make_claim, make_verdict, at):
    source = make_source("A long-serving senator")
    for index, concluded in enumerate(["2015-02-01", "2019-11-20"]):
        claim = make_claim(claimant_id=source, statement=f"Claim {index}.")
        at(make_verdict(claim, rating="true"), concluded=concluded)
    nobody = make_source("Nobody")
    with app.app_context():
        sess = db.session()
        quarters = trend(sess, source, FLAT, today=dt.date(2020, 2, 1))
        years = trend(sess, source, FLAT, today=dt.date(2031, 2, 1))
        assert trend(sess, nobody, FLAT) == []
    assert quarters[0].label == "2015 Q1"
    assert quarters[-1].label == "2020 Q1"
    assert quarters[-1].end == dt.date(2020, 2, 1)
    assert len(quarters) == 21
    assert [p.estimate.n for p in quarters[:2]] == [1, 1]
    assert quarters[-2].estimate.n == 2  # 2019 Q4
    assert years[0].label == "2015"
    assert years[-1].label == "2031"
    assert years[4].estimate.n == 2  # 2019
