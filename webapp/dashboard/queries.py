"""What the dashboard shows: workflow counts, verdict counts, recent activity, claims to revisit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from webapp.claims.models import Claim, ClaimRelation, ClaimStatus
from webapp.claims.queries import current_verdicts
from webapp.core.audit import AuditEntry
from webapp.db import utcnow
from webapp.documents.models import Appearance
from webapp.verdicts.models import RatingScale, RatingValue, Verdict

OPEN_STATUSES = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.REOPENED)
# Audit entries about these records are shown on the page of the claim they belong to.
_CLAIM_PARTS: dict[str, Any] = {
    "verdict": Verdict,
    "appearance": Appearance,
    "claim_relation": ClaimRelation,
}
_PAGES = {
    "source": ("sources.show", "source_id"),
    "document": ("documents.show", "document_id"),
    "user": ("users.edit", "user_id"),
}


def status_counts(sess: Session) -> list[tuple[ClaimStatus, int]]:
    """Live claims per workflow status, every status listed (zero included)."""
    rows = sess.execute(
        select(Claim.status, func.count())
        .where(Claim.retracted_at.is_(None))
        .group_by(Claim.status)
    )
    found = {status: count for status, count in rows}
    return [(status, found.get(status, 0)) for status in ClaimStatus]


@dataclass
class VerdictCount:
    """How many live claims have one rating value as their current verdict."""

    rating: RatingValue
    count: int


@dataclass
class ScaleCounts:
    """The verdict counts of one rating scale, in the scale's order."""

    scale: RatingScale
    counts: list[VerdictCount]

    @property
    def largest(self) -> int:
        return max((c.count for c in self.counts), default=0)


def verdict_counts(sess: Session) -> tuple[list[ScaleCounts], int]:
    """Current verdicts of live claims by rating value (scales in use only), and claims without."""
    cv = current_verdicts()
    rows = sess.execute(
        select(cv.c.rating_value_id, func.count())
        .join(Claim, Claim.id == cv.c.claim_id)
        .where(Claim.retracted_at.is_(None))
        .group_by(cv.c.rating_value_id)
    )
    found = {value_id: count for value_id, count in rows}
    scales = sess.scalars(
        select(RatingScale)
        .options(selectinload(RatingScale.values))
        .order_by(RatingScale.is_default.desc(), RatingScale.name, RatingScale.id)
    )
    result = []
    for scale in scales:
        counts = [VerdictCount(value, found.get(value.id, 0)) for value in scale.values]
        if any(c.count for c in counts):
            result.append(ScaleCounts(scale, counts))
    without = sess.scalar(
        select(func.count())
        .select_from(Claim)
        .where(Claim.retracted_at.is_(None), Claim.id.not_in(select(cv.c.claim_id)))
    )
    return result, without or 0


@dataclass
class Activity:
    """One audit entry and the page it is about, when there is one."""

    entry: AuditEntry
    subject: str
    endpoint: str | None = None
    values: dict[str, int] | None = None


def recent_activity(
    sess: Session, limit: int = 20, include_accounts: bool = False
) -> list[Activity]:
    """The latest audit entries, newest first, each with a link target where one exists.

    Account entries name e-mail addresses, so only admins (``include_accounts``) see them.
    """
    query = select(AuditEntry).options(joinedload(AuditEntry.actor))
    if not include_accounts:
        query = query.where(AuditEntry.entity_type != "user")
    entries = list(sess.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))
    claim_of: dict[tuple[str, int], int] = {}
    for kind, model in _CLAIM_PARTS.items():
        ids = {e.entity_id for e in entries if e.entity_type == kind}
        if ids:
            rows = sess.execute(select(model.id, model.claim_id).where(model.id.in_(ids)))
            claim_of.update({(kind, row_id): claim_id for row_id, claim_id in rows})
    items = []
    for entry in entries:
        item = Activity(entry, f"{entry.entity_type.replace('_', ' ')} #{entry.entity_id}")
        claim_id = claim_of.get((entry.entity_type, entry.entity_id))
        if entry.entity_type == "claim":
            claim_id = entry.entity_id
        if claim_id is not None:
            item.subject = f"claim #{claim_id}"
            item.endpoint, item.values = "claims.show", {"claim_id": claim_id}
        elif entry.entity_type in _PAGES:
            endpoint, argument = _PAGES[entry.entity_type]
            item.endpoint, item.values = endpoint, {argument: entry.entity_id}
        items.append(item)
    return items


def oldest_open_claims(sess: Session, limit: int = 10) -> list[Claim]:
    """Live claims still new, in review or reopened, the longest waiting first."""
    return list(
        sess.scalars(
            select(Claim)
            .options(joinedload(Claim.claimant))
            .where(Claim.retracted_at.is_(None), Claim.status.in_(OPEN_STATUSES))
            .order_by(Claim.created_at, Claim.id)
            .limit(limit)
        )
    )


def stale_verdicts(sess: Session, older_than_days: int, limit: int = 10) -> list[Verdict]:
    """Current verdicts of concluded live claims concluded more than ``older_than_days`` ago.

    Oldest first. Reopened claims are left out: they are being checked again already.
    """
    cutoff = utcnow() - dt.timedelta(days=older_than_days)
    cv = current_verdicts()
    stale = (
        select(cv.c.verdict_id)
        .join(Claim, Claim.id == cv.c.claim_id)
        .where(Claim.retracted_at.is_(None), Claim.status == ClaimStatus.CONCLUDED)
        .where(cv.c.concluded_at < cutoff)
    )
    return list(
        sess.scalars(
            select(Verdict)
            .options(joinedload(Verdict.claim), joinedload(Verdict.rating))
            .where(Verdict.id.in_(stale))
            .order_by(Verdict.concluded_at, Verdict.id)
            .limit(limit)
        )
    )


def claim_total(sess: Session) -> int:
    """How many claims the desk has recorded (retracted ones included)."""
    return sess.scalar(select(func.count()).select_from(Claim)) or 0
