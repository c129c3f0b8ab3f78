"""Every change to verdicts, their evidence and the rating scales."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.claims.models import Claim, ClaimStatus
from webapp.claims.operations import set_status
from webapp.core import audit, changes
from webapp.core.errors import OperationError
from webapp.core.permissions import Role
from webapp.db import utcnow
from webapp.users.models import User
from webapp.verdicts.models import Evidence, RatingScale, RatingValue, Verdict

AUDITED_FIELDS = [
    "claim_id",
    "rating_value_id",
    "credibility",
    "rationale",
    "reviewer_id",
    "speaks_for",
    "concluded_at",
    "concluded_by_id",
]
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
EVIDENCE_REQUIRED = (
    "Give at least one evidence link (a verdict without evidence is only allowed when "
    "the rating is unverifiable or the claim is not checkable)."
)


@dataclass
class EvidenceData:
    url: str
    note: str = ""
    title: str | None = None
    archived_url: str | None = None


@dataclass
class VerdictData:
    """What a form, an API body or an import row says about a verdict."""

    rating_value_id: int
    credibility: int
    rationale: str
    evidence: list[EvidenceData] = field(default_factory=list)
    reviewer_id: int | None = None
    speaks_for: dt.date | None = None


def verdict_snapshot(verdict: Verdict) -> dict[str, Any]:
    return {
        **audit.snapshot(verdict, AUDITED_FIELDS),
        "rating": verdict.rating.label,
        "evidence": [e.url for e in verdict.evidence],
    }


def current_verdict(claim: Claim) -> Verdict | None:
    """The claim's verdict now: its latest concluded, unretracted verdict."""
    concluded = [v for v in claim.verdicts if v.is_concluded and v.retracted_at is None]
    return max(concluded, key=lambda v: (v.concluded_at, v.id)) if concluded else None


def evidence_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be an evidence link, or None when it can (forms share this check)."""
    if len(url) > 500:
        return "Evidence URLs longer than 500 characters are not supported."
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        host = None
    if not host or parts.scheme not in ("http", "https") or any(c.isspace() for c in url):
        return f"Evidence links are web addresses starting with http:// or https:// ({url})."
    return None


def check_verdict_values(data: VerdictData, rating: RatingValue, checkable: bool) -> None:
    """The checks of a verdict's values that need no look-up (the importer shares them).

    Cleans the evidence list; evidence is required unless the rating is unverifiable or
    the claim is not checkable.
    """
    if not 1 <= data.credibility <= 6:
        raise OperationError("Credibility is a number from 1 to 6.", field="credibility")
    data.rationale = changes.required_text(data.rationale, "rationale", "The rationale")
    if data.speaks_for and data.speaks_for > dt.date.today() + dt.timedelta(days=1):
        raise OperationError("The verdict cannot speak for a future date.", field="speaks_for")
    cleaned = []
    for item in data.evidence:
        url = (item.url or "").strip()
        note = (item.note or "").strip()
        if not url and not note:
            continue
        if not url:
            raise OperationError(
                f"Give the link the note {note[:60]!r} is about.", field="evidence"
            )
        problem = evidence_url_problem(url)
        if problem:
            raise OperationError(problem, field="evidence")
        cleaned.append(
            EvidenceData(url=url, note=note, title=item.title, archived_url=item.archived_url)
        )
    data.evidence = cleaned
    if not data.evidence and not (rating.is_unverifiable or not checkable):
        raise OperationError(EVIDENCE_REQUIRED, field="evidence")


def _validate(sess: Session, claim: Claim, data: VerdictData) -> RatingValue:
    rating = sess.get(RatingValue, data.rating_value_id)
    if rating is None:
        raise OperationError("Choose a rating from the scale.", field="rating_value_id")
    if data.reviewer_id is not None:
        reviewer = sess.get(User, data.reviewer_id)
        if reviewer is None or not reviewer.active:
            raise OperationError("Choose an active account as the reviewer.", field="reviewer_id")
    check_verdict_values(data, rating, claim.checkable)
    return rating


def record_verdict(
    sess: Session,
    *,
    actor: Any,
    claim: Claim,
    data: VerdictData,
    conclude: bool,
    expected_claim_version: int | None = None,
) -> Verdict:
    """Add a verdict. A checker proposes (claim goes to review); an editor may conclude.

    Concluding a verdict on a claim that already has one is a correction: the earlier
    verdict stays and shows as corrected.
    """
    changes.require(
        actor,
        Role.EDITOR if conclude else Role.CHECKER,
        "Concluding a verdict" if conclude else "Proposing a verdict",
    )
    changes.check_version(claim, expected_claim_version, "claim")
    if claim.retracted_at is not None:
        raise OperationError("This claim is retracted; restore it before adding a verdict.")
    rating = _validate(sess, claim, data)
    verdict = Verdict(
        claim=claim,
        claim_id=claim.id,
        rating=rating,
        rating_value_id=rating.id,
        credibility=data.credibility,
        rationale=data.rationale,
        reviewer_id=data.reviewer_id or (actor.id if actor else None),
        speaks_for=data.speaks_for or dt.date.today(),
        created_by_id=actor.id if actor else None,
        evidence=[
            Evidence(url=e.url, note=e.note, title=e.title, archived_url=e.archived_url)
            for e in data.evidence
        ],
    )
    if conclude:
        verdict.concluded_at = utcnow()
        verdict.concluded_by_id = actor.id if actor else None
    changes.audited_create(
        sess,
        actor=actor,
        record=verdict,
        entity_type="verdict",
        after=verdict_snapshot(verdict),
        summary=f"{'Concluded' if conclude else 'Proposed'} {rating.label} on claim #{claim.id}",
    )
    set_status(
        sess,
        actor=actor,
        claim=claim,
        status=ClaimStatus.CONCLUDED if conclude else ClaimStatus.IN_REVIEW,
    )
    return verdict


def conclude_verdict(
    sess: Session, *, actor: Any, verdict: Verdict, expected_version: int | None = None
) -> None:
    """An editor approves a proposed verdict; the claim is concluded."""
    changes.require(actor, Role.EDITOR, "Concluding a verdict")
    changes.check_version(verdict, expected_version, "verdict")
    if verdict.is_concluded:
        raise OperationError("This verdict is concluded already.")
    if verdict.retracted_at is not None:
        raise OperationError("A retracted verdict cannot be concluded.")
    if verdict.claim.retracted_at is not None:
        raise OperationError("This claim is retracted; restore it before concluding a verdict.")

    def apply() -> None:
        verdict.concluded_at = utcnow()
        verdict.concluded_by_id = actor.id if actor else None

    changes.audited_update(
        sess,
        actor=actor,
        record=verdict,
        entity_type="verdict",
        fields=AUDITED_FIELDS,
        apply=apply,
        summary=f"Concluded {verdict.rating.label} on claim #{verdict.claim_id}",
    )
    set_status(sess, actor=actor, claim=verdict.claim, status=ClaimStatus.CONCLUDED)


def retract_verdict(
    sess: Session,
    *,
    actor: Any,
    verdict: Verdict,
    reason: str,
    expected_version: int | None = None,
) -> None:
    """Withdraw a verdict (it stays visible, marked retracted).

    The claim's current verdict falls back to the previous concluded one. A concluded
    claim left without any verdict is reopened; a claim in review whose last proposal
    was withdrawn returns to concluded (if it still has a verdict) or is reopened.
    """
    changes.require(actor, Role.EDITOR, "Retracting a verdict")
    changes.check_version(verdict, expected_version, "verdict")
    changes.retract(
        sess, actor=actor, record=verdict, entity_type="verdict", reason=reason, label="verdict"
    )
    claim = verdict.claim
    current = current_verdict(claim)
    pending = any(not v.is_concluded and v.retracted_at is None for v in claim.verdicts)
    if claim.status is ClaimStatus.CONCLUDED and current is None:
        set_status(
            sess,
            actor=actor,
            claim=claim,
            status=ClaimStatus.REOPENED,
            note="its verdict was retracted",
        )
    elif claim.status is ClaimStatus.IN_REVIEW and not pending:
        # Nothing is left to review: without this the claim would wait in review forever.
        set_status(
            sess,
            actor=actor,
            claim=claim,
            status=ClaimStatus.CONCLUDED if current is not None else ClaimStatus.REOPENED,
            note="the proposed verdict was retracted",
        )


def create_scale(
    sess: Session, *, actor: Any, slug: str, name: str, description: str = ""
) -> RatingScale:
    """Add a rating scale (admins only)."""
    changes.require(actor, Role.ADMIN, "Adding a rating scale")
    slug = changes.required_text(slug, "slug", "The short name", 40).lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise OperationError("Use lower-case letters, digits and hyphens.", field="slug")
    if sess.scalar(select(RatingScale.id).where(RatingScale.slug == slug)):
        raise OperationError("A scale with this short name exists.", field="slug")
    scale = RatingScale(
        slug=slug,
        name=changes.required_text(name, "name", "The name", 200),
        description=(description or "").strip(),
    )
    changes.audited_create(
        sess,
        actor=actor,
        record=scale,
        entity_type="rating_scale",
        after={"slug": slug, "name": scale.name},
        summary=f"Added rating scale {scale.name}",
    )
    return scale


def add_scale_value(
    sess: Session,
    *,
    actor: Any,
    scale: RatingScale,
    label: str,
    truth_score: float | None,
    colour: str = "#777777",
    slug: str | None = None,
    description: str = "",
) -> RatingValue:
    """Append a value at the end of ``scale`` (admins only)."""
    changes.require(actor, Role.ADMIN, "Adding a rating value")
    label = changes.required_text(label, "label", "The label", 80)
    slug = (slug or re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-"))[:40]
    if not slug:
        raise OperationError("Use some letters or digits in the label.", field="label")
    if truth_score is not None and not 0 <= truth_score <= 1:
        raise OperationError("The truth score is between 0 and 1 (or empty).", field="truth_score")
    if not COLOUR.match(colour):
        raise OperationError("A colour looks like #1a7f37.", field="colour")
    if any(v.slug == slug for v in scale.values):
        raise OperationError("This scale has a value with this label already.", field="label")
    position = (
        sess.scalar(select(func.max(RatingValue.position)).where(RatingValue.scale_id == scale.id))
        or 0
    ) + 1
    value = RatingValue(
        scale=scale,
        slug=slug,
        label=label,
        position=position,
        truth_score=truth_score,
        colour=colour.lower(),
        description=(description or "").strip(),
    )
    changes.audited_create(
        sess,
        actor=actor,
        record=value,
        entity_type="rating_value",
        after={"scale": scale.slug, "label": label, "truth_score": truth_score, "colour": colour},
        summary=f"Added {label} to {scale.name}",
    )
    return value
