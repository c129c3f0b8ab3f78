"""A suggested Admiralty letter from a track record, and when it disagrees with the analyst's.

The thresholds (documented in docs/reliability.md) read the estimate *and* its 90% interval,
so a short record cannot earn a strong letter either way:

====  ==========================================================================
F     fewer than :data:`MIN_CLAIMS` scored claims: reliability cannot be judged
A     the interval's low end is at least 0.90 (confidently almost always right)
B     estimate at least 0.75 and the interval's low end at least 0.60
C     estimate at least 0.55 (or a B-like estimate the interval does not support)
D     estimate at least 0.40, or lower but with an interval reaching 0.50
E     estimate below 0.40 and the whole interval below 0.50 (confidently mostly wrong)
====  ==========================================================================

The letter is a suggestion for the analyst, who grades the source (``grade_source``).
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.reliability.estimator import Estimate
from webapp.sources.models import AdmiraltyGrade

MIN_CLAIMS = 5
A_LOW = 0.90
B_ESTIMATE, B_LOW = 0.75, 0.60
C_ESTIMATE = 0.55
D_ESTIMATE = 0.40
E_HIGH = 0.50
DISAGREEMENT_STEPS = 2
JUDGED = "ABCDE"


def suggested_grade(figure: Estimate) -> AdmiraltyGrade:
    """The letter the track record supports (see the table in the module docstring)."""
    if figure.n < MIN_CLAIMS:
        return AdmiraltyGrade.F
    if figure.low >= A_LOW:
        return AdmiraltyGrade.A
    if figure.estimate >= B_ESTIMATE and figure.low >= B_LOW:
        return AdmiraltyGrade.B
    if figure.estimate >= C_ESTIMATE:
        return AdmiraltyGrade.C
    if figure.estimate >= D_ESTIMATE or figure.high >= E_HIGH:
        return AdmiraltyGrade.D
    return AdmiraltyGrade.E


def steps_apart(first: AdmiraltyGrade, second: AdmiraltyGrade) -> int | None:
    """How many letters apart on A..E; None when either is F (cannot be judged)."""
    if first is AdmiraltyGrade.F or second is AdmiraltyGrade.F:
        return None
    return abs(JUDGED.index(first.value) - JUDGED.index(second.value))


@dataclass(frozen=True)
class Assessment:
    """The suggested letter beside the analyst's, and whether they disagree."""

    suggested: AdmiraltyGrade
    analyst: AdmiraltyGrade | None
    steps: int | None  # None: no analyst grade, or one side is F

    @property
    def disagreement(self) -> bool:
        """Two or more letters apart on A..E."""
        return self.steps is not None and self.steps >= DISAGREEMENT_STEPS

    @property
    def comparable(self) -> bool:
        return self.steps is not None

    @property
    def csv_value(self) -> bool | None:
        """true / false, or empty when the two cannot be compared."""
        return self.disagreement if self.comparable else None

    @property
    def explanation(self) -> str:
        """One sentence for the source page and the report."""
        if self.analyst is None:
            return "No analyst grade to compare with."
        if self.steps is None:
            return "Cannot be compared: one of the two letters is F (cannot be judged)."
        if self.disagreement:
            return (
                f"The analyst's {self.analyst.value} and the suggested {self.suggested.value} "
                f"are {self.steps} letters apart: worth a second look."
            )
        return "The analyst's grade and the track record agree (within one letter)."


def assess(figure: Estimate, analyst: AdmiraltyGrade | None) -> Assessment:
    """Compare the analyst's letter with the one the track record suggests."""
    suggested = suggested_grade(figure)
    steps = steps_apart(analyst, suggested) if analyst is not None else None
    return Assessment(suggested, analyst, steps)
