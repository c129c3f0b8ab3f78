"""The reliability columns of the sources CSV export (webapp/reports/rows.py appends them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from webapp.reliability.priors import fitted_model
from webapp.reliability.queries import Capacity
from webapp.reliability.report import assessor, made_claims_tagged
from webapp.sources.models import AdmiraltyGrade

__all__ = ["COLUMNS", "made_claims_tagged", "reliability_columns"]

# In the order of schemas/sources.csv.schema.json, after the columns that were there before.
COLUMNS = (
    "estimate",
    "interval_low",
    "interval_high",
    "claims_behind_estimate",
    "suggested_grade",
    "disagreement",
)


def reliability_columns(
    sess: Session,
) -> Callable[[int, float | None, AdmiraltyGrade | None], tuple[Any, ...]]:
    """``(scored claims, mean score, analyst letter) -> the six values of COLUMNS``.

    The desk's prior is fitted once, here; each source's figures come from the counts the
    export has already summed, so the export stays one pass over the sources.
    """
    judge = assessor(fitted_model(sess, Capacity.CLAIMANT))

    def columns(scored: int, mean: float | None, analyst: AdmiraltyGrade | None) -> tuple[Any, ...]:
        figure, assessment = judge(scored, (mean or 0.0) * scored, analyst)
        return (
            round(figure.estimate, 4),
            round(figure.low, 4),
            round(figure.high, 4),
            figure.n,
            assessment.suggested,
            assessment.csv_value,
        )

    return columns
