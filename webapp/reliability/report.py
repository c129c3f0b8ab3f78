"""The sources reliability report: every source's figures, filtered, sorted and paged.

The database sums each source's scored claims in one grouped query; the estimates, intervals
and letters are then worked out in Python (an interval is a Beta quantile, which SQL cannot
compute) - once per distinct (claims, score sum), as many sources share the same counts.
Sorting happens on that list and pages follow a keyset cursor (the sort key and the source
id of the last row), so the cost is bounded by the number of sources the filters select,
not by the number of claims.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from webapp.claims.models import Claim, Tag, claim_tags
from webapp.core.pagination import decode_cursor, encode_cursor
from webapp.core.text import fold
from webapp.reliability.estimator import Estimate, Model, estimate, fit_prior
from webapp.reliability.grades import Assessment, assess
from webapp.reliability.queries import Capacity, records
from webapp.sources.models import AdmiraltyGrade, Source, SourceGrade, SourceKind

SORTS = {
    "claims": "Most scored claims",
    "estimate_high": "Highest estimate",
    "estimate_low": "Lowest estimate",
    "width_wide": "Least certain (widest interval)",
    "width_narrow": "Most certain (narrowest interval)",
    "disagreement": "Biggest disagreement with the analyst",
}
DEFAULT_SORT = "claims"


@dataclass
class ReportFilters:
    """What the report shows (from the query string)."""

    kind: SourceKind | None = None
    tag: str = ""
    min_claims: int = 0
    show_retracted: bool = False
    sort: str = DEFAULT_SORT


@dataclass(frozen=True)
class ReportRow:
    source_id: int
    name: str
    kind: SourceKind
    retracted: bool
    estimate: Estimate
    assessment: Assessment


@dataclass(frozen=True)
class ReportPage:
    rows: list[ReportRow]
    next_cursor: str | None
    total: int
    model: Model


def made_claims_tagged(tag: str) -> ColumnElement[bool]:
    """Sources that made (as claimant) at least one live claim with ``tag``."""
    tagged = (
        select(Claim.claimant_id)
        .join(claim_tags, claim_tags.c.claim_id == Claim.id)
        .join(Tag, Tag.id == claim_tags.c.tag_id)
        .where(Tag.name_key == fold(tag), Claim.retracted_at.is_(None))
    )
    return Source.id.in_(tagged)


def current_letter() -> Any:
    """The letter of each source's latest analyst grade (NULL when ungraded)."""
    return (
        select(SourceGrade.grade)
        .where(SourceGrade.source_id == Source.id)
        .order_by(SourceGrade.id.desc())
        .limit(1)
        .correlate(Source)
        .scalar_subquery()
    )


def assessor(
    model: Model,
) -> Callable[[int, float, AdmiraltyGrade | None], tuple[Estimate, Assessment]]:
    """``(n, total, analyst letter) -> (estimate, assessment)``, cached per distinct input."""

    @cache
    def figure(n: int, total: float) -> Estimate:
        return estimate(model, n, total)

    def judge(n: int, total: float, analyst: AdmiraltyGrade | None) -> tuple[Estimate, Assessment]:
        found = figure(n, round(total, 9))
        return found, assess(found, analyst)

    return judge


def _key(sort: str, row: ReportRow) -> tuple[float, ...]:
    e = row.estimate
    if sort == "estimate_high":
        return (-e.estimate, -e.n)
    if sort == "estimate_low":
        return (e.estimate, -e.n)
    if sort == "width_wide":
        return (-e.width, e.estimate)
    if sort == "width_narrow":
        return (e.width, e.estimate)
    if sort == "disagreement":
        steps = row.assessment.steps
        return (-(steps if steps is not None else -1), -e.n)
    return (-e.n, -e.estimate)


def report(
    sess: Session, filters: ReportFilters, cursor: str | None = None, per_page: int = 50
) -> ReportPage:
    """One page of the report."""
    found = records(sess, Capacity.CLAIMANT)
    model = fit_prior(found.values())
    judge = assessor(model)
    query = select(Source.id, Source.name, Source.kind, Source.retracted_at, current_letter())
    if not filters.show_retracted:
        query = query.where(Source.retracted_at.is_(None))
    if filters.kind is not None:
        query = query.where(Source.kind == filters.kind)
    if filters.tag.strip():
        query = query.where(made_claims_tagged(filters.tag))
    rows = []
    for source_id, name, kind, retracted_at, letter in sess.execute(query):
        record = found.get(source_id)
        n, total = (record.n, record.total) if record else (0, 0.0)
        if n < filters.min_claims:
            continue
        figure, assessment = judge(n, total, AdmiraltyGrade(letter) if letter else None)
        rows.append(ReportRow(source_id, name, kind, retracted_at is not None, figure, assessment))
    sort = filters.sort if filters.sort in SORTS else DEFAULT_SORT
    rows.sort(key=lambda r: (*_key(sort, r), r.source_id))
    start = _start(rows, sort, cursor)
    chosen = rows[start : start + per_page]
    more = start + per_page < len(rows)
    next_cursor = None
    if more and chosen:
        last = chosen[-1]
        next_cursor = encode_cursor([sort, *_key(sort, last), last.source_id])
    return ReportPage(chosen, next_cursor, len(rows), model)


def _start(rows: list[ReportRow], sort: str, cursor: str | None) -> int:
    """The index of the first row after the cursor (0 for a missing or foreign cursor)."""
    values = decode_cursor(cursor)
    if not values or values[0] != sort:
        return 0
    try:
        after = tuple(float(v) for v in values[1:])
    except (TypeError, ValueError):
        return 0
    for index, row in enumerate(rows):
        if (*_key(sort, row), row.source_id) > after:
            return index
    return len(rows)
