"""Load the demo desk through the domain operations, so its history is complete.

Nothing here writes rows directly: sources, grades, the document, claims, appearances,
relations and verdicts all come from the operations the pages use, so every record has
its audit entries and the demo shows the same History a real desk would.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.claims.models import Claim, ClaimStatus
from webapp.claims.operations import (
    ClaimData,
    create_claim,
    relate_claims,
    reopen_claim,
    submit_for_review,
)
from webapp.core.audit import AuditEntry
from webapp.core.errors import OperationError
from webapp.core.permissions import Role
from webapp.core.text import fold
from webapp.demo import data
from webapp.documents.models import Document
from webapp.documents.operations import DocumentData, add_appearance, create_document
from webapp.sources.models import Source
from webapp.sources.operations import SourceData, create_source, find_similar, grade_source
from webapp.users.models import User
from webapp.verdicts.models import RatingScale, RatingValue
from webapp.verdicts.operations import (
    EvidenceData,
    VerdictData,
    conclude_verdict,
    record_verdict,
)

DEMO_SCALE = "default"


@dataclass
class DemoResult:
    """What ``load_demo`` did: ``loaded`` is False when the demo was there already."""

    loaded: bool
    message: str
    counts: Counter[str] = field(default_factory=Counter)


def demo_document(sess: Session) -> Document | None:
    """The demo article, found by its title and its publisher's name (retracted or not)."""
    publisher_key = fold(next(s.name for s in data.SOURCES if s.key == data.DOCUMENT.publisher))
    return sess.scalar(
        select(Document)
        .join(Source, Document.publisher_id == Source.id)
        .where(Document.title == data.DOCUMENT.title, Source.name_key == publisher_key)
        .limit(1)
    )


def demo_loaded(sess: Session) -> bool:
    """True when any demo claim (external id ``demo:<n>``) or the demo article exists."""
    prefix = data.DEMO_ID_PREFIX
    claim = sess.scalar(
        select(Claim.id).where(func.substr(Claim.external_id, 1, len(prefix)) == prefix).limit(1)
    )
    return claim is not None or demo_document(sess) is not None


def demo_actor(sess: Session) -> User | None:
    """The first active admin (``make run`` bootstraps one), or None when there is none."""
    return sess.scalar(
        select(User)
        .where(User.role == Role.ADMIN, User.active.is_(True))
        .order_by(User.id)
        .limit(1)
    )


def _sources(sess: Session, actor: Any, counts: Counter[str]) -> dict[str, Source]:
    # A desk that already knows a source (by name or alias) keeps its own record; only
    # sources the demo creates get the demo's illustrative grades.
    found: dict[str, Source] = {}
    created: set[str] = set()
    for item in data.SOURCES:
        existing = find_similar(sess, [item.name, *item.aliases])
        if existing:
            found[item.key] = existing[0]
            counts["sources reused"] += 1
            continue
        found[item.key] = create_source(
            sess,
            actor=actor,
            data=SourceData(
                name=item.name,
                kind=item.kind,
                description=item.description,
                job_title=item.job_title,
                aliases=list(item.aliases),
            ),
        )
        created.add(item.key)
        counts["sources"] += 1
    for grade in data.GRADES:
        if grade.source in created:
            grade_source(
                sess,
                actor=actor,
                source=found[grade.source],
                grade=grade.grade,
                rationale=grade.rationale,
            )
            counts["source grades"] += 1
    return found


def _claim_data(item: data.DemoClaim, sources: dict[str, Source]) -> ClaimData:
    return ClaimData(
        statement=item.statement,
        quote=item.quote,
        claimant_id=sources[item.claimant].id,
        relay_ids=[sources[key].id for key in item.relays],
        claim_date=item.claim_date,
        event_date=item.event_date,
        place=item.place,
        tags=list(item.tags),
        language="en",
        checkable=item.checkable,
        quantity_value=item.quantity_value,
        quantity_low=item.quantity_low,
        quantity_unit=item.quantity_unit,
        quantity_as_of=item.quantity_as_of,
        external_id=f"{data.DEMO_ID_PREFIX}{item.n}",
    )


def _rating_ids(sess: Session) -> dict[str, int]:
    rows = sess.execute(
        select(RatingValue.slug, RatingValue.id)
        .join(RatingScale)
        .where(RatingScale.slug == DEMO_SCALE)
    )
    ratings = {slug: value_id for slug, value_id in rows}
    if not ratings:
        raise OperationError(f"The demo needs the built-in rating scale {DEMO_SCALE!r}.")
    return ratings


def _verdict(
    sess: Session, actor: Any, claim: Claim, step: data.DemoVerdict, ratings: dict[str, int]
) -> None:
    verdict_data = VerdictData(
        rating_value_id=ratings[step.rating],
        credibility=step.credibility,
        rationale=step.rationale,
        evidence=[EvidenceData(url=e.url, note=e.note, title=e.title) for e in step.evidence],
    )
    if step.stage == "proposed" and claim.status in (ClaimStatus.NEW, ClaimStatus.REOPENED):
        submit_for_review(sess, actor=actor, claim=claim)
    verdict = record_verdict(
        sess, actor=actor, claim=claim, data=verdict_data, conclude=step.stage == "concluded"
    )
    if step.stage == "approved":
        conclude_verdict(sess, actor=actor, verdict=verdict)


def load_demo(sess: Session, actor: User | None = None, today: dt.date | None = None) -> DemoResult:
    """Create the demo desk in ``sess`` (flushed, not committed); do nothing if it exists.

    ``actor`` must be an editor or admin (or None, as the CLI without accounts); the audit
    log attributes every change to it. ``today`` is the document's retrieval date.
    """
    if demo_loaded(sess):
        return DemoResult(False, "The demo desk is loaded already; nothing was added.")
    counts: Counter[str] = Counter()
    audit_before = sess.scalar(select(func.count()).select_from(AuditEntry)) or 0
    sources = _sources(sess, actor, counts)
    document = create_document(
        sess,
        actor=actor,
        data=DocumentData(
            title=data.DOCUMENT.title,
            url=None,  # the sample gives no URL, and the demo does not invent one
            publisher_id=sources[data.DOCUMENT.publisher].id,
            author_id=sources[data.DOCUMENT.author].id,
            published_on=data.DOCUMENT.published_on,
            retrieved_on=today or dt.date.today(),
            description=data.DOCUMENT.description,
        ),
    )
    counts["documents"] += 1
    claims: dict[int, Claim] = {}
    for item in data.CLAIMS:
        claim = create_claim(sess, actor=actor, data=_claim_data(item, sources))
        add_appearance(
            sess, actor=actor, claim=claim, document=document, quote=item.quote, is_first=True
        )
        claims[item.n] = claim
        counts["claims"] += 1
        counts["appearances"] += 1
    for relation in data.RELATIONS:
        relate_claims(
            sess,
            actor=actor,
            claim=claims[relation.claim],
            related=claims[relation.related],
            kind=relation.kind,
            note=relation.note,
        )
        counts["relations"] += 1
    ratings = _rating_ids(sess)
    for step in data.WORKFLOW:
        if isinstance(step, data.DemoReopen):
            reopen_claim(sess, actor=actor, claim=claims[step.claim], reason=step.reason)
            counts["reopenings"] += 1
        else:
            _verdict(sess, actor, claims[step.claim], step, ratings)
            counts["verdicts"] += 1
    sess.flush()
    audit_after = sess.scalar(select(func.count()).select_from(AuditEntry)) or 0
    counts["audit entries"] = audit_after - audit_before
    return DemoResult(True, f"Loaded the demo desk from “{data.DOCUMENT.title}”.", counts)
