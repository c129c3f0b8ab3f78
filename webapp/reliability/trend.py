"""A source's estimate at the end of each month (or quarter, or year) of its history.

Computed from *changes*, summed by the database per month: a claim's verdict adds its score
to the record the month it is concluded, and takes it away the month the verdict or the
claim is retracted. Claims with a single concluded verdict - nearly all of them - are summed
entirely in SQL; the few with corrections (several concluded verdicts, where a retraction
can bring an earlier verdict back) are replayed in Python. Each point uses the desk's
current prior, so the curve shows how the source's own record moved.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from webapp.claims.models import Claim
from webapp.db import utcnow
from webapp.reliability.estimator import Estimate, Model, estimate
from webapp.reliability.queries import Capacity, carriers
from webapp.verdicts.models import RatingValue, Verdict

MONTHS_BEFORE_QUARTERS = 36
QUARTERS_BEFORE_YEARS = 60


@dataclass(frozen=True)
class TrendPoint:
    """The estimate at the end of one period."""

    end: dt.date
    label: str
    estimate: Estimate


def _month(sess: Session, column: Any) -> ColumnElement[Any]:
    """The UTC month of a timestamp, in SQL (read back by :func:`_month_key`)."""
    if sess.get_bind().dialect.name == "postgresql":
        # date_trunc groups faster than to_char; the month is formatted in Python.
        return func.date_trunc("month", func.timezone("UTC", column))
    # SQLite keeps UTC timestamps as "YYYY-MM-DD HH:MM:SS.ffffff" text: the month is a prefix.
    return func.substr(column, 1, 7)


def _month_key(value: Any) -> str:
    """ "2021-08" from either engine's month value."""
    return f"{value:%Y-%m}" if isinstance(value, dt.datetime | dt.date) else str(value)[:7]


def _claims_of(capacity: Capacity, source_id: int) -> ColumnElement[bool]:
    if capacity is Capacity.CLAIMANT:
        return Claim.claimant_id == source_id
    carried = carriers(None, source_id)
    return Claim.id.in_(select(carried.c.claim_id))


def _changes(sess: Session, capacity: Capacity, source_id: int) -> dict[str, list[float]]:
    """Month -> [change in scored claims, change in the sum of scores]."""
    deltas: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    mine = _claims_of(capacity, source_id)
    # Claims with more than one concluded verdict (corrections): replayed in Python below.
    corrected = (
        select(Verdict.claim_id)
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(mine, Verdict.concluded_at.is_not(None))
        .group_by(Verdict.claim_id)
        .having(func.count() > 1)
    )
    ended = case(
        (Verdict.retracted_at.is_(None), Claim.retracted_at),
        (Claim.retracted_at.is_(None), Verdict.retracted_at),
        (Verdict.retracted_at < Claim.retracted_at, Verdict.retracted_at),
        else_=Claim.retracted_at,
    )
    spans = (
        select(
            _month(sess, Verdict.concluded_at).label("started"),
            _month(sess, ended).label("ended"),
            RatingValue.truth_score.label("score"),
        )
        .join(Claim, Claim.id == Verdict.claim_id)
        .join(RatingValue, RatingValue.id == Verdict.rating_value_id)
        .where(
            mine,
            Verdict.concluded_at.is_not(None),
            RatingValue.truth_score.is_not(None),
            Verdict.claim_id.not_in(corrected),
            or_(ended.is_(None), ended > Verdict.concluded_at),
        )
        .subquery("spans")
    )
    summed = select(spans.c.started, spans.c.ended, func.count(), func.sum(spans.c.score)).group_by(
        spans.c.started, spans.c.ended
    )
    for started, ended_month, n, total in sess.execute(summed):
        deltas[_month_key(started)][0] += n
        deltas[_month_key(started)][1] += float(total or 0)
        if ended_month is not None:
            deltas[_month_key(ended_month)][0] -= n
            deltas[_month_key(ended_month)][1] -= float(total or 0)
    replay = (
        select(
            Verdict.claim_id,
            Verdict.id,
            Verdict.concluded_at,
            Verdict.retracted_at,
            Claim.retracted_at,
            RatingValue.truth_score,
        )
        .join(Claim, Claim.id == Verdict.claim_id)
        .join(RatingValue, RatingValue.id == Verdict.rating_value_id)
        .where(Verdict.concluded_at.is_not(None), Verdict.claim_id.in_(corrected))
        .order_by(Verdict.claim_id)
    )
    by_claim: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in sess.execute(replay):
        by_claim[row[0]].append(tuple(row[1:]))
    for verdicts in by_claim.values():
        for when, dn, ds in replay_claim(verdicts):
            deltas[f"{when:%Y-%m}"][0] += dn
            deltas[f"{when:%Y-%m}"][1] += ds
    return deltas


def replay_claim(
    verdicts: Iterable[
        tuple[int, dt.datetime, dt.datetime | None, dt.datetime | None, float | None]
    ],
) -> list[tuple[dt.datetime, int, float]]:
    """The changes one corrected claim makes to a record: (when, change in n, change in sum).

    ``verdicts`` are (id, concluded_at, retracted_at, claim retracted_at, score). At each
    moment something happens, the current verdict is worked out afresh, as-of style.
    """
    rows = list(verdicts)
    moments = sorted({t for r in rows for t in (r[1], r[2], r[3]) if t is not None})
    changes: list[tuple[dt.datetime, int, float]] = []
    before: float | None = None
    for moment in moments:
        live = [
            r
            for r in rows
            if r[1] <= moment
            and (r[2] is None or r[2] > moment)
            and (r[3] is None or r[3] > moment)
        ]
        now = max(live, key=lambda r: (r[1], r[0]))[4] if live else None
        if now != before:
            dn = (now is not None) - (before is not None)
            changes.append((moment, dn, (now or 0.0) - (before or 0.0)))
            before = now
    return changes


def _period_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def trend(
    sess: Session,
    source_id: int,
    model: Model,
    capacity: Capacity = Capacity.CLAIMANT,
    today: dt.date | None = None,
) -> list[TrendPoint]:
    """The estimate at the end of every period from the first verdict to ``today``.

    Months for up to three years of history, then quarters, then years.
    """
    deltas = _changes(sess, capacity, source_id)
    if not deltas:
        return []
    today = today or utcnow().date()
    first = min(deltas)
    year, month = int(first[:4]), int(first[5:7])
    months = (today.year - year) * 12 + today.month - month + 1
    step = 1 if months <= MONTHS_BEFORE_QUARTERS else 3
    if months > QUARTERS_BEFORE_YEARS * 3:
        step = 12
    if step > 1:  # periods end in March/June/... or December
        month = ((month - 1) // step + 1) * step
    points: list[TrendPoint] = []
    ordered = sorted(deltas.items())
    n = total = 0.0
    index = 0
    while (year, month - step + 1) <= (today.year, today.month) or not points:
        key = f"{year:04d}-{month:02d}"
        while index < len(ordered) and ordered[index][0] <= key:
            n += ordered[index][1][0]
            total += ordered[index][1][1]
            index += 1
        label = {1: key, 3: f"{year} Q{(month - 1) // 3 + 1}", 12: str(year)}[step]
        count = max(round(n), 0)
        end = min(_period_end(year, month), today)
        points.append(TrendPoint(end, label, estimate(model, count, total)))
        year, month = (year + 1, month + step - 12) if month + step > 12 else (year, month + step)
    return points
