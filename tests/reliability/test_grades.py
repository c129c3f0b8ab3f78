"""Suggested Admiralty letters, and when they disagree with the analyst's."""

from __future__ import annotations

import pytest

from webapp.core.permissions import Role
from webapp.reliability.estimator import Estimate
from webapp.reliability.grades import assess, steps_apart, suggested_grade
from webapp.sources.models import AdmiraltyGrade as G


def figure(value: float, low: float, high: float, n: int = 50) -> Estimate:
    return Estimate(value, low, high, n, value * n)


@pytest.mark.parametrize(
    ("value", "low", "high", "n", "letter"),
    [
        (0.99, 0.95, 1.0, 4, G.F),  # too few claims, however good
        (0.1, 0.02, 0.2, 4, G.F),
        (0.96, 0.92, 0.99, 5, G.A),
        (0.93, 0.88, 0.97, 40, G.B),  # high, but the interval reaches below 0.90
        (0.80, 0.62, 0.92, 40, G.B),
        (0.80, 0.55, 0.95, 8, G.C),  # a B-like estimate the interval does not support
        (0.56, 0.40, 0.70, 40, G.C),
        (0.45, 0.35, 0.55, 40, G.D),
        (0.35, 0.20, 0.55, 6, G.D),  # low, but not confidently
        (0.35, 0.25, 0.45, 40, G.E),
        (0.05, 0.01, 0.10, 200, G.E),
    ],
)
def test_thresholds(value, low, high, n, letter) -> None:
    assert suggested_grade(figure(value, low, high, n)) is letter


def test_steps_apart() -> None:
    assert steps_apart(G.A, G.C) == 2
    assert steps_apart(G.E, G.D) == 1
    assert steps_apart(G.B, G.B) == 0
    assert steps_apart(G.F, G.A) is None
    assert steps_apart(G.C, G.F) is None


def test_disagreement() -> None:
    strong = figure(0.97, 0.93, 0.99)  # suggests A
    assert assess(strong, G.C).disagreement
    assert assess(strong, G.C).steps == 2
    assert "2 letters apart" in assess(strong, G.C).explanation
    assert not assess(strong, G.B).disagreement
    assert assess(strong, G.B).csv_value is False
    assert not assess(strong, None).disagreement
    assert assess(strong, None).csv_value is None
    assert not assess(strong, G.F).disagreement  # F: cannot be judged, not a disagreement
    assert "cannot be compared" in assess(strong, G.F).explanation.lower()
    thin = figure(0.97, 0.5, 0.99, n=2)  # suggests F
    assert assess(thin, G.E).suggested is G.F
    assert not assess(thin, G.E).disagreement


def test_disagreement_flagged_on_source_page_and_report(
    client, login, make_source, record_of, grade
) -> None:
    liar = make_source("Serial fabricator")
    honest = make_source("Census bureau")
    record_of(liar, ["false"] * 12)
    record_of(honest, ["true"] * 12)
    grade(liar, "A", "Looked authoritative.")
    grade(honest, "A", "Official statistics.")
    login(Role.VIEWER)
    page = client.get(f"/sources/{liar}").get_data(as_text=True)
    panel = page.split('<section id="track-record"', 1)[1].split("</section>", 1)[0]
    assert '<p class="disagreement-flag" role="note"><strong>Disagreement:</strong>' in panel
    assert "The analyst&#39;s A and the suggested E are 4 letters apart" in panel
    calm = client.get(f"/sources/{honest}").get_data(as_text=True)
    assert "disagreement-flag" not in calm
    report = client.get("/reliability/sources?sort=disagreement").get_data(as_text=True)
    rows = report.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr")[1:]
    assert "Serial fabricator" in rows[0]
    assert "4 letters apart" in rows[0]
    assert "disagreement-flag" not in rows[1]
