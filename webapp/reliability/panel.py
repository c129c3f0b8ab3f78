"""Everything the reliability panel of a source page shows, gathered in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.reliability import charts
from webapp.reliability.estimator import Model
from webapp.reliability.grades import Assessment, assess
from webapp.reliability.priors import fitted_model
from webapp.reliability.queries import (
    Capacity,
    TagFigure,
    TrackRecord,
    by_tag,
    desk_state,
    end_of_day,
    kept,
    new_cache,
    record_of,
    scale_values,
    value_counts,
)
from webapp.reliability.trend import TrendPoint, trend
from webapp.sources.models import Source
from webapp.verdicts.models import RatingValue


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


@dataclass(frozen=True)
class _Computed:
    """What the panel reads from the claims: plain values, safe to keep between requests."""

    counts: dict[Capacity, list[tuple[int, int, float, float]]]
    models: dict[Capacity, Model]
    bars: dict[Capacity, charts.BarChart]
    trend: list[TrendPoint]
    trend_chart: charts.LineChart | None
    tags: list[TagFigure]


# Kept per (desk state, source, as-of, today): any claim, verdict, source or grade change
# writes an audit entry, which changes the desk state, so a kept panel is never stale; the
# day is in the key because the trend runs to today.
_PANELS: dict[tuple[Any, ...], _Computed] = new_cache()
_PANELS_KEPT = 256


def _chart(
    sess: Session, source: Source, capacity: Capacity, counted: list[tuple[int, int, float, float]]
) -> charts.BarChart:
    numbers = {value_id: n for value_id, n, _, _ in counted}
    values = sess.scalars(select(RatingValue).where(RatingValue.id.in_(list(numbers))))
    scales = sorted({value.scale_id for value in values})
    rows = [
        (value.label, numbers.get(value.id, 0), value.colour, value.truth_score is not None)
        for value in scale_values(sess, scales)
    ]
    title = f"Verdicts on claims {source.name} {_verb(capacity)}, by rating"
    return charts.verdict_bars(title, rows)


def _verb(capacity: Capacity) -> str:
    return "made" if capacity is Capacity.CLAIMANT else "published or relayed"


def _compute(
    sess: Session, source: Source, at: dt.datetime | None, models: dict[Capacity, Model]
) -> _Computed:
    counts = {c: value_counts(sess, c, source.id, at) for c in Capacity}
    points = trend(sess, source.id, models[Capacity.CLAIMANT])
    chart = (
        charts.trend_chart(f"Reliability estimate of {source.name} over time", points)
        if len(points) > 1
        else None
    )
    return _Computed(
        counts=counts,
        models=models,
        bars={c: _chart(sess, source, c, counts[c]) for c in Capacity},
        trend=points,
        trend_chart=chart,
        tags=by_tag(sess, source.id, models[Capacity.CLAIMANT], at),
    )


def source_panel(sess: Session, source: Source, as_of: dt.date | None = None) -> SourcePanel:
    """The figures of ``source`` now, or at the end of the day ``as_of`` (kept per desk state)."""
    at = end_of_day(as_of) if as_of is not None else None
    models = {c: fitted_model(sess, c, at) for c in Capacity}
    # The priors are part of the key: figures made with a prior being refitted (see
    # priors.py) give way to new ones once the refit is done.
    key = (desk_state(sess), source.id, at, utcnow().date(), *models.values())
    done = kept(_PANELS, key, _PANELS_KEPT, lambda: _compute(sess, source, at, models))
    figures = {
        c: CapacityFigures(
            record_of(sess, c, done.counts[c], done.models[c]),
            done.bars[c],
            f"verdicts-{c.value}-{source.id}",
        )
        for c in Capacity
    }
    claimant = figures[Capacity.CLAIMANT]
    analyst = source.current_grade.grade if source.current_grade else None
    return SourcePanel(
        source=source,
        as_of=as_of,
        claimant=claimant,
        carrier=figures[Capacity.CARRIER],
        assessment=assess(claimant.record.estimate, analyst),
        trend=done.trend,
        trend_chart=done.trend_chart,
        tags=done.tags,
    )
