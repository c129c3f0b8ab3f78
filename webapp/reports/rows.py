"""One function per export: the rows, in the column order of the export's schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from webapp.claims.models import Claim
from webapp.claims.queries import ClaimFilters, claims_query, current_verdicts
from webapp.core.audit import AuditEntry
from webapp.reliability.export import made_claims_tagged, reliability_columns
from webapp.reports.batches import in_batches
from webapp.sources.models import AdmiraltyGrade, Source, SourceGrade
from webapp.sources.queries import matching
from webapp.users.models import User
from webapp.verdicts.models import RatingValue, Verdict

Row = tuple[Any, ...]


def verdict_state(verdict: Verdict, current_id: int | None) -> str:
    if verdict.retracted_at is not None:
        return "retracted"
    if verdict.concluded_at is None:
        return "proposed"
    return "current" if verdict.id == current_id else "corrected"


def verdict_rows(sess: Session, filters: ClaimFilters) -> Iterator[Row]:
    chosen = claims_query(sess, filters).with_only_columns(Claim.id)
    current = current_verdicts()
    query: Select[Any] = (
        select(Verdict, Claim.statement, current.c.verdict_id)
        .join(Claim, Claim.id == Verdict.claim_id)
        .outerjoin(current, current.c.claim_id == Verdict.claim_id)
        .where(Verdict.claim_id.in_(chosen))
        .options(
            selectinload(Verdict.rating).selectinload(RatingValue.scale),
            selectinload(Verdict.evidence),
            selectinload(Verdict.reviewer),
            selectinload(Verdict.concluded_by),
        )
    )
    for batch in in_batches(sess, query, Verdict.id):
        for verdict, statement, current_id in batch:
            yield (
                verdict.id,
                verdict.claim_id,
                statement,
                verdict.rating.label,
                verdict.rating.scale.slug,
                verdict.rating.truth_score,
                verdict.credibility,
                verdict.rationale,
                " | ".join(e.url for e in verdict.evidence),
                verdict.reviewer.display_name if verdict.reviewer else None,
                verdict.speaks_for,
                verdict_state(verdict, current_id),
                verdict.concluded_at,
                verdict.concluded_by.display_name if verdict.concluded_by else None,
                verdict.retraction_reason,
                verdict.created_at,
            )


def source_track_records() -> Any:
    """Per claimant: live claims, claims with a current verdict, scored ones, mean score."""
    current = current_verdicts()
    return (
        select(
            Claim.claimant_id.label("source_id"),
            func.count(Claim.id).label("claims_made"),
            func.count(current.c.verdict_id).label("claims_concluded"),
            func.count(RatingValue.truth_score).label("claims_scored"),
            func.avg(RatingValue.truth_score).label("mean_truth_score"),
        )
        .outerjoin(current, current.c.claim_id == Claim.id)
        .outerjoin(RatingValue, RatingValue.id == current.c.rating_value_id)
        .where(Claim.retracted_at.is_(None), Claim.claimant_id.is_not(None))
        .group_by(Claim.claimant_id)
        .subquery("track_records")
    )


def source_rows(
    sess: Session,
    *,
    kind: str | None = None,
    show_retracted: bool = False,
    q: str = "",
    graded: bool | None = None,
    grade_letter: AdmiraltyGrade | None = None,
    tag: str = "",
    min_claims: int = 0,
) -> Iterator[Row]:
    """Sources with grade and track record; the filters are the sources list page's."""
    records = source_track_records()
    query: Select[Any] = (
        select(
            Source,
            records.c.claims_made,
            records.c.claims_concluded,
            records.c.claims_scored,
            records.c.mean_truth_score,
        )
        .outerjoin(records, records.c.source_id == Source.id)
        .options(selectinload(Source.aliases), selectinload(Source.grades))
    )
    if kind:
        query = query.where(Source.kind == kind)
    if not show_retracted:
        query = query.where(Source.retracted_at.is_(None))
    if q.strip():
        query = query.where(matching(q))
    has_grade = select(SourceGrade.id).where(SourceGrade.source_id == Source.id).exists()
    if graded is not None:
        query = query.where(has_grade if graded else ~has_grade)
    if grade_letter:
        latest = (
            select(SourceGrade.grade)
            .where(SourceGrade.source_id == Source.id)
            .order_by(SourceGrade.id.desc())
            .limit(1)
            .correlate(Source)
            .scalar_subquery()
        )
        query = query.where(latest == grade_letter)
    # Reliability (webapp.reliability): the tag and minimum-claims filters of its report, and
    # the estimate columns appended after the original ones.
    if tag.strip():
        query = query.where(made_claims_tagged(tag))
    if min_claims:
        query = query.where(func.coalesce(records.c.claims_scored, 0) >= min_claims)
    reliability = reliability_columns(sess)
    for batch in in_batches(sess, query, Source.id):
        for source, made, concluded, scored, mean in batch:
            grade = source.current_grade
            yield (
                source.id,
                source.name,
                source.kind,
                "; ".join(source.alias_names),
                source.country,
                source.wikidata_id,
                source.job_title,
                source.state,
                source.party,
                grade.grade if grade else None,
                grade.rationale if grade else None,
                grade.graded_at if grade else None,
                made or 0,
                concluded or 0,
                scored or 0,
                float(mean) if mean is not None else None,
                source.retracted_at is not None,
                *reliability(scored or 0, mean, grade.grade if grade else None),
            )


def audit_rows(
    sess: Session, *, entity_type: str | None = None, entity_id: int | None = None
) -> Iterator[Row]:
    query = select(AuditEntry, User.email).outerjoin(User, User.id == AuditEntry.actor_id)
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    for batch in in_batches(sess, query, AuditEntry.id):
        for entry, email in batch:
            yield (
                entry.id,
                entry.at,
                email,
                entry.action,
                entry.entity_type,
                entry.entity_id,
                entry.summary,
                json.dumps(entry.changes, ensure_ascii=False, sort_keys=True),
            )
