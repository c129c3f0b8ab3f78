"""The estimator's math: the Beta distribution, the prior fit and the posterior (no database)."""

from __future__ import annotations

import math
import random

import pytest

from webapp.reliability.estimator import (
    FALLBACK_STRENGTH,
    MAX_DISPERSION,
    MIN_SOURCES,
    Model,
    SourceRecord,
    beta_cdf,
    beta_pdf,
    beta_quantile,
    credible_interval,
    dispersion,
    estimate,
    estimate_scores,
    fit_prior,
    record_of,
    weak_prior,
)


@pytest.mark.parametrize(
    ("a", "b", "x", "expected"),
    [
        (1, 1, 0.42, 0.42),  # uniform
        (2, 1, 0.3, 0.09),  # x^2
        (3, 1, 0.5, 0.125),  # x^3
        (1, 4, 0.2, 1 - 0.8**4),  # 1 - (1-x)^4
        (2, 2, 0.3, 3 * 0.09 - 2 * 0.027),  # 3x^2 - 2x^3
        (0.5, 0.5, 0.1, 2 / math.pi * math.asin(math.sqrt(0.1))),  # arcsine law
    ],
)
def test_beta_cdf_closed_forms(a, b, x, expected) -> None:
    assert beta_cdf(x, a, b) == pytest.approx(expected, abs=1e-12)


def test_beta_cdf_matches_numerical_integration() -> None:
    # Midpoint rule on a smooth density (a, b >= 2): accurate to ~1e-9 with 20,000 slices.
    for a, b, x in [(10, 20, 0.25), (150.3, 80.2, 0.62), (3.5, 7.25, 0.4)]:
        slices = 20_000
        width = x / slices
        integral = sum(beta_pdf((i + 0.5) * width, a, b) for i in range(slices)) * width
        assert beta_cdf(x, a, b) == pytest.approx(integral, abs=1e-7)


def test_beta_cdf_edges_and_symmetry() -> None:
    assert beta_cdf(0, 2, 3) == 0
    assert beta_cdf(1, 2, 3) == 1
    assert beta_cdf(-1, 2, 3) == 0
    for a, b, x in [(2.5, 7, 0.3), (40, 3, 0.9), (0.3, 0.7, 0.2)]:
        assert beta_cdf(x, a, b) == pytest.approx(1 - beta_cdf(1 - x, b, a), abs=1e-12)
    with pytest.raises(ValueError, match="positive"):
        beta_cdf(0.5, 0, 1)


def test_quantile_inverts_the_cdf() -> None:
    cases = [(1, 1), (2, 1), (0.5, 0.5), (10, 20), (0.2, 0.3), (5e4, 5e4), (1e5, 2), (3, 1e5)]
    for a, b in cases:
        for p in (0.001, 0.05, 0.3, 0.5, 0.95, 0.999):
            x = beta_quantile(p, a, b)
            assert 0 <= x <= 1
            assert beta_cdf(x, a, b) == pytest.approx(p, abs=1e-8), (a, b, p)
    assert beta_quantile(0.05, 2, 1) == pytest.approx(math.sqrt(0.05), abs=1e-10)
    assert beta_quantile(0, 2, 3) == 0
    assert beta_quantile(1, 2, 3) == 1
    with pytest.raises(ValueError, match="between 0 and 1"):
        beta_quantile(1.5, 2, 3)


def test_credible_interval_of_uniform() -> None:
    low, high = credible_interval(1, 1)
    assert (low, high) == pytest.approx((0.05, 0.95), abs=1e-10)


def test_weak_prior_when_too_few_sources() -> None:
    records = [SourceRecord(4, 3.0, 3.0)] * (MIN_SOURCES - 1)
    model = fit_prior(records)
    assert model.fallback
    assert model.strength == pytest.approx(FALLBACK_STRENGTH)
    assert model.mean == pytest.approx(0.75)
    nothing = fit_prior([])
    assert nothing.fallback
    assert nothing.mean == pytest.approx(0.5)
    assert (nothing.a0, nothing.b0) == (1.0, 1.0)


def test_no_claims_gives_the_prior() -> None:
    model = weak_prior(0.6)
    figure = estimate(model, 0, 0.0)
    assert figure.n == 0
    assert figure.is_prior
    assert figure.estimate == pytest.approx(0.6)
    assert (figure.low, figure.high) == pytest.approx(credible_interval(1.2, 0.8))


def test_one_claim_moves_the_estimate_a_little() -> None:
    model = Model(6.0, 4.0)  # mean 0.6, strength 10
    true_once = estimate_scores(model, [1.0])
    assert true_once.n == 1
    assert true_once.estimate == pytest.approx(7 / 11)
    assert true_once.high < 1  # "one true claim" is not "100% reliable"
    assert true_once.width > 0.3


def test_many_claims_dominate_the_prior() -> None:
    model = Model(6.0, 4.0)
    record = estimate_scores(model, [0.2] * 400)
    assert record.estimate == pytest.approx((6 + 80) / (10 + 400))
    assert record.low < record.estimate < record.high
    assert record.width < 0.07
    fewer = estimate_scores(model, [0.2] * 20)
    assert fewer.width > record.width


def test_half_true_counts_half() -> None:
    model = Model(1.0, 1.0)
    figure = estimate_scores(model, [0.5, 0.5])
    assert figure.estimate == pytest.approx(0.5)
    assert figure.total == pytest.approx(1.0)


def test_total_outside_range_is_clamped() -> None:
    model = Model(1.0, 1.0)
    assert estimate(model, 2, 5.0).estimate == pytest.approx(estimate(model, 2, 2.0).estimate)


def test_dispersion_is_one_for_yes_no_scores_and_more_for_graded() -> None:
    rng = random.Random(7)
    yes_no, graded = [], []
    for _ in range(400):
        p = rng.random()
        n = rng.randint(2, 60)
        yes_no.append(record_of(float(rng.random() < p) for _ in range(n)))
        graded.append(record_of(sum(rng.random() < p for _ in range(5)) / 5 for _ in range(n)))
    assert dispersion(yes_no) == pytest.approx(1.0)
    assert dispersion(graded) == pytest.approx(5.0, rel=0.1)
    constant = [SourceRecord(3, 1.5, 0.75)] * 5  # every claim "half true": no spread at all
    assert dispersion(constant) == MAX_DISPERSION
    assert dispersion([SourceRecord(1, 1.0, 1.0)]) == 1.0


def test_prior_fit_recovers_the_population() -> None:
    rng = random.Random(11)
    records = []
    for _ in range(3000):
        p = rng.betavariate(6, 4)
        n = rng.randint(5, 80)
        records.append(record_of(float(rng.random() < p) for _ in range(n)))
    model = fit_prior(records)
    assert not model.fallback
    assert model.sources == 3000
    assert model.mean == pytest.approx(0.6, abs=0.02)
    assert model.strength == pytest.approx(10, rel=0.25)


def test_identical_sources_give_a_strong_prior() -> None:
    # Sources whose means differ no more than sampling noise: shrink hard towards the mean.
    rng = random.Random(3)
    records = [record_of(float(rng.random() < 0.5) for _ in range(10)) for _ in range(500)]
    model = fit_prior(records)
    assert model.strength > 100
