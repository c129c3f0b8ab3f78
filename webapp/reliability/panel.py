"""Everything the reliability panel of a source page shows, gathered in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from webapp.reliability import charts
from webapp.reliability.estimator import Model
from webapp.reliability.grades import Assessment, assess
from webapp.reliability.queries import (
    Capacity,
    TagFigure,
    TrackRecord,
    by_tag,
    end_of_day,
    fitted_model,
    scale_values,
    track_record,
)
from webapp.reliability.trend import TrendPoint, trend
from webapp.sources.models import Source


@dataclass(frozen=True)
class CapacityFigures:
    """A track record in one capacity, and its bar chart."""

    record: TrackRecord
    chart: charts.BarChart
    chart_id: str


@dataclass(frozen=True)
class SourcePanel:
    """The source page's reliability figures (or those as of a past day)."""

    source: Source
    as_of: dt.date | None
    claimant: CapacityFigures
    carrier: CapacityFigures
    assessment: Assessment
    trend: list[TrendPoint]
    trend_chart: charts.LineChart | None
    tags: list[TagFigure]

    @property
    def capacities(self) -> list[CapacityFigures]:
        return [self.claimant, self.carrier]


def _figures(
    sess: Session, source: Source, capacity: Capacity, at: dt.datetime | None, model: Model
) -> CapacityFigures:
    record = track_record(sess, source.id, capacity, at, model)
    counted = {c.value.id: c.count for c in record.counts}
    scales = sorted({c.value.scale_id for c in record.counts})
    rows = [
        (value.label, counted.get(value.id, 0), value.colour, value.truth_score is not None)
        for value in scale_values(sess, scales)
    ]
    title = f"Verdicts on claims {source.name} {_verb(capacity)}, by rating"
    chart_id = f"verdicts-{capacity.value}-{source.id}"
    return CapacityFigures(record, charts.verdict_bars(title, rows), chart_id)


def _verb(capacity: Capacity) -> str:
    return "made" if capacity is Capacity.CLAIMANT else "published or relayed"


def source_panel(sess: Session, source: Source, as_of: dt.date | None = None) -> SourcePanel:
    """The figures of ``source`` now, or at the end of the day ``as_of``."""
    at = end_of_day(as_of) if as_of is not None else None
    claimant_model = fitted_model(sess, Capacity.CLAIMANT, at)
    claimant = _figures(sess, source, Capacity.CLAIMANT, at, claimant_model)
    carrier = _figures(sess, source, Capacity.CARRIER, at, fitted_model(sess, Capacity.CARRIER, at))
    analyst = source.current_grade.grade if source.current_grade else None
    points = trend(sess, source.id, claimant_model)
    chart = (
        charts.trend_chart(f"Reliability estimate of {source.name} over time", points)
        if len(points) > 1
        else None
    )
    return SourcePanel(
        source=source,
        as_of=as_of,
        claimant=claimant,
        carrier=carrier,
        assessment=assess(claimant.record.estimate, analyst),
        trend=points,
        trend_chart=chart,
        tags=by_tag(sess, source.id, claimant_model, at),
    )
