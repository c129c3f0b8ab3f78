"""Honest intervals: in a simulated desk, 90% intervals hold the true reliability ~90% of the time.

Pure Python, fixed seeds. Each simulated source has a true reliability drawn from a Beta
distribution, a claim count from 1 to 200, and verdict scores drawn with that mean: either
yes/no (True or False) or a six-level PolitiFact-like score (0, 0.2, ..., 1). The prior is
fitted from the simulated data alone, as the app fits it from the desk's data.
"""

from __future__ import annotations

import random
from statistics import mean

import pytest

from webapp.reliability.estimator import estimate, fit_prior, record_of

SOURCES = 2500


def simulate(seed: int, alpha: float, beta: float, levels: int | None):
    rng = random.Random(seed)
    sources = []
    for _ in range(SOURCES):
        truth = rng.betavariate(alpha, beta)
        n = rng.randint(1, 200)
        if levels is None:  # yes/no verdicts
            scores = [1.0 if rng.random() < truth else 0.0 for _ in range(n)]
        else:  # a graded score with mean `truth`: successes out of `levels` steps
            scores = [sum(rng.random() < truth for _ in range(levels)) / levels for _ in range(n)]
        sources.append((truth, record_of(scores)))
    return sources


@pytest.mark.parametrize(
    ("seed", "alpha", "beta", "levels"),
    [
        (20261130, 4.0, 3.0, None),
        (20261201, 4.0, 3.0, 5),
        (20261202, 0.9, 0.7, None),
        (20261203, 20.0, 10.0, 5),
    ],
    ids=["yes-no", "six-level", "yes-no-spread-out", "six-level-concentrated"],
)
def test_ninety_percent_intervals_cover_ninety_percent(seed, alpha, beta, levels) -> None:
    sources = simulate(seed, alpha, beta, levels)
    model = fit_prior(record for _, record in sources)
    covered = 0
    widths: dict[str, list[float]] = {"1-10": [], "11-50": [], "51-120": [], "121-200": []}
    for truth, record in sources:
        figure = estimate(model, record.n, record.total)
        covered += figure.low <= truth <= figure.high
        band = (
            "1-10"
            if record.n <= 10
            else "11-50"
            if record.n <= 50
            else "51-120"
            if record.n <= 120
            else "121-200"
        )
        widths[band].append(figure.width)
    coverage = covered / len(sources)
    assert 0.87 <= coverage <= 0.93, coverage
    averages = [mean(widths[band]) for band in ("1-10", "11-50", "51-120", "121-200")]
    assert averages == sorted(averages, reverse=True), averages  # narrower with more claims
    assert averages[0] > 1.5 * averages[-1]


def test_coverage_holds_for_short_records_too() -> None:
    # The prior carries sources with one to five claims: still honest, not overconfident.
    sources = simulate(7, 4.0, 3.0, None)
    model = fit_prior(record for _, record in sources)
    short = [(t, r) for t, r in sources if r.n <= 5]
    assert len(short) > 40
    covered = sum(
        estimate(model, r.n, r.total).low <= t <= estimate(model, r.n, r.total).high
        for t, r in short
    )
    assert covered / len(short) >= 0.8
