"""Track records in SQL: each source's scored claims, counted and summed by the database.

A claim counts for a source when the claim is live (not retracted) and has a *current*
verdict: its latest concluded verdict (by conclusion time, then id) that is not retracted.
"As of" a moment, only verdicts concluded by then count, and a claim or verdict retracted
after that moment still counts as live - so a figure for a past date never changes when
later verdicts come in. A source carries a claim in two capacities, figured separately:
as its **claimant**, or as a **carrier** (the publisher of a document it appeared in, or a
relay that passed it on).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, and_, exists, func, or_, select, union
from sqlalchemy.orm import QueryableAttribute, Session, aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from webapp.claims.models import Claim, ClaimRelay, Tag, claim_tags
from webapp.core.audit import AuditEntry
from webapp.documents.models import Appearance, Document
from webapp.reliability.estimator import Estimate, Model, SourceRecord, estimate
from webapp.verdicts.models import RatingScale, RatingValue, Verdict


class Capacity(enum.Enum):
    """In which role a source's claims are counted."""

    CLAIMANT = "claimant"
    CARRIER = "carrier"

    @property
    def label(self) -> str:
        return {"claimant": "As claimant", "carrier": "As publisher or relay"}[self.value]


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` (UTC): "as of 2021-08-24" includes all of that day."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def live_at(
    retracted_at: QueryableAttribute[dt.datetime | None], as_of: dt.datetime | None
) -> ColumnElement[bool]:
    """Not retracted (now, or by ``as_of``: a later retraction does not count yet)."""
    if as_of is None:
        return retracted_at.is_(None)
    return or_(retracted_at.is_(None), retracted_at > as_of)


def verdict_counts_at(verdict: type[Verdict], as_of: dt.datetime | None) -> ColumnElement[bool]:
    """``verdict`` is concluded and not retracted (at ``as_of``)."""
    concluded: ColumnElement[bool] = verdict.concluded_at.is_not(None)
    if as_of is not None:
        concluded = and_(concluded, verdict.concluded_at <= as_of)
    return and_(concluded, live_at(verdict.retracted_at, as_of))


def is_current(verdict: type[Verdict], as_of: dt.datetime | None) -> ColumnElement[bool]:
    """``verdict`` is its claim's current verdict (at ``as_of``).

    An anti-join (no later verdict of the same claim counts) rather than a window function:
    it walks the index on verdicts.claim_id and needs no sort of the whole table.
    """
    later = aliased(Verdict)
    is_later = or_(
        later.concluded_at > verdict.concluded_at,
        and_(later.concluded_at == verdict.concluded_at, later.id > verdict.id),
    )
    superseded = exists().where(
        later.claim_id == verdict.claim_id, verdict_counts_at(later, as_of), is_later
    )
    return and_(verdict_counts_at(verdict, as_of), ~superseded)


def carriers(as_of: dt.datetime | None = None, source_id: int | None = None) -> Subquery:
    """Distinct (source_id, claim_id): publishers of live appearances, and relays."""
    published = (
        select(Document.publisher_id.label("source_id"), Appearance.claim_id.label("claim_id"))
        .join(Document, Document.id == Appearance.document_id)
        .where(
            Document.publisher_id.is_not(None),
            live_at(Appearance.retracted_at, as_of),
            live_at(Document.retracted_at, as_of),
        )
    )
    relayed = select(ClaimRelay.source_id.label("source_id"), ClaimRelay.claim_id)
    if source_id is not None:
        published = published.where(Document.publisher_id == source_id)
        relayed = relayed.where(ClaimRelay.source_id == source_id)
    return union(published, relayed).subquery("carriers")


def scored_claims(
    capacity: Capacity, as_of: dt.datetime | None = None, source_id: int | None = None
) -> Select[*tuple[Any, ...]]:
    """Rows (source_id, claim_id, rating_value_id, score) of every live claim's current verdict.

    ``score`` is None for an unverifiable rating: such claims are counted but not scored.
    """
    columns = (Claim.id.label("claim_id"), Verdict.rating_value_id, RatingValue.truth_score)
    if capacity is Capacity.CLAIMANT:
        query = select(Claim.claimant_id.label("source_id"), *columns).where(
            Claim.claimant_id.is_not(None) if source_id is None else Claim.claimant_id == source_id
        )
    else:
        carried = carriers(as_of, source_id)
        query = select(carried.c.source_id, *columns).join(Claim, Claim.id == carried.c.claim_id)
    return (
        query.join(Verdict, Verdict.claim_id == Claim.id)
        .join(RatingValue, RatingValue.id == Verdict.rating_value_id)
        .where(live_at(Claim.retracted_at, as_of), is_current(Verdict, as_of))
    )


def records(
    sess: Session, capacity: Capacity, as_of: dt.datetime | None = None
) -> dict[int, SourceRecord]:
    """Every source's scored claims in ``capacity``: one grouped query."""
    rows = scored_claims(capacity, as_of).subquery("scored")
    score = rows.c.truth_score
    query = (
        select(rows.c.source_id, func.count(score), func.sum(score), func.sum(score * score))
        .where(score.is_not(None))
        .group_by(rows.c.source_id)
    )
    return {
        source: SourceRecord(int(n), float(total or 0), float(squares or 0))
        for source, n, total, squares in sess.execute(query)
    }


T = TypeVar("T")

_CACHES: list[dict[tuple[Any, ...], Any]] = []


def new_cache() -> dict[tuple[Any, ...], Any]:
    """A dict for :func:`kept`, keyed by :func:`desk_state` among others; see forget_kept."""
    cache: dict[tuple[Any, ...], Any] = {}
    _CACHES.append(cache)
    return cache


def forget_kept() -> None:
    """Empty every kept figure: for rows changed behind the app's back (no audit entry)."""
    for cache in _CACHES:
        cache.clear()


def kept(
    cache: dict[tuple[Any, ...], T], key: tuple[Any, ...], size: int, make: Callable[[], T]
) -> T:
    """``cache[key]``, made by ``make()`` when missing; the oldest entry goes past ``size``."""
    if key in cache:
        return cache[key]
    value = make()
    if len(cache) >= size:
        cache.pop(next(iter(cache)), None)
    cache[key] = value
    return value


def desk_state(sess: Session) -> tuple[Any, ...]:
    """A key that changes whenever the desk's claims or verdicts do (three index lookups).

    Every change writes an audit entry in its own transaction, so the newest entry (id and
    time, which also tells a desk rebuilt from empty apart) marks the desk's state; the
    newest claim and verdict ids cover rows written in bulk.
    """
    newest = sess.execute(
        select(AuditEntry.id, AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return (
        str(sess.get_bind().engine.url),
        tuple(newest) if newest else None,
        sess.scalar(select(func.max(Claim.id))),
        sess.scalar(select(func.max(Verdict.id))),
    )


@dataclass(frozen=True)
class ValueCount:
    """How many of a source's current verdicts have one rating value."""

    value: RatingValue
    count: int


@dataclass(frozen=True)
class TrackRecord:
    """A source's figures in one capacity."""

    capacity: Capacity
    counts: list[ValueCount]
    estimate: Estimate
    model: Model

    @property
    def concluded(self) -> int:
        """Claims with a current verdict (scored or not)."""
        return sum(c.count for c in self.counts)

    @property
    def unscored(self) -> int:
        """Of those, verdicts that carry no score (unverifiable)."""
        return sum(c.count for c in self.counts if c.value.truth_score is None)


def value_counts(
    sess: Session, capacity: Capacity, source_id: int, as_of: dt.datetime | None = None
) -> list[tuple[int, int, float, float]]:
    """(rating_value_id, count, sum of scores, sum of squares) of one source, in SQL."""
    rows = scored_claims(capacity, as_of, source_id).subquery("scored")
    score = func.coalesce(rows.c.truth_score, 0.0)
    query = select(
        rows.c.rating_value_id, func.count(), func.sum(score), func.sum(score * score)
    ).group_by(rows.c.rating_value_id)
    return [(v, int(n), float(s or 0), float(q or 0)) for v, n, s, q in sess.execute(query)]


def track_record(
    sess: Session,
    source_id: int,
    capacity: Capacity = Capacity.CLAIMANT,
    as_of: dt.datetime | None = None,
    model: Model | None = None,
) -> TrackRecord:
    """The verdicts of one source by rating value, and its estimate (in SQL, then the math)."""
    if model is None:
        from webapp.reliability.priors import fitted_model  # priors.py builds on this module

        model = fitted_model(sess, capacity, as_of)
    return record_of(sess, capacity, value_counts(sess, capacity, source_id, as_of), model)


def record_of(
    sess: Session, capacity: Capacity, counted: list[tuple[int, int, float, float]], model: Model
) -> TrackRecord:
    """The track record from :func:`value_counts` rows (kept by the source page's cache)."""
    values = {
        v.id: v
        for v in sess.scalars(
            select(RatingValue).where(RatingValue.id.in_([row[0] for row in counted]))
        )
    }
    scored = [row for row in counted if values[row[0]].truth_score is not None]
    n = sum(row[1] for row in scored)
    total = sum(row[2] for row in scored)
    counts = [ValueCount(values[v], c) for v, c, _, _ in counted]
    counts.sort(key=lambda c: (c.value.scale_id, c.value.position))
    return TrackRecord(capacity, counts, estimate(model, n, total), model)


def scale_values(sess: Session, scale_ids: list[int]) -> list[RatingValue]:
    """Every value of the given scales, in scale order (for charts that show zero bars)."""
    return list(
        sess.scalars(
            select(RatingValue)
            .join(RatingScale)
            .where(RatingScale.id.in_(scale_ids))
            .order_by(RatingScale.id, RatingValue.position)
        )
    )


@dataclass(frozen=True)
class TagFigure:
    """A source's estimate on the claims with one tag."""

    tag: str
    estimate: Estimate


def by_tag(
    sess: Session, source_id: int, model: Model, as_of: dt.datetime | None = None
) -> list[TagFigure]:
    """The source's estimate per tag of its claims (as claimant), most claims first."""
    rows = scored_claims(Capacity.CLAIMANT, as_of, source_id).subquery("scored")
    query = (
        select(Tag.name, func.count(), func.sum(rows.c.truth_score))
        .select_from(rows)
        .join(claim_tags, claim_tags.c.claim_id == rows.c.claim_id)
        .join(Tag, Tag.id == claim_tags.c.tag_id)
        .where(rows.c.truth_score.is_not(None))
        .group_by(Tag.id, Tag.name)
    )
    figures = [
        TagFigure(name, estimate(model, int(n), float(s or 0)))
        for name, n, s in sess.execute(query)
    ]
    figures.sort(key=lambda f: (-f.estimate.n, f.tag.casefold()))
    return figures
