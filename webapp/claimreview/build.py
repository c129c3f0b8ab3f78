"""Build schema.org ClaimReview JSON-LD for concluded claims.

The rating is expressed on the claim's scale: ``alternateName`` is the verdict's
label; scored values are ranked by truth score so that ``worstRating`` is 1 (the
least true value) and ``bestRating`` is the number of scored values. A value without
a truth score (e.g. Unverifiable) carries only its label.
"""

from __future__ import annotations

from typing import Any

from webapp.claims.models import Claim
from webapp.documents.models import Appearance
from webapp.sources.models import Source, SourceKind
from webapp.verdicts.models import RatingValue
from webapp.verdicts.operations import current_verdict

PERSON_KINDS = {SourceKind.PERSON}


def rating_numbers(value: RatingValue) -> dict[str, int]:
    """``ratingValue``, ``bestRating`` and ``worstRating`` of ``value`` on its own scale."""
    if value.truth_score is None:
        return {}
    scored = sorted(
        (v for v in value.scale.values if v.truth_score is not None),
        key=lambda v: (v.truth_score, -v.position),
    )
    return {
        "ratingValue": scored.index(value) + 1,
        "bestRating": len(scored),
        "worstRating": 1,
    }


def _party(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    kind = "Person" if source.kind in PERSON_KINDS else "Organization"
    party: dict[str, Any] = {"@type": kind, "name": source.name}
    if source.homepage_url:
        party["url"] = source.homepage_url
    if source.wikidata_id:
        party["sameAs"] = f"https://www.wikidata.org/wiki/{source.wikidata_id}"
    return party


def _work(appearance: Appearance) -> dict[str, Any]:
    document = appearance.document
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": document.title}
    if document.url:
        work["url"] = document.url
    if document.published_on:
        work["datePublished"] = document.published_on.isoformat()
    publisher = _party(document.publisher)
    if publisher:
        work["publisher"] = publisher
    return work


def claim_review(
    claim: Claim, *, claim_url: str, desk_name: str, desk_url: str
) -> dict[str, Any] | None:
    """The ClaimReview of ``claim``, or None when it has no current (concluded) verdict."""
    verdict = current_verdict(claim)
    if verdict is None or claim.retracted_at is not None:
        return None
    item: dict[str, Any] = {"@type": "Claim"}
    author = _party(claim.claimant)
    if author:
        item["author"] = author
    if claim.claim_date:
        item["datePublished"] = claim.claim_date.isoformat()
    live = [a for a in claim.appearances if a.retracted_at is None]
    if live:
        item["appearance"] = [_work(a) for a in live]
        first = next((a for a in live if a.is_first), live[0])
        item["firstAppearance"] = _work(first)
    assert verdict.concluded_at is not None
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_url,
        "claimReviewed": claim.statement,
        "datePublished": verdict.concluded_at.date().isoformat(),
        "author": {"@type": "Organization", "name": desk_name, "url": desk_url},
        "reviewRating": {
            "@type": "Rating",
            "alternateName": verdict.rating.label,
            **rating_numbers(verdict.rating),
        },
        "itemReviewed": item,
    }
